import path from 'node:path';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { syncCacheVersion } from '../platform/cache-invalidation';

/**
 * Before each request that may read the caches, on SQLite: one read of the cache version
 * counter, so that a change made by any writer empties the request caches before this request
 * uses them (src/platform/cache-invalidation.ts). That is the content API and the admin
 * panel's routes alike (our plugins' staff screens read the module switches too), downloads
 * such as `…/report.csv` included: every path but static files and the liveness check. On PostgreSQL, notifications do this:
 * the middleware only yields one turn of the event loop so that those already received apply first.
 */
/** Files and the liveness check: nothing there reads the caches (API routes may end in `.csv`). */
function isStaticFile(urlPath: string): boolean {
  if (urlPath === '/_health' || urlPath === '/favicon.png') return true;
  if (urlPath.startsWith('/portal/') || urlPath.startsWith('/uploads/')) return true;
  return urlPath.startsWith('/admin/') && path.extname(urlPath) !== '';
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: Next) => {
    if (!isStaticFile(ctx.path)) await syncCacheVersion(strapi);
    await next();
  };
};
