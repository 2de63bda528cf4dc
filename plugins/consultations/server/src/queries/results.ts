import type { Core } from '@strapi/strapi';
import { getService, NotFoundError, type Actor } from '@intranet-militant/shared';
import { effortImpactChart } from '../domain/chart';
import { countedElectorate } from '../domain/roll';
import { seesEvaluation, seesProposals, seesSynthesis, seesVoteResults } from '../services/views';
import type { EXPORT_KINDS } from '../validation/schemas';
import { readable, refuse, running } from './consultations';

/**
 * What a consultation produced — proposals, evaluation, synthesis, vote — each published
 * at its point of the consultation's life (its effective phase), to its staff earlier.
 */

/** Proposals with their sources, from the evaluation on (with the reader's own grades). @throws 404, 403 */
export async function proposalsFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, staff } = await readable(strapi, actor, documentId);
  if (!seesProposals(c, staff)) refuse('Les propositions sont publiées à l’ouverture de l’évaluation.');
  return getService(strapi, 'consultations', 'views').proposals(c, actor, staff);
}

/** One proposal as the actor sees it (after a write), or undefined. */
export async function proposalFor(strapi: Core.Strapi, actor: Actor, documentId: string, proposalId: string) {
  return (await proposalsFor(strapi, actor, documentId)).find((p) => p.documentId === proposalId);
}

/** The evaluation's results, once the evaluation is over (to its staff at any time). @throws 404, 403 */
export async function evaluationFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, staff } = await readable(strapi, actor, documentId);
  if (c.kind !== 'full') refuse('Une question rapide n’a pas d’évaluation : voyez les résultats du vote.');
  if (!seesEvaluation(c, staff)) refuse('Les résultats de l’évaluation sont publiés à la fin de l’évaluation.');
  return { c, results: await getService(strapi, 'consultations', 'views').evaluation(c) };
}

/** The effort × impact chart of an evaluation's results, as an SVG document. */
export function chartOf(title: string, proposals: (Omit<Parameters<typeof effortImpactChart>[1][number], 'id'> & { inSynthesis: boolean })[]) {
  return effortImpactChart(
    `Effort et impact des propositions — ${title}`,
    proposals.map((p) => ({ ...p, id: p.number })),
    new Set(proposals.filter((p) => p.inSynthesis).map((p) => p.number))
  );
}

/** The evaluation's chart, for whoever may read its results. @throws 404, 403 */
export async function evaluationChartFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, results } = await evaluationFor(strapi, actor, documentId);
  return chartOf(c.title, results.proposals);
}

/** The synthesis, from the vote on (to its staff at any time). @throws 404, 403 */
export async function synthesisFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, staff } = await readable(strapi, actor, documentId);
  if (!seesSynthesis(c, staff)) refuse('La synthèse est publiée à l’ouverture du vote.');
  const synthesis = await getService(strapi, 'consultations', 'views').synthesis(c);
  if (!synthesis) throw new NotFoundError('La synthèse n’est pas encore composée.');
  return { c, synthesis };
}

/** The synthesis as a printable page, with where each part came from. @throws 404, 403 */
export async function printableSynthesisFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c } = await synthesisFor(strapi, actor, documentId);
  return getService(strapi, 'consultations', 'exports').printable(c);
}

/** Whether the actor voted; the results once the vote is closed (never before). @throws 404, 403 */
export async function voteFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c } = await readable(strapi, actor, documentId);
  return {
    phase: c.phase,
    voted: actor.memberId ? (await getService(strapi, 'consultations', 'participation').of(actor.memberId, { voted: [c.id] })).voted.has(c.id) : false,
    results: seesVoteResults(c) ? c.results : null,
  };
}

/** The ballots, published at the close: find your receipt, recount if you wish. @throws 404, 403 */
export async function ballotsFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c } = await readable(strapi, actor, documentId);
  if (!seesVoteResults(c)) refuse('Les bulletins sont publiés à la clôture du vote.');
  const ballots = await getService(strapi, 'consultations', 'tallies').ballotsOf(c.id);
  // The electorate the count used (`countedElectorate`), so that a recount gives the same figures.
  return { data: ballots, meta: { total: ballots.length, eligible: countedElectorate(c.eligibleAtVote, ballots.length) } };
}

/** A CSV export for its staff (the ballots only after the close). @throws 404, 403 */
export async function exportFor(strapi: Core.Strapi, actor: Actor, documentId: string, kind: (typeof EXPORT_KINDS)[number]) {
  const { c } = await running(strapi, actor, documentId);
  if (kind === 'votes' && !seesVoteResults(c)) refuse('Les bulletins ne sont exportables qu’après la clôture du vote.');
  return { filename: `consultation-${c.documentId}-${kind}.csv`, csv: await getService(strapi, 'consultations', 'exports')[kind](c) };
}
