import type { Core, UID } from '@strapi/strapi';
import { ConflictError, ForbiddenError, type Actor } from '@intranet-militant/shared';
import {
  assertOutranks,
  EXCLUDED_DUE_REFUSED,
  OWN_DUE_REFUSED,
  SELF_CHANGE_REFUSED,
  SELF_EDITABLE_FIELDS,
} from '../commands/member-rules';
import type { AdminUser } from '../services/admin-scope';
import { DUE_UID, MEMBER_UID } from '../uids';

/**
 * The API's rules, applied to the admin panel's writes by federation staff (issue 23, « one
 * set of rules for every door »). The Content Manager writes entries directly; the guard
 * (admin-panel-guard.ts) calls these checks around every such write, so that the same change
 * is allowed or refused whichever door it comes through:
 * - fields staff may not write are dropped by the Content Manager (their role's field
 *   permissions, from `writableFields`); those the API changes only through a command (a
 *   member's status) are refused with the way to the command (`COMMAND_FIELDS`);
 * - a clone's source must be one staff may read; every entry a relation change connects,
 *   disconnects or sets must be in their scope, and so must the current parent of a child
 *   it moves (a course's module taken from another course);
 * - members: never someone of one's rank or above (`assertOutranks`), never one's own
 *   standing (only `SELF_EDITABLE_FIELDS`);
 * - dues: never one's own, never an excluded member's (as `recordDue`); a cancellation date
 *   is never in the future (integrity.ts, for every door).
 */

type Attribute = { type: string; target?: string; relation?: string; mappedBy?: string; inversedBy?: string; default?: unknown };
/** What the rules use of membership's admin-scope service. */
type Scope = {
  scopedType(uid: string): { path?: string } | undefined;
  assertWithinScope(admin: AdminUser, uid: string, documentId: string): Promise<void>;
  actorFor(admin: AdminUser): Promise<Actor>;
};

export const attributesOf = (strapi: Core.Strapi, uid: string) =>
  (strapi.contentTypes[uid as UID.ContentType]?.attributes ?? {}) as unknown as Record<string, Attribute>;

/** A relation field's value in a write: connect / disconnect / set, a list, or one id. */
export interface RelationChange {
  field: string;
  target: string;
  /** Entries it attaches (connect, set, plain ids). */
  attach: (string | number)[];
  /** Entries it detaches. */
  detach: (string | number)[];
}

const itemsOf = (value: unknown): (string | number)[] => {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  return list.flatMap((item) => {
    if (typeof item === 'number' || typeof item === 'string') return [item];
    if (item && typeof item === 'object') {
      const { documentId, id } = item as { documentId?: unknown; id?: unknown };
      if (typeof documentId === 'string') return [documentId];
      if (typeof id === 'number' || typeof id === 'string') return [id];
    }
    return [];
  });
};

/** The relation changes a write's data carries, whatever the shape the Content Manager used. */
export function relationChangesOf(strapi: Core.Strapi, uid: string, data: Record<string, unknown>): RelationChange[] {
  const changes: RelationChange[] = [];
  for (const [field, attribute] of Object.entries(attributesOf(strapi, uid))) {
    if (attribute.type !== 'relation' || !attribute.target || !(field in data)) continue;
    const value = data[field];
    const ops = value && typeof value === 'object' && !Array.isArray(value) && ('connect' in value || 'disconnect' in value || 'set' in value)
      ? (value as { connect?: unknown; disconnect?: unknown; set?: unknown })
      : null;
    const attach = ops ? [...itemsOf(ops.connect), ...itemsOf(ops.set)] : itemsOf(value);
    const detach = ops ? itemsOf(ops.disconnect) : [];
    if (attach.length || detach.length) changes.push({ field, target: attribute.target, attach, detach });
  }
  return changes;
}

