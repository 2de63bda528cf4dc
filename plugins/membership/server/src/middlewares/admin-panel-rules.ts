import type { Core, UID } from '@strapi/strapi';
import { ABSENT_DOCUMENT_ID, ConflictError, ForbiddenError, ValidationError, type Actor } from '@intranet-militant/shared';
import {
  assertOutranks,
  EXCLUDED_DUE_REFUSED,
  OWN_DUE_REFUSED,
  SELF_CHANGE_REFUSED,
  SELF_EDITABLE_FIELDS,
} from '../commands/member-rules';
import type { AdminUser } from '../services/admin-scope';
import { DUE_UID, FEDERATION_UID, MEMBER_UID } from '../uids';

/**
 * The API's rules, applied to the admin panel's writes by federation staff (issue 23, « one
 * set of rules for every door »). The Content Manager writes entries directly; the guard
 * (admin-panel-guard.ts) calls these checks around every such write, so that the same change
 * is allowed or refused whichever door it comes through:
 * - fields staff may not write are dropped by the Content Manager (their role's field
 *   permissions, from `writableFields`); those the API changes only through a command (a
 *   member's status) are refused with the way to the command (`COMMAND_FIELDS`);
 * - a clone's source must be one staff may read; every entry a relation change connects,
 *   disconnects or sets must be one they read — one they may not read names nothing, as an
 *   unknown id — and the current parent of a child it moves (a course's module taken from
 *   another course) must be in their scope;
 * - members: never someone of one's rank or above (`assertOutranks`), never one's own
 *   standing (only `SELF_EDITABLE_FIELDS`); a member who left is corrected, not moved, and an
 *   erased profile not edited at all (integrity.ts, for every door and every admin);
 * - dues: never one's own, never an excluded member's, created or moved there (as `recordDue`); never one of a member
 *   who left, and a cancellation date never in the future (integrity.ts, for every door).
 */

type Attribute = { type: string; target?: string; relation?: string; mappedBy?: string; inversedBy?: string; default?: unknown };
/** What the rules use of membership's admin-scope service. */
type Scope = {
  scopedType(uid: string): { path?: string } | undefined;
  isWithinScope(admin: AdminUser, uid: string, documentId: string): Promise<boolean>;
  assertWithinScope(admin: AdminUser, uid: string, documentId: string): Promise<void>;
  actorFor(admin: AdminUser): Promise<Actor>;
};

export const attributesOf = (strapi: Core.Strapi, uid: string) =>
  (strapi.contentTypes[uid as UID.ContentType]?.attributes ?? {}) as unknown as Record<string, Attribute>;

/** A row id no entry has. */
export const ABSENT_ROW_ID = -1;

/** An entry a relation value names, as Strapi reads it: by row id or by documentId. */
type EntryRef = { id: number } | { documentId: string };

/** One entry a relation value names, with the way to make it name nothing (as an unknown id would). */
interface NamedEntry {
  ref: EntryRef;
  /** Attached (connect, set, plain values), detached (disconnect), or the neighbour a connected entry is placed beside. */
  side: 'attach' | 'detach' | 'position';
  hide(): void;
}

