import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, recordAudit, type Actor } from '@intranet-militant/shared';
import { PHASE_LABELS } from '../domain/phases';
import type { Consultation } from '../services/consultations';
import { PROPOSAL_UID, SECTION_UID, SYNTHESIS_UID } from '../uids';
import { assertRuns, holdPhase, loadConsultation } from './checks';

/**
 * Staff compose the synthesis put to the vote: ordered parts, each carried by a proposal
 * (and so by its source contributions). By default, the top of the effort × impact
 * ranking. It is composed during the evaluation phase, and frozen once the vote opens.
 */
async function open(strapi: Core.Strapi, actor: Actor, consultationId: string) {
  const c = await loadConsultation(strapi, consultationId);
  assertRuns(actor, c);
  if (c.kind !== 'full') throw new ConflictError('Une question rapide n’a pas de synthèse.');
  if (c.phase !== 'evaluation') {
    throw new ConflictError(
      ['vote', 'results'].includes(c.phase)
        ? 'La synthèse a été soumise au vote : elle ne change plus.'
        : `La synthèse se compose pendant la phase « ${PHASE_LABELS.evaluation} » (phase actuelle : « ${PHASE_LABELS[c.phase]} »).`,
      { phase: c.phase }
    );
  }
  return c;
}

interface Part {
  proposal: { id: number; documentId: string; title: string; summary: string | null };
  title?: string;
  text?: string;
}

async function activeProposals(strapi: Core.Strapi, c: Consultation, documentIds: string[]) {
  if (new Set(documentIds).size !== documentIds.length) throw fieldError('proposals', 'Une proposition ne figure qu’une fois dans la synthèse.');
  const found = await strapi.db.query(PROPOSAL_UID).findMany({ where: { documentId: { $in: documentIds }, consultation: { id: c.id }, state: 'active' } });
  const byId = new Map(found.map((p: any) => [p.documentId, p]));
  const missing = documentIds.filter((id) => !byId.has(id));
  if (missing.length) throw fieldError('proposals', `Propositions inconnues ou fusionnées : ${missing.slice(0, 5).join(', ')}.`);
  return documentIds.map((id) => byId.get(id));
}

async function writeParts(strapi: Core.Strapi, synthesisId: number, parts: Part[]) {
  const existing = await strapi.db.query(SECTION_UID).findMany({ where: { synthesis: { id: synthesisId } }, select: ['id'] });
  for (const { id } of existing) await strapi.db.query(SECTION_UID).delete({ where: { id } });
  for (const [index, part] of parts.entries()) {
    await strapi.documents(SECTION_UID).create({
      data: {
        synthesis: synthesisId,
        position: index + 1,
        title: part.title ?? part.proposal.title,
        text: part.text ?? part.proposal.summary ?? '',
        proposal: part.proposal.id,
      } as any,
    });
  }
}

export async function buildSynthesis(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  input: { title?: string; preamble?: string; size?: number; proposals?: string[] }
) {
  const c = await open(strapi, actor, consultationId);
  const service = strapi.plugin('consultations').service('consultations');
  let chosen: any[];
  if (input.proposals) {
    chosen = await activeProposals(strapi, c, input.proposals);
  } else {
    const proposals = (await service.proposalsOf(c.id)).filter((p: any) => p.state === 'active');
    const ranking = await strapi.plugin('consultations').service('tallies').ranking(c.id, proposals);
    const byId = new Map(proposals.map((p: any) => [p.id, p]));
    chosen = ranking.slice(0, input.size ?? c.synthesisSize ?? 20).map((r: any) => byId.get(r.id));
  }
  if (chosen.length === 0) throw new ConflictError('Aucune proposition à retenir : la synthèse serait vide.');
  return strapi.db.transaction(async () => {
    await holdPhase(strapi, c, 'evaluation', 'Synthèse impossible', { whenClosed: true });
    let synthesis = await service.synthesisOf(c.id);
    const fields = { title: input.title ?? synthesis?.title ?? `Synthèse — ${c.title}`.slice(0, 200), preamble: input.preamble ?? synthesis?.preamble ?? null };
    if (synthesis) await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: fields });
    else synthesis = await strapi.documents(SYNTHESIS_UID).create({ data: { ...fields, state: 'draft', consultation: c.id } as any });
    await writeParts(strapi, synthesis.id, chosen.map((proposal) => ({ proposal })));
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.synthesis.compose',
      subject: { type: SYNTHESIS_UID, id: synthesis.documentId },
      federationId: c.federation?.id ?? null,
      details: { consultation: c.documentId, proposals: chosen.map((p) => p.documentId), by: input.proposals ? 'selection' : 'ranking' },
    });
    return service.synthesisOf(c.id);
  });
}

export async function editSynthesis(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  input: { title?: string; preamble?: string; sections?: { proposal: string; title?: string; text?: string }[] }
) {
  const c = await open(strapi, actor, consultationId);
  const service = strapi.plugin('consultations').service('consultations');
  const synthesis = await service.synthesisOf(c.id);
  if (!synthesis) throw new ConflictError('Composez d’abord la synthèse à partir du classement.');
  return strapi.db.transaction(async () => {
    await holdPhase(strapi, c, 'evaluation', 'Synthèse impossible', { whenClosed: true });
    const fields: Record<string, unknown> = {};
    if (input.title !== undefined) fields.title = input.title;
    if (input.preamble !== undefined) fields.preamble = input.preamble;
    if (Object.keys(fields).length) await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: fields });
    if (input.sections) {
      const proposals = await activeProposals(strapi, c, input.sections.map((s) => s.proposal));
      await writeParts(strapi, synthesis.id, input.sections.map((s, i) => ({ proposal: proposals[i], title: s.title, text: s.text })));
    }
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.synthesis.edit',
      subject: { type: SYNTHESIS_UID, id: synthesis.documentId },
      federationId: c.federation?.id ?? null,
      details: { changed: Object.keys(input).sort() },
    });
    return service.synthesisOf(c.id);
  });
}
