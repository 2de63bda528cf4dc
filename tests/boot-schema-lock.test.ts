import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { withSchemaLock } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';
import { onPostgres } from './support/instances';
import { ensureAuditSchema } from '../plugins/audit/server/src/storage';
import { ensureConsultationTables } from '../plugins/consultations/server/src/storage';

/**
 * Instances booting together against one PostgreSQL database run the plugins' schema work
 * (tables Strapi does not manage, functions, triggers) at the same moment. Two
 * `CREATE OR REPLACE FUNCTION` of the same function at once fail (« tuple concurrently
 * updated »): one instance then stopped before listening (seen in a CI run of
 * tests/instances.test.ts). `withSchemaLock` makes them take turns.
 */

let strapi: Core.Strapi;

beforeAll(async () => {
  strapi = await bootStrapi();
});

describe('boot-time schema work', () => {
  it('run by several instances at once, never fails (PostgreSQL: they take turns)', { timeout: 120_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip('one process by design on SQLite');
    const client = strapi.db.dialect.client;
    // Four « instances » at a time, on four connections of the pool, ten times over; each
    // plugin's step in its own turn, as at boot (one transaction holding both would lock
    // audit_log and the consultations' tables together, which boot never does).
    for (let round = 0; round < 10; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, async () => {
          await withSchemaLock(strapi.db.connection, client, (knex) => ensureAuditSchema(knex, client));
          await withSchemaLock(strapi.db.connection, client, (knex) => ensureConsultationTables(knex, client));
        })
      );
      const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason?.message ?? o.reason).slice(0, 200));
      expect({ round, failed }).toEqual({ round, failed: [] });
    }
  });

  it('on SQLite, runs the work as is', async (ctx) => {
    if (onPostgres()) return ctx.skip('SQLite only');
    expect(await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, async () => 'fait')).toBe('fait');
  });
});
