import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, getService, recordAudit, type Actor } from '@intranet-militant/shared';
import { PHASE_LABELS } from '../domain/phases';
import type { Consultation } from '../services/consultations';
import { PROPOSAL_UID, SECTION_UID, SYNTHESIS_UID } from '../uids';
import { assertRuns } from './checks';
import { inPhase } from './in-phase';

/**
 * Staff compose the synthesis put to the vote: ordered parts, each carried by a proposal
 * (and so by its source contributions). By default, the top of the effort × impact
 * ranking. It is composed during the evaluation phase, and frozen once the vote opens.
 */
/** Composed during the evaluation (even once it has ended, while the vote waits for it), by its staff. */
const composing = (actor: Actor, check?: (c: Consultation) => void) => ({
  phase: 'evaluation' as const,
  action: 'Synthèse impossible',
  afterEnd: true,
  check: (c: Consultation) => {
    assertRuns(actor, c);
    if (c.kind !== 'full') throw new ConflictError('Une question rapide n’a pas de synthèse.');
    check?.(c);
  },
  wrongPhase: (c: Consultation) =>
    new ConflictError(
      ['vote', 'results'].includes(c.phase)
        ? 'La synthèse a été soumise au vote : elle ne change plus.'
        : `La synthèse se compose pendant la phase « ${PHASE_LABELS.evaluation} » (phase actuelle : « ${PHASE_LABELS[c.phase]} »).`,
      { phase: c.phase }
    ),
});

interface Part {
  proposal: { id: number; documentId: string; title: string; summary: string | null };
  title?: string;
  text?: string;
}

async function activeProposals(strapi: Core.Strapi, c: Consultation, documentIds: string[]) {
  if (new Set(documentIds).size !== documentIds.length) throw fieldError('proposals', 'Une proposition ne figure qu’une fois dans la synthèse.');
  const found = await strapi.db.query(PROPOSAL_UID).findMany({ where: { documentId: { $in: documentIds }, consultation: { id: c.id }, state: 'active' } });
  const byId = new Map<string, Part['proposal']>(found.map((p) => [p.documentId, p]));
  const missing = documentIds.filter((id) => !byId.has(id));
  if (missing.length) throw fieldError('proposals', `Propositions inconnues ou fusionnées : ${missing.slice(0, 5).join(', ')}.`);
  return documentIds.map((id) => byId.get(id)!);
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
      },
    });
  }
}

export async function buildSynthesis(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  input: { title?: string; preamble?: string; size?: number; proposals?: string[] }
) {
  const service = getService(strapi, 'consultations', 'consultations');
  return inPhase(strapi, consultationId, composing(actor), async (c) => {
    let chosen: Part['proposal'][];
    if (input.proposals) {
      chosen = await activeProposals(strapi, c, input.proposals);
    } else {
      const proposals = (await service.proposalsOf(c.id)).filter((p) => p.state === 'active');
      const ranking = await getService(strapi, 'consultations', 'tallies').ranking(c.id, proposals);
      const byId = new Map(proposals.map((p) => [p.id, p]));
      chosen = ranking.slice(0, input.size ?? c.synthesisSize ?? 20).map((r) => byId.get(r.id)!);
    }
    if (chosen.length === 0) throw new ConflictError('Aucune proposition à retenir : la synthèse serait vide.');
    const existing = await service.synthesisOf(c.id);
    const fields = { title: input.title ?? existing?.title ?? `Synthèse — ${c.title}`.slice(0, 200), preamble: input.preamble ?? existing?.preamble ?? null };
    if (existing) await strapi.db.query(SYNTHESIS_UID).update({ where: { id: existing.id }, data: fields });
    const synthesis = existing ?? (await strapi.documents(SYNTHESIS_UID).create({ data: { ...fields, state: 'draft', consultation: c.id } }));
    await writeParts(strapi, Number(synthesis.id), chosen.map((proposal) => ({ proposal })));
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
  const service = getService(strapi, 'consultations', 'consultations');
  return inPhase(strapi, consultationId, composing(actor), async (c) => {
    const synthesis = await service.synthesisOf(c.id);
    if (!synthesis) throw new ConflictError('Composez d’abord la synthèse à partir du classement.');
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
