import type { Actor } from './actor';
import { ROLES, type Role } from './roles';

/**
 * The one audience rule of the intranet: who is addressed by content, a consultation, a
 * course or a search document. One pure predicate (`addresses`) and the same rule rendered
 * as a query (`audienceFilter` for Strapi's query engine, `audienceSql` for raw SQL,
 * `audienceMeiliFilter` for Meilisearch). All four are built from one list of clauses
 * (`audienceClauses`), and `tests/audience-agreement.test.ts` checks predicate and queries
 * agree on the same fixtures on SQLite and PostgreSQL.
 */

/** Who something is addressed to: every member, one federation, one section. */
export type Audience = 'national' | 'federation' | 'section';

export interface AudienceTarget {
  audience: Audience;
  federationId: number | null;
  sectionId: number | null;
  /** When non-empty, only these roles are addressed (the owner always is). */
  roles?: readonly Role[] | null;
  /** The account that owns it (a contribution's author): always addressed. */
  ownerUserId?: number | null;
}

/** Who is asking: an actor, or any record with the same place in the party. */
export type Viewer = Pick<Actor, 'userId' | 'role' | 'federationId' | 'sectionId'>;

/**
 * - `member` (default): is the viewer one of the members addressed? (may they take part,
 *   enrol, vote). A national admin is addressed by national content and their own places.
 * - `reader`: may the viewer read it? Adds officers' reach: federation staff read their
 *   federation's sections' content, national admins read everything.
 */
export type AudienceReach = 'member' | 'reader';

/** One alternative of the rule; the viewer is addressed when a clause holds. */
export type AudienceClause =
  | { kind: 'everything' }
  | { kind: 'national' }
  | { kind: 'federation'; federationId: number }
  | { kind: 'section'; sectionId: number }
  | { kind: 'federation-sections'; federationId: number };

export interface AudienceRule {
  /** The owner is addressed whatever the rest. */
  ownerUserId: number;
  /** Targets that list roles address only these (checked with the clauses). */
  role: Role;
  anyOf: AudienceClause[];
}

/** The rule for one viewer: which targets address them. */
export function audienceClauses(viewer: Viewer, reach: AudienceReach = 'member'): AudienceRule {
  const anyOf: AudienceClause[] = [];
  if (reach === 'reader' && viewer.role === ROLES.nationalAdmin) anyOf.push({ kind: 'everything' });
  else {
    anyOf.push({ kind: 'national' });
    if (viewer.federationId != null) anyOf.push({ kind: 'federation', federationId: viewer.federationId });
    if (viewer.sectionId != null) anyOf.push({ kind: 'section', sectionId: viewer.sectionId });
    if (reach === 'reader' && viewer.role === ROLES.federationStaff && viewer.federationId != null) {
      anyOf.push({ kind: 'federation-sections', federationId: viewer.federationId });
    }
  }
  return { ownerUserId: viewer.userId, role: viewer.role, anyOf };
}

/**
 * A key naming the clauses of a rule (not its owner or role): every viewer with the same key is
 * addressed by the same targets that list no roles and no owner — documents, news, bodies,
 * courses. An answer computed for one of them may be kept for all (the request caches, issue 13):
 * « national|federation:3|section:12 », « everything ». Pure.
 */
export function audienceKey(rule: AudienceRule): string {
  return rule.anyOf
    .map((clause) => (clause.kind === 'everything' || clause.kind === 'national' ? clause.kind : `${clause.kind}:${clause.kind === 'section' ? clause.sectionId : clause.federationId}`))
    .join('|');
}

function clauseHolds(clause: AudienceClause, target: AudienceTarget): boolean {
  switch (clause.kind) {
    case 'everything':
      return true;
    case 'national':
      return target.audience === 'national';
    case 'federation':
      return target.audience === 'federation' && target.federationId === clause.federationId;
    case 'section':
      return target.audience === 'section' && target.sectionId === clause.sectionId;
    case 'federation-sections':
      return target.audience === 'section' && target.federationId === clause.federationId;
  }
}

/** Does the rule address the target? (The predicate the queries below must agree with.) */
export function matchesAudience(rule: AudienceRule, target: AudienceTarget): boolean {
  if (target.ownerUserId != null && target.ownerUserId === rule.ownerUserId) return true;
  if (target.roles && target.roles.length > 0 && !target.roles.includes(rule.role)) return false;
  return rule.anyOf.some((clause) => clauseHolds(clause, target));
}

/** Is the viewer addressed by the target (`member`), or may they read it (`reader`)? Pure. */
export function addresses(viewer: Viewer, target: AudienceTarget, reach: AudienceReach = 'member'): boolean {
  return matchesAudience(audienceClauses(viewer, reach), target);
}

