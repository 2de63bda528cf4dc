import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { CONTRIBUTION_UID } from '../uids';
import { assertPhase, assertSees, loadConsultation } from './checks';

/** The author edits or withdraws their contribution until the contribution phase ends. */
export async function editContribution(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  contributionId: string,
  change: { title?: string; body?: string; category?: string } | 'withdraw'
) {
  const c = await loadConsultation(strapi, consultationId);
  assertSees(actor, c);
  const contribution = await strapi.db.query(CONTRIBUTION_UID).findOne({
    where: { documentId: contributionId, consultation: { id: c.id } },
    populate: { author: { select: ['id'] } },
  });
  if (!contribution) throw new NotFoundError('Contribution introuvable.');
  if (contribution.author?.id !== actor.memberId || !actor.memberId) {
    throw new ForbiddenError('Vous ne pouvez modifier que vos propres contributions.');
  }
  assertPhase(strapi, c, 'contribution', change === 'withdraw' ? 'Retrait impossible' : 'Modification impossible');
  if (contribution.state !== 'submitted') {
    throw new ConflictError(contribution.state === 'withdrawn' ? 'Cette contribution est déjà retirée.' : 'Cette contribution a été masquée par la modération.');
  }
  if (change !== 'withdraw' && change.category && c.categories?.length && !c.categories.includes(change.category)) {
    throw fieldError('category', `Catégorie inconnue. Au choix : ${c.categories.join(', ')}.`);
  }
  return strapi.db.transaction(async () => {
    const updated: any = await strapi.documents(CONTRIBUTION_UID).update({
      documentId: contributionId,
      data: (change === 'withdraw' ? { state: 'withdrawn' } : change) as any,
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: change === 'withdraw' ? 'plugin::consultations.contribution.withdraw' : 'plugin::consultations.contribution.edit',
      subject: { type: CONTRIBUTION_UID, id: contributionId },
      federationId: c.federation?.id ?? null,
      details: change === 'withdraw' ? {} : { changed: Object.keys(change).sort() },
    });
    return updated;
  });
}
