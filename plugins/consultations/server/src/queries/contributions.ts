import type { Core } from '@strapi/strapi';
import { getService, NotFoundError, pageMeta, type Actor } from '@intranet-militant/shared';
import { SimilarityIndex } from '../domain/similarity';
import type { Consultation, ContributionRow } from '../services/consultations';
import { assertEligible } from '../commands/checks';
import { PHASE_LABELS, phaseIsOpen } from '../domain/phases';
import { readable, refuse, running } from './consultations';

/** Reads of contributions: staff read them all with their authors; a member, their own. */

export interface ContributionFilter {
  state?: 'submitted' | 'withdrawn' | 'hidden';
  unassigned?: 'true' | 'false';
  category?: string;
}

/** The rows a reader may list, as a query-engine filter: all for staff, their own for a member. */
async function listable(strapi: Core.Strapi, c: Consultation, actor: Actor, staff: boolean, filter: ContributionFilter): Promise<Record<string, unknown>> {
  const where: Record<string, unknown> = {};
  if (!staff) where.author = { id: actor.memberId ?? -1 };
  if (filter.state) where.state = filter.state;
  if (filter.unassigned === 'true') {
    // Submitted and in no proposal (a `$null` filter on the relation misses rows that never had one).
    const assigned = await getService(strapi, 'consultations', 'consultations').assignedContributionIds(c.id);
    where.$and = [{ state: 'submitted' }, ...(assigned.length ? [{ id: { $notIn: assigned } }] : [])];
  }
  if (filter.category) where.category = filter.category;
  return where;
}

/** One page of the contributions the actor may list (paged by the database). @throws 404, 403 */
export async function listContributions(strapi: Core.Strapi, actor: Actor, documentId: string, query: ContributionFilter & { page: number; pageSize: number }) {
  const { c, staff } = await readable(strapi, actor, documentId);
  const filter = await listable(strapi, c, actor, staff, query);
  const { rows, total } = await getService(strapi, 'consultations', 'consultations').contributionsPage(c.id, filter, query.page, query.pageSize);
  const data = await getService(strapi, 'consultations', 'views').shownContributions(c, rows, staff);
  return { data, meta: pageMeta(query.page, query.pageSize, total) };
}

/** One contribution: staff read any (with its author), a member their own. @throws 404, 403 */
export async function readContribution(strapi: Core.Strapi, actor: Actor, documentId: string, contributionId: string) {
  const { c, staff } = await readable(strapi, actor, documentId);
  const row = await getService(strapi, 'consultations', 'consultations').contributionOf(c.id, contributionId);
  if (!row) throw new NotFoundError('Contribution introuvable.');
  if (!staff && (row.author?.id ?? null) !== actor.memberId) {
    refuse('Les contributions des autres adhérents sont lues par l’équipe qui conduit la consultation.');
  }
  const [shown] = await getService(strapi, 'consultations', 'views').shownContributions(c, [row], staff);
  return shown;
}

/** The similarity index of the consultation's usable contributions. */
async function similarity(strapi: Core.Strapi, c: Consultation) {
  const rows = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted');
  return { rows, byId: new Map<number, ContributionRow>(rows.map((x) => [x.id, x])), index: new SimilarityIndex(rows.map((x) => ({ id: x.id, title: x.title, body: x.body }))) };
}

/** Staff: the contributions closest to one (French-aware similarity). @throws 404, 403 */
export async function similarContributions(strapi: Core.Strapi, actor: Actor, documentId: string, contributionId: string) {
  const { c } = await running(strapi, actor, documentId);
  const { rows, byId, index } = await similarity(strapi, c);
  const target = rows.find((x) => x.documentId === contributionId);
  if (!target) throw new NotFoundError('Contribution introuvable (ou retirée, ou masquée).');
  return index.nearest(target.id, 10).map((n) => {
    const x = byId.get(n.id)!;
    return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title, score: Number(n.score.toFixed(3)), shared: n.shared, proposal: x.proposal?.documentId ?? null };
  });
}

/** How many titles a member writing a contribution is shown, and how close they must be. */
export const SIMILAR_SHOWN = 5;
const SIMILAR_MIN_SCORE = 0.12;

/**
 * A member writing a contribution: the titles of the submitted contributions closest to the
 * text being written (French-aware similarity), so that they may join an idea already there
 * rather than repeat it. Titles only: no author, no text, nothing withdrawn or hidden by
 * moderation; `mine` marks the member's own. Only to members who may contribute (addressed
 * and eligible), only while the contribution phase is open. Reads only.
 * @throws 404 (not addressed), 403 (ineligible, quick question, outside the phase)
 */
export async function similarForMember(strapi: Core.Strapi, actor: Actor, documentId: string, query: { text: string; except?: string }) {
  const { c } = await readable(strapi, actor, documentId);
  if (c.kind !== 'full') refuse('Une question rapide ne reçoit pas de contributions.');
  await assertEligible(strapi, actor, c);
  const calendar = getService(strapi, 'consultations', 'consultations').calendar(c);
  if (!phaseIsOpen(calendar, 'contribution', c.phase, new Date().toISOString())) {
    refuse(`Les contributions semblables s’affichent pendant la phase « ${PHASE_LABELS.contribution} » ; la consultation est en phase « ${PHASE_LABELS[c.phase]} ».`);
  }
  const rows = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted' && x.documentId !== query.except);
  const byId = new Map<number, ContributionRow>(rows.map((x) => [x.id, x]));
  const QUERY = -1;
  const index = new SimilarityIndex([...rows.map((x) => ({ id: x.id, title: x.title, body: x.body })), { id: QUERY, title: query.text, body: '' }]);
  return index.nearest(QUERY, SIMILAR_SHOWN, SIMILAR_MIN_SCORE).map((n) => {
    const x = byId.get(n.id)!;
    return { title: x.title, mine: actor.memberId != null && x.author?.id === actor.memberId };
  });
}

/** Staff: groups of similar contributions not yet in a proposal, to turn into proposals. @throws 404, 403 */
export async function suggestGroups(strapi: Core.Strapi, actor: Actor, documentId: string, query: { threshold: number; limit: number }) {
  const { c } = await running(strapi, actor, documentId);
  const { rows, byId, index } = await similarity(strapi, c);
  const unassigned = rows.filter((x) => !x.proposal).map((x) => x.id);
  return {
    data: index
      .groups({ threshold: query.threshold, ids: unassigned })
      .slice(0, query.limit)
      .map((g) => ({
        keywords: g.keywords,
        cohesion: Number(g.cohesion.toFixed(3)),
        contributions: g.ids.map((id) => {
          const x = byId.get(id)!;
          return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title };
        }),
      })),
    meta: { unassigned: unassigned.length, threshold: query.threshold },
  };
}
