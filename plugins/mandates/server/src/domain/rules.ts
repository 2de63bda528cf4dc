import { addDays } from '@intranet-militant/shared';
/**
 * The rules on holding several mandates, as pure functions over (holdings, rule set, date):
 * no database, no clock. Holdings are a member's mandates and party functions (seats in the
 * party's bodies), each over a half-open Paris date range `[startOn, endOn)`: a mandate that
 * ends on the day another starts never overlaps it.
 *
 * Three kinds of rule, each with a French label and its source (law article or party rule):
 * - `at-most`: no more than `max` at once among some categories (code électoral L. 46-1);
 *   a function counts as the mandate it comes with (`mandateOf`: a mayor is a municipal
 *   councillor), so mayor and councillor of the same commune are one mandate;
 * - `incompatible`: something matching `left` and something matching `right` held at once
 *   (LO. 141-1: deputy or senator vs local executive functions; party rules);
 * - `consecutive-terms`: at most `max` consecutive terms in the same category and territory,
 *   a chain continuing when the next term starts within `toleranceDays` of the previous end;
 * - `employs`: a cross-member rule — an elected official employing a collaborator (a post
 *   matching `post` whose `employerId` is the official) who at once holds something matching
 *   `employeeHolds` (a party function). Found among the collaborator's holdings, the breach
 *   is the employer's (`memberId`), their waivers cover it, and `employee` names the
 *   collaborator: it shows on both people's situation.
 * Each violation carries the rule, the mandates involved, the date it began, the deadline
 * (`since` + `graceDays`), the mandate that ends by law when nothing is done in time
 * (`resolution: 'oldest-ends'`), and the waiver covering it on that date, if any.
 */

/** A mandate or a party function held over `[startOn, endOn)` (`endOn` null: open). */
export interface Holding {
  /** A mandate's documentId, or `seat:<documentId>` for a party function. */
  id: string;
  memberId: number;
  kind: 'mandate' | 'function';
  /** The category code (mandates); `party` for functions. */
  category: string;
  /** The territory's official code (mandates); the body's documentId (functions). */
  territory: string;
  startOn: string;
  /** First day no longer held: the actual end, else the theoretical end, else null. */
  endOn: string | null;
  /** For a party function: where and what (bodies' seat). */
  function?: { level: string; bodyKind: string; role: string; label?: string };
  /** For a collaborator's post: the member id of the elected official employing them, when a member. */
  employerId?: number | null;
}

/** What the rules need to know of a category. */
export interface CategoryFacts {
  code: string;
  executive: boolean;
  collaborator: boolean;
  mandateOf: string | null;
}
export type Catalogue = ReadonlyMap<string, CategoryFacts>;

/** Which party functions a selector matches (every given field must match). */
export interface FunctionMatcher {
  level?: string;
  bodyKind?: string;
  roles?: string[];
}

/** What a side of an incompatibility matches: any of the listed clauses. */
export interface Selector {
  /** Category codes (a function counts as its own code only). */
  categories?: string[];
  /** Every executive category (maire, adjoint, présidences…). */
  executive?: boolean;
  /** Every collaborator post. */
  collaborator?: boolean;
  /** Party functions (seats). */
  partyFunctions?: FunctionMatcher[];
}

interface RuleBase {
  /** Stable id, e.g. `L46-1`: waivers name it. */
  id: string;
  /** French label members read. */
  label: string;
  /** Where the rule comes from (article of law, party statute). */
  source: string;
  /** Days to resolve a breach from the day it began. */
  graceDays: number;
  /** What the law does when nothing is done in time: the oldest mandate ends. */
  resolution?: 'oldest-ends' | null;
}
export interface AtMostRule extends RuleBase {
  type: 'at-most';
  /** Category codes counted (functions count through `mandateOf`). */
  categories: string[];
  max: number;
}
export interface IncompatibleRule extends RuleBase {
  type: 'incompatible';
  left: Selector;
  right: Selector;
}
export interface ConsecutiveRule extends RuleBase {
  type: 'consecutive-terms';
  /** Category codes; empty: every elected category (not collaborators). */
  categories: string[];
  max: number;
  toleranceDays: number;
}
/**
 * An elected official employing a collaborator who at once holds something matching
 * `employeeHolds` (party rule). The breach is the employer's, since the later start of the
 * post and of what the collaborator holds.
 */
