import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { ForbiddenError, getService, NotFoundError, type Actor, type PluginServices } from '@intranet-militant/shared';
import { assertRuns, loadConsultation, runs } from '../commands/checks';
import { CONSULTATION_POPULATE, type Consultation } from '../services/consultations';
import { CONSULTATION_UID } from '../uids';
import { moduleOn } from './consultations';
import { chartOf } from './results';

/**
 * The staff screens of the admin panel (grouping workbench, results): the admin user acts
 * as the staff of their federation, through the same predicates, queries and commands as
 * the API.
 */

/** The admin-panel user of the request (`ctx.state.user` on admin routes). */
export type AdminUser = Parameters<PluginServices['membership']['admin-scope']['actorFor']>[0];

/**
 * The consultation for a staff member who runs it, with the module on in its federation,
 * and the actor they act as. @throws NotFoundError (404), ForbiddenError (403)
 */
export async function staffOpening(strapi: Core.Strapi, user: AdminUser, documentId: string): Promise<{ actor: Actor; c: Consultation }> {
  const c = await loadConsultation(strapi, documentId);
  const actor = await getService(strapi, 'membership', 'admin-scope').actorFor(user, c.federation?.departmentCode);
  assertRuns(actor, c);
  if (!(await moduleOn(strapi, c))) throw new ForbiddenError('Le module « Consultations » n’est pas activé pour cette fédération.', { module: 'consultations' });
  return { actor, c };
}

/** The consultations this staff member runs (one actor per federation they may hold), newest first. */
export async function workbenchList(strapi: Core.Strapi, user: AdminUser) {
  const adminScope = getService(strapi, 'membership', 'admin-scope');
  const actor = await adminScope.actorFor(user);
  const all: Consultation[] = await strapi.db.query(CONSULTATION_UID).findMany({ populate: CONSULTATION_POPULATE, orderBy: [{ opensAt: 'desc' }, { id: 'desc' }] });
  const actors = new Map<string, Actor>();
  const mine = [];
  for (const c of all) {
    const code = c.federation?.departmentCode ?? '';
    if (!actors.has(code)) actors.set(code, await adminScope.actorFor(user, code || null));
    if (runs(actors.get(code)!, c) && (await moduleOn(strapi, c))) {
      mine.push(getService(strapi, 'consultations', 'views').summary(await getService(strapi, 'consultations', 'clock').effective(c)));
    }
  }
  return { data: mine, meta: { role: actor.role } };
}

/**
 * Everything the grouping needs: unassigned contributions, suggestions (« add to proposal P »
 * learnt from the proposals formed so far, then groups of the rest to turn into proposals,
 * each with its confidence and reasons), proposals and their sources.
 */
export async function workbenchOverview(strapi: Core.Strapi, user: AdminUser, documentId: string, query: { threshold: number; limit: number }) {
  const { actor, c } = await staffOpening(strapi, user, documentId);
  const views = getService(strapi, 'consultations', 'views');
  const rows = (await getService(strapi, 'consultations', 'consultations').contributionsOf(c.id)).filter((x) => x.state === 'submitted');
  const usable = (await views.shownContributions(c, rows, true)) as { documentId: string; proposal?: unknown }[];
  const byId = new Map(rows.map((x, i) => [x.id, usable[i]]));
  const unassigned = usable.filter((x) => !x.proposal);
  const proposals = await views.proposals(c, actor, true);
  const found = c.kind === 'full' ? await getService(strapi, 'consultations', 'grouping').suggestions(c.id, rows, query) : null;
  // Every proposal's title, sources or not (a proposal staff only named can be suggested too).
  const titles = new Map(proposals.map((p) => [p.documentId, p.title] as const));
  return {
    consultation: await views.detail(c, actor, true),
    unassigned,
    placements: (found?.placements ?? []).slice(0, query.limit * 3).map((p) => ({
      contribution: byId.get(p.id),
      proposal: { documentId: p.proposal, title: titles.get(p.proposal) ?? '' },
      confidence: Number(p.confidence.toFixed(2)),
      calibrated: p.calibrated,
      score: Number(p.score.toFixed(3)),
      shared: p.shared,
      concepts: p.concepts,
    })),
    suggestions: (found?.groups ?? []).map((g) => ({
      keywords: g.keywords,
      concepts: g.concepts,
      cohesion: Number(g.cohesion.toFixed(3)),
      confidence: Number(g.confidence.toFixed(2)),
      contributions: g.ids.map((id) => byId.get(id)),
    })),
    proposals,
    statistics: await views.statistics(c),
  };
}

/** The evaluation's results, the synthesis and the figures. @throws 404 for a quick consultation */
export async function workbenchResults(strapi: Core.Strapi, user: AdminUser, documentId: string) {
  const { c } = await staffOpening(strapi, user, documentId);
  if (c.kind !== 'full') throw new NotFoundError('Une question rapide n’a pas d’évaluation.');
  const views = getService(strapi, 'consultations', 'views');
  return { evaluation: await views.evaluation(c), synthesis: await views.synthesis(c), statistics: await views.statistics(c), synthesisSize: c.synthesisSize ?? 20 };
}

/** The effort × impact chart, as an SVG document. */
export async function workbenchChart(strapi: Core.Strapi, user: AdminUser, documentId: string) {
  const { c } = await staffOpening(strapi, user, documentId);
  return chartOf(c.title, (await getService(strapi, 'consultations', 'views').evaluation(c)).proposals);
}
