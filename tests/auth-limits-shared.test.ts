import { createRequire } from 'node:module';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { bootStrapi } from './support/strapi';
import authLimits, { type AuthLimits } from '../src/middlewares/auth-limits';

/**
 * Sign-in budgets with several instances behind a balancer (issue 13): on PostgreSQL the
 * counts live in one table, so failures spread over two instances still add up. Each
 * instance here is a bare Koa app with its own copy of the middleware (as each Node
 * process has) in front of a sign-in that always fails.
 */
const require = createRequire(import.meta.url);
const Koa = require('koa');
const { koaBody } = require('koa-body'); // Strapi's own body parser

function instance(strapi: any, limits: AuthLimits) {
  const app = new Koa();
  app.use(async (ctx: any, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error: any) {
      ctx.status = error?.name === 'RateLimitError' ? 429 : 500;
      ctx.body = { error: error?.message };
    }
  });
  app.use(koaBody());
  app.use(authLimits({}, { strapi: { config: { get: () => limits }, db: strapi.db } as any }));
  app.use((ctx: any) => {
    ctx.status = 400; // a wrong password
    ctx.body = { error: 'Identifiants invalides.' };
  });
  return request(app.callback());
}

const attempt = (http: ReturnType<typeof instance>, identifier: string) => http.post('/api/auth/local').send({ identifier, password: 'faux' });

describe.runIf(process.env.DATABASE_CLIENT === 'postgres')('sign-in budgets shared by instances (PostgreSQL)', () => {
  it('counts failures made on two instances in one budget', async () => {
    const strapi = await bootStrapi();
    const limits: AuthLimits = { enabled: true, perAddress: 50, perAccount: 3, store: 'database' };
    const [a, b] = [instance(strapi, limits), instance(strapi, limits)];
    const account = `partage.${Date.now()}@exemple.fr`;
    expect((await attempt(a, account)).status).toBe(400);
    expect((await attempt(b, account)).status).toBe(400);
    expect((await attempt(a, account)).status).toBe(400);
    const refused = await attempt(b, account);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toContain('Trop de tentatives');
    const rows = await strapi.db.connection('auth_rate_limits').where('key', `login-account:3:900:account:${account}`).select('points');
    expect(rows.map((r: { points: number }) => r.points)).toEqual([3]);
  });

  it('keeps per-process counts when told to (memory): each instance then has its own', async () => {
    const strapi = await bootStrapi();
    const limits: AuthLimits = { enabled: true, perAddress: 50, perAccount: 2, store: 'memory' };
    const [a, b] = [instance(strapi, limits), instance(strapi, limits)];
    const account = `local.${Date.now()}@exemple.fr`;
    expect((await attempt(a, account)).status).toBe(400);
    expect((await attempt(a, account)).status).toBe(400);
    expect((await attempt(a, account)).status).toBe(429);
    expect((await attempt(b, account)).status).toBe(400); // the other process never heard of them
  });
});
