import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';

/**
 * The boot's backfill of the admin panel's federation codes (`admin-scope`'s
 * `backfillFederationCodes`, run by `src/index.ts` at every boot): a row whose code went
 * missing (written around the lifecycles, an upgrade) gets its federation's code back, its
 * dependents too (a member's dues); rows that have no federation (national documents) are
 * read in batches, not one by one, so a large database does not pay per row at each boot.
 */
let strapi: Core.Strapi;
let w: World;
let member: TestMember;
const MEMBER = 'plugin::membership.member';
const DOCUMENT = 'api::document.document';
const table = (uid: string) => strapi.db.metadata.get(uid).tableName;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA });
  // National documents: no federation, so no code, legitimately.
  for (let i = 0; i < 40; i += 1) {
    // Drafts, so that no other test file of this process lists them.
    await strapi.db.query(DOCUMENT).create({ data: { title: `Note nationale ${i}`, audience: 'national', documentId: `backfill-national-${i}-${Date.now().toString(36)}` } });
  }
});

async function statementsOf(run: () => Promise<unknown>): Promise<{ result: unknown; statements: number }> {
  let statements = 0;
  const count = () => (statements += 1);
  strapi.db.connection.client.on('query', count);
  try {
    const result = await run();
    return { result, statements };
  } finally {
    strapi.db.connection.client.removeListener('query', count);
  }
}

describe('the federation codes’ backfill at boot', () => {
  it('gives a member whose code went missing her federation’s code back, and no row its code twice', async () => {
    const scope = strapi.plugin('membership').service('admin-scope') as any;
    await scope.backfillFederationCodes(); // whatever other files of this process left
    await strapi.db.connection(table(MEMBER)).where({ id: member.member.id }).update({ federation_code: null });
    const { result: filled } = await statementsOf(() => scope.backfillFederationCodes());
    expect(filled).toBeGreaterThanOrEqual(1);
    const row = await strapi.db.query(MEMBER).findOne({ where: { id: member.member.id }, select: ['federationCode'] });
    expect(row.federationCode).toBe(w.federation.departmentCode);
    // Nothing left to fill: the next boot writes nothing.
    expect(await scope.backfillFederationCodes()).toBe(0);
  });

  it('reads the rows without a federation in batches: 40 national documents cost no statement each', async () => {
    const scope = strapi.plugin('membership').service('admin-scope') as any;
    const withoutCode = await strapi.db.query(DOCUMENT).count({ where: { federationCode: { $null: true } } });
    expect(withoutCode).toBeGreaterThanOrEqual(40);
    const { result, statements } = await statementsOf(() => scope.backfillFederationCodes());
    expect(result).toBe(0);
    // One batched read (with its relations) per content type storing a code; the documents alone
    // would have cost 40 reads or more row by row.
    const types = (scope.scopedTypes() as { uid: string }[]).filter((t) => scope.storesFederationCode(t.uid)).length;
    expect(statements).toBeLessThan(types * 8);
    expect(statements).toBeLessThan(withoutCode);
  });
});
