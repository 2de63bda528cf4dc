import type { Actor } from './actor';
import { ROLE_LABELS } from './roles';

/**
 * Retention and erasure (issue 22, item 4). Party membership reveals a political opinion
 * (GDPR art. 9): when a member leaves, their personal data is erased or pseudonymised
 * everywhere, within what the party must keep (accounting records, published decisions, the
 * integrity of secret ballots). Each plugin that keeps personal data offers a public service
 * named `erasure` (declared in its `public.ts`) satisfying `ErasureProvider`:
 *
 * - `retention`: the rows of the retention table this plugin owns (what, how long, legal
 *   basis, what happens). The README's table is these rows (`retentionTable`, checked by
 *   `plugins/membership/tests/retention.test.ts`): code and documentation are one source.
 * - `erase(subject)`: erases or pseudonymises what the plugin holds about one member, in its
 *   own transaction, idempotently (a second call changes nothing and reports zeros), and
 *   reports counts only (no personal data: the report goes into the audit log).
 * - `purge(now)` (optional): applies the plugin's time limits (rows past their period).
 *
 * A plugin never erases another's tables. Membership orchestrates (`eraseEverywhere`) and
 * runs its own part last, since it holds the identity the others were given.
 */

/** One row of the retention table (English: it is the README's table). */
export interface RetentionRule {
  /** Stable id, `<plugin>.<what>` (e.g. `membership.profile`). */
  id: string;
  /** What data. */
  what: string;
  /** How long it is kept, in words (« 3 years after leaving (MEMBER_RETENTION_YEARS) »). */
  period: string;
  /** What happens at the end (or at erasure). */
  then: string;
  /** The legal basis or the rule's source. */
  basis: string;
}

/**
 * Whom to erase: the ids and the identity as it stood before erasure, so that a plugin can
 * find its free-text copies (an import file's cells, a bounce's address). Never stored.
 */
export interface ErasureSubject {
  memberId: number;
  memberDocumentId: string;
  userId: number | null;
  federationId: number | null;
  email: string | null;
  membershipNumber: string;
  firstName: string;
  lastName: string;
}

/** What a plugin did: counts by kind of record (`{ messages: 4, feeds: 1 }`), no personal data. */
export interface ErasureReport {
  source: string;
  counts: Record<string, number>;
}

/** What a plugin's `erasure` service offers. */
export interface ErasureProvider {
  retention: readonly RetentionRule[];
  /** Erases one member's data, in the plugin's own transaction; idempotent. @throws only on database failure */
  erase(subject: ErasureSubject): Promise<ErasureReport>;
  /** Applies the plugin's time limits at `now`; returns counts (dry run: counts without change). */
  purge?(now: Date, options?: { dryRun?: boolean }): Promise<ErasureReport>;
  /**
   * Why this member's data must be kept for now, or null: e.g. an open disciplinary procedure
   * (the commission's record and an appeal need the identity: GDPR art. 17(3)(e)). Erasure is
   * refused (409) while any plugin holds it. A string is a hold the member may be told of; an
   * `ErasureHold` with `disclosable: false` one they may not (see `ErasureHold`). Reads only.
   */
  holds?(subject: Pick<ErasureSubject, 'memberId'>): Promise<string | ErasureHold | null>;
  /**
   * Whether `actor` (staff acting on erasures) may read the reason of this plugin's hold on
   * the member, by the plugin's own rules (sanctions: only who may see the case). Absent: every
   * member of staff may. A reason they may not read reads `CONFIDENTIAL_HOLD`. Reads only.
   */
  mayReadHold?(actor: Actor, subject: Pick<ErasureSubject, 'memberId'>): Promise<boolean>;
}

/**
 * What staff read instead of a hold's reason they may not know (a disciplinary case they are
 * no party to): that the data must be kept, not why (`erasureHoldFor`).
 */
export const CONFIDENTIAL_HOLD = 'Conservation requise (motif confidentiel)';

/**
 * A reason to keep a member's data for now. `reason` (French) is for staff, who act on
 * erasures. `disclosable: false` when the member asking for their own erasure may not learn
 * it — e.g. a disciplinary case they have not been notified of (its investigation is
 * confidential until the notification): their request then gets the same neutral answer
 * whatever such hold it is (membership's `requestErasure`), and staff see the reason.
 */
export interface ErasureHold {
  reason: string;
  disclosable: boolean;
}

/** Every reason the installed plugins give to keep this member's data for now (empty: none). Reads only. */
export async function erasureHolds(strapi: PluginRegistry, subject: Pick<ErasureSubject, 'memberId'>): Promise<ErasureHold[]> {
  const found: ErasureHold[] = [];
  for (const { provider } of erasureProviders(strapi)) {
    const hold = provider.holds ? await provider.holds(subject) : null;
    if (typeof hold === 'string' && hold) found.push({ reason: hold, disclosable: true });
    else if (hold && typeof hold === 'object' && hold.reason) found.push({ reason: hold.reason, disclosable: hold.disclosable !== false });
  }
  return found;
}

