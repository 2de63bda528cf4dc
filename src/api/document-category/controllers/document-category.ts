import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { CATEGORY_UID } from '../../../content/manifests';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Every category, by name (they are national and carry nothing private). */
  async find(ctx: RouteContext) {
    const categories = await strapi.db.query(CATEGORY_UID).findMany({ orderBy: { name: 'asc' } });
    ctx.body = { data: categories.map((c: { name: string; slug: string }) => ({ name: c.name, slug: c.slug })) };
  },
});
