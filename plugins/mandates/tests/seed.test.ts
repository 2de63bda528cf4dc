import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createAccount, ruleSetDayFrom } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { getService, todayInParis } from '@intranet-militant/shared';
import type {} from '@intranet-militant/mandates';
import { seedCatalogue } from '../server/src/services/catalogue';
import type { SeededRuleAddition } from '../server/src/domain/default-rules';

/**
 * The seeded rules (`SEEDED_RULE_ADDITIONS`) are published at boot as the next version, once:
 * a version national admins withdrew stays withdrawn across restarts — boot's seed (run here
 * as boot runs it, `seedCatalogue`) never publishes its rule again as a new version.
 */
const RULE_SET_UID = 'plugin::mandates.rule-set';
let strapi: Core.Strapi;
let national: { token: string };

beforeAll(async () => {
  strapi = await bootStrapi();
  national = await createAccount('national-admin');
});

type Row = { version: number; rules: { id: string }[]; withdrawnOn: string | null; note: string | null };
const rows = async () => (await strapi.db.query(RULE_SET_UID).findMany({ orderBy: { version: 'asc' } })) as Row[];

describe('seeded rules at boot', () => {
  it('a seeded rule whose version a national admin withdrew is not published again at the next boot: no new version, the withdrawal stands', async () => {
    // A rule added to the seeds (this test's own, planned far ahead: a planned version can be withdrawn).
    const addition: SeededRuleAddition = {
      rule: { id: 'TEST-SEED-RETIREE', type: 'consecutive-terms', label: 'Règle semée puis retirée', source: 'Test', categories: [], max: 9, toleranceDays: 0, graceDays: 30, resolution: null },
      effectiveFrom: await ruleSetDayFrom('2098-03-01'),
      note: 'Ajout semé (test), retiré ensuite.',
    };
    await seedCatalogue(strapi, [addition]);
    const seeded = (await rows()).filter((r) => r.rules.some((rule) => rule.id === addition.rule.id));
    expect(seeded.map((r) => [r.note, r.withdrawnOn])).toEqual([[addition.note, null]]);
    const version = seeded[0].version;

    const withdrawn = await (await api()).delete(`/api/mandates/rule-sets/${version}`).set(bearer(national.token));
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const before = await rows();

    // The next boot, twice (two restarts): nothing is published, the version stays withdrawn.
    await seedCatalogue(strapi, [addition]);
    await seedCatalogue(strapi, [addition]);
    const after = await rows();
    expect(after.map((r) => r.version)).toEqual(before.map((r) => r.version));
    expect(String(after.find((r) => r.version === version)?.withdrawnOn).slice(0, 10)).toBe(todayInParis());
    expect(after.filter((r) => !r.withdrawnOn && r.rules.some((rule) => rule.id === addition.rule.id))).toEqual([]);
    // The rules in force on its planned day are again the earlier ones: the withdrawn rule is not among them.
    const current = await getService(strapi, 'mandates', 'store').ruleSetOn(addition.effectiveFrom);
    expect(current.rules.map((r) => r.id)).not.toContain(addition.rule.id);
  });

  it('the boot’s own seeded rules are each in exactly one version: a restart publishes nothing', async () => {
    const before = (await rows()).map((r) => r.version);
    await seedCatalogue(strapi);
    expect((await rows()).map((r) => r.version)).toEqual(before);
  });
});
