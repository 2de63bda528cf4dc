import type { Core } from '@strapi/strapi';
import { getService, NotFoundError, pageMeta, type Actor } from '@intranet-militant/shared';
import type { Consultation, ContributionRow } from '../services/consultations';
import { assertEligible } from '../commands/checks';
import { PHASE_LABELS, phaseIsOpen } from '../domain/phases';
import { readable, refuse, running } from './consultations';
import { CONTRIBUTION_NOT_FOUND } from '../commands/checks';

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
  // Another member's contribution looks absent to a member: only the consultation's staff read them.
  if (!row || (!staff && (row.author?.id ?? null) !== actor.memberId)) throw new NotFoundError(CONTRIBUTION_NOT_FOUND);
  const [shown] = await getService(strapi, 'consultations', 'views').shownContributions(c, [row], staff);
  return shown;
}

/** The consultation's kept similarity index, up to date with its submitted contributions (services/grouping.ts). */
async function similarity(strapi: Core.Strapi, c: Consultation) {
  const rows = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted');
  const index = await getService(strapi, 'consultations', 'grouping').indexOf(c.id, rows);
  return { rows, byId: new Map<number, ContributionRow>(rows.map((x) => [x.id, x])), index };
}

/** Staff: the contributions closest to one, with the words and concepts that tie them. @throws 404, 403 */
export async function similarContributions(strapi: Core.Strapi, actor: Actor, documentId: string, contributionId: string) {
  const { c } = await running(strapi, actor, documentId);
  const { rows, byId, index } = await similarity(strapi, c);
  const target = rows.find((x) => x.documentId === contributionId);
  if (!target) throw new NotFoundError('Contribution introuvable (ou retirée, ou masquée).');
  // The kept index may still hold contributions withdrawn or hidden since: never shown.
  return index
    .nearest(target.id, 30)
    .filter((n) => byId.has(n.id))
    .slice(0, 10)
    .map((n) => {
      const x = byId.get(n.id)!;
      return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title, score: Number(n.score.toFixed(3)), shared: n.shared, concepts: n.concepts, proposal: x.proposal?.documentId ?? null };
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
  const all = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted');
  const byId = new Map<number, ContributionRow>(all.filter((x) => x.documentId !== query.except).map((x) => [x.id, x]));
  // The same kept index as the staff's suggestions: the text being written is folded in, not added.
  const index = await getService(strapi, 'consultations', 'grouping').indexOf(c.id, all);
  return index.nearestToText({ title: query.text, body: '' }, SIMILAR_SHOWN, SIMILAR_MIN_SCORE, (id) => !byId.has(id)).map((n) => {
    const x = byId.get(n.id)!;
    return { title: x.title, mine: actor.memberId != null && x.author?.id === actor.memberId };
  });
}

/**
 * Staff: suggestions for the contributions not yet in a proposal — groups to turn into
 * proposals, each with its confidence and the words and concepts that tie it. (The « add to
 * proposal » suggestions are in the workbench.) @throws 404, 403
 */
export async function suggestGroups(strapi: Core.Strapi, actor: Actor, documentId: string, query: { threshold: number; limit: number }) {
  const { c } = await running(strapi, actor, documentId);
  const rows = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted');
  const byId = new Map<number, ContributionRow>(rows.map((x) => [x.id, x]));
  const found = await getService(strapi, 'consultations', 'grouping').suggestions(c.id, rows, query);
  const ref = (id: number) => {
    const x = byId.get(id)!;
    return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title };
  };
  return {
    data: found.groups.map((g) => ({
      keywords: g.keywords,
      concepts: g.concepts,
      cohesion: Number(g.cohesion.toFixed(3)),
      confidence: Number(g.confidence.toFixed(2)),
      contributions: g.ids.map(ref),
    })),
    meta: {
      unassigned: found.unassigned,
      threshold: query.threshold,
      placements: found.placements.slice(0, query.limit).map((p) => ({
        contribution: ref(p.id),
        proposal: p.proposal,
        confidence: Number(p.confidence.toFixed(2)),
        calibrated: p.calibrated,
        shared: p.shared,
        concepts: p.concepts,
      })),
    },
  };
}
