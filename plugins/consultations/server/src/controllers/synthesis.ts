import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { buildSynthesis, editSynthesis } from '../commands/compose-synthesis';
import { printableSynthesisFor, synthesisFor } from '../queries';
import type { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RouteContext<typeof inputs.consultation>) {
    ctx.body = { data: (await synthesisFor(strapi, ctx.state.actor, ctx.state.input.params.id)).synthesis };
  },

  async build(ctx: RouteContext<typeof inputs.composeSynthesis>) {
    const { params, body } = ctx.state.input;
    await buildSynthesis(strapi, ctx.state.actor, params.id, body);
    ctx.status = 201;
    ctx.body = { data: (await synthesisFor(strapi, ctx.state.actor, params.id)).synthesis };
  },

  async edit(ctx: RouteContext<typeof inputs.editSynthesis>) {
    const { params, body } = ctx.state.input;
    await editSynthesis(strapi, ctx.state.actor, params.id, body);
    ctx.body = { data: (await synthesisFor(strapi, ctx.state.actor, params.id)).synthesis };
  },

  /** The synthesis as a printable page, with where each part came from. */
  async print(ctx: RouteContext<typeof inputs.consultation>) {
    const html = await printableSynthesisFor(strapi, ctx.state.actor, ctx.state.input.params.id);
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = html;
  },
});
