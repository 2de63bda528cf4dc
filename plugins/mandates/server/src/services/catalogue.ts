import type { Core } from '@strapi/strapi';
import { withSeedLock } from '@intranet-militant/shared';
import { CATEGORY_CATALOGUE } from '../domain/catalogue';
import { DEFAULT_RULE_SET, SEEDED_RULE_ADDITIONS, type SeededRuleAddition } from '../domain/default-rules';
import { CATEGORY_UID, RULE_SET_UID } from '../uids';

/**
 * At boot: the catalogue's seeded categories that are missing (by code; categories edited
 * by national admins are left as they are), version 1 of the rule set when none exists, and
 * each later seeded rule (`SEEDED_RULE_ADDITIONS`) that no version ever had — withdrawn ones
 * included — as the next version: the latest standing version's rules plus it, numbered after
 * the highest number ever given (never rewriting a version, never reusing a withdrawn one's
 * number). A rule some version had was seeded or published once: if national admins withdrew
 * that version, or published a later one without it, that choice stands across restarts — the
 * seed never adds it back. Instances booting together take turns (`withSeedLock`).
 * @param additions the seeded rules to publish when new (`SEEDED_RULE_ADDITIONS`; a test's own)
 */
export async function seedCatalogue(strapi: Core.Strapi, additions: readonly SeededRuleAddition[] = SEEDED_RULE_ADDITIONS): Promise<void> {
  await withSeedLock(strapi, 'mandates-catalogue', async () => {
    const existing = new Set((await strapi.db.query(CATEGORY_UID).findMany({ select: ['code'] })).map((c: any) => c.code));
    for (const [position, category] of CATEGORY_CATALOGUE.entries()) {
      if (!existing.has(category.code)) await strapi.db.query(CATEGORY_UID).create({ data: { ...category, position } });
    }
    if ((await strapi.db.query(RULE_SET_UID).count({})) === 0) {
      await strapi.db.query(RULE_SET_UID).create({ data: { version: DEFAULT_RULE_SET.version, effectiveFrom: DEFAULT_RULE_SET.effectiveFrom, rules: DEFAULT_RULE_SET.rules, note: 'Version initiale : L. 46-1, LO. 141-1 et règles du parti.' } });
    }
    await strapi.db.transaction(async ({ trx }) => {
      // The rule sets' lock, which publications take too (`publishRuleSet`): a version published meanwhile takes the next number.
      if (strapi.db.dialect.client === 'postgres') await trx.raw("SELECT pg_advisory_xact_lock(hashtext('mandates:rule-sets'))");
      for (const addition of additions) {
        const all = (await strapi.db.query(RULE_SET_UID).findMany({ orderBy: { version: 'desc' } })) as { version: number; effectiveFrom: string; rules: { id: string }[]; withdrawnOn: string | null }[];
        // Once in any version, a withdrawn one's too, the rule was seeded or published: its withdrawal sticks.
        if (all.some((set) => (set.rules ?? []).some((r) => r.id === addition.rule.id))) continue;
        // Withdrawn versions never applied: the new one builds on the latest standing one, numbered after every one (`withdrawRuleSet`).
        const latest = all.find((set) => !set.withdrawnOn);
        if (!latest) continue;
        const effectiveFrom = String(latest.effectiveFrom).slice(0, 10) > addition.effectiveFrom ? String(latest.effectiveFrom).slice(0, 10) : addition.effectiveFrom;
        await strapi.db.query(RULE_SET_UID).create({ data: { version: all[0].version + 1, effectiveFrom, rules: [...latest.rules, addition.rule], note: addition.note } });
      }
    });
  });
}
