import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { editContribution } from '../commands/edit-contribution';
import { moderateContribution } from '../commands/moderate-contribution';
import { rejectSuggestion } from '../commands/reject-suggestion';
import { submitContribution } from '../commands/submit-contribution';
import { listContributions, readContribution, similarContributions, similarForMember, suggestGroups } from '../queries';
import type { inputs } from '../validation/schemas';

/** What a contribution's author reads back after a write. */
const written = (x: { documentId: string; title?: string; body?: string; category?: string | null; state?: string }) => ({
  documentId: x.documentId,
  title: x.title,
  body: x.body,
  category: x.category ?? null,
  state: x.state,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Staff: every contribution with its author. A member: their own, and what became of them. */
  async find(ctx: RouteContext<typeof inputs.contributions>) {
    const { params, query } = ctx.state.input;
    ctx.body = await listContributions(strapi, ctx.state.actor, params.id, query);
  },

  async findOne(ctx: RouteContext<typeof inputs.contribution>) {
    const { params } = ctx.state.input;
    ctx.body = { data: await readContribution(strapi, ctx.state.actor, params.id, params.contributionId) };
  },

  async create(ctx: RouteContext<typeof inputs.contribute>) {
    const { params, body } = ctx.state.input;
    ctx.status = 201;
    ctx.body = { data: written(await submitContribution(strapi, ctx.state.actor, params.id, body)) };
  },

  async update(ctx: RouteContext<typeof inputs.editContribution>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: written(await editContribution(strapi, ctx.state.actor, params.id, params.contributionId, body)) };
  },

  async withdraw(ctx: RouteContext<typeof inputs.withdraw>) {
    const { params } = ctx.state.input;
    const updated = await editContribution(strapi, ctx.state.actor, params.id, params.contributionId, 'withdraw');
    ctx.body = { data: { documentId: updated.documentId, state: updated.state } };
  },

  async moderate(ctx: RouteContext<typeof inputs.moderate>) {
    const { params, body } = ctx.state.input;
    const updated = await moderateContribution(strapi, ctx.state.actor, params.id, params.contributionId, body);
    ctx.body = { data: { documentId: updated.documentId, state: updated.state, hiddenReason: updated.hiddenReason ?? null } };
  },

  /** Staff: the contributions closest to one (French-aware similarity). */
  async similar(ctx: RouteContext<typeof inputs.contribution>) {
    const { params } = ctx.state.input;
    ctx.body = { data: await similarContributions(strapi, ctx.state.actor, params.id, params.contributionId) };
  },

  /** A member writing a contribution: the titles of those already saying the same (no authors, no texts). */
  async similarText(ctx: RouteContext<typeof inputs.similarText>) {
    const { params, query } = ctx.state.input;
    ctx.body = { data: await similarForMember(strapi, ctx.state.actor, params.id, query) };
  },

  /** Staff: groups of similar contributions not yet in a proposal, to turn into proposals. */
  async suggestions(ctx: RouteContext<typeof inputs.suggestions>) {
    const { params, query } = ctx.state.input;
    ctx.body = await suggestGroups(strapi, ctx.state.actor, params.id, query);
  },

  /** Staff: rejects a grouping suggestion (this contribution does not go with that proposal or those contributions). */
  async rejectSuggestion(ctx: RouteContext<typeof inputs.reject>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await rejectSuggestion(strapi, ctx.state.actor, params.id, body) };
  },
});
