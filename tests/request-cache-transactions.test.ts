import { describe, expect, it, vi } from 'vitest';
import { requestCache, withConnection } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';

/**
 * The request cache and the connection pool (plugins/shared/src/request-cache.ts, module doc):
 * a read inside a transaction never waits for a load running outside it. Seen in CI: 24
 * ballots and a close of the vote at once, the ballots' transactions holding every pooled
 * connection and joining the consultation's federation name, loaded by a ballot outside any
 * transaction and waiting for a connection — until knex's acquire timeout (60 s) answered 500.
 */
describe('the request cache inside transactions', () => {
  it('transactions holding every pooled connection never wait for a load that waits for a connection', async () => {
    const strapi = await bootStrapi();
    const cache = requestCache(strapi);
    // On PostgreSQL, on once the invalidation listener is connected, just after boot.
    await vi.waitFor(() => expect(cache.enabled).toBe(true), { timeout: 10_000 });
    const size: number = (strapi.db.connection as any).client.pool.max;
    const key = `pool-probe:${Date.now()}`;
    const load = () => withConnection(strapi, async (knex) => Number((await knex.raw('SELECT 1 AS n')).rows?.[0]?.n ?? 1));

    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let holding = 0;
    let everyConnectionHeld!: () => void;
    const held = new Promise<void>((resolve) => (everyConnectionHeld = resolve));
    const transactions = Array.from({ length: size }, () =>
      strapi.db.transaction(async () => {
        await withConnection(strapi, (knex) => knex.raw('SELECT 1'));
        if (++holding === size) everyConnectionHeld();
        await gate;
        return cache.read(key, load);
      })
    );
    await held;
    // Outside any transaction: its load waits for a connection, every one being held.
    const outside = cache.read(key, load);
    open();
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), 10_000)));
    const answers = await Promise.race([Promise.all([...transactions, outside]), stuck]);
    clearTimeout(timer);
    expect(answers).toEqual(Array(size + 1).fill(1));
  }, 90_000);
});
