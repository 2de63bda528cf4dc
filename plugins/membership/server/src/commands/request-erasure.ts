import type { Core } from '@strapi/strapi';
import { ConflictError, erasureHold, ForbiddenError, NotFoundError, todayInParis, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import { MEMBER_UID, USER_UID } from '../uids';
import { eraseMember, type ErasureReason } from './erase-member';

/**
 * A member asks for the erasure of their data (GDPR art. 17; issue 22, item 4). Per the
 * retention table, their departure is recorded first (today, unless already recorded) and
 * the erasure follows at once: their account is anonymised and blocked, so this is the last
 * thing they do in the intranet. Dues stay as accounting records (10 years).
 * Returns what `eraseMember` returns.
 * @throws NotFoundError (404) for an account without a member profile; ForbiddenError (403)
 *         when the rule refuses; ConflictError (409) when already erased or while a plugin
 *         holds the data (an open disciplinary procedure: nothing is recorded then).
 */
export async function requestErasure(strapi: Core.Strapi, actor: Actor): Promise<Awaited<ReturnType<typeof eraseMember>>> {
  if (!actor.memberId || !actor.memberDocumentId) throw new NotFoundError('Aucune fiche d’adhérent n’est liée à votre compte.');
  if (!can(actor, 'erasure.request', { federationId: actor.federationId, sectionId: actor.sectionId, ownerUserId: actor.userId })) {
    throw new ForbiddenError('Vous ne pouvez pas demander cet effacement.');
  }
  // Nothing changes (not even the departure) while a plugin must keep the data: an open procedure.
  const hold = await erasureHold(strapi, { memberId: actor.memberId });
  if (hold) throw new ConflictError(hold);
  const today = todayInParis();
  await strapi.db.transaction(async () => {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: actor.memberId }, select: ['id', 'leftOn', 'erasedOn'] });
    if (member && !member.erasedOn && (!member.leftOn || member.leftOn > today)) {
      await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { leftOn: today } });
      await strapi.db.query(USER_UID).update({ where: { id: actor.userId }, data: { blocked: true } });
    }
  });
  const reason: ErasureReason = 'request';
  return eraseMember(strapi, actor, actor.memberDocumentId, reason);
}
