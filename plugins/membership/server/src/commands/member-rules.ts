import type { Core } from '@strapi/strapi';
import {
  ConflictError,
  fieldError,
  ForbiddenError,
  frenchDate,
  MEMBER_NOT_FOUND,
  NotFoundError,
  violatesUniqueIndex,
  type Actor,
  type Role,
  type Subject,
  type UniqueIndex,
} from '@intranet-militant/shared';
import { can, membershipPermissions, outranks, type MembershipAction } from '../permissions';
import { subjectOfMember } from '../presenters';
import { FEDERATION_UID, MEMBER_UID, ROLE_UID, SECTION_UID, USER_UID } from '../uids';

/** Lookups and checks shared by the member commands (and the admin panel's guard, which applies the same rules). */

/** What officers may change of their own profile: their name and phone, never their standing. */
export const SELF_EDITABLE_FIELDS: ReadonlySet<string> = new Set(['firstName', 'lastName', 'phone']);

export const SELF_CHANGE_REFUSED = 'Vous ne pouvez pas modifier vous-même votre adhésion (date, numéro, rattachement, compte).';
export const OWN_DUE_REFUSED = 'Vous ne pouvez pas enregistrer votre propre cotisation : demandez à votre section ou à votre fédération.';
export const EXCLUDED_DUE_REFUSED = 'Cet adhérent est exclu : aucune cotisation ne peut être enregistrée.';

/**
 * What may still change on the record of a member who left (issue 22): it is an archive kept
 * for the retention period (to settle disputes, and for a return), so staff may correct who
 * the person is and how to reach them (names, phone, address, sex, year of birth, number), but
 * their membership stands still — no dues, role, status, federation, section or join date —
 * until their return is recorded (`recordReturn`, « réadhésion »).
 */
export const LEFT_MEMBER_CORRECTABLE: ReadonlySet<string> = new Set(['firstName', 'lastName', 'phone', 'email', 'sex', 'birthYear', 'membershipNumber']);

/**
 * Why nothing of `what` may be done to a member who left the party on or before `today`
 * (a recorded departure) or whose data is erased; null while they are a member. French,
 * naming the member and the French date: « Jeanne Petit a quitté le parti le 3 mars 2026 :
 * … ». Pure.
 * @param what what is refused, e.g. « aucune cotisation ne peut lui être enregistrée »
 */
export function leftMemberRefusal(
  member: { firstName: string; lastName: string; leftOn?: string | null; erasedOn?: string | null },
  today: string,
  what: string
): string | null {
  if (member.erasedOn) return `Les données de cet ancien adhérent sont effacées : ${what}.`;
  if (!member.leftOn || member.leftOn > today) return null;
  return `${member.firstName} ${member.lastName} a quitté le parti le ${frenchDate(member.leftOn)} : ${what}. Enregistrez d’abord son retour (réadhésion).`;
}

/** `leftMemberRefusal` as a 409 (ConflictError, `details.leftOn`); returns when the member has not left. */
export function assertNotLeft(member: Parameters<typeof leftMemberRefusal>[0], today: string, what: string): void {
  const refusal = leftMemberRefusal(member, today, what);
  if (refusal) throw new ConflictError(refusal, { leftOn: member.leftOn ?? null });
}

/**
 * What is refused to a member who left, as `leftMemberRefusal`'s `what` (French): the same
 * words through every door — the API's commands, the import and the admin panel's Content
 * Manager (integrity.ts).
 */
export const LEFT_MEMBER_REFUSED = {
  due: 'aucune cotisation ne peut lui être enregistrée',
  role: 'son rôle ne peut plus changer',
  status: 'son statut ne peut plus changer',
  move: 'sa fiche peut encore être corrigée (nom, prénom, téléphone, adresse, sexe, année de naissance, numéro), mais pas sa fédération, sa section ni sa date d’adhésion',
  erased: 'sa fiche ne se modifie plus',
} as const;

/** A member's status fields: changed through the status command (and the conflicts commission's decisions) only. */
export const MEMBER_STATUS_FIELDS: ReadonlySet<string> = new Set(['membershipStatus', 'statusReason', 'statusChangedOn', 'suspendedUntil']);

/**
 * Why a write that changed the fields `changed` of a member (as they stood before it:
 * `member`) may not be kept, or null: nothing of an erased profile changes; of a member who
 * left on or before `today`, only what `LEFT_MEMBER_CORRECTABLE` lists (a change of status
 * fields only is refused as a status change, anything else — federation, section, join date,
 * departure day… — as a move). The admin panel's form sends the fields it does not change
 * with their stored values: `changed` holds only the values that differ. French; pure.
 * @param changed attribute names (relations by name: `federation`, `section`)
 */
