import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Budgets (rate limits) that hold across instances (issue 13 §3), with `rate-limiter-flexible`:
 *
 * - `database` (default on PostgreSQL): counts in the table `auth_rate_limits`
 *   (database/migrations/…auth-rate-limits.js, one row per budget and key), shared by every
 *   instance behind the balancer; if the database does not answer, this process's memory
 *   counts for that call (the library's insurance limiter), so a budget never blocks on an outage;
 * - `memory` (SQLite, one process; or `AUTH_RATE_LIMIT_STORE=memory`; or a budget that a GET
 *   spends, since reads never write): this process only.
 *
 * Used by the sign-in and password budgets (src/middlewares/auth-limits.ts), the public
 * registration pages of events and the directory searches of skills.
 */

export type BudgetStore = 'database' | 'memory';

export interface BudgetSpec {
  /** The budget's name: with its points and duration, the keys' prefix in the shared table (unique per budget). */
  name: string;
  /** How many points (attempts) a key may spend per `durationSeconds`. */
  points: number;
  durationSeconds: number;
  /** Where counts live; default: `server.authLimits.store` (`AUTH_RATE_LIMIT_STORE`), `database` on PostgreSQL. */
  store?: BudgetStore;
}

interface StrapiLike {
  db: { connection: unknown; dialect: { client: string } };
  config: { get: (path: string, fallback?: unknown) => unknown };
}

/** Where a budget's counts live on this deployment (`memory` whenever the database is not PostgreSQL). */
export function budgetStoreOf(strapi: StrapiLike, wanted?: BudgetStore): BudgetStore {
  if (strapi.db.dialect.client !== 'postgres') return 'memory';
  const configured = wanted ?? (strapi.config.get('server.authLimits.store', 'database') as BudgetStore | undefined);
  return configured === 'memory' ? 'memory' : 'database';
}

const limiters = new WeakMap<object, Map<string, RateLimiterAbstract>>();

/**
 * The limiter of a budget (one per instance, budget and store: counts persist across calls).
 * Callers use `consume`, `get`, `penalty`, `delete` of rate-limiter-flexible.
 */
export function budget(strapi: StrapiLike, spec: BudgetSpec): RateLimiterAbstract {
  const store = budgetStoreOf(strapi, spec.store);
  const key = `${spec.name}:${spec.points}:${spec.durationSeconds}:${store}`;
  let byKey = limiters.get(strapi);
  if (!byKey) limiters.set(strapi, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) {
    // The settings are part of the shared counters' prefix: a changed setting starts afresh,
    // in the database as in memory (a new limiter has no counts).
    const prefix = `${spec.name}:${spec.points}:${spec.durationSeconds}`;
    const memory = new RateLimiterMemory({ keyPrefix: prefix, points: spec.points, duration: spec.durationSeconds });
    found =
      store === 'memory'
        ? memory
        : new RateLimiterPostgres({
            storeClient: strapi.db.connection,
            storeType: 'knex',
            tableName: 'auth_rate_limits',
            tableCreated: true,
            keyPrefix: prefix,
            points: spec.points,
            duration: spec.durationSeconds,
            clearExpiredByTimeout: true,
            insuranceLimiter: memory,
          });
    byKey.set(key, found);
  }
  return found;
}

/**
 * Spends one point of `key`'s budget.
 * @returns `{ allowed: true }`, or `{ allowed: false, msBeforeNext }` (ms until a point comes back) when it is spent
 */
export async function spendBudget(strapi: StrapiLike, spec: BudgetSpec, key: string): Promise<{ allowed: true } | { allowed: false; msBeforeNext: number }> {
  try {
    await budget(strapi, spec).consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, msBeforeNext: rejection.msBeforeNext };
    throw rejection;
  }
}

/** Forgets what `key` spent of a budget (tests, a success that clears failures). */
export async function forgetBudget(strapi: StrapiLike, spec: BudgetSpec, key: string): Promise<void> {
  await budget(strapi, spec).delete(key);
}
