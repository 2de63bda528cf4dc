import type { Core } from '@strapi/strapi';
import { actorOf, type RouteContext } from '@intranet-militant/shared';
import { cancelDue, recordDue } from '../commands/record-due';
import { presentDue } from '../presenters';
import { duesOfMember } from '../queries/members';
import { inputs } from '../validation/schemas';

type Input<A extends keyof typeof inputs.due> = RouteContext<(typeof inputs.due)[A]>;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Input<'find'>) {
    const dues = await duesOfMember(strapi, actorOf(ctx), ctx.state.input.params.id);
    ctx.body = { data: dues.map(presentDue), meta: { total: dues.length } };
  },

  async create(ctx: Input<'create'>) {
    const { params, body } = ctx.state.input;
    const due = await recordDue(strapi, actorOf(ctx), params.id, body);
    ctx.status = 201;
    ctx.body = { data: presentDue(due) };
  },

  async cancel(ctx: Input<'cancel'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentDue(await cancelDue(strapi, actorOf(ctx), params.id, body.reason)) };
  },
});