/** The first reason an installed plugin gives to keep this member's data for now (for staff), or null. */
export async function erasureHold(strapi: PluginRegistry, subject: Pick<ErasureSubject, 'memberId'>): Promise<string | null> {
  return (await erasureHolds(strapi, subject))[0]?.reason ?? null;
}

/**
 * The first reason an installed plugin gives to keep this member's data for now, as `actor`
 * (staff) may read it: the plugin's reason, or `CONFIDENTIAL_HOLD` when the plugin says they
 * may not know it (`mayReadHold`); null when nothing holds the data. Reads only.
 */
export async function erasureHoldFor(strapi: PluginRegistry, subject: Pick<ErasureSubject, 'memberId'>, actor: Actor): Promise<string | null> {
  let confidential = false;
  for (const { provider } of erasureProviders(strapi)) {
    const hold = provider.holds ? await provider.holds(subject) : null;
    const reason = typeof hold === 'string' ? hold : hold?.reason;
    if (!reason) continue;
    if (!provider.mayReadHold || (await provider.mayReadHold(actor, subject))) return reason;
    confidential = true;
  }
  return confidential ? CONFIDENTIAL_HOLD : null;
}

/** The name every contributing plugin gives its service. */
export const ERASURE_SERVICE = 'erasure';

interface PluginRegistry {
  plugins: Record<string, unknown>;
  plugin(name: string): { service(name: string): unknown } | undefined;
}

/**
 * The `erasure` services of every installed plugin, by plugin id, in id order with `last`
 * ids at the end (in that order). A plugin a deployment does not install has none.
 */
export function erasureProviders(strapi: PluginRegistry, last: readonly string[] = []): { id: string; provider: ErasureProvider }[] {
  const rank = (id: string) => (last.includes(id) ? 1 + last.indexOf(id) : 0);
  const ids = Object.keys(strapi.plugins).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const found: { id: string; provider: ErasureProvider }[] = [];
  for (const id of ids) {
    let provider: ErasureProvider | undefined;
    try {
      provider = strapi.plugin(id)?.service(ERASURE_SERVICE) as ErasureProvider | undefined;
    } catch {
      provider = undefined; // Strapi's own plugins: no such service
    }
    if (provider && typeof provider.erase === 'function') found.push({ id, provider });
  }
  return found;
}

/** The retention table of the installed plugins, membership's rows first. */
export function retentionTable(strapi: PluginRegistry): RetentionRule[] {
  const providers = erasureProviders(strapi);
  const first = providers.filter((p) => p.id === 'membership');
  return [...first, ...providers.filter((p) => p.id !== 'membership')].flatMap((p) => [...p.provider.retention]);
}

/**
 * What a free-text reason about an erased member reads once their data is erased, where the
 * record it explains is kept (the end of a seat or of a mandate, a waiver): the text may say
 * why they left a function (a sanction's case, their health…) and, beside the kept role and
 * dates, would still tell it about them. Only that a reason was given stays.
 */
export const ERASED_REASON = 'Motif retiré à l’effacement des données';

/** How a row names a member who acted (staff, an officer) once they are erased. */
export const FORMER_MEMBER_NAME = 'Ancien adhérent';

/**
 * The neutral label that replaces an erased member's name where they acted: « Ancien
 * adhérent », keeping the role the label ends with in parentheses (« Sophie Bonnet
 * <equipe@…> (Équipe fédérale) » → « Ancien adhérent (Équipe fédérale) »), or the role an
 * account without a member profile is named by (« Administration nationale <admin@…> » →
 * « Ancien adhérent (Administration nationale) », membership's `actors`).
 */
export function formerMemberLabel(label: string | null | undefined): string {
  const text = label ?? '';
  // Before an address, only a role's own name is kept: a plain member's label is « Prénom Nom
  // <adresse> », and their name must go with the rest.
  const beforeAddress = /^([^<>()]+?)\s*<[^<>]*>\s*$/.exec(text)?.[1]?.trim();
  const accountRole = Object.values(ROLE_LABELS).some((r) => r.name === beforeAddress) ? beforeAddress : undefined;
  const role = /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim() ?? accountRole;
  return role ? `${FORMER_MEMBER_NAME} (${role})` : FORMER_MEMBER_NAME;
}

/**
 * Is this actor's label one of the member being erased: written with their profile id beside
 * it (`memberId`), or naming their address as actors' labels do (« Prénom Nom <adresse>
 * (Rôle) », also an admin-panel account's, which has no profile id, and rows written before
 * the id was stored)?
 */
export function actedAs(subject: Pick<ErasureSubject, 'memberId' | 'email'>, label: unknown, memberId?: unknown): boolean {
  if (memberId != null && Number(memberId) === subject.memberId) return true;
  if (typeof label !== 'string' || !subject.email) return false;
  return label.toLowerCase().includes(`<${subject.email.toLowerCase()}>`);
}