/** The document ids of entries named by id or document id (unknown ones are left out). */
async function documentIdsOf(strapi: Core.Strapi, uid: string, items: (string | number)[]): Promise<string[]> {
  const ids = items.filter((i) => typeof i === 'number' || /^\d+$/.test(String(i))).map(Number);
  const documentIds = items.filter((i): i is string => typeof i === 'string' && !/^\d+$/.test(i));
  const query = strapi.db.query(uid as UID.ContentType);
  const byId = ids.length ? await query.findMany({ where: { id: { $in: ids } }, select: ['documentId'] }) : [];
  const known = documentIds.length ? await query.findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId'] }) : [];
  return [...new Set([...byId, ...known].map((row: { documentId: string }) => row.documentId))];
}

/** A child moved by a relation change: it leaves `from` (its current parent) for the written entry. */
export interface Move {
  type: string;
  documentId: string;
  field: string;
  from: { type: string; documentId: string };
}

/**
 * Refuses a relation change that touches an entry outside the staff member's scope, on
 * either side: every attached or detached entry of a scoped type, and the current parent
 * of a child a one-to-many (or one-to-one) field takes over. Shared reference data (a type
 * staff read without a federation, e.g. categories) may be attached.
 * Returns the moves, for the audit log.
 * @throws ForbiddenError (403).
 */
export async function assertRelationsInScope(
  strapi: Core.Strapi,
  scope: Scope,
  admin: AdminUser,
  uid: string,
  documentId: string | undefined,
  data: Record<string, unknown>
): Promise<Move[]> {
  const moves: Move[] = [];
  const attributes = attributesOf(strapi, uid);
  for (const change of relationChangesOf(strapi, uid, data)) {
    const targetType = scope.scopedType(change.target);
    const attached = await documentIdsOf(strapi, change.target, change.attach);
    const detached = await documentIdsOf(strapi, change.target, change.detach);
    // Reference data (a scoped type without path) is attached and detached freely.
    if (targetType?.path) {
      for (const target of [...attached, ...detached]) await scope.assertWithinScope(admin, change.target, target);
    }
    const attribute = attributes[change.field];
    const inverse = attribute.mappedBy ?? attribute.inversedBy;
    if (!inverse || !['oneToMany', 'oneToOne'].includes(attribute.relation ?? '')) continue;
    // The target belongs to one parent at most: taking it over changes that parent too.
    for (const target of attached) {
      const rows = await strapi.db.query(change.target as UID.ContentType).findMany({
        where: { documentId: target },
        populate: { [inverse]: { select: ['documentId'] } },
      });
      const parents = new Set(rows.map((row: Record<string, { documentId?: string } | null>) => row[inverse]?.documentId).filter(Boolean) as string[]);
      for (const parent of parents) {
        if (parent === documentId) continue;
        await scope.assertWithinScope(admin, uid, parent);
        moves.push({ type: change.target, documentId: target, field: change.field, from: { type: uid, documentId: parent } });
      }
    }
  }
  return moves;
}

const normalized = (value: unknown) => (value === '' || value === undefined ? null : value instanceof Date ? value.toISOString() : value);
const differs = (a: unknown, b: unknown) => JSON.stringify(normalized(a)) !== JSON.stringify(normalized(b));

/**
 * Fields the API changes only through a command (with its reason, dates and effects): read-only
 * for staff in the panel, and a request changing them is refused with the way to the command
 * (other fields staff may not write are dropped by the Content Manager, as Strapi does).
 */
export const COMMAND_FIELDS: Record<string, { fields: string[]; message: string }> = {
  [MEMBER_UID]: {
    // leftOn, erasedOn: a departure and an erasure (issue 22) go through their API commands.
    fields: ['membershipStatus', 'statusReason', 'statusChangedOn', 'suspendedUntil', 'leftOn', 'erasedOn'],
    message:
      'Le statut d’un adhérent (suspension, exclusion, réintégration), son départ et l’effacement de ses données ne se modifient pas dans le formulaire : utilisez le panneau « Statut d’adhésion » de la fiche de l’adhérent, avec son motif, ou les routes de départ et d’effacement.',
  },
};

/**
 * Fields only the member themself sets, with their consent (the socio-professional category,
 * `PUT /api/membership/me/socio-professional`): hidden from staff in the panel, and a request
 * changing them is refused the same way.
 */
