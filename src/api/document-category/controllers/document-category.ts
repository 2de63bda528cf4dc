import type { Core } from '@strapi/strapi';
import { CATEGORY_UID } from '../../../content/manifests';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const categories = await strapi.db.query(CATEGORY_UID).findMany({ orderBy: { name: 'asc' } });
    ctx.body = { data: categories.map((c: any) => ({ name: c.name, slug: c.slug })) };
  },
});
