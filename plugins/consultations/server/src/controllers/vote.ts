import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { castBallot } from '../commands/cast-ballot';
import { ballotsFor, voteFor } from '../queries';
import type { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Votes. The answer carries the receipt, which only the voter ever receives. */
  async cast(ctx: RouteContext<typeof inputs.cast>) {
    const { params, body } = ctx.state.input;
    ctx.status = 201;
    ctx.body = { data: await castBallot(strapi, ctx.state.actor, params.id, body) };
  },

  /** Whether I voted; the results once the vote is closed (never before). */
  async show(ctx: RouteContext<typeof inputs.consultation>) {
    ctx.body = { data: await voteFor(strapi, ctx.state.actor, ctx.state.input.params.id) };
  },

  /** The ballots, published at the close: find your receipt, recount if you wish. */
  async ballots(ctx: RouteContext<typeof inputs.consultation>) {
    ctx.body = await ballotsFor(strapi, ctx.state.actor, ctx.state.input.params.id);
  },
});
