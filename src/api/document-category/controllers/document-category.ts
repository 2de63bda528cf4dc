import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { documentCategories } from '../../../content/categories';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Every category, by name (they are national and carry nothing private). */
  async find(ctx: RouteContext) {
    ctx.body = { data: (await documentCategories(strapi)).map((c) => ({ name: c.name, slug: c.slug })) };
  },
});
