import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { withSchemaLock, withSeedLock } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';
import { onPostgres } from './support/instances';
import { ensureAuditSchema } from '../plugins/audit/server/src/storage';
import { ensureConsultationTables } from '../plugins/consultations/server/src/storage';
import { VOCABULARY_SEED, VOCABULARY_SEED_VERSION } from '../plugins/consultations/server/src/domain/vocabulary-seed';

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

describe('boot seeds', () => {
  const CONCEPT = 'plugin::consultations.grouping-concept';

  it('a newer vocabulary seed met by several instances at once adds each concept once (PostgreSQL: they take turns)', { timeout: 120_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip('one process by design on SQLite');
    const grouping = strapi.plugin('consultations').service('grouping');
    // The table as an older version left it: the seed's last concept is new in this version.
    const newcomer = VOCABULARY_SEED.at(-1)!.key;
    await strapi.db.query(CONCEPT).deleteMany({ where: { key: newcomer } });
    await strapi.db.query(CONCEPT).updateMany({ where: { seedVersion: { $notNull: true } }, data: { seedVersion: VOCABULARY_SEED_VERSION - 1 } });
    // Four « instances » at once, on four connections of the pool.
    const added = await Promise.all(Array.from({ length: 4 }, () => grouping.seedVocabulary()));
    expect(added.filter((n) => n > 0)).toHaveLength(1); // one did the work; the others found it done
    expect(await strapi.db.query(CONCEPT).count({ where: { key: newcomer } })).toBe(1);
    const keys: { key: string }[] = await strapi.db.query(CONCEPT).findMany({ select: ['key'] });
    expect(keys.length).toBe(new Set(keys.map((k) => k.key)).size);
  });

  it('a new route’s grant met by several instances at once is granted once (PostgreSQL: they take turns)', { timeout: 120_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip('one process by design on SQLite');
    const PERMISSION = 'plugin::users-permissions.permission';
    const member = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'member' } });
    const [granted] = await strapi.db.query(PERMISSION).findMany({ where: { role: { id: member.id } }, select: ['id', 'action'], limit: 1 });
    // As before a version that brings this route: the grant is missing.
    await strapi.db.query(PERMISSION).delete({ where: { id: granted.id } });
    const access = strapi.plugin('membership').service('access');
    await Promise.all(Array.from({ length: 4 }, () => access.syncGrants()));
    expect(await strapi.db.query(PERMISSION).count({ where: { action: granted.action, role: { id: member.id } } })).toBe(1);
  });

  it('a new federation’s admin role met by several instances at once is created once, with its permissions once (PostgreSQL: they take turns)', { timeout: 120_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip('one process by design on SQLite');
    const scope = strapi.plugin('membership').service('admin-scope');
    const federation = await strapi.db.query('plugin::membership.federation').create({ data: { name: 'Fédération des rôles', departmentCode: 'ZR1' } });
    await scope.syncFederationRoles();
    const code = `intranet-federation-${federation.departmentCode}`;
    const before = await strapi.db.query('admin::role').findOne({ where: { code } });
    const permissionsOfOne = await strapi.db.query('admin::permission').count({ where: { role: { id: before.id } } });
    expect(permissionsOfOne).toBeGreaterThan(0);
    // As before the federation existed: no role yet.
    await strapi.db.query('admin::permission').deleteMany({ where: { role: { id: before.id } } });
    await strapi.db.query('admin::role').delete({ where: { id: before.id } });
    await Promise.all(Array.from({ length: 4 }, () => scope.syncFederationRoles()));
    const roles = await strapi.db.query('admin::role').findMany({ where: { code } });
    expect(roles).toHaveLength(1);
    expect(await strapi.db.query('admin::permission').count({ where: { role: { id: roles[0].id } } })).toBe(permissionsOfOne);
  });

  it('take turns on PostgreSQL: a « missing? then write » seed run four times at once writes once', { timeout: 60_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip('one process by design on SQLite');
    const knex = strapi.db.connection;
    const table = `seed_race_${process.pid}`;
    await knex.schema.dropTableIfExists(table);
    await knex.schema.createTable(table, (t) => t.string('name'));
    try {
      await Promise.all(
        Array.from({ length: 4 }, () =>
          withSeedLock(strapi, 'test-race', async (trx) => {
            const [{ n }] = await trx(table).count({ n: '*' });
            if (Number(n) > 0) return;
            await new Promise((resolve) => setTimeout(resolve, 50)); // the window two instances met in
            await trx(table).insert({ name: 'seed' });
          })
        )
      );
      expect(await knex(table).count({ n: '*' })).toEqual([{ n: '1' }]);
    } finally {
      await knex.schema.dropTableIfExists(table);
    }
  });

  it('run in a transaction the query engine joins: a seed that fails writes nothing', async () => {
    const name = `Seed interrompu ${process.pid}`;
    await expect(
      withSeedLock(strapi, 'test-rollback', async () => {
        await strapi.db.query('plugin::membership.federation').create({ data: { name, departmentCode: 'ZZ9' } });
        throw new Error('interrompu');
      })
    ).rejects.toThrow('interrompu');
    expect(await strapi.db.query('plugin::membership.federation').count({ where: { name } })).toBe(0);
  });
});
