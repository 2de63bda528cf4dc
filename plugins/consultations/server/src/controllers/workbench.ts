import type { Core } from '@strapi/strapi';
import { getService, type RouteContext } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { buildSynthesis } from '../commands/compose-synthesis';
import { changeSources, createProposal, mergeProposal } from '../commands/group-proposals';
import { rejectSuggestion } from '../commands/reject-suggestion';
import { staffOpening, workbenchChart, workbenchList, workbenchOverview, workbenchResults, type AdminUser } from '../queries';
import type { inputs } from '../validation/schemas';

/**
 * The staff screens of the admin panel (grouping workbench, results). Admin routes, with
 * the admin user acting as the staff of their federation: the same queries and commands
 * as the API, so the same rules.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const user = (ctx: RouteContext) => ctx.state.user as AdminUser;
  const views = () => getService(strapi, 'consultations', 'views');

  return {
    /** The consultations this staff member runs. */
    async list(ctx: RouteContext) {
      ctx.body = await workbenchList(strapi, user(ctx));
    },

    /** Everything the grouping needs: unassigned contributions, suggestions, proposals and their sources. */
    async show(ctx: RouteContext<typeof inputs.workbench>) {
      const { params, query } = ctx.state.input;
      ctx.body = { data: await workbenchOverview(strapi, user(ctx), params.id, query) };
    },

    async createProposal(ctx: RouteContext<typeof inputs.propose>) {
      const { params, body } = ctx.state.input;
      const { actor } = await staffOpening(strapi, user(ctx), params.id);
      const proposal = await createProposal(strapi, actor, params.id, body);
      ctx.status = 201;
      ctx.body = { data: { documentId: proposal.documentId } };
    },

    async sources(ctx: RouteContext<typeof inputs.sources>) {
      const { params, body } = ctx.state.input;
      const { actor } = await staffOpening(strapi, user(ctx), params.id);
      await changeSources(strapi, actor, params.id, params.proposalId, body);
      ctx.body = { data: { ok: true } };
    },

    async merge(ctx: RouteContext<typeof inputs.merge>) {
      const { params, body } = ctx.state.input;
      const { actor } = await staffOpening(strapi, user(ctx), params.id);
      const target = await mergeProposal(strapi, actor, params.id, params.proposalId, body.into);
      ctx.body = { data: { documentId: target.documentId } };
    },

    /** Rejects a suggestion in one click: the suggestions learn it. */
    async reject(ctx: RouteContext<typeof inputs.reject>) {
      const { params, body } = ctx.state.input;
      const { actor } = await staffOpening(strapi, user(ctx), params.id);
      ctx.body = { data: await rejectSuggestion(strapi, actor, params.id, body) };
    },

    async results(ctx: RouteContext<typeof inputs.consultation>) {
      ctx.body = { data: await workbenchResults(strapi, user(ctx), ctx.state.input.params.id) };
    },

    async chart(ctx: RouteContext<typeof inputs.consultation>) {
      const svg = await workbenchChart(strapi, user(ctx), ctx.state.input.params.id);
      ctx.type = 'image/svg+xml';
      ctx.body = svg;
    },

    async buildSynthesis(ctx: RouteContext<typeof inputs.composeSynthesis>) {
      const { params, body } = ctx.state.input;
      const { actor, c } = await staffOpening(strapi, user(ctx), params.id);
      await buildSynthesis(strapi, actor, params.id, body);
      ctx.status = 201;
      ctx.body = { data: await views().synthesis(c) };
    },

    async advance(ctx: RouteContext<typeof inputs.advance>) {
      const { params, body } = ctx.state.input;
      const { actor } = await staffOpening(strapi, user(ctx), params.id);
      const moved = await advancePhase(strapi, actor, params.id, body.from);
      ctx.body = { data: views().summary(moved) };
    },
  };
};
