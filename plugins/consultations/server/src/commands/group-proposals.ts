import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { Consultation } from '../services/consultations';
import { CONTRIBUTION_UID, PROPOSAL_UID, REJECTION_UID } from '../uids';
import { assertRuns } from './checks';
import { inPhase } from './in-phase';

/**
 * Grouping contributions into proposals, during the analysis phase. A contribution feeds
 * at most one proposal; a merge moves the sources and keeps the merged proposal, marked
 * as merged into the other: nothing is deleted, every step is in the audit log.
 */

/** Grouping belongs to the analysis phase and to the consultation's staff. */
export const grouping = (actor: Actor) => ({
  phase: 'analysis' as const,
  action: 'Regroupement impossible',
  check: (c: Consultation) => {
    assertRuns(actor, c);
    if (c.kind !== 'full') throw new ConflictError('Une question rapide n’a pas de propositions.');
  },
});

export async function activeProposal(strapi: Core.Strapi, c: Consultation, documentId: string): Promise<{ id: number; documentId: string }> {
  const proposal = await strapi.db.query(PROPOSAL_UID).findOne({ where: { documentId, consultation: { id: c.id } } });
  if (!proposal) throw new NotFoundError('Proposition introuvable.');
  if (proposal.state !== 'active') throw new ConflictError('Cette proposition a été fusionnée dans une autre.');
  return proposal;
}

/** The consultation's submitted contributions with these documentIds, or a 400 naming the others. */
export async function sourcesOf(strapi: Core.Strapi, c: Consultation, documentIds: string[]) {
  if (documentIds.length === 0) return [];
  const found: { id: number; documentId: string; state: string }[] = await strapi.db.query(CONTRIBUTION_UID).findMany({
    where: { documentId: { $in: documentIds }, consultation: { id: c.id } },
    select: ['id', 'documentId', 'state'],
  });
  const usable = new Set(found.filter((x) => x.state === 'submitted').map((x) => x.documentId));
  const refused = documentIds.filter((id) => !usable.has(id));
  if (refused.length) {
    throw fieldError('sources', `Contributions inconnues, retirées ou masquées : ${refused.slice(0, 5).join(', ')}${refused.length > 5 ? '…' : ''}.`);
  }
  return found.map((x) => x.id as number);
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

/**
 * A new proposal, fed by these contributions (moved from wherever they were).
 * @throws ForbiddenError (403) to whoever does not run the consultation; ConflictError (409)
 * outside the analysis; ValidationError (400) for unknown, withdrawn or hidden sources
 */
export async function createProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, input: { title: string; summary?: string; sources: string[] }) {
  return inPhase(strapi, consultationId, grouping(actor), async (c) => {
    const sources = await sourcesOf(strapi, c, input.sources);
    const proposal = await strapi.documents(PROPOSAL_UID).create({
      data: { title: input.title, summary: input.summary ?? null, state: 'active', consultation: c.id },
    });
    await assign(strapi, sources, proposal.id as number);
    await audit(strapi, actor, c, 'create', proposal.documentId, { title: input.title, sources: input.sources });
    return proposal;
  });
}

/** Renames or re-summarises an active proposal. Throws as `createProposal`, and NotFoundError (404) / 409 for a merged one. */
export async function updateProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, input: { title?: string; summary?: string }) {
  return inPhase(strapi, consultationId, grouping(actor), async (c) => {
    await activeProposal(strapi, c, proposalId);
    const updated = await strapi.documents(PROPOSAL_UID).update({ documentId: proposalId, data: input as never });
    await audit(strapi, actor, c, 'update', proposalId, { changed: Object.keys(input).sort() });
    return updated;
  });
}

/** Moves contributions into this proposal (from wherever they were) or back out of it. */
export async function changeSources(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, input: { add: string[]; remove: string[] }) {
  return inPhase(strapi, consultationId, grouping(actor), async (c) => {
    const proposal = await activeProposal(strapi, c, proposalId);
    await assign(strapi, await sourcesOf(strapi, c, input.add), proposal.id);
    if (input.remove.length) {
      const leaving = await strapi.db.query(CONTRIBUTION_UID).findMany({
        where: { documentId: { $in: input.remove }, proposal: { id: proposal.id } },
        select: ['id'],
      });
      await assign(strapi, leaving.map((x: { id: number }) => x.id), null);
      // Staff separated them from this proposal: the suggestions learn it (never suggested back).
      for (const x of leaving as { id: number }[]) {
        await strapi.db.query(REJECTION_UID).create({ data: { consultation: c.id, contribution: x.id, proposal: proposal.id } });
      }
    }
    await audit(strapi, actor, c, 'sources', proposalId, { add: input.add, remove: input.remove });
    return proposal;
  });
}

/** Merges a proposal into another: its sources move, it stays, marked as merged. Throws as `updateProposal`. */
export async function mergeProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, intoId: string) {
  return inPhase(strapi, consultationId, grouping(actor), async (c) => {
    if (proposalId === intoId) throw fieldError('into', 'Une proposition ne se fusionne pas avec elle-même.');
    const from = await activeProposal(strapi, c, proposalId);
    const into = await activeProposal(strapi, c, intoId);
    const sources = await strapi.db.query(CONTRIBUTION_UID).findMany({ where: { proposal: { id: from.id } }, select: ['id'] });
    await assign(strapi, sources.map((x: { id: number }) => x.id), into.id);
    await strapi.db.query(PROPOSAL_UID).update({ where: { id: from.id }, data: { state: 'merged', mergedInto: into.id } });
    await audit(strapi, actor, c, 'merge', proposalId, { into: intoId });
    return into;
  });
}