export const MEMBER_ONLY_FIELDS: Record<string, { fields: string[]; message: string }> = {
  [MEMBER_UID]: {
    fields: ['socioProfessionalCategory', 'socioProfessionalConsentedAt', 'socioProfessionalConsentVersion'],
    message: 'La catégorie socio-professionnelle ne s’enregistre qu’avec le consentement de l’adhérent, par lui-même, sur « Mon adhésion ».',
  },
};

/**
 * Refuses a request that changes a field only a command changes (`COMMAND_FIELDS`, `MEMBER_ONLY_FIELDS`): a value
 * that differs from the entry's (or from the default, on creation). The panel sends
 * read-only fields back unchanged, which passes.
 * @throws ForbiddenError (403).
 */
export async function assertNoCommandFieldChanged(
  strapi: Core.Strapi,
  uid: string,
  documentId: string | undefined,
  body: Record<string, unknown>
): Promise<void> {
  const rules = [COMMAND_FIELDS[uid], MEMBER_ONLY_FIELDS[uid]].filter((r): r is { fields: string[]; message: string } => Boolean(r));
  if (!rules.length) return;
  const attributes = attributesOf(strapi, uid);
  const current = documentId ? await strapi.db.query(uid as UID.ContentType).findOne({ where: { documentId } }) : null;
  for (const rule of rules) {
    for (const field of rule.fields) {
      if (!(field in body)) continue;
      const expected = current ? current[field] : attributes[field]?.default ?? null;
      if (differs(body[field], expected)) throw new ForbiddenError(rule.message, { field });
    }
  }
}

/** A member and what the rules need of them: their account's role and email. */
async function memberWithAccount(strapi: Core.Strapi, where: Record<string, unknown>) {
  return strapi.db.query(MEMBER_UID).findOne({
    where,
    populate: { user: { select: ['id', 'email'], populate: { role: { select: ['type'] } } } },
  });
}

const isAdminsOwn = (admin: AdminUser, member: { user?: { email?: string } | null } | null) =>
  Boolean(member?.user?.email && member.user.email.toLowerCase() === admin.email.toLowerCase());

/**
 * Before a write of a member (update, or clone of a source): refuses someone of the staff
 * member's rank or above (the API's `assertOutranks`). Returns whether the member is the
 * staff member's own profile (their account has the admin's address), whose standing
 * `assertOwnStandingUnchanged` checks after the write.
 * @throws ForbiddenError (403).
 */
export async function checkMemberBefore(strapi: Core.Strapi, scope: Scope, admin: AdminUser, documentId: string): Promise<{ own: boolean }> {
  const member = await memberWithAccount(strapi, { documentId });
  if (!member) return { own: false };
  if (isAdminsOwn(admin, member)) return { own: true };
  assertOutranks(await scope.actorFor(admin), member);
  return { own: false };
}

/**
 * After a write of one's own profile: only the name and phone may have changed.
 * `changed`: the fields whose values differ before and after.
 * @throws ForbiddenError (403), which rolls the write back.
 */
export function assertOwnStandingUnchanged(changed: string[]): void {
  if (changed.some((field) => !SELF_EDITABLE_FIELDS.has(field))) throw new ForbiddenError(SELF_CHANGE_REFUSED);
}

/**
 * After a due is created (or cloned): not one's own, not an excluded member's (as the API's `recordDue`).
 * @throws ForbiddenError (403), ConflictError (409), which roll the write back.
 */
export async function assertDueAllowed(strapi: Core.Strapi, admin: AdminUser, documentId: string): Promise<void> {
  const due = await strapi.db.query(DUE_UID).findOne({ where: { documentId }, populate: { member: { select: ['id'] } } });
  if (!due?.member) return; // integrity.ts refuses a due without member
  const member = await memberWithAccount(strapi, { id: due.member.id });
  if (isAdminsOwn(admin, member)) throw new ForbiddenError(OWN_DUE_REFUSED);
  if (member?.membershipStatus === 'excluded') throw new ConflictError(EXCLUDED_DUE_REFUSED);
}
