import type { Core } from '@strapi/strapi';
import { actorOf, type RouteContext } from '@intranet-militant/shared';
import { createFederation } from '../commands/create-federation';
import { updateFederation } from '../commands/update-federation';
import { presentFederation } from '../presenters';
import { listFederations } from '../queries/federations';
import { inputs } from '../validation/schemas';

type Input<A extends keyof typeof inputs.federation> = RouteContext<(typeof inputs.federation)[A]>;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Input<'find'>) {
    const federations = await listFederations(strapi);
    ctx.body = { data: federations.map(presentFederation), meta: { total: federations.length } };
  },

  async create(ctx: Input<'create'>) {
    const federation = await createFederation(strapi, actorOf(ctx), ctx.state.input.body);
    ctx.status = 201;
    ctx.body = { data: presentFederation(federation) };
  },

  async update(ctx: Input<'update'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentFederation(await updateFederation(strapi, actorOf(ctx), params.id, body)) };
  },
});
