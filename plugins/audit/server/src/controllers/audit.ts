import type { Core } from '@strapi/strapi';
import { actorOf, getService, pageMeta, type RouteContext } from '@intranet-militant/shared';
import { listEntries } from '../queries/list-entries';
import { withoutServerPaths } from '../services/log';
import { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RouteContext<typeof inputs.find>) {
    const { query } = ctx.state.input;
    const { entries, total } = await listEntries(strapi, actorOf(ctx), query);
    ctx.body = { data: entries, meta: pageMeta(query.page, query.pageSize, total) };
  },

  async verify(ctx: RouteContext<typeof inputs.verify>) {
    ctx.body = { data: withoutServerPaths(await getService(strapi, 'audit', 'log').verify()) };
  },
});
