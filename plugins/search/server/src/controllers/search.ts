import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { presentCounts, presentSearch, searchIntranet } from '../queries/search';
import type { routeInput } from '../validation/schemas';

/** Input (parsed on the route) → one query → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/search?q=&type=&page=&pageSize=&count= */
  async query(ctx: RouteContext<(typeof routeInput)['query']>) {
    const { query } = ctx.state.input;
    const parts = query.count === 'false' ? 'page' : 'all';
    ctx.body = presentSearch(await searchIntranet(strapi, ctx.state.actor, query, parts), query);
  },

  /** GET /api/search/count?q=&type=&page=&pageSize= */
  async count(ctx: RouteContext<(typeof routeInput)['count']>) {
    const { query } = ctx.state.input;
    ctx.body = presentCounts(await searchIntranet(strapi, ctx.state.actor, query, 'counts'), query);
  },
});
