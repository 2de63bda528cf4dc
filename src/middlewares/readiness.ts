import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { isDraining } from '../platform/shutdown';

/**
 * `GET /_ready`, the readiness check a balancer polls (Strapi's own `/_health` stays the
 * liveness check): 200 `{ status: 'ready' }` when this instance's database answers a
 * `SELECT 1` within `timeoutMs`, 503 `{ status: 'unavailable' }` otherwise. Search is not part of it: when
 * Meilisearch is down, writes still succeed and the outbox catches up (README, Search).
 * Anonymous, read-only, no body; nothing about the failure is shown but its kind.
 * During a graceful shutdown (src/platform/shutdown.ts) it answers 503 `draining`, and every
 * answer closes its connection so that the instance empties.
 */
export default (config: { timeoutMs?: number } | undefined, { strapi }: { strapi: Core.Strapi }) => {
  const timeoutMs = config?.timeoutMs ?? 2000;

  async function databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        strapi.db.connection.raw('SELECT 1').then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  return async (ctx: Context, next: Next) => {
    if (ctx.path !== '/_ready' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
      await next();
      if (isDraining()) ctx.set('Connection', 'close');
      return;
    }
    ctx.set('Cache-Control', 'no-store');
    if (isDraining()) {
      ctx.status = 503;
      ctx.set('Connection', 'close');
      ctx.body = { status: 'draining' };
      return;
    }
    const ready = await databaseAnswers();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', database: ready ? 'ok' : 'unavailable' };
  };
};
