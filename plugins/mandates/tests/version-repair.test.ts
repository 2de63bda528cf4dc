import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor } from '../../../tests/support/factories';
import { repairRuleSetVersions } from '../server/src/services/version-repair';

/**
 * A database written before rule-set versions had their key (`mandates_rule_sets_version_uq`)
 * may hold one version twice (two publications at once): the key could not be created and the
 * instance did not start. Boot repairs the versions first (`repairRuleSetVersions`, on
 * Strapi's `strapi::content-types.beforeSync`). The test plays boot's order on the run's
 * database: the key dropped and duplicates written by SQL, then the hook, then the schema sync.
 */

const TABLE = 'mandates_rule_sets';
const KEY = 'mandates_rule_sets_version_uq';
let strapi: Core.Strapi;

beforeAll(async () => {
  strapi = await bootStrapi();
});

const keyExists = async () => ((await strapi.db.dialect.schemaInspector.getIndexes(TABLE)) as { name: string }[]).some((i) => i.name === KEY);

async function dropKey() {
  if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw(`ALTER TABLE ${TABLE} DROP CONSTRAINT IF EXISTS ${KEY}`);
  await strapi.db.connection.raw(`DROP INDEX IF EXISTS ${KEY}`);
}

/** A row written as the old race wrote it (raw SQL: the key is gone, nothing else checks). */
async function insertRow(version: number, effectiveFrom: string, rules: unknown, note: string): Promise<{ id: number; documentId: string }> {
  const documentId = randomBytes(12).toString('hex').slice(0, 24);
  const now = new Date().toISOString();
  const [row] = await strapi.db
    .connection(TABLE)
    .insert({ document_id: documentId, version, effective_from: effectiveFrom, rules: JSON.stringify(rules), note, created_at: now, updated_at: now, published_at: now })
    .returning('id');
  return { id: Number(typeof row === 'object' ? row.id : row), documentId };
}

const versionsOf = async (ids: number[]) =>
  Object.fromEntries(((await strapi.db.connection(TABLE).whereIn('id', ids).select('id', 'version')) as { id: number; version: number }[]).map((r) => [Number(r.id), Number(r.version)]));

describe('rule-set versions held twice, at boot', () => {
  it('exact copies are removed (lowest id kept), other duplicates renumbered after the maximum in id order, each logged and audited; then the key is created; a second run changes nothing', async () => {
    const warnings: string[] = [];
    const warn = strapi.log.warn;
    const inserted: number[] = [];
    try {
      await dropKey();
      const latest = await strapi.db.connection(TABLE).orderBy('version', 'desc').first();
      const m = Number(latest.version);
      const rules = typeof latest.rules === 'string' ? JSON.parse(latest.rules) : latest.rules;
      const other = rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max: 7 } : r));
      const from = String(latest.effective_from).slice(0, 10);
      // In id order: a copy of the real latest version; then versions m+1 and m+2 written twice or more.
      const copyOfLatest = await insertRow(m, from, rules, 'Copie exacte (autre note)');
      const b = await insertRow(m + 1, '2101-01-01', rules, 'Première');
      const c = await insertRow(m + 1, '2101-01-01', rules, 'Copie de b');
      const d = await insertRow(m + 1, '2101-01-01', other, 'Même numéro, autres règles');
      const e = await insertRow(m + 2, '2101-02-01', rules, 'Suivante');
      const f = await insertRow(m + 1, '2101-01-01', other, 'Copie de d');
      const g = await insertRow(m + 2, '2101-03-01', rules, 'Même numéro, autre date');
      inserted.push(...[copyOfLatest, b, c, d, e, f, g].map((r) => r.id));
      // Without the repair, the sync fails on the duplicates (the instance did not start).
      await expect(strapi.db.schema.syncSchema()).rejects.toThrow();

      strapi.log.warn = ((message: string) => (warnings.push(message), strapi.log)) as typeof strapi.log.warn; // chainable, as winston's
      await strapi.hook('strapi::content-types.beforeSync').call({ oldContentTypes: strapi.contentTypes, contentTypes: strapi.contentTypes });
      strapi.log.warn = warn;
      await strapi.db.schema.syncSchema();
      expect(await keyExists()).toBe(true);

      expect(await versionsOf([latest.id, ...inserted])).toEqual({ [latest.id]: m, [b.id]: m + 1, [d.id]: m + 3, [e.id]: m + 2, [g.id]: m + 4 });
      expect(warnings).toEqual([
        `mandates: rule-set version ${m} was held by several rows: removed row ${copyOfLatest.id}, an exact copy (same rules, same effectiveFrom) of row ${latest.id}`,
        `mandates: rule-set version ${m + 1} was held by several rows: removed row ${c.id}, an exact copy (same rules, same effectiveFrom) of row ${b.id}`,
        `mandates: rule-set version ${m + 1} was held by several rows: removed row ${f.id}, an exact copy (same rules, same effectiveFrom) of row ${d.id}`,
        `mandates: rule-set version ${m + 1} was held by several rows: row ${d.id} (different rules or effectiveFrom from row ${b.id}, which keeps ${m + 1}) is now version ${m + 3}`,
        `mandates: rule-set version ${m + 2} was held by several rows: row ${g.id} (different rules or effectiveFrom from row ${e.id}, which keeps ${m + 2}) is now version ${m + 4}`,
      ]);
      expect(await auditEntriesFor(copyOfLatest.documentId)).toMatchObject([
        { action: 'plugin::mandates.rules.repair', actor_kind: 'system', subject_type: 'plugin::mandates.rule-set', federation_id: null },
      ]);
      expect(JSON.parse((await auditEntriesFor(copyOfLatest.documentId))[0].details)).toEqual({ removed: true, version: m, copyOf: latest.id });
      expect(JSON.parse((await auditEntriesFor(d.documentId))[0].details)).toEqual({ version: m + 1, newVersion: m + 3 });
      expect(await auditEntriesFor(b.documentId)).toEqual([]);

      // The key holds now; the repair finds nothing more to do.
      await expect(insertRow(m + 1, '2101-01-01', rules, 'Encore')).rejects.toThrow();
      expect(await repairRuleSetVersions(strapi)).toEqual([]);
    } finally {
      strapi.log.warn = warn;
      await strapi.db.connection(TABLE).whereIn('id', inserted).del();
      if (!(await keyExists())) await strapi.db.schema.syncSchema();
    }
  });
});
