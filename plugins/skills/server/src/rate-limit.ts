import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { forgetBudget, spendBudget, type BudgetSpec } from '@intranet-militant/shared';

/**
 * Directory searches per account and minute (against mass scraping of members' profiles:
 * GDPR art. 32, security of processing). `SKILLS_SEARCHES_PER_MINUTE` (default 30). The shared
 * budgets helper (plugins/shared/src/budgets.ts): in PostgreSQL (`auth_rate_limits`), so the
 * budget holds across instances; in memory on SQLite.
 */
const spec = (): BudgetSpec => ({ name: 'skills-search', points: Math.max(1, Number(process.env.SKILLS_SEARCHES_PER_MINUTE) || 30), durationSeconds: 60 });

/**
 * Spends one search of the account's budget.
 * @throws RateLimitError (429, French, `retryAfterSeconds`) when it is spent
 */
export async function spendSearch(strapi: Core.Strapi, userId: number): Promise<void> {
  const result = await spendBudget(strapi, spec(), String(userId));
  if (result.allowed) return;
  const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  throw new errors.RateLimitError(`Trop de recherches dans l’annuaire en une minute : réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`, { retryAfterSeconds: seconds });
}

/** Forgets an account's spent searches (tests). */
export async function resetSearches(strapi: Core.Strapi, userId: number): Promise<void> {
  await forgetBudget(strapi, spec(), String(userId));
}