/** The target of an entry with populated `federation` and `section` relations. */
export function audienceOf(entry: {
  audience: Audience;
  federation?: { id: number } | null;
  section?: { id: number } | null;
}): AudienceTarget {
  return { audience: entry.audience, federationId: entry.federation?.id ?? null, sectionId: entry.section?.id ?? null };
}

/** Where a content type keeps its target, for `audienceFilter` (relations by name). */
export interface AudienceFields {
  audience: string;
  /** Relation to the federation (filtered on `.id`). */
  federation: string;
  /** Relation to the section (filtered on `.id`). */
  section: string;
}

const DEFAULT_FIELDS: AudienceFields = { audience: 'audience', federation: 'federation', section: 'section' };

/**
 * The rule as a Strapi query-engine / Document Service filter (`where` / `filters`), so
 * lists, counts and pages are right. Roles and owners are not part of content types that
 * use this (documents, news, consultations, courses); search documents use `audienceSql`.
 */
export function audienceFilter(rule: AudienceRule, fields: AudienceFields = DEFAULT_FIELDS): Record<string, unknown> {
  if (rule.anyOf.some((c) => c.kind === 'everything')) return {};
  const either = rule.anyOf.map((clause): Record<string, unknown> => {
    switch (clause.kind) {
      case 'national':
        return { [fields.audience]: 'national' };
      case 'federation':
        return { [fields.audience]: 'federation', [fields.federation]: { id: clause.federationId } };
      case 'section':
        return { [fields.audience]: 'section', [fields.section]: { id: clause.sectionId } };
      case 'federation-sections':
        return { [fields.audience]: 'section', [fields.federation]: { id: clause.federationId } };
      default:
        return {};
    }
  });
  return { $or: either };
}

/** Columns of a table that stores targets flat (roles as `,role,role,` or empty). */
export interface AudienceColumns {
  audience: string;
  federationId: string;
  sectionId: string;
  roles?: string;
  ownerUserId?: string;
}

/** The rule as a parameterised SQL condition (`?` bindings, for knex `whereRaw`). */
export function audienceSql(rule: AudienceRule, columns: AudienceColumns): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const audiences = rule.anyOf.map((clause) => {
    switch (clause.kind) {
      case 'everything':
        return '1 = 1';
      case 'national':
        return `${columns.audience} = 'national'`;
      case 'federation':
        bindings.push(clause.federationId);
        return `(${columns.audience} = 'federation' AND ${columns.federationId} = ?)`;
      case 'section':
        bindings.push(clause.sectionId);
        return `(${columns.audience} = 'section' AND ${columns.sectionId} = ?)`;
      case 'federation-sections':
        bindings.push(clause.federationId);
        return `(${columns.audience} = 'section' AND ${columns.federationId} = ?)`;
    }
  });
  let sql = `(${audiences.join(' OR ')})`;
  if (columns.roles) {
    sql = `((${columns.roles} = '' OR ${columns.roles} LIKE ?) AND ${sql})`;
    bindings.unshift(`%,${rule.role},%`);
  }
  if (columns.ownerUserId) {
    sql = `(${columns.ownerUserId} = ? OR ${sql})`;
    bindings.unshift(rule.ownerUserId);
  }
  return { sql, bindings };
}

/** Attributes of a Meilisearch index that stores targets (roles as an array). */
export interface AudienceAttributes {
  audience: string;
  federationId: string;
  sectionId: string;
  roles: string;
  ownerUserId: string;
}

/** The rule as a Meilisearch filter expression (numbers and role slugs only, quoted anyway). */
export function audienceMeiliFilter(rule: AudienceRule, attrs: AudienceAttributes): string {
  const owner = `${attrs.ownerUserId} = ${integer(rule.ownerUserId)}`;
  const role = `(${attrs.roles} IS EMPTY OR ${attrs.roles} = ${quote(rule.role)})`;
  const audiences = rule.anyOf.map((clause) => {
    switch (clause.kind) {
      case 'everything':
        return null;
      case 'national':
        return `${attrs.audience} = 'national'`;
      case 'federation':
        return `(${attrs.audience} = 'federation' AND ${attrs.federationId} = ${integer(clause.federationId)})`;
      case 'section':
        return `(${attrs.audience} = 'section' AND ${attrs.sectionId} = ${integer(clause.sectionId)})`;
      case 'federation-sections':
        return `(${attrs.audience} = 'section' AND ${attrs.federationId} = ${integer(clause.federationId)})`;
    }
  });
  if (audiences.includes(null)) return `${owner} OR ${role}`;
  return `${owner} OR (${role} AND (${audiences.join(' OR ')}))`;
}

/** A filter string literal: backslash and quote escaped, as Meilisearch's filter parser reads them. */
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`Not an id: ${value}`);
  return value;
}
