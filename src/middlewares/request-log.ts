import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';

/**
 * Strapi's request log, without query strings: what members type into a search box or a
 * contribution still being written (`?q=…`, `?text=…`) is personal data — possibly political
 * opinion (GDPR art. 9) — and has no place in server logs. Logs method, path, time, status.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    const start = Date.now();
    await next();
    strapi.log.http(`${ctx.method} ${ctx.path} (${Math.ceil(Date.now() - start)} ms) ${ctx.status}`);
  };
