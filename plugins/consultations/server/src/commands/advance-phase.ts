import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, getService, type Actor } from '@intranet-militant/shared';
import { nextPhase, PHASE_LABELS, type Phase } from '../domain/phases';
import type { Consultation } from '../services/consultations';
import { assertRuns } from './checks';
import { inPhase } from './in-phase';

/**
 * Staff end the current phase now (or publish a draft). The phase they end is named, so
 * that a double click or a race with the clock never skips a phase.
 *
 * @returns the consultation in its new phase
 * @throws ForbiddenError (403) to whoever does not run it; ConflictError (409) when it is
 * no longer in `from`, is closed, or the next phase lacks proposals or a synthesis
 */
export async function advancePhase(strapi: Core.Strapi, actor: Actor, documentId: string, from: Phase): Promise<Consultation> {
  const consultations = getService(strapi, 'consultations', 'consultations');
  return inPhase(
    strapi,
    documentId,
    {
      phase: from,
      exclusive: true,
      check: (c) => assertRuns(actor, c),
      wrongPhase: (c) => new ConflictError(`La consultation est déjà en phase « ${PHASE_LABELS[c.phase]} ».`, { phase: c.phase }),
      afterEnd: true,
    },
    async (c) => {
      const next = nextPhase(c.kind, c.phase);
      if (!next) throw new ConflictError('La consultation est close : il n’y a plus de phase suivante.', { phase: c.phase });
      if (next === 'evaluation' && !(await consultations.proposalsOf(c.id)).some((p) => p.state === 'active')) {
        throw new ConflictError('Aucune proposition à évaluer : regroupez d’abord les contributions.', { phase: c.phase });
      }
      if (next === 'vote' && c.kind === 'full' && !(await consultations.synthesisOf(c.id))?.sections?.length) {
        throw new ConflictError('Le vote ne peut ouvrir sans synthèse : composez-la d’abord.', { phase: c.phase });
      }
      return getService(strapi, 'consultations', 'clock').moveTo(c, next, auditActorOf(actor));
    }
  );
}
