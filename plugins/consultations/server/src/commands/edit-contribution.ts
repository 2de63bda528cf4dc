import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { Consultation } from '../services/consultations';
import { CONTRIBUTION_UID } from '../uids';
import { assertSees, CONTRIBUTION_NOT_FOUND, runs } from './checks';
import { inPhase } from './in-phase';

export type ContributionChange = { title?: string; body?: string; category?: string | null } | 'withdraw';

/**
 * The author edits or withdraws their contribution until the contribution phase ends.
 *
 * @returns the updated contribution
 * @throws NotFoundError (404) for an unknown contribution, or another member's to a member;
 * ForbiddenError (403) to the consultation's staff (they read it, only its author edits it); ConflictError (409) outside the contribution phase, or when it is
 * withdrawn or hidden; ValidationError (400) for an unknown category
 */
export async function editContribution(strapi: Core.Strapi, actor: Actor, consultationId: string, contributionId: string, change: ContributionChange) {
  const rule = {
    phase: 'contribution' as const,
    action: change === 'withdraw' ? 'Retrait impossible' : 'Modification impossible',
    check: async (c: Consultation) => {
      assertSees(actor, c);
      const contribution = await strapi.db.query(CONTRIBUTION_UID).findOne({
        where: { documentId: contributionId, consultation: { id: c.id } },
        populate: { author: { select: ['id'] } },
      });
      const own = !!contribution && !!actor.memberId && contribution.author?.id === actor.memberId;
      // Another member's contribution looks absent to whoever may not read it; its staff are told why.
      if (!contribution || (!own && !runs(actor, c))) throw new NotFoundError(CONTRIBUTION_NOT_FOUND);
      if (!own) throw new ForbiddenError('Vous ne pouvez modifier que vos propres contributions.');
      return contribution as { state: string };
    },
  };
  const updated = await inPhase(strapi, consultationId, rule, async (c, contribution) => {
    if (contribution.state !== 'submitted') {
      throw new ConflictError(contribution.state === 'withdrawn' ? 'Cette contribution est déjà retirée.' : 'Cette contribution a été masquée par la modération.');
    }
    if (change !== 'withdraw' && change.category && c.categories?.length && !c.categories.includes(change.category)) {
      throw fieldError('category', `Catégorie inconnue. Au choix : ${c.categories.join(', ')}.`);
    }
    const saved = await strapi.documents(CONTRIBUTION_UID).update({
      documentId: contributionId,
      data: (change === 'withdraw' ? { state: 'withdrawn' } : change) as never, // no generated types for plugin content types
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: change === 'withdraw' ? 'plugin::consultations.contribution.withdraw' : 'plugin::consultations.contribution.edit',
      subject: { type: CONTRIBUTION_UID, id: contributionId },
      federationId: c.federation?.id ?? null,
      details: change === 'withdraw' ? {} : { changed: Object.keys(change).sort() },
    });
    return saved!; // the contribution was found in this transaction
  });
  // The edited text's sentence embedding, when a provider is configured: computed now, off the request's path.
  if (change !== 'withdraw') getService(strapi, 'consultations', 'grouping').embedInBackground([{ id: Number(updated.id), title: updated.title, body: updated.body }]);
  return updated;
}
