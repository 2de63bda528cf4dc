import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { exportFor } from '../queries';
import type { inputs } from '../validation/schemas';

/** CSV exports for staff, named after the consultation, ready for a spreadsheet. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async csv(ctx: RouteContext<typeof inputs.export>) {
    const { params } = ctx.state.input;
    const { filename, csv } = await exportFor(strapi, ctx.state.actor, params.id, params.kind);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    ctx.body = csv;
  },
});
