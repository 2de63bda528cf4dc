import type { Core } from '@strapi/strapi';
import { actorOf, fields, parseInput } from '@intranet-militant/shared';
import { gradeProposals } from '../commands/grade-proposal';
import { changeSources, createProposal, mergeProposal, updateProposal } from '../commands/group-proposals';
import { seesProposals } from '../services/views';
import { gradeInput, gradesInput, mergeInput, proposalInput, proposalUpdate, sourcesInput } from '../validation/schemas';
import { reading, refuse } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');
  const proposalId = (ctx: any) => parseInput(fields.documentId('La proposition'), ctx.params.proposalId, 'Identifiant invalide.');
  const present = async (ctx: any, documentId: string) => {
    const { c, actor, staff } = await reading(strapi, ctx);
    return (await views().proposals(c, actor, staff)).find((p: any) => p.documentId === documentId);
  };

  return {
    /** Proposals with their sources; members see them from the evaluation on, with their own grades. */
    async find(ctx: any) {
      const { c, actor, staff } = await reading(strapi, ctx);
      if (!seesProposals(c, staff)) refuse('Les propositions sont publiées à l’ouverture de l’évaluation.');
      ctx.body = { data: await views().proposals(c, actor, staff) };
    },

    async create(ctx: any) {
      const input = parseInput(proposalInput, ctx.request.body);
      const proposal = await createProposal(strapi, actorOf(ctx), ctx.params.id, input);
      ctx.status = 201;
      ctx.body = { data: await present(ctx, proposal.documentId) };
    },

    async update(ctx: any) {
      const input = parseInput(proposalUpdate, ctx.request.body);
      const proposal = await updateProposal(strapi, actorOf(ctx), ctx.params.id, proposalId(ctx), input);
      ctx.body = { data: await present(ctx, proposal.documentId) };
    },

    async sources(ctx: any) {
      const input = parseInput(sourcesInput, ctx.request.body);
      const proposal = await changeSources(strapi, actorOf(ctx), ctx.params.id, proposalId(ctx), input);
      ctx.body = { data: await present(ctx, proposal.documentId) };
    },

    async merge(ctx: any) {
      const { into } = parseInput(mergeInput, ctx.request.body);
      const target = await mergeProposal(strapi, actorOf(ctx), ctx.params.id, proposalId(ctx), into);
      ctx.body = { data: await present(ctx, target.documentId) };
    },

    async grade(ctx: any) {
      const input = parseInput(gradeInput, ctx.request.body);
      const [mine] = await gradeProposals(strapi, actorOf(ctx), ctx.params.id, [{ proposal: proposalId(ctx), ...input }]);
      ctx.body = { data: mine };
    },

    /** Several proposals at once (a grading page sends its whole form). */
    async gradeMany(ctx: any) {
      const { grades } = parseInput(gradesInput, ctx.request.body);
      ctx.body = { data: await gradeProposals(strapi, actorOf(ctx), ctx.params.id, grades) };
    },
  };
};
