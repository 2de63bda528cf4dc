import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, ForbiddenError, frenchDate, MEMBER_LEFT, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { subjectOfMember } from '../presenters';
import { MEMBER_POPULATE } from '../services/directory';
import { MEMBER_UID, USER_UID } from '../uids';
import type { Departure } from '../validation/schemas';
import { leftOnOf, type RetainedMember } from './erase-member';
import { assertMemberAction, assertOutranks, isOwnProfile, MEMBER_NOT_FOUND } from './member-rules';

/**
 * Records that a member left the party on `input.on` (resignation, dues not renewed, death:
 * the reason goes to the audit entry only). From that day they count as having left: their
 * login account is blocked and its sessions revoked, and their data is erased
 * `MEMBER_RETENTION_YEARS` after (the retention job), or earlier by staff (`eraseMember`).
 * Returns the member's documentId and departure day.
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's: as unknown, `assertMemberAction`); ForbiddenError (403)
 *         for a member they read but whose departure they may not record, one's own profile
 *         or an officer of the actor's rank or above; ValidationError (400) for a
 *         day in the future or before joining; ConflictError (409) when already left.
 */
export async function recordDeparture(strapi: Core.Strapi, actor: Actor, documentId: string, input: Departure): Promise<{ documentId: string; leftOn: string }> {
  const revoke = await strapi.db.transaction(async () => {
    const member = (await strapi.db.query(MEMBER_UID).findOne({ where: { documentId }, populate: MEMBER_POPULATE })) as RetainedMember | null;
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = subjectOfMember(member);
    assertMemberAction(actor, 'member.depart', subject, 'Seule l’équipe fédérale de l’adhérent enregistre son départ.');
    if (await isOwnProfile(strapi, actor, member)) throw new ForbiddenError('Pour quitter le parti, faites-en la demande depuis « Mes données ».');
    assertOutranks(actor, member);
    const today = todayInParis();
    const left = leftOnOf(member, today) ?? member.leftOn;
    if (member.erasedOn || left) throw new ConflictError(`Cet adhérent a déjà quitté le parti (le ${frenchDate(left ?? member.erasedOn!)}).`);
    if (input.on > today) throw fieldError('on', `La date de départ ne peut pas dépasser le ${frenchDate(today)}.`);
    if (input.on < member.joinedOn) throw fieldError('on', `La date de départ précède l’adhésion (${frenchDate(member.joinedOn)}).`);
    await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { leftOn: input.on } });
    if (member.user && !member.user.blocked) await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { blocked: true } });
    // Listeners (the skills directory) take the member out in this transaction.
    await emitEvent(strapi, MEMBER_LEFT, { memberId: member.id, on: input.on });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.member.depart',
      subject: { type: MEMBER_UID, id: member.documentId },
      federationId: subject.federationId,
      details: { on: input.on, reason: input.reason, accountBlocked: Boolean(member.user) },
    });
    return member.user?.id ?? null;
  });
  if (revoke != null) await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(revoke));
  return { documentId, leftOn: input.on };
}
