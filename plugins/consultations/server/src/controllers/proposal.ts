import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { gradeProposal, gradeProposals } from '../commands/grade-proposal';
import { changeSources, createProposal, mergeProposal, updateProposal } from '../commands/group-proposals';
import { proposalFor, proposalsFor } from '../queries';
import type { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Proposals with their sources; members see them from the evaluation on, with their own grades. */
  async find(ctx: RouteContext<typeof inputs.consultation>) {
    ctx.body = { data: await proposalsFor(strapi, ctx.state.actor, ctx.state.input.params.id) };
  },

  async create(ctx: RouteContext<typeof inputs.propose>) {
    const { params, body } = ctx.state.input;
    const proposal = await createProposal(strapi, ctx.state.actor, params.id, body);
    ctx.status = 201;
    ctx.body = { data: await proposalFor(strapi, ctx.state.actor, params.id, proposal.documentId) };
  },

  async update(ctx: RouteContext<typeof inputs.editProposal>) {
    const { params, body } = ctx.state.input;
    await updateProposal(strapi, ctx.state.actor, params.id, params.proposalId, body);
    ctx.body = { data: await proposalFor(strapi, ctx.state.actor, params.id, params.proposalId) };
  },

  async sources(ctx: RouteContext<typeof inputs.sources>) {
    const { params, body } = ctx.state.input;
    await changeSources(strapi, ctx.state.actor, params.id, params.proposalId, body);
    ctx.body = { data: await proposalFor(strapi, ctx.state.actor, params.id, params.proposalId) };
  },

  async merge(ctx: RouteContext<typeof inputs.merge>) {
    const { params, body } = ctx.state.input;
    const target = await mergeProposal(strapi, ctx.state.actor, params.id, params.proposalId, body.into);
    ctx.body = { data: await proposalFor(strapi, ctx.state.actor, params.id, target.documentId) };
  },

  async grade(ctx: RouteContext<typeof inputs.grade>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await gradeProposal(strapi, ctx.state.actor, params.id, params.proposalId, body) };
  },

  /** Several proposals at once (a grading page sends its whole form). */
  async gradeMany(ctx: RouteContext<typeof inputs.grades>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await gradeProposals(strapi, ctx.state.actor, params.id, body.grades) };
  },
});
