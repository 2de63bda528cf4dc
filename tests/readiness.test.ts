import { createRequire } from 'node:module';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import readiness from '../src/middlewares/readiness';

/** `GET /_ready`: what a balancer polls before sending an instance requests (issue 13). */
describe('the readiness check', () => {
  // Booting takes longer than a test's budget when this file runs alone on a busy machine.
  beforeAll(async () => {
    await bootStrapi();
  });

  it('answers 200 while the database answers, anonymously and uncached', async () => {
    const res = await (await api()).get('/_ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await (await api()).get('/_health')).status).toBe(204); // Strapi's liveness check stays
  });

  it('answers 503 when the database does not answer (a server nothing listens on)', async () => {
    const strapi = await bootStrapi();
    const knex = createRequire(import.meta.url)('knex');
    const unreachable = knex({ client: 'pg', connection: { host: '127.0.0.1', port: 1, user: 'postgres', database: 'postgres' }, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 1000 });
    try {
      const Koa = createRequire(import.meta.url)('koa');
      const app = new Koa();
      app.use(readiness({ timeoutMs: 1500 }, { strapi: { ...strapi, db: { connection: unreachable } } as any }));
      const res = await request(app.callback()).get('/_ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', database: 'unavailable' });
    } finally {
      await unreachable.destroy();
    }
  });
});