export function leftMemberChangeRefusal(member: Parameters<typeof leftMemberRefusal>[0], changed: readonly string[], today: string): string | null {
  if (member.erasedOn) return changed.length ? leftMemberRefusal(member, today, LEFT_MEMBER_REFUSED.erased) : null;
  const frozen = changed.filter((field) => !LEFT_MEMBER_CORRECTABLE.has(field));
  if (!frozen.length) return null;
  return leftMemberRefusal(member, today, frozen.every((field) => MEMBER_STATUS_FIELDS.has(field)) ? LEFT_MEMBER_REFUSED.status : LEFT_MEMBER_REFUSED.move);
}

/**
 * Whether a member is the actor's own profile. Through the API, the member's login
 * account is the actor's; through the admin panel (`kind: 'admin'`, whose `userId` is an
 * admin-panel user's id, not a login account's), the member whose account has the
 * admin-panel user's email address (as the admin panel's guard reads it).
 */
export async function isOwnProfile(strapi: Core.Strapi, actor: Actor, member: { user?: { id?: number; email?: string } | null }): Promise<boolean> {
  if (actor.kind !== 'admin') return member.user?.id != null && member.user.id === actor.userId;
  if (!member.user?.email) return false;
  const admin = await strapi.db.query('admin::user').findOne({ where: { id: actor.userId }, select: ['email'] });
  return Boolean(admin?.email && admin.email.toLowerCase() === member.user.email.toLowerCase());
}

export async function resolveFederation(strapi: Core.Strapi, actor: Actor, documentId: string | undefined) {
  if (!documentId) {
    if (actor.federationId == null) throw fieldError('federation', 'Précisez la fédération de l’adhérent.');
    return strapi.db.query(FEDERATION_UID).findOne({ where: { id: actor.federationId } });
  }
  const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { documentId } });
  if (!federation) throw fieldError('federation', 'Fédération inconnue.');
  return federation;
}

/**
 * The section (by documentId) a member is placed in, which must belong to `federation`.
 * Returns the section row (with its federation).
 * @throws ValidationError (400) « Section inconnue. » for an unknown section and, alike, for a
 *         section the actor may not read (`section.read`: another federation's, for staff);
 *         ValidationError naming the section when the actor reads it but it belongs to
 *         another federation than `federation` (a national admin's transfer).
 */
export async function resolveSection(strapi: Core.Strapi, actor: Actor, documentId: string, federation: { id: number; name: string }) {
  const section = await strapi.db.query(SECTION_UID).findOne({ where: { documentId }, populate: ['federation'] });
  if (!section || !can(actor, 'section.read', { federationId: section.federation?.id ?? null })) throw fieldError('section', 'Section inconnue.');
  if (section.federation?.id !== federation.id) {
    throw fieldError('section', `La section « ${section.name} » n’appartient pas à la fédération ${federation.name}.`);
  }
  return section;
}

/**
 * What a number or an address already used outside what the actor may read answers (409): the
 * same words whatever holds it (another federation's member, an account with no member
 * profile), as the import's `IMPORT_NOT_HERE`, so that registering someone is no way to learn
 * who is a member elsewhere (GDPR art. 9). National admins, who read everyone, get the reason.
 */
export const NOT_HERE = (field: 'email' | 'membershipNumber') =>
  new ConflictError(
    field === 'email'
      ? 'Cette adresse ne peut pas être inscrite ici. Contactez l’administration nationale.'
      : 'Ce numéro d’adhérent ne peut pas être attribué ici. Contactez l’administration nationale.',
    { field }
  );

/** Does the actor read everyone (national admins), and so every reason? */
export const readsEveryone = (actor: Actor) => membershipPermissions.scopeOf(actor, 'member.read') === 'all';

/**
 * Does the member holding a clashing number or address belong to what the actor reads? An
 * account with no member profile belongs to no one's reach but national admins'.
 */
async function clashIsReadable(strapi: Core.Strapi, actor: Actor, where: Record<string, unknown>): Promise<boolean> {
  if (readsEveryone(actor)) return true;
  const member = await strapi.db.query(MEMBER_UID).findOne({ where, populate: { federation: { select: ['id'] }, section: { select: ['id'] }, user: { select: ['id'] } } });
  return Boolean(member && can(actor, 'member.read', subjectOfMember(member)));
}

/**
 * The membership number is free (409 otherwise: the reason when the member holding it is one
 * the actor reads, `NOT_HERE` when not).
 */
