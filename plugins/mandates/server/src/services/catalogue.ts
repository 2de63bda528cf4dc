import type { Core } from '@strapi/strapi';
import { withSeedLock } from '@intranet-militant/shared';
import { CATEGORY_CATALOGUE } from '../domain/catalogue';
import { DEFAULT_RULE_SET, SEEDED_RULE_ADDITIONS } from '../domain/default-rules';
import { CATEGORY_UID, RULE_SET_UID } from '../uids';

/**
 * At boot: the catalogue's seeded categories that are missing (by code; categories edited
 * by national admins are left as they are), version 1 of the rule set when none exists, and
 * each later seeded rule (`SEEDED_RULE_ADDITIONS`) that no version has yet (withdrawn ones
 * aside), as the next version: the latest standing version's rules plus it, numbered after the
 * highest number ever given (never rewriting a version, never reusing a withdrawn one's
 * number). Instances booting together take turns (`withSeedLock`).
 */
export async function seedCatalogue(strapi: Core.Strapi): Promise<void> {
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
      for (const addition of SEEDED_RULE_ADDITIONS) {
        const all = (await strapi.db.query(RULE_SET_UID).findMany({ orderBy: { version: 'desc' } })) as { version: number; effectiveFrom: string; rules: { id: string }[]; withdrawnOn: string | null }[];
        // Withdrawn versions never applied: only the others count, but their numbers stay taken (`withdrawRuleSet`).
        const sets = all.filter((set) => !set.withdrawnOn);
        if (sets.some((set) => (set.rules ?? []).some((r) => r.id === addition.rule.id))) continue;
        const latest = sets[0];
        const effectiveFrom = String(latest.effectiveFrom).slice(0, 10) > addition.effectiveFrom ? String(latest.effectiveFrom).slice(0, 10) : addition.effectiveFrom;
        await strapi.db.query(RULE_SET_UID).create({ data: { version: all[0].version + 1, effectiveFrom, rules: [...latest.rules, addition.rule], note: addition.note } });
      }
    });
  });
}
