import type { Core } from '@strapi/strapi';
import { cacheTags, requestCache } from '@intranet-militant/shared';
import { CATEGORY_UID } from './manifests';

export interface Category {
  id: number;
  name: string;
  slug: string;
}

/**
 * Every document category, by name: a small national list that carries nothing private, read
 * from the request cache (issue 13) — any write to the categories' table invalidates it on every
 * instance (trigger tag `document-categories`, src/platform/cache-invalidation.ts).
 * @returns `{ id, name, slug }[]`, sorted by name
 */
export function documentCategories(strapi: Core.Strapi): Promise<Category[]> {
  return requestCache(strapi).read(cacheTags.documentCategories, async () => {
    const rows: Category[] = await strapi.db.query(CATEGORY_UID).findMany({ select: ['id', 'name', 'slug'], orderBy: { name: 'asc' } });
    return rows.map((c) => ({ id: c.id, name: c.name, slug: c.slug }));
  });
}
