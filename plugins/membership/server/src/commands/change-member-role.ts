import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, ForbiddenError, getService, NotFoundError, recordAudit, todayInParis, type Actor, type Role } from '@intranet-militant/shared';
import { subjectOfMember } from '../presenters';
import type { MemberRow } from '../services/directory';
import { MEMBER_UID, USER_UID } from '../uids';
import { assertMayAssignRole, assertMemberAction, assertNotLeft, isOwnProfile, LEFT_MEMBER_REFUSED, MEMBER_NOT_FOUND, roleIdOf } from './member-rules';

const ROLE_REFUSED = 'Vous ne pouvez pas attribuer de rôle à cet adhérent.';

/**
 * Gives a member's login account another intranet role; returns the member as it now stands.
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's: as unknown, `assertMemberAction`); ForbiddenError (403)
 *         for a member they read but whose role they may not change, one's own role, or a
 *         role (given or taken) of the actor's rank or above;
 *         ConflictError (409) when the member left the party (`assertNotLeft`), already has
 *         it or has no account.
 */
export async function changeMemberRole(strapi: Core.Strapi, actor: Actor, documentId: string, role: Role): Promise<MemberRow> {
  return strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const member = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = subjectOfMember(member);
    assertMemberAction(actor, 'member.role', subject, ROLE_REFUSED);
    if (await isOwnProfile(strapi, actor, member)) throw new ForbiddenError('Vous ne pouvez pas changer votre propre rôle.');
    const current: Role | null = member.user?.role?.type ?? null;
    assertMayAssignRole(actor, role, subject, current);
    assertNotLeft(member, todayInParis(), LEFT_MEMBER_REFUSED.role);
    if (current === role) throw new ConflictError('L’adhérent a déjà ce rôle.', { role });
    if (!member.user) throw new ConflictError('Cet adhérent n’a pas de compte de connexion.');

    await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { role: await roleIdOf(strapi, role) } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.member.role',
      subject: { type: MEMBER_UID, id: documentId },
      federationId: subject.federationId,
      details: { from: current, to: role },
    });
    return directory.memberByDocumentId(documentId);
  });
}
