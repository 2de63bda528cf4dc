import type { Core } from '@strapi/strapi';
import { actorOf, type RouteContext } from '@intranet-militant/shared';
import { setModuleState } from '../commands/set-module-state';
import { moduleStatesOf } from '../queries/module-states';
import { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RouteContext<typeof inputs.find>) {
    ctx.body = { data: await moduleStatesOf(strapi, actorOf(ctx), ctx.state.input.params.id) };
  },

  async update(ctx: RouteContext<typeof inputs.update>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await setModuleState(strapi, actorOf(ctx), params.id, params.module, body.enabled) };
  },
});
