import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { syncCacheVersion } from '../platform/cache-invalidation';

/**
 * Before each API request, on SQLite: one read of the cache version counter, so that a change
 * made by any writer empties the request caches before this request uses them
 * (src/platform/cache-invalidation.ts). On PostgreSQL, notifications do this and the
 * middleware costs nothing.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith('/api/')) await syncCacheVersion(strapi);
    await next();
  };
};