export interface EmploysRule extends RuleBase {
  type: 'employs';
  /** The employee's post (e.g. `{ collaborator: true }`). */
  post: Selector;
  /** What the employee may not hold during the post (e.g. party functions). */
  employeeHolds: Selector;
}
export type Rule = AtMostRule | IncompatibleRule | ConsecutiveRule | EmploysRule;

export interface RuleSet {
  version: number;
  /** First Paris day the version applies. */
  effectiveFrom: string;
  rules: Rule[];
}

/** A waiver granted by a national admin: the rule, the member, `[grantedOn, expiresOn)`. */
export interface Waiver {
  id: string;
  ruleId: string;
  memberId: number;
  grantedOn: string;
  expiresOn: string;
  reason: string;
}

export interface Violation {
  ruleId: string;
  ruleVersion: number;
  type: Rule['type'];
  label: string;
  source: string;
  /** The member in breach (for an `employs` rule: the employer). */
  memberId: number;
  /** For an `employs` rule: the collaborator whose post and functions make the breach. */
  employee?: number;
  /** Holdings involved, oldest first. */
  mandates: string[];
  /** First day of the breach. */
  since: string;
  /** Last day to resolve it (excluded), `since + graceDays`. */
  deadline: string;
  /** The deadline has passed on the date evaluated. */
  overdue: boolean;
  /** The holding that ends by law if nothing is done by the deadline (the oldest), or null. */
  toEnd: string | null;
  /** The waiver covering it on that date, or null. */
  waiver: { id: string; expiresOn: string; reason: string } | null;
}


/** Held on `on`: `startOn <= on < endOn`. */
export const isActive = (h: Pick<Holding, 'startOn' | 'endOn'>, on: string) => h.startOn <= on && (h.endOn === null || on < h.endOn);

