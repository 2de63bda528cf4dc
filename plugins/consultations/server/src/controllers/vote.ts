import type { Core } from '@strapi/strapi';
import { actorOf, parseInput } from '@intranet-militant/shared';
import { castBallot } from '../commands/cast-ballot';
import { seesVoteResults } from '../services/views';
import { ballotInput } from '../validation/schemas';
import { reading, refuse } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tallies = () => strapi.plugin('consultations').service('tallies');

  return {
    /** Votes. The answer carries the receipt, which only the voter ever receives. */
    async cast(ctx: any) {
      const input = parseInput(ballotInput, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await castBallot(strapi, actorOf(ctx), ctx.params.id, input) };
    },

    /** Whether I voted; the results once the vote is closed (never before). */
    async show(ctx: any) {
      const { c, actor } = await reading(strapi, ctx);
      ctx.body = {
        data: {
          phase: c.phase,
          voted: actor.memberId ? await tallies().hasVoted(c.id, actor.memberId) : false,
          results: seesVoteResults(c) ? c.results : null,
        },
      };
    },

    /** The ballots, published at the close: find your receipt, recount if you wish. */
    async ballots(ctx: any) {
      const { c } = await reading(strapi, ctx);
      if (!seesVoteResults(c)) refuse('Les bulletins sont publiés à la clôture du vote.');
      const ballots = await tallies().ballotsOf(c.id);
      ctx.body = { data: ballots, meta: { total: ballots.length, eligible: c.eligibleAtVote } };
    },
  };
};