export async function assertNumberFree(strapi: Core.Strapi, actor: Actor, membershipNumber: string, exceptId?: number) {
  const clash = await strapi.db.query(MEMBER_UID).findOne({
    where: { membershipNumber, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    select: ['id'],
  });
  if (!clash) return;
  if (!(await clashIsReadable(strapi, actor, { id: clash.id }))) throw NOT_HERE('membershipNumber');
  throw new ConflictError(`Le numéro d’adhérent ${membershipNumber} est déjà attribué.`, { field: 'membershipNumber' });
}

/**
 * Created at boot by the access service: an expression index (`lower(email)`) on
 * users-permissions' table, which no schema of ours declares, so it cannot come from
 * `uniqueConflicts(schema, …)` and is declared by hand.
 */
export const ACCOUNT_EMAIL_INDEX: UniqueIndex = { name: 'up_users_email_lower_uq', table: 'up_users', columns: ['email'] };

/** Runs a write that may give an account an address, answering 409 if another account won the race. */
export async function guardingEmail<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (email && violatesUniqueIndex(error, ACCOUNT_EMAIL_INDEX)) {
      throw new ConflictError(`Un compte utilise déjà l’adresse ${email}.`, { field: 'email' });
    }
    throw error;
  }
}

/**
 * No other account has the address (409 otherwise: the reason when the account is that of a
 * member the actor reads, `NOT_HERE` when not — another federation's member, an account
 * with no member profile).
 */
export async function assertEmailFree(strapi: Core.Strapi, actor: Actor, email: string, exceptUserId?: number) {
  const clash = await strapi.db.query(USER_UID).findOne({
    where: { email: { $eqi: email }, ...(exceptUserId ? { id: { $ne: exceptUserId } } : {}) },
    select: ['id'],
  });
  if (!clash) return;
  if (!(await clashIsReadable(strapi, actor, { user: { id: clash.id } }))) throw NOT_HERE('email');
  throw new ConflictError(`Un compte utilise déjà l’adresse ${email}.`, { field: 'email' });
}

/**
 * Federation staff hand out the ordinary roles in their federation; the rest is national.
 * Used as is when registering a member; changing an existing member's role first goes
 * through `assertMemberAction` (another federation's member looks absent).
 * @throws ForbiddenError (403).
 */
export function assertMayAssignRole(actor: Actor, role: Role, subject: Subject, currentRole?: Role | null) {
  if (!can(actor, 'member.role', subject)) {
    throw new ForbiddenError('Vous ne pouvez pas attribuer de rôle à cet adhérent.');
  }
  if (!outranks(actor, role) || !outranks(actor, currentRole ?? null)) {
    throw new ForbiddenError('Ce rôle ne peut être attribué ou retiré que par l’administration nationale.');
  }
}

export { MEMBER_NOT_FOUND };

/** What an unknown due and a due one may not see both answer (404). */
export const DUE_NOT_FOUND = 'Cotisation introuvable.';

/**
 * May the actor take `action` on this member (or on something of theirs, a due)? Returns
 * when so. Every member command naming a member by id calls it right after finding the
 * member, before any other check, so that a member the actor may not even read
 * (`member.read`: another federation's, another section's for a secretary, anyone else's for
 * a member) answers exactly as an unknown id: NotFoundError (404) with `notFound`
 * (`MEMBER_NOT_FOUND` by default; `DUE_NOT_FOUND` when the route names a due). A member they
 * may read but not act on: ForbiddenError (403) with `forbidden`.
 */
export function assertMemberAction(actor: Actor, action: MembershipAction, subject: Subject, forbidden: string, notFound: string = MEMBER_NOT_FOUND): void {
  if (can(actor, action, subject)) return;
  if (!can(actor, 'member.read', subject)) throw new NotFoundError(notFound);
  throw new ForbiddenError(forbidden);
}

/** Officers change nothing about someone of their rank or above (their account above all). */
export function assertOutranks(actor: Actor, member: { user?: { role?: { type?: Role } | null } | null }) {
  if (!outranks(actor, member.user?.role?.type ?? null)) {
    throw new ForbiddenError('Cet adhérent exerce une responsabilité : seule l’administration nationale peut modifier sa fiche.');
  }
}

export async function roleIdOf(strapi: Core.Strapi, type: Role): Promise<number> {
  const role = await strapi.db.query(ROLE_UID).findOne({ where: { type } });
  if (!role) throw new Error(`Role ${type} is missing: the bootstrap creates it.`);
  return role.id;
}
