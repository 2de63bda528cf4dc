import type { Core } from '@strapi/strapi';
import { todayInParis } from '@intranet-militant/shared';
import { LEVEL_LABELS, TERRITORY_KIND_LABELS } from '../domain/catalogue';
import { getStore } from '../services/store';

/** The catalogue of mandate categories with French labels (anyone with an account). */
export async function catalogueView(strapi: Core.Strapi) {
  return (await getStore(strapi).categories()).map((c) => ({
    code: c.code, label: c.label, executive: Boolean(c.executive), level: c.level, levelLabel: LEVEL_LABELS[c.level], territoryKind: c.territoryKind,
    territoryKindLabel: TERRITORY_KIND_LABELS[c.territoryKind], reportingPeriodMonths: c.reportingPeriodMonths, termYears: c.termYears, collaborator: Boolean(c.collaborator),
  }));
}

/** The rule set in force on a Paris date (default today): version, effective date, rules. */
export async function currentRules(strapi: Core.Strapi, on = todayInParis()) {
  return getStore(strapi).ruleSetOn(on);
}
