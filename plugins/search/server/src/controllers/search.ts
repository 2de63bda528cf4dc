import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { presentSearch, searchIntranet } from '../queries/search';
import type { routeInput } from '../validation/schemas';

/** Input (parsed on the route) → one query → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/search?q=&type=&page=&pageSize= */
  async query(ctx: RouteContext<(typeof routeInput)['query']>) {
    const { query } = ctx.state.input;
    ctx.body = presentSearch(await searchIntranet(strapi, ctx.state.actor, query), query);
  },
});
