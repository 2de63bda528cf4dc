import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, getService, recordAudit, type Actor } from '@intranet-militant/shared';
import type { Consultation } from '../services/consultations';
import { CONTRIBUTION_UID } from '../uids';
import { assertEligible, assertSees } from './checks';
import { inPhase } from './in-phase';

/** Beyond this, a member is flooding rather than contributing. */
export const MAX_CONTRIBUTIONS_PER_MEMBER = 30;

/**
 * An eligible member contributes, during the contribution phase, under their own name.
 *
 * @returns the new contribution
 * @throws ConflictError (409) for a quick consultation, outside the contribution phase or
 * past the limit per member; ForbiddenError (403) outside the audience or ineligible;
 * ValidationError (400) for an unknown category
 */
export async function submitContribution(strapi: Core.Strapi, actor: Actor, consultationId: string, input: { title: string; body: string; category?: string | null }) {
  const rule = {
    phase: 'contribution' as const,
    action: 'Contribution impossible',
    check: async (c: Consultation) => {
      assertSees(actor, c); // before anything about the consultation is told
      if (c.kind !== 'full') throw new ConflictError('Une question rapide ne reçoit pas de contributions.');
      await assertEligible(strapi, actor, c);
    },
  };
  const created = await inPhase(strapi, consultationId, rule, async (c) => {
    if (input.category && c.categories?.length && !c.categories.includes(input.category)) {
      throw fieldError('category', `Catégorie inconnue. Au choix : ${c.categories.join(', ')}.`);
    }
    const mine = await strapi.db.query(CONTRIBUTION_UID).count({ where: { consultation: { id: c.id }, author: { id: actor.memberId } } });
    if (mine >= MAX_CONTRIBUTIONS_PER_MEMBER) {
      throw new ConflictError(`Vous avez déjà déposé ${MAX_CONTRIBUTIONS_PER_MEMBER} contributions à cette consultation.`);
    }
    const contribution = await strapi.documents(CONTRIBUTION_UID).create({
      data: { ...input, category: input.category || null, state: 'submitted', consultation: c.id, author: actor.memberId },
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.contribution.submit',
      subject: { type: CONTRIBUTION_UID, id: contribution.documentId },
      federationId: c.federation?.id ?? null,
      details: { consultation: c.documentId, title: input.title },
    });
    return contribution;
  });
  // Its sentence embedding, when a provider is configured: computed now, off the request's path.
  getService(strapi, 'consultations', 'grouping').embedInBackground([{ id: Number(created.id), title: created.title, body: created.body }]);
  return created;
}
