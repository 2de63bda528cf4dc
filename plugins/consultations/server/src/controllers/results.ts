import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { evaluationChartFor, evaluationFor } from '../queries';
import type { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RouteContext<typeof inputs.consultation>) {
    ctx.body = { data: (await evaluationFor(strapi, ctx.state.actor, ctx.state.input.params.id)).results };
  },

  /** The effort × impact chart, as an SVG image. */
  async chart(ctx: RouteContext<typeof inputs.consultation>) {
    const svg = await evaluationChartFor(strapi, ctx.state.actor, ctx.state.input.params.id);
    ctx.type = 'image/svg+xml';
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = svg;
  },
});
