import type { Core } from '@strapi/strapi';
import { fields, ForbiddenError, NotFoundError, parseInput, type Actor } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { assertRuns, loadConsultation, runs } from '../commands/checks';
import { buildSynthesis } from '../commands/compose-synthesis';
import { changeSources, createProposal, mergeProposal } from '../commands/group-proposals';
import { effortImpactChart } from '../domain/chart';
import { SimilarityIndex } from '../domain/similarity';
import type { Consultation } from '../services/consultations';
import { CONSULTATION_POPULATE } from '../services/consultations';
import { CONSULTATION_UID } from '../uids';
import { advanceInput, mergeInput, proposalInput, sourcesInput, suggestionQuery, synthesisBuild } from '../validation/schemas';

/**
 * The staff screens of the admin panel (grouping workbench, results). Admin routes, with
 * the admin user acting as the staff of their federation: the same commands and views as
 * the API, so the same rules.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');
  const adminScope = () => strapi.plugin('membership').service('admin-scope');

  /** The consultation's federation must have the module on, as for the API's routes. */
  async function moduleOn(c: Consultation) {
    return !c.federation || strapi.plugin('modules').service('switches').isEnabled(c.federation.id, 'consultations');
  }

  async function opened(ctx: any): Promise<{ actor: Actor; c: Consultation }> {
    const c = await loadConsultation(strapi, parseInput(fields.documentId('La consultation'), ctx.params.id, 'Identifiant invalide.'));
    const actor: Actor = await adminScope().actorFor(ctx.state.user, c.federation?.departmentCode);
    assertRuns(actor, c);
    if (!(await moduleOn(c))) throw new ForbiddenError('Le module « Consultations » n’est pas activé pour cette fédération.', { module: 'consultations' });
    return { actor, c };
  }

  return {
    /** The consultations this staff member runs. */
    async list(ctx: any) {
      const actor: Actor = await adminScope().actorFor(ctx.state.user);
      const all = await strapi.db.query(CONSULTATION_UID).findMany({ populate: CONSULTATION_POPULATE, orderBy: [{ opensAt: 'desc' }, { id: 'desc' }] });
      const actors = new Map<string, Actor>(); // one per federation the user may hold
      const mine = [];
      for (const c of all) {
        const code = c.federation?.departmentCode ?? '';
        if (!actors.has(code)) actors.set(code, await adminScope().actorFor(ctx.state.user, code || null));
        if (runs(actors.get(code)!, c) && (await moduleOn(c))) mine.push(views().summary(await strapi.plugin('consultations').service('clock').settle(c)));
      }
      ctx.body = { data: mine, meta: { role: actor.role } };
    },

    /** Everything the grouping needs: unassigned contributions, suggestions, proposals and their sources. */
    async show(ctx: any) {
      const { actor, c } = await opened(ctx);
      const query = parseInput(suggestionQuery, ctx.query, 'Paramètres invalides.');
      const contributions = await views().contributions(c, actor, true);
      const usable = contributions.filter((x: any) => x.state === 'submitted');
      const unassigned = usable.filter((x: any) => !x.proposal);
      const index = new SimilarityIndex(usable.map((x: any) => ({ id: x.number, title: x.title, body: x.body })));
      const byNumber = new Map(usable.map((x: any) => [x.number, x]));
      ctx.body = {
        data: {
          consultation: await views().detail(c, actor, true),
          unassigned,
          suggestions: c.kind === 'full'
            ? index
                .groups({ threshold: query.threshold, ids: unassigned.map((x: any) => x.number) })
                .slice(0, query.limit)
                .map((g) => ({ keywords: g.keywords, cohesion: g.cohesion, contributions: g.ids.map((n) => byNumber.get(n)) }))
            : [],
          proposals: await views().proposals(c, actor, true),
          statistics: await views().statistics(c),
        },
      };
    },

    async createProposal(ctx: any) {
      const { actor, c } = await opened(ctx);
      const proposal = await createProposal(strapi, actor, c.documentId, parseInput(proposalInput, ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: { documentId: proposal.documentId } };
    },

    async sources(ctx: any) {
      const { actor, c } = await opened(ctx);
      await changeSources(strapi, actor, c.documentId, ctx.params.proposalId, parseInput(sourcesInput, ctx.request.body));
      ctx.body = { data: { ok: true } };
    },

    async merge(ctx: any) {
      const { actor, c } = await opened(ctx);
      const target = await mergeProposal(strapi, actor, c.documentId, ctx.params.proposalId, parseInput(mergeInput, ctx.request.body).into);
      ctx.body = { data: { documentId: target.documentId } };
    },

    async results(ctx: any) {
      const { c } = await opened(ctx);
      if (c.kind !== 'full') throw new NotFoundError('Une question rapide n’a pas d’évaluation.');
      ctx.body = {
        data: { evaluation: await views().evaluation(c), synthesis: await views().synthesis(c), statistics: await views().statistics(c), synthesisSize: c.synthesisSize ?? 20 },
      };
    },

    async chart(ctx: any) {
      const { c } = await opened(ctx);
      const { proposals } = await views().evaluation(c);
      ctx.type = 'image/svg+xml';
      ctx.body = effortImpactChart(
        `Effort et impact des propositions — ${c.title}`,
        proposals.map((p: any) => ({ ...p, id: p.number })),
        new Set(proposals.filter((p: any) => p.inSynthesis).map((p: any) => p.number))
      );
    },

    async buildSynthesis(ctx: any) {
      const { actor, c } = await opened(ctx);
      await buildSynthesis(strapi, actor, c.documentId, parseInput(synthesisBuild, ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: await views().synthesis(c) };
    },

    async advance(ctx: any) {
      const { actor, c } = await opened(ctx);
      const moved = await advancePhase(strapi, actor, c.documentId, parseInput(advanceInput, ctx.request.body).from);
      ctx.body = { data: views().summary(moved) };
    },
  };
};