const byStart = (a: Holding, b: Holding) => (a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Does a holding match a selector? */
export function matches(h: Holding, selector: Selector, catalogue: Catalogue): boolean {
  if (h.kind === 'function') {
    const f = h.function;
    return Boolean(
      f && selector.partyFunctions?.some((m) => (!m.level || m.level === f.level) && (!m.bodyKind || m.bodyKind === f.bodyKind) && (!m.roles || m.roles.includes(f.role)))
    );
  }
  if (selector.categories?.includes(h.category)) return true;
  const facts = catalogue.get(h.category);
  if (!facts) return false;
  return (selector.executive === true && facts.executive) || (selector.collaborator === true && facts.collaborator);
}

function violation(rule: Rule, ruleSet: RuleSet, memberId: number, involved: Holding[], since: string, on: string, toEnd: string | null, waiversOf: (memberId: number) => Waiver[]): Violation {
  const deadline = addDays(since, rule.graceDays);
  const waiver = waiversOf(memberId).find((w) => w.ruleId === rule.id && w.memberId === memberId && w.grantedOn <= on && on < w.expiresOn) ?? null;
  return {
    ruleId: rule.id,
    ruleVersion: ruleSet.version,
    type: rule.type,
    label: rule.label,
    source: rule.source,
    memberId,
    mandates: involved.map((h) => h.id),
    since,
    deadline,
    overdue: on >= deadline,
    toEnd: rule.resolution === 'oldest-ends' ? toEnd : null,
    waiver: waiver && { id: waiver.id, expiresOn: waiver.expiresOn, reason: waiver.reason },
  };
}

/** L. 46-1: distinct mandates (a function counts as its mandate, per territory) held at once beyond `max`. */
function atMost(rule: AtMostRule, active: Holding[], ctx: Ctx): Violation[] {
  const groups = new Map<string, Holding[]>();
  for (const h of active) {
    if (h.kind !== 'mandate') continue;
    const base = rule.categories.includes(h.category) ? h.category : ctx.catalogue.get(h.category)?.mandateOf;
    if (!base || !rule.categories.includes(base)) continue;
    const key = `${base}\u0000${h.territory}`;
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  }
  if (groups.size <= rule.max) return [];
  // Each mandate dates from its earliest row; the breach began when the (max+1)-th was taken.
  const reps = [...groups.values()].map((g) => g.sort(byStart)).sort((a, b) => byStart(a[0], b[0]));
  const involved = reps.flat().sort(byStart);
  return [violation(rule, ctx.ruleSet, ctx.memberId, involved, reps[rule.max][0].startOn, ctx.on, reps[0][0].id, ctx.waiversOf)];
}

/** Incompatible pairs held at once: one violation per pair, since the later start. */
function incompatible(rule: IncompatibleRule, active: Holding[], ctx: Ctx): Violation[] {
  const left = active.filter((h) => matches(h, rule.left, ctx.catalogue));
  if (left.length === 0) return [];
  const right = active.filter((h) => matches(h, rule.right, ctx.catalogue));
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const a of left) {
    for (const b of right) {
      if (a.id === b.id) continue;
      const pair = [a, b].sort(byStart);
      const key = `${pair[0].id}\u0000${pair[1].id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(violation(rule, ctx.ruleSet, ctx.memberId, pair, pair[1].startOn, ctx.on, pair[0].id, ctx.waiversOf));
    }
  }
  return out;
}

/** The later of two reaches, null (open) winning. */
const laterOrOpen = (a: string | null, b: string | null): string | null => (a === null || b === null ? null : a > b ? a : b);

/**
 * Chains of terms in the same category and territory (each next start no later than
 * `toleranceDays` after the previous end), oldest first. A term with no end continues any chain.
 */
export function chainsOf(terms: Holding[], toleranceDays: number): Holding[][] {
  const chains: Holding[][] = [];
  let current: Holding[] = [];
  let reach: string | null = null; // the latest start the chain allows (null: open-ended)
  for (const term of [...terms].sort(byStart)) {
    if (current.length > 0 && (reach === null || term.startOn <= reach)) current.push(term);
    else {
      if (current.length) chains.push(current);
      current = [term];
    }
    const termReach: string | null = term.endOn === null ? null : addDays(term.endOn, toleranceDays);
    reach = current.length === 1 ? termReach : laterOrOpen(reach, termReach);
  }
  if (current.length) chains.push(current);
  return chains;
}

/** More than `max` consecutive terms, one of those beyond `max` held on the date. */
function consecutive(rule: ConsecutiveRule, holdings: Holding[], ctx: Ctx): Violation[] {
  const groups = new Map<string, Holding[]>();
  for (const h of holdings) {
    if (h.kind !== 'mandate') continue;
    if (rule.categories.length ? !rule.categories.includes(h.category) : ctx.catalogue.get(h.category)?.collaborator !== false) continue;
    const key = `${h.category}\u0000${h.territory}`;
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  }
  const out: Violation[] = [];
  for (const terms of groups.values()) {
    if (terms.length <= rule.max) continue;
    for (const chain of chainsOf(terms, rule.toleranceDays)) {
      if (chain.length <= rule.max || !chain.slice(rule.max).some((t) => isActive(t, ctx.on))) continue;
      out.push(violation(rule, ctx.ruleSet, ctx.memberId, chain, chain[rule.max].startOn, ctx.on, null, ctx.waiversOf));
    }
  }
  return out;
}

/**
 * `employs`: each post held with an employer (`employerId`, not oneself) matched against
 * what the same collaborator holds at once; one violation per pair, the employer's, since
 * the later start. A seat that ends the day the post starts is not held at once.
 */
function employs(rule: EmploysRule, active: Holding[], ctx: Ctx): Violation[] {
  const out: Violation[] = [];
  for (const post of active) {
    if (post.kind !== 'mandate' || post.employerId == null || post.employerId === ctx.memberId || !matches(post, rule.post, ctx.catalogue)) continue;
    for (const held of active) {
      if (held.id === post.id || !matches(held, rule.employeeHolds, ctx.catalogue)) continue;
      const pair = [post, held].sort(byStart);
      const v = violation(rule, ctx.ruleSet, post.employerId, pair, pair[1].startOn, ctx.on, null, ctx.waiversOf);
      v.employee = ctx.memberId;
      out.push(v);
    }
  }
  return out;
}

interface Ctx {
  catalogue: Catalogue;
  ruleSet: RuleSet;
  memberId: number;
  on: string;
  /** Waivers of a member (the one evaluated, or the employer of an `employs` breach). */
  waiversOf: (memberId: number) => Waiver[];
}

/**
 * Evaluates one member's own holdings (already grouped). Cheap rejections first: an
 * `at-most` rule needs more than `max` held at once, an incompatibility two, a chain of
 * terms more than `max` terms in all.
 */
function evaluateOwn(memberId: number, own: Holding[], ruleSet: RuleSet, catalogue: Catalogue, on: string, waiversOf: (memberId: number) => Waiver[]): Violation[] {
  const active: Holding[] = [];
  for (const h of own) if (isActive(h, on)) active.push(h);
  const out: Violation[] = [];
  let ctx: Ctx | null = null;
  const context = () => (ctx ??= { catalogue, ruleSet, memberId, on, waiversOf });
  for (const rule of ruleSet.rules) {
    if (rule.type === 'at-most') {
      if (active.length > rule.max) out.push(...atMost(rule, active, context()));
    } else if (rule.type === 'incompatible') {
      if (active.length > 1) out.push(...incompatible(rule, active, context()));
    } else if (rule.type === 'employs') {
      if (active.length > 1) out.push(...employs(rule, active, context()));
    } else if (own.length > rule.max) out.push(...consecutive(rule, own, context()));
  }
  return out;
}

const waiversLookup = (waivers: Waiver[]) => (id: number) => waivers.filter((w) => w.memberId === id);

/**
 * The violations of one member's holdings (all theirs, every date) on the Paris date `on`
 * under `ruleSet`, with the waivers covering them. Pure; holdings of other members are
 * ignored. Includes the `employs` breaches their own posts make (the employer's: pass the
 * employer's waivers too); those of the officials' own collaborators are `evaluateEmployer`'s.
 */
export function evaluateMember(memberId: number, holdings: Holding[], ruleSet: RuleSet, catalogue: Catalogue, on: string, waivers: Waiver[] = []): Violation[] {
  return evaluateOwn(memberId, holdings.filter((h) => h.memberId === memberId), ruleSet, catalogue, on, waiversLookup(waivers));
}

/**
 * The `employs` breaches of an employer on `on`: `employees` are the holdings of the
 * collaborators whose posts name `employerId` (their posts and party functions), `waivers`
 * the employer's. Pure.
 */
export function evaluateEmployer(employerId: number, employees: Holding[], ruleSet: RuleSet, catalogue: Catalogue, on: string, waivers: Waiver[] = []): Violation[] {
  const rules = { ...ruleSet, rules: ruleSet.rules.filter((r) => r.type === 'employs') };
  if (rules.rules.length === 0) return [];
  const byMember = new Map<number, Holding[]>();
  for (const h of employees) byMember.set(h.memberId, [...(byMember.get(h.memberId) ?? []), h]);
  const out: Violation[] = [];
  for (const [memberId, list] of byMember) {
    if (memberId === employerId) continue;
    for (const v of evaluateOwn(memberId, list, rules, catalogue, on, waiversLookup(waivers))) if (v.memberId === employerId) out.push(v);
  }
  return out;
}

/**
 * Every member's violations on `on`: holdings grouped by member in one pass, then each
 * member's evaluated (the national view). Linear in the number of holdings. An `employs`
 * breach is found among the collaborator's holdings and attributed to the employer.
 */
export function evaluateAll(holdings: Holding[], ruleSet: RuleSet, catalogue: Catalogue, on: string, waivers: Waiver[] = []): Violation[] {
  const byMember = new Map<number, Holding[]>();
  for (const h of holdings) {
    const list = byMember.get(h.memberId);
    if (list) list.push(h);
    else byMember.set(h.memberId, [h]);
  }
  const waiversBy = new Map<number, Waiver[]>();
  for (const w of waivers) {
    const list = waiversBy.get(w.memberId);
    if (list) list.push(w);
    else waiversBy.set(w.memberId, [w]);
  }
  const none: Waiver[] = [];
  const waiversOf = (id: number) => waiversBy.get(id) ?? none;
  const out: Violation[] = [];
  for (const [memberId, list] of byMember) {
    if (list.length < 2) continue; // one holding breaks no rule of these kinds
    const found = evaluateOwn(memberId, list, ruleSet, catalogue, on, waiversOf);
    for (const v of found) out.push(v);
  }
  return out;
}

/**
 * « Would recording this break a rule? »: the violations on the proposal's first day that
 * involve it (those already there without it are not its doing).
 */
export function previewHolding(existing: Holding[], proposed: Holding, ruleSet: RuleSet, catalogue: Catalogue, waivers: Waiver[] = []): Violation[] {
  return evaluateMember(proposed.memberId, [...existing, proposed], ruleSet, catalogue, proposed.startOn, waivers).filter((v) => v.mandates.includes(proposed.id));
}
