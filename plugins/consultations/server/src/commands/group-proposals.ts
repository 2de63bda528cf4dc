import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { Consultation } from '../services/consultations';
import { CONTRIBUTION_UID, PROPOSAL_UID } from '../uids';
import { assertPhase, assertRuns, loadConsultation } from './checks';

/**
 * Grouping contributions into proposals, during the analysis phase. A contribution feeds
 * at most one proposal; a merge moves the sources and keeps the merged proposal, marked
 * as merged into the other: nothing is deleted, every step is in the audit log.
 */

async function open(strapi: Core.Strapi, actor: Actor, consultationId: string) {
  const c = await loadConsultation(strapi, consultationId);
  assertRuns(actor, c);
  if (c.kind !== 'full') throw new ConflictError('Une question rapide n’a pas de propositions.');
  assertPhase(strapi, c, 'analysis', 'Regroupement impossible');
  return c;
}

async function activeProposal(strapi: Core.Strapi, c: Consultation, documentId: string) {
  const proposal = await strapi.db.query(PROPOSAL_UID).findOne({ where: { documentId, consultation: { id: c.id } } });
  if (!proposal) throw new NotFoundError('Proposition introuvable.');
  if (proposal.state !== 'active') throw new ConflictError('Cette proposition a été fusionnée dans une autre.');
  return proposal;
}

/** The consultation's submitted contributions with these documentIds, or a 400 naming the others. */
async function sourcesOf(strapi: Core.Strapi, c: Consultation, documentIds: string[]) {
  if (documentIds.length === 0) return [];
  const found = await strapi.db.query(CONTRIBUTION_UID).findMany({
    where: { documentId: { $in: documentIds }, consultation: { id: c.id } },
    select: ['id', 'documentId', 'state'],
  });
  const usable = new Set(found.filter((x: any) => x.state === 'submitted').map((x: any) => x.documentId));
  const refused = documentIds.filter((id) => !usable.has(id));
  if (refused.length) {
    throw fieldError('sources', `Contributions inconnues, retirées ou masquées : ${refused.slice(0, 5).join(', ')}${refused.length > 5 ? '…' : ''}.`);
  }
  return found.map((x: any) => x.id as number);
}

/** Points contributions at a proposal (or none). Row by row: relations live in link tables, which `updateMany` does not write. */
async function assign(strapi: Core.Strapi, contributionIds: number[], proposalId: number | null) {
  for (const id of contributionIds) await strapi.db.query(CONTRIBUTION_UID).update({ where: { id }, data: { proposal: proposalId } });
}

async function audit(strapi: Core.Strapi, actor: Actor, c: Consultation, verb: string, proposalId: string, details: Record<string, unknown>) {
  await recordAudit(strapi, {
    actor: auditActorOf(actor),
    action: `plugin::consultations.proposal.${verb}`,
    subject: { type: PROPOSAL_UID, id: proposalId },
    federationId: c.federation?.id ?? null,
    details: { consultation: c.documentId, ...details },
  });
}

export async function createProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, input: { title: string; summary?: string; sources: string[] }) {
  const c = await open(strapi, actor, consultationId);
  return strapi.db.transaction(async () => {
    const sources = await sourcesOf(strapi, c, input.sources);
    const proposal = await strapi.documents(PROPOSAL_UID).create({
      data: { title: input.title, summary: input.summary ?? null, state: 'active', consultation: c.id } as any,
    });
    await assign(strapi, sources, proposal.id as number);
    await audit(strapi, actor, c, 'create', proposal.documentId, { title: input.title, sources: input.sources });
    return proposal;
  });
}

export async function updateProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, input: { title?: string; summary?: string }) {
  const c = await open(strapi, actor, consultationId);
  await activeProposal(strapi, c, proposalId);
  return strapi.db.transaction(async () => {
    const updated: any = await strapi.documents(PROPOSAL_UID).update({ documentId: proposalId, data: input as any });
    await audit(strapi, actor, c, 'update', proposalId, { changed: Object.keys(input).sort() });
    return updated;
  });
}

/** Moves contributions into this proposal (from wherever they were) or back out of it. */
export async function changeSources(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, input: { add: string[]; remove: string[] }) {
  const c = await open(strapi, actor, consultationId);
  const proposal = await activeProposal(strapi, c, proposalId);
  return strapi.db.transaction(async () => {
    await assign(strapi, await sourcesOf(strapi, c, input.add), proposal.id);
    if (input.remove.length) {
      const leaving = await strapi.db.query(CONTRIBUTION_UID).findMany({
        where: { documentId: { $in: input.remove }, proposal: { id: proposal.id } },
        select: ['id'],
      });
      await assign(strapi, leaving.map((x: any) => x.id), null);
    }
    await audit(strapi, actor, c, 'sources', proposalId, { add: input.add, remove: input.remove });
    return proposal;
  });
}

export async function mergeProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, intoId: string) {
  const c = await open(strapi, actor, consultationId);
  if (proposalId === intoId) throw fieldError('into', 'Une proposition ne se fusionne pas avec elle-même.');
  const from = await activeProposal(strapi, c, proposalId);
  const into = await activeProposal(strapi, c, intoId);
  return strapi.db.transaction(async () => {
    const sources = await strapi.db.query(CONTRIBUTION_UID).findMany({ where: { proposal: { id: from.id } }, select: ['id'] });
    await assign(strapi, sources.map((x: any) => x.id), into.id);
    await strapi.db.query(PROPOSAL_UID).update({ where: { id: from.id }, data: { state: 'merged', mergedInto: into.id } });
    await audit(strapi, actor, c, 'merge', proposalId, { into: intoId });
    return into;
  });
}
