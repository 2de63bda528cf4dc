import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, ForbiddenError, getService, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import { subjectOfMember } from '../presenters';
import type { MemberRow } from '../services/directory';
import { MEMBER_UID, USER_UID } from '../uids';
import type { MemberUpdate } from '../validation/schemas';
import { followMemberAddress } from '../middlewares/admin-account-link';
import {
  assertEmailFree,
  assertMemberAction,
  assertNotLeft,
  assertNumberFree,
  assertOutranks,
  guardingEmail,
  resolveFederation,
  resolveSection,
  SELF_CHANGE_REFUSED,
  SELF_EDITABLE_FIELDS,
  isOwnProfile,
  LEFT_MEMBER_CORRECTABLE,
  LEFT_MEMBER_REFUSED,
  MEMBER_NOT_FOUND,
} from './member-rules';

/**
 * Edits a member's profile. Moving them to another federation is a national decision;
 * officers never change someone of their rank or above, nor their own standing. A new
 * email also closes the sessions opened with the old one. A new section or federation is
 * announced (MEMBER_MOVED) inside the transaction by the member integrity check, which every
 * door shares (API, admin panel). Returns the member as it now stands.
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's or section's: as unknown, `assertMemberAction`);
 *         ForbiddenError (403) for a member they read but may not edit, their own standing,
 *         a transfer without national rights, a section outside their scope, or someone of
 *         their rank; ValidationError (400) for an unknown federation/section (a section they
 *         may not read is unknown); ConflictError (409) for a taken number or email, an
 *         email change without account, a move (federation, section, join date) of a member
 *         who left the party — their identity and contact details may still be corrected for
 *         the archive (`LEFT_MEMBER_CORRECTABLE`) — or any change to an erased profile.
 */
export async function updateMember(strapi: Core.Strapi, actor: Actor, documentId: string, input: MemberUpdate): Promise<MemberRow> {
  return guardingEmail(input.email, () => strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const member = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const before = subjectOfMember(member);
    assertMemberAction(actor, 'member.update', before, 'Vous ne pouvez pas modifier la fiche de cet adhérent.');
    if (await isOwnProfile(strapi, actor, member)) {
      // One's own name and phone, yes; one's own standing (dates, number, place, login), never.
      const own = Object.keys(input).filter((field) => !SELF_EDITABLE_FIELDS.has(field));
      if (own.length) throw new ForbiddenError(SELF_CHANGE_REFUSED);
    } else {
      assertOutranks(actor, member);
    }
    // A member who left: their record is an archive that may be corrected, not moved
    // (`LEFT_MEMBER_CORRECTABLE`); an erased one is a pseudonym that nothing edits.
    const today = todayInParis();
    if (member.erasedOn) assertNotLeft(member, today, LEFT_MEMBER_REFUSED.erased);
    const moves = [
      input.federation !== undefined && input.federation !== (member.federation?.documentId ?? null),
      input.section !== undefined && (input.section ?? null) !== (member.section?.documentId ?? null),
      input.joinedOn !== undefined && input.joinedOn !== String(member.joinedOn).slice(0, 10),
      ...Object.keys(input).filter((f) => !['federation', 'section', 'joinedOn'].includes(f)).map((f) => !LEFT_MEMBER_CORRECTABLE.has(f)),
    ];
    if (moves.some(Boolean)) {
      assertNotLeft(member, today, LEFT_MEMBER_REFUSED.move);
    }

    let federation = member.federation;
    if (input.federation !== undefined && input.federation !== federation?.documentId) {
      if (!can(actor, 'member.transfer', before)) {
        throw new ForbiddenError('Le changement de fédération relève de l’administration nationale.');
      }
      federation = await resolveFederation(strapi, actor, input.federation);
    }
    let section = member.section;
    if (input.section !== undefined) {
      section = input.section ? await resolveSection(strapi, actor, input.section, federation) : null;
    } else if (federation?.id !== member.federation?.id) {
      section = null; // the old section belongs to the old federation
    }
    const after = { federationId: federation?.id ?? null, sectionId: section?.id ?? null, ownerUserId: before.ownerUserId };
    if (!can(actor, 'member.update', after)) {
      throw new ForbiddenError('Vous ne pouvez pas rattacher cet adhérent hors de votre périmètre.');
    }
    if (input.membershipNumber && input.membershipNumber !== member.membershipNumber) {
      await assertNumberFree(strapi, actor, input.membershipNumber, member.id);
    }
    const emailChange = input.email !== undefined && input.email !== member.user?.email;
    if (emailChange) {
      if (!member.user) throw new ConflictError('Cet adhérent n’a pas de compte de connexion : il n’a pas d’adresse à changer.');
      await assertEmailFree(strapi, actor, input.email!, member.user.id);
      await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { email: input.email, username: input.email } });
      // The holder's admin-panel account, known by the address, keeps it (admin-account-link.ts).
      await followMemberAddress(strapi, member.user.email, input.email!);
      // Whoever held the old address loses the sessions opened with it.
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(member.user.id));
    }

    const { federation: _f, section: _s, email: _e, ...profile } = input;
    const changes = { ...profile, federation: federation?.id ?? null, section: section?.id ?? null };
    await strapi.documents(MEMBER_UID).update({ documentId, data: changes as any });

    const details = {
      changed: Object.keys(input),
      ...(emailChange ? { email: { before: member.user.email, after: input.email } } : {}),
      ...(after.federationId !== before.federationId ? { fromFederationId: before.federationId, toFederationId: after.federationId } : {}),
      ...(after.sectionId !== before.sectionId ? { fromSectionId: before.sectionId, toSectionId: after.sectionId } : {}),
    };
    // A transfer is written in both federations' logs.
    const federations = [...new Set([after.federationId, before.federationId])];
    for (const federationId of federations) {
      await recordAudit(strapi, {
        actor: auditActorOf(actor),
        action: federations.length > 1 && federationId === before.federationId ? 'plugin::membership.member.transfer-out' : 'plugin::membership.member.update',
        subject: { type: MEMBER_UID, id: documentId },
        federationId,
        details,
      });
    }
    return directory.memberByDocumentId(documentId);
  }));
}