/** A relation field's value in a write, read as Strapi reads it. */
export interface RelationChange {
  field: string;
  target: string;
  entries: NamedEntry[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const malformedRelation = (field: string) =>
  new ValidationError(`Requête invalide (« ${field} ») : une relation désigne ses contenus par leur identifiant (un nombre entier) ou leur documentId (un texte).`, { path: field });

/**
 * A row id as the database will compare it: a safe integer, or a string of digits. Strapi
 * hands any other value (` 12`, `+12`, `12.0`) to the database, which may read it as a row
 * id the guard never saw: refused (400).
 */
function rowIdOf(value: unknown, field: string): number {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw malformedRelation(field);
  return id;
}

/**
 * Reads a relation value exactly as Strapi 5.54 does (`map-relation.js` and `data-ids.js` of
 * the Document Service), so that the entries checked are the entries written: nested lists
 * are flattened; an object with `id` or `documentId` is one entry (even with `connect` beside
 * them), by its documentId when truthy, else by its `id`; otherwise `connect` / `set` /
 * `disconnect`; a number, or a string `parseInt` reads a number from, is a row id; any other
 * string a documentId; a position's `before` / `after` names a documentId too. Returns the
 * value rewritten in a canonical form (entries as objects, row ids as numbers), which Strapi
 * reads the same way, and the entries it names, each able to name nothing instead.
 * @throws ValidationError (400) for an item Strapi would hand the database unchecked (a row
 *         id that is not a plain integer, a documentId that is not a string, an object or a
 *         list of operations where an entry is expected).
 */
export function readRelation(field: string, value: unknown): { value: unknown; entries: NamedEntry[] } {
  const entries: NamedEntry[] = [];
  const entryOf = (item: unknown, side: NamedEntry['side']): Record<string, unknown> => {
    let entry: Record<string, unknown>;
    if (typeof item === 'number' || typeof item === 'string') {
      if (item === '') throw malformedRelation(field);
      entry = typeof item === 'string' && Number.isNaN(parseInt(item, 10)) ? { documentId: item } : { id: rowIdOf(item, field) };
    } else if (isRecord(item) && ('id' in item || 'documentId' in item)) {
      entry = { ...item };
      if (entry.documentId) {
        if (typeof entry.documentId !== 'string') throw malformedRelation(field);
      } else {
        delete entry.documentId;
        entry.id = rowIdOf(entry.id, field);
      }
    } else {
      throw malformedRelation(field);
    }
    const named = entry;
    entries.push(
      typeof named.documentId === 'string'
        ? { ref: { documentId: named.documentId }, side, hide: () => { named.documentId = ABSENT_DOCUMENT_ID; delete named.id; } }
        : { ref: { id: named.id as number }, side, hide: () => { named.id = ABSENT_ROW_ID; } }
    );
    if (named.position != null) {
      if (!isRecord(named.position)) throw malformedRelation(field);
      const position = (named.position = { ...named.position });
      for (const key of ['before', 'after'] as const) {
        if (position[key] == null) continue;
        if (typeof position[key] !== 'string' || position[key] === '') throw malformedRelation(field);
        entries.push({ ref: { documentId: position[key] as string }, side: 'position', hide: () => { position[key] = ABSENT_DOCUMENT_ID; } });
      }
    }
    return named;
  };
  // Lists are flattened; null items dropped (Strapi's `flat().filter(Boolean)`).
  const listOf = (items: unknown, side: NamedEntry['side']): Record<string, unknown>[] =>
    (Array.isArray(items) ? items.flat(Infinity) : [items]).filter((item) => item != null).map((item) => entryOf(item, side));

  if (value == null) return { value, entries };
  if (Array.isArray(value)) return { value: listOf(value, 'attach'), entries };
  if (isRecord(value) && !('id' in value) && !('documentId' in value)) {
    if (!('connect' in value || 'disconnect' in value || 'set' in value)) throw malformedRelation(field);
    const ops: Record<string, unknown> = { ...value };
    for (const key of ['set', 'disconnect', 'connect'] as const) {
      if (ops[key] != null) ops[key] = listOf(ops[key], key === 'disconnect' ? 'detach' : 'attach');
    }
    return { value: ops, entries };
  }
  return { value: entryOf(value, 'attach'), entries };
}

/**
 * The relation changes a write's data carries, whatever the shape the Content Manager used,
 * for the relation fields whose target `only` keeps (all by default). Rewrites each such
 * relation value of `data` in place in its canonical form (`readRelation`).
 * @throws ValidationError (400) as `readRelation`.
 */
export function relationChangesOf(strapi: Core.Strapi, uid: string, data: Record<string, unknown>, only: (target: string) => boolean = () => true): RelationChange[] {
  const changes: RelationChange[] = [];
  for (const [field, attribute] of Object.entries(attributesOf(strapi, uid))) {
    if (attribute.type !== 'relation' || !attribute.target || !(field in data) || !only(attribute.target)) continue;
    const read = readRelation(field, data[field]);
    data[field] = read.value;
    if (read.entries.length) changes.push({ field, target: attribute.target, entries: read.entries });
  }
  return changes;
}

/** The documentId of each entry named (absent for those that name nothing). */
async function documentIdsOf(strapi: Core.Strapi, uid: string, refs: EntryRef[]): Promise<Map<EntryRef, string>> {
  const ids = refs.flatMap((ref) => ('id' in ref ? [ref.id] : []));
  const documentIds = refs.flatMap((ref) => ('documentId' in ref ? [ref.documentId] : []));
  const query = strapi.db.query(uid as UID.ContentType);
  const byId = new Map<number, string>();
  for (const row of ids.length ? await query.findMany({ where: { id: { $in: ids } }, select: ['id', 'documentId'] }) : []) byId.set(row.id, row.documentId);
  const known = new Set<string>();
  for (const row of documentIds.length ? await query.findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId'] }) : []) known.add(row.documentId);
  const found = new Map<EntryRef, string>();
  for (const ref of refs) {
    const documentId = 'id' in ref ? byId.get(ref.id) : known.has(ref.documentId) ? ref.documentId : undefined;
    if (documentId) found.set(ref, documentId);
  }
  return found;
}

/** A child moved by a relation change: it leaves `from` (its current parent) for the written entry. */
export interface Move {
  type: string;
  documentId: string;
  field: string;
  from: { type: string; documentId: string };
}

/**
 * Federations are public: every member lists them through the API (`federation.read`), so
 * naming another one discloses nothing. Connecting an entry to another federation is refused
 * as such (403 « Vous ne gérez que les contenus de votre fédération. »), as moving it there.
 */
const PUBLIC_TYPES = new Set<string>([FEDERATION_UID]);

/**
 * Checks the relation changes of a staff member's write, on both sides:
 * - an attached or detached entry (or a position's neighbour) of a scoped type that staff may
 *   not read (another federation's, or national content) is made to name nothing, so that
 *   Strapi answers exactly as for an unknown id (400 « Contenu lié introuvable. » once the
 *   admin doors translate it), in the same order of checks; the data is rewritten in place;
 * - an entry of a public type outside their scope (another federation) is refused (403);
 * - the current parent of a child a one-to-many (or one-to-one) field takes over must be in
 *   their scope (403: the child is one they read).
 * Shared reference data (a type staff read without a federation, e.g. categories) may be
 * attached. Relation values to scoped types are read as Strapi reads them (`readRelation`).
 * Returns the moves, for the audit log.
 * @throws ValidationError (400) for a malformed relation value; ForbiddenError (403).
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
  // Relations to types staff do not scope (the authors Strapi stamps, login accounts their role
  // does not write) are left to their role's permissions, as before.
  for (const change of relationChangesOf(strapi, uid, data, (target) => Boolean(scope.scopedType(target)))) {
    const targetType = scope.scopedType(change.target);
    const found = await documentIdsOf(strapi, change.target, change.entries.map((entry) => entry.ref));
    // Reference data (a scoped type without path) is attached and detached freely.
    if (targetType?.path) {
      for (const entry of change.entries) {
        const target = found.get(entry.ref);
        if (!target || (await scope.isWithinScope(admin, change.target, target))) continue;
        if (PUBLIC_TYPES.has(change.target)) await scope.assertWithinScope(admin, change.target, target);
        entry.hide();
        found.delete(entry.ref);
      }
    }
    const attribute = attributes[change.field];
    const inverse = attribute.mappedBy ?? attribute.inversedBy;
    if (!inverse || !['oneToMany', 'oneToOne'].includes(attribute.relation ?? '')) continue;
    // The target belongs to one parent at most: taking it over changes that parent too.
    const attached = new Set(change.entries.filter((entry) => entry.side === 'attach' && found.has(entry.ref)).map((entry) => found.get(entry.ref)!));
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
    // leftOn, erasedOn, erasureRequestedOn: a departure, an erasure and the member's own
    // erasure request (issue 22) go through their API commands.
    fields: ['membershipStatus', 'statusReason', 'statusChangedOn', 'suspendedUntil', 'leftOn', 'erasedOn', 'erasureRequestedOn'],
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
 * After a due is created, cloned or moved to another member (an update of its member): not one's own, not an excluded member's (as the API's `recordDue`).
 * A member who left (or was erased) is refused earlier, by integrity.ts, for every door.
 * @throws ForbiddenError (403), ConflictError (409), which roll the write back.
 */
export async function assertDueAllowed(strapi: Core.Strapi, admin: AdminUser, documentId: string): Promise<void> {
  const due = await strapi.db.query(DUE_UID).findOne({ where: { documentId }, populate: { member: { select: ['id'] } } });
  if (!due?.member) return; // integrity.ts refuses a due without member
  const member = await memberWithAccount(strapi, { id: due.member.id });
  if (isAdminsOwn(admin, member)) throw new ForbiddenError(OWN_DUE_REFUSED);
  if (member?.membershipStatus === 'excluded') throw new ConflictError(EXCLUDED_DUE_REFUSED);
}
