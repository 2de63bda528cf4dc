import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { CONTRIBUTION_UID } from '../uids';
import { assertRuns, CONTRIBUTION_NOT_FOUND } from './checks';
import { inPhase } from './in-phase';

/**
 * Staff hide a contribution with a reason, or bring it back, in any phase. Nothing is
 * ever deleted, and nothing it already fed changes: a hidden source stays a source (its
 * text is masked for members); a hidden contribution just cannot join a proposal any more.
 *
 * @returns the updated contribution
 * @throws ForbiddenError (403) to whoever does not run the consultation; NotFoundError
 * (404) for an unknown contribution; ConflictError (409) when it already is as asked
 */
export async function moderateContribution(strapi: Core.Strapi, actor: Actor, consultationId: string, contributionId: string, input: { hidden: boolean; reason: string }) {
  return inPhase(strapi, consultationId, { phase: 'any', check: (c) => assertRuns(actor, c) }, async (c) => {
    const contribution = await strapi.db.query(CONTRIBUTION_UID).findOne({ where: { documentId: contributionId, consultation: { id: c.id } } });
    if (!contribution) throw new NotFoundError(CONTRIBUTION_NOT_FOUND);
    if (input.hidden && contribution.state === 'hidden') throw new ConflictError('Cette contribution est déjà masquée.');
    if (!input.hidden && contribution.state !== 'hidden') throw new ConflictError('Cette contribution n’est pas masquée.');
    const updated = await strapi.documents(CONTRIBUTION_UID).update({
      documentId: contributionId,
      data: (input.hidden ? { state: 'hidden', hiddenReason: input.reason } : { state: 'submitted', hiddenReason: null }) as never, // no generated types for plugin content types
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: input.hidden ? 'plugin::consultations.contribution.hide' : 'plugin::consultations.contribution.restore',
      subject: { type: CONTRIBUTION_UID, id: contributionId },
      federationId: c.federation?.id ?? null,
      details: { reason: input.reason },
    });
    return updated!; // the contribution was found in this transaction
  });
}
