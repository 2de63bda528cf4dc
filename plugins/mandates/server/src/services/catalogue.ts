import type { Core } from '@strapi/strapi';
import { CATEGORY_CATALOGUE } from '../domain/catalogue';
import { DEFAULT_RULE_SET } from '../domain/default-rules';
import { CATEGORY_UID, RULE_SET_UID } from '../uids';

/**
 * At boot: the catalogue's seeded categories that are missing (by code; categories edited
 * by national admins are left as they are) and version 1 of the rule set when none exists.
 */
export async function seedCatalogue(strapi: Core.Strapi): Promise<void> {
  const existing = new Set((await strapi.db.query(CATEGORY_UID).findMany({ select: ['code'] })).map((c: any) => c.code));
  for (const [position, category] of CATEGORY_CATALOGUE.entries()) {
    if (!existing.has(category.code)) await strapi.db.query(CATEGORY_UID).create({ data: { ...category, position } });
  }
  if ((await strapi.db.query(RULE_SET_UID).count({})) === 0) {
    await strapi.db.query(RULE_SET_UID).create({ data: { version: DEFAULT_RULE_SET.version, effectiveFrom: DEFAULT_RULE_SET.effectiveFrom, rules: DEFAULT_RULE_SET.rules, note: 'Version initiale : L. 46-1, LO. 141-1 et règles du parti.' } });
  }
}
