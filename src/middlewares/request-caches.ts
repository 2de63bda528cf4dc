import path from 'node:path';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { syncCacheVersion } from '../platform/cache-invalidation';

/**
 * Before each request that may read the caches, on SQLite: one read of the cache version
 * counter, so that a change made by any writer empties the request caches before this request
 * uses them (src/platform/cache-invalidation.ts). That is the content API and the admin
 * panel's routes alike (our plugins' staff screens read the module switches too): every path
 * but files (an extension) and the liveness check. On PostgreSQL, notifications do this and
 * the middleware costs nothing.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== '/_health' && !path.extname(ctx.path)) await syncCacheVersion(strapi);
    await next();
  };
};
