import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, ForbiddenError, frenchDate, getService, MEMBER_RETURNED, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { subjectOfMember } from '../presenters';
import type { MemberRow } from '../services/directory';
import { MEMBER_UID, USER_UID } from '../uids';
import type { MemberReturn } from '../validation/schemas';
import { assertMemberAction, assertOutranks, isOwnProfile, MEMBER_NOT_FOUND } from './member-rules';
import { reopenAdminAccountsOfRequest } from './request-erasure';

/**
 * Records that a member who left the party comes back (« réadhésion », issue 22: the record is
 * kept after a departure for the retention period, precisely for a return). The departure is
 * cleared, the membership starts again on `input.on` (the join date becomes that day: seniority
 * counts from the return; the former join and departure days stay in the audit entry), a
 * pending erasure request is withdrawn (with the admin-panel accounts it deactivated,
 * `reopenAdminAccountsOfRequest`; what it hid from the public, a certificate's check, shows
 * again by itself), and the login account, blocked at the departure, is reopened. Announces
 * `membership.member.returned` in the transaction (the skills directory lists a consented
 * profile again). Audited as `plugin::membership.member.return`. Returns the member
 * as it now stands.
 *
 * Not a return: an exclusion (lifted only by the conflicts commission's procedure, or a
 * reinstatement through the status route), nor an erased profile (a pseudonym: register the
 * person again as a new member).
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's: as unknown, `assertMemberAction`); ForbiddenError (403)
 *         for a member they read but whose departures they do not record (`member.depart`),
 *         one's own profile, or an officer of the actor's rank or above; ValidationError (400)
 *         for a day in the future or before the departure; ConflictError (409) for a member
 *         who has not left, is excluded, or whose data is erased.
 */
export async function recordReturn(strapi: Core.Strapi, actor: Actor, documentId: string, input: MemberReturn): Promise<MemberRow> {
  const directory = getService(strapi, 'membership', 'directory');
  await strapi.db.transaction(async () => {
    const member: MemberRow | null = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = subjectOfMember(member);
    assertMemberAction(actor, 'member.depart', subject, 'Seule l’équipe fédérale de l’adhérent enregistre son retour.');
    if (await isOwnProfile(strapi, actor, member)) throw new ForbiddenError('Vous ne pouvez pas enregistrer votre propre retour.');
    assertOutranks(actor, member);
    const today = todayInParis();
    if (member.erasedOn) {
      throw new ConflictError('Les données de cet ancien adhérent sont effacées : inscrivez la personne comme nouvel adhérent.');
    }
    if (member.membershipStatus === 'excluded') {
      throw new ConflictError('Cet adhérent a été exclu : une exclusion ne se lève pas par une réadhésion, mais par la commission des conflits.');
    }
    if (!member.leftOn || member.leftOn > today) throw new ConflictError(`${member.firstName} ${member.lastName} n’a pas quitté le parti.`);
    if (input.on > today) throw fieldError('on', `La date de retour ne peut pas dépasser le ${frenchDate(today)}.`);
    if (input.on < member.leftOn) throw fieldError('on', `La date de retour précède le départ (${frenchDate(member.leftOn)}).`);
    await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { leftOn: null, joinedOn: input.on, erasureRequestedOn: null } });
    const reopen = Boolean(member.user?.blocked);
    if (member.user && reopen) await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { blocked: false } });
    // A pending erasure request withdrawn: the admin-panel accounts it deactivated, and only those.
    await reopenAdminAccountsOfRequest(strapi, { id: member.id, documentId: member.documentId, federationId: subject.federationId }, auditActorOf(actor), 'plugin::membership.member.return');
    // Listeners (the skills directory) list the member's consented profile again in this
    // transaction, as `record-departure` unlists it: a return rolled back lists nothing.
    await emitEvent(strapi, MEMBER_RETURNED, { memberId: member.id, on: input.on });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.member.return',
      subject: { type: MEMBER_UID, id: member.documentId },
      federationId: subject.federationId,
      details: { on: input.on, reason: input.reason, previousJoinedOn: String(member.joinedOn).slice(0, 10), previousLeftOn: member.leftOn, accountReopened: reopen },
    });
  });
  return directory.memberByDocumentId(documentId);
}
