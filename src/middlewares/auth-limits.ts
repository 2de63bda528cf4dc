import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { budget, type BudgetStore } from '@intranet-militant/shared';

/**
 * Budgets on what anyone can reach without an account (rate-limiter-flexible), replacing
 * users-permissions' own limit, which counted successful logins: at a section meeting on
 * one Wi-Fi the eleventh member signing in was refused.
 *
 * - Sign-in (`/api/auth/local`): **failed** attempts only, per address (`AUTH_RATE_LIMIT_MAX`
 *   a minute) and per account (`AUTH_ACCOUNT_RATE_LIMIT_MAX` per 15 minutes, whatever the
 *   address: against slow, distributed guessing). A success clears the account's count.
 * - « Mot de passe oublié »: every request, per address and per email (3 an hour).
 * - Password reset and change, erasure on request (it asks for the password), account activation,
 *   email confirmation: failures per address. Refresh: 60 a minute per address.
 * - Public pages (events' public list, calendar and event; a certificate's check): every
 *   read, per address (`PUBLIC_RATE_LIMIT_MAX` a minute), in memory.
 * - The admin panel (`/admin/login`, `/admin/forgot-password`, `/admin/reset-password`, an
 *   invitation's `/admin/register` and `/admin/registration-info`, `/admin/access-token`): the
 *   same budgets, the account being the `email` field.
 *
 * Paths are compared normalised (case, repeated slashes, trailing slash, percent-encoding),
 * so `/API/AUTH/LOCAL`, `/api//auth/local/` and `/api/auth/%6Cocal` share one budget.
 * Counters live where the shared budgets helper puts them (plugins/shared/src/budgets.ts):
 * PostgreSQL (`auth_rate_limits`, one row per key) when `store` is `database`, so several
 * instances behind a balancer share one budget; if the database does not answer, each instance
 * falls back on its own memory for that call. On SQLite (one instance) or with
 * `store: 'memory'` they live in this process.
 */

export interface AuthLimits {
  enabled: boolean;
  /** Failed attempts per minute and address. */
  perAddress: number;
  /** Failed sign-ins per 15 minutes and account. */
  perAccount: number;
  /** Where counts live: `database` (PostgreSQL, shared by instances) or `memory` (this process). */
  store?: 'database' | 'memory';
  /** Anonymous reads of public pages per minute and address (default 300; `PUBLIC_RATE_LIMIT_MAX`). */
  publicReadsPerMinute?: number;
  /** A generation: another value starts every budget afresh (tests give each case its own). */
  round?: string | number;
}

type Rule = {
  /** The method budgeted (POST unless said). */
  method?: 'GET' | 'POST';
  failuresOnly: boolean;
  address: RateLimiterAbstract;
  account?: RateLimiterAbstract;
  accountOf?: (body: any) => string | null;
};

/** A budget of `points` per `duration` seconds, named `name` (the keys' prefix in a shared table). */
type Budget = (name: string, points: number, duration: number) => RateLimiterAbstract;

/** Budgets in the store the configuration names (plugins/shared/src/budgets.ts); `memory` for reads. */
function budgetsOf(strapi: Core.Strapi, store: BudgetStore | undefined, round?: string | number): { shared: Budget; memory: Budget } {
  const named = (name: string) => (round == null ? name : `${name}#${round}`);
  return {
    shared: (name, points, duration) => budget(strapi, { name: named(name), points, durationSeconds: duration, store }),
    memory: (name, points, duration) => budget(strapi, { name: named(name), points, durationSeconds: duration, store: 'memory' }),
  };
}

const lower = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : null);

