import { errors } from '@strapi/utils';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Directory searches per account and minute (against mass scraping of members' profiles:
 * GDPR art. 32, security of processing). `SKILLS_SEARCHES_PER_MINUTE` (default 30). Per
 * process: with several instances the budget is per instance (see README « Known limits »).
 */
const perMinute = () => Math.max(1, Number(process.env.SKILLS_SEARCHES_PER_MINUTE) || 30);
let limiter: RateLimiterMemory | null = null;
let limiterPoints = 0;

/** Spends one search of the account's budget; throws 429 (French) when it is spent. */
export async function spendSearch(userId: number): Promise<void> {
  const points = perMinute();
  if (!limiter || limiterPoints !== points) {
    limiter = new RateLimiterMemory({ points, duration: 60, keyPrefix: 'skills-search' });
    limiterPoints = points;
  }
  try {
    await limiter.consume(String(userId));
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new errors.RateLimitError(`Trop de recherches dans l’annuaire en une minute : réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`, { retryAfterSeconds: seconds });
    }
    throw rejection;
  }
}

/** Forgets an account's spent searches (tests). */
export async function resetSearches(userId: number): Promise<void> {
  await limiter?.delete(String(userId));
}
