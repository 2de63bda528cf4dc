import { errors } from '@strapi/utils';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Budgets of the public registration pages (no account): per address (IP) over 10 minutes
 * and per email over an hour (`events.config`: publicRegistrationsPerAddress,
 * publicRegistrationsPerEmail). rate-limiter-flexible in this process's memory: with several
 * instances the budget is per instance (README « Known limits »).
 */
const limiters = new Map<string, RateLimiterMemory>();

function limiter(name: string, points: number, duration: number): RateLimiterMemory {
  const key = `${name}:${points}:${duration}`;
  let found = limiters.get(key);
  if (!found) limiters.set(key, (found = new RateLimiterMemory({ keyPrefix: `events-${name}`, points, duration })));
  return found;
}

/** Spends one point of `key`'s budget; throws 429 (French) when it is spent. */
export async function spend(name: 'address' | 'email' | 'token', key: string, points: number, duration: number): Promise<void> {
  try {
    await limiter(name, points, duration).consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const minutes = Math.max(1, Math.ceil(rejection.msBeforeNext / 60_000));
      throw new errors.RateLimitError(`Trop de demandes : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, { retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) });
    }
    throw rejection;
  }
}

/** Forgets every spent budget (tests). */
export function resetBudgets(): void {
  limiters.clear();
}
