import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, type Actor } from '@intranet-militant/shared';
import { nextPhase, PHASE_LABELS, type Phase } from '../domain/phases';
import type { Consultation } from '../services/consultations';
import { assertRuns, loadConsultation } from './checks';

/**
 * Staff end the current phase now (or publish a draft). The phase they end is named, so
 * that a double click or a race with the clock never skips a phase.
 */
export async function advancePhase(strapi: Core.Strapi, actor: Actor, documentId: string, from: Phase): Promise<Consultation> {
  const c = await loadConsultation(strapi, documentId);
  assertRuns(actor, c);
  if (c.phase !== from) {
    throw new ConflictError(`La consultation est déjà en phase « ${PHASE_LABELS[c.phase]} ».`, { phase: c.phase });
  }
  const next = nextPhase(c.kind, c.phase);
  if (!next) throw new ConflictError('La consultation est close : il n’y a plus de phase suivante.', { phase: c.phase });
  const consultations = strapi.plugin('consultations').service('consultations');
  if (next === 'evaluation') {
    const proposals = (await consultations.proposalsOf(c.id)).filter((p: any) => p.state === 'active');
    if (proposals.length === 0) throw new ConflictError('Aucune proposition à évaluer : regroupez d’abord les contributions.', { phase: c.phase });
  }
  if (next === 'vote' && c.kind === 'full') {
    const synthesis = await consultations.synthesisOf(c.id);
    if (!synthesis?.sections?.length) throw new ConflictError('Le vote ne peut ouvrir sans synthèse : composez-la d’abord.', { phase: c.phase });
  }
  return strapi.plugin('consultations').service('clock').moveTo(c, next, auditActorOf(actor));
}