function rulesFor(limits: AuthLimits, { shared: budget, memory: memoryBudget }: { shared: Budget; memory: Budget }): Record<string, Rule> {
  const perMinute = (name: string, points: number) => budget(name, points, 60);
  /** Failed sign-ins per address and per account (`field` names it); a success clears the account's count. */
  const signIn = (prefix: string, field: string): Rule => ({
    failuresOnly: true,
    address: perMinute(`${prefix}login-address`, limits.perAddress),
    account: budget(`${prefix}login-account`, limits.perAccount, 15 * 60),
    accountOf: (body) => lower(body?.[field]),
  });
  /** « Mot de passe oublié »: every request, per address and per email (3 an hour). */
  const forgotPassword = (prefix: string): Rule => ({
    failuresOnly: false,
    address: perMinute(`${prefix}forgot-address`, limits.perAddress),
    account: budget(`${prefix}forgot-email`, 3, 3600),
    accountOf: (body) => lower(body?.email),
  });
  const failures = (name: string): Rule => ({ failuresOnly: true, address: perMinute(name, limits.perAddress) });
  return {
    '/api/auth/local': signIn('', 'identifier'),
    '/api/auth/forgot-password': forgotPassword(''),
    '/api/auth/reset-password': failures('reset-address'),
    // « Activer mon compte » (notifications): a wrong code costs like a wrong reset code.
    '/api/notifications/activation': failures('activation-address'),
    // One-click unsubscribe (notifications): a bad signature costs like a wrong code.
    '/api/notifications/unsubscribe': failures('unsubscribe-address'),
    // Calendar feeds (notifications): calendar apps poll with the token; wrong tokens are
    // budgeted — in this process's memory, as a read never writes to the database.
    '/api/notifications/calendar.ics': { method: 'GET', failuresOnly: true, address: memoryBudget('calendar-address', limits.perAddress, 60) },
    '/api/auth/change-password': failures('change-address'),
    // Erasure on request asks for the current password (membership's request-erasure.ts, which
    // also budgets wrong passwords per account): its failures cost like a password change's.
    '/api/membership/me/erasure': failures('erasure-address'),
    '/api/auth/send-email-confirmation': { failuresOnly: false, address: perMinute('confirmation-address', limits.perAddress) },
    '/api/auth/refresh': { failuresOnly: false, address: perMinute('refresh-address', 60) },
    // The admin panel's doors (staff): the same budgets. Strapi's own `admin::rateLimit` stays,
    // but it counts per address *and* email, so a new email each try went round it.
    '/admin/login': signIn('admin-', 'email'),
    '/admin/forgot-password': forgotPassword('admin-'),
    '/admin/reset-password': failures('admin-reset-address'),
    // An invitation's registration token: a wrong one costs like a wrong reset code.
    '/admin/register': failures('admin-register-address'),
    '/admin/registration-info': { method: 'GET', failuresOnly: true, address: memoryBudget('admin-registration-info-address', limits.perAddress, 60) },
    '/admin/register-admin': failures('admin-first-address'),
    '/admin/access-token': { failuresOnly: false, address: perMinute('admin-access-token-address', 60) },
    // Pages anyone may read without an account (PUBLIC_READS): every request, per address —
    // in this process's memory, as a read never writes to the database.
    [PUBLIC_READ_RULE]: { method: 'GET', failuresOnly: false, address: memoryBudget('public-read-address', limits.publicReadsPerMinute ?? 300, 60) },
  };
}

/**
 * Content-API paths under which anonymous callers read (the events' public pages, list,
 * calendar and event, and a training certificate's check by its code): one budget per
 * address for all of them. Their writes (public registration) have budgets of their own.
 */
const PUBLIC_READS = ['/api/events/public/', '/api/training/certificates/'];
const PUBLIC_READ_RULE = '#public-reads';

/** `/API//auth/%6Cocal/` → `/api/auth/local`. */
export function normalisedPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed escape: compare it as it is
  }
  return decoded.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '') || '/';
}

function tooMany(ctx: Context, retryMs: number): never {
  ctx.set('Retry-After', String(Math.max(1, Math.ceil(retryMs / 1000))));
  throw new errors.RateLimitError('Trop de tentatives : réessayez dans quelques minutes.');
}

const exhausted = (res: RateLimiterRes | null, points: number) => res !== null && res.consumedPoints >= points;

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  let cached: { key: string; rules: Record<string, Rule> } | null = null;
  const rules = (limits: AuthLimits) => {
    const key = JSON.stringify(limits);
    if (cached?.key !== key) {
      cached = { key, rules: rulesFor(limits, budgetsOf(strapi, limits.store, limits.round)) };
    }
    return cached.rules;
  };

  return async (ctx: Context, next: () => Promise<void>) => {
    if (ctx.method !== 'POST' && ctx.method !== 'GET') return next();
    const limits = strapi.config.get('server.authLimits') as AuthLimits | undefined;
    if (!limits?.enabled) return next();
    const path = normalisedPath(ctx.path);
    const rule = rules(limits)[path] ?? (PUBLIC_READS.some((prefix) => `${path}/`.startsWith(prefix)) ? rules(limits)[PUBLIC_READ_RULE] : undefined);
    if (!rule || ctx.method !== (rule.method ?? 'POST')) return next();

    const address = `ip:${ctx.request.ip}`;
    const account = rule.accountOf?.(ctx.request.body) ?? null;
    const accountKey = account ? `account:${account}` : null;
    const addressState = await rule.address.get(address);
    if (exhausted(addressState, rule.address.points)) tooMany(ctx, addressState!.msBeforeNext);
    if (rule.account && accountKey) {
      const accountState = await rule.account.get(accountKey);
      if (exhausted(accountState, rule.account.points)) tooMany(ctx, accountState!.msBeforeNext);
    }

    let failed = false;
    try {
      await next();
      failed = ctx.status >= 400;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (!rule.failuresOnly || failed) {
        await rule.address.penalty(address);
        if (rule.account && accountKey) await rule.account.penalty(accountKey);
      } else if (rule.account && accountKey) {
        await rule.account.delete(accountKey);
      }
    }
  };
};
