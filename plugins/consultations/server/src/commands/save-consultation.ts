import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { auditActorOf, fieldError, getService, recordAudit, type Actor } from '@intranet-militant/shared';
import type { Consultation } from '../services/consultations';
import { CONSULTATION_UID } from '../uids';
import type { ConsultationInput, ConsultationUpdate } from '../validation/schemas';
import { assertRuns, assertWouldRun } from './checks';
import { inPhase } from './in-phase';

/**
 * Staff announce a consultation: its process, audience, rules and calendar (a draft until published).
 * @returns the new consultation
 * @throws ForbiddenError (403) when its federation is not the actor's; ValidationError (400)
 * for an unknown federation or section, or a calendar that does not hold together
 */
export async function createConsultation(strapi: Core.Strapi, actor: Actor, input: ConsultationInput): Promise<Consultation> {
  const data = await toAttributes(strapi, actor, input);
  return strapi.db.transaction(async () => {
    const created = await strapi.documents(CONSULTATION_UID).create({ data: { ...data, phase: 'draft' } });
    const consultation = (await getService(strapi, 'consultations', 'consultations').byDocumentId(created.documentId))!;
    assertWouldRun(actor, consultation);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.consultation.create',
      subject: { type: CONSULTATION_UID, id: consultation.documentId },
      federationId: consultation.federation?.id ?? null,
      details: { title: consultation.title, kind: consultation.kind, audience: consultation.audience },
    });
    return consultation;
  });
}

/**
 * Changes what may still change (the integrity middleware refuses the rest once
 * published), holding the row against a phase step.
 * @returns the consultation as it now stands
 * @throws as `createConsultation`, and NotFoundError (404) for an unknown consultation
 */
export async function updateConsultation(strapi: Core.Strapi, actor: Actor, documentId: string, input: ConsultationUpdate): Promise<Consultation> {
  return inPhase(strapi, documentId, { phase: 'any', exclusive: true, check: (c) => assertRuns(actor, c) }, async (current) => {
    const data = await toAttributes(strapi, actor, input, current);
    await strapi.documents(CONSULTATION_UID).update({ documentId, data: data });
    const consultation = (await getService(strapi, 'consultations', 'consultations').byDocumentId(documentId))!;
    assertWouldRun(actor, consultation);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.consultation.update',
      subject: { type: CONSULTATION_UID, id: documentId },
      federationId: consultation.federation?.id ?? null,
      details: { changed: Object.keys(input).sort() },
    });
    return consultation;
  });
}

/** API shape → attributes; federation and section given by documentId. */
async function toAttributes(strapi: Core.Strapi, actor: Actor, input: ConsultationInput | ConsultationUpdate, current?: Consultation) {
  const directory = getService(strapi, 'membership', 'directory');
  const data: Record<string, unknown> = {};
  const copy = ['kind', 'title', 'description', 'audience', 'eligibilityCutoff', 'opensAt', 'quorumPercent', 'majority', 'votePerSection', 'synthesisSize', 'categories', 'question', 'answerType', 'choices'] as const;
  for (const field of copy) if (field in input && (input as Record<string, unknown>)[field] !== undefined) data[field] = (input as Record<string, unknown>)[field];
  if (input.federation !== undefined) {
    const federation = await directory.federationByDocumentId(input.federation);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    data.federation = federation.id;
  }
  if (input.section !== undefined) {
    const section = await directory.sectionByDocumentId(input.section);
    // Another federation's section looks absent (membership's `section.read`).
    if (!section || !directory.mayReadSection(actor, { federationId: section.federation?.id ?? null })) throw fieldError('section', 'Section inconnue.');
    data.section = section.id;
  }
  // A federation consultation defaults to the staff member's own federation.
  const audience = input.audience ?? current?.audience;
  if (audience === 'federation' && input.federation === undefined && !current?.federation && actor.federationId) data.federation = actor.federationId;
  if (audience === 'national') Object.assign(data, { federation: null, section: null });
  if (audience === 'federation' && input.audience) data.section = null;
  for (const phase of ['contribution', 'analysis', 'evaluation', 'vote'] as const) {
    const given = input.phases?.[phase];
    if (given?.endsAt) data[`${phase}EndsAt`] = given.endsAt;
    if (given?.inCharge !== undefined) data[`${phase}InCharge`] = given.inCharge;
  }
  if (input.phases?.results?.inCharge !== undefined) data.resultsInCharge = input.phases.results.inCharge;
  return data;
}
