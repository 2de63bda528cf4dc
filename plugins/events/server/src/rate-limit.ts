import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { spendBudget } from '@intranet-militant/shared';

/**
 * Budgets of the public registration pages (no account): per address (IP) over 10 minutes
 * and per email over an hour (`events.config`: publicRegistrationsPerAddress,
 * publicRegistrationsPerEmail). The shared budgets helper (plugins/shared/src/budgets.ts):
 * in PostgreSQL (`auth_rate_limits`), shared by every instance, with this process's memory as
 * insurance; in memory on SQLite.
 */

/**
 * Spends one point of `key`'s budget `name` (`points` per `duration` seconds).
 * @throws RateLimitError (429, French, `retryAfterSeconds`) when it is spent
 */
export async function spend(strapi: Core.Strapi, name: 'address' | 'email' | 'token', key: string, points: number, duration: number): Promise<void> {
  // Staff changing a budget's settings start it afresh (the settings are part of its counters' prefix).
  const result = await spendBudget(strapi, { name: `events-${name}`, points, durationSeconds: duration }, key);
  if (result.allowed) return;
  const minutes = Math.max(1, Math.ceil(result.msBeforeNext / 60_000));
  throw new errors.RateLimitError(`Trop de demandes : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, { retryAfterSeconds: Math.ceil(result.msBeforeNext / 1000) });
}
