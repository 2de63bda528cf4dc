import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Budgets on what anyone can reach without an account (rate-limiter-flexible), replacing
 * users-permissions' own limit, which counted successful logins: at a section meeting on
 * one Wi-Fi the eleventh member signing in was refused.
 *
 * - Sign-in (`/api/auth/local`): **failed** attempts only, per address (`AUTH_RATE_LIMIT_MAX`
 *   a minute) and per account (`AUTH_ACCOUNT_RATE_LIMIT_MAX` per 15 minutes, whatever the
 *   address: against slow, distributed guessing). A success clears the account's count.
 * - « Mot de passe oublié »: every request, per address and per email (3 an hour).
 * - Password reset and change, account activation, email confirmation: failures per address. Refresh: 60 a minute per address.
 *
 * Paths are compared normalised (case, repeated slashes, trailing slash, percent-encoding),
 * so `/API/AUTH/LOCAL`, `/api//auth/local/` and `/api/auth/%6Cocal` share one budget.
 * Counters live in this process's memory: several instances each keep their own.
 */

export interface AuthLimits {
  enabled: boolean;
  /** Failed attempts per minute and address. */
  perAddress: number;
  /** Failed sign-ins per 15 minutes and account. */
  perAccount: number;
}

type Rule = { failuresOnly: boolean; address: RateLimiterMemory; account?: RateLimiterMemory; accountOf?: (body: any) => string | null };

const lower = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : null);

function rulesFor(limits: AuthLimits): Record<string, Rule> {
  const perMinute = (points: number) => new RateLimiterMemory({ points, duration: 60 });
  return {
    '/api/auth/local': {
      failuresOnly: true,
      address: perMinute(limits.perAddress),
      account: new RateLimiterMemory({ points: limits.perAccount, duration: 15 * 60 }),
      accountOf: (body) => lower(body?.identifier),
    },
    '/api/auth/forgot-password': {
      failuresOnly: false,
      address: perMinute(limits.perAddress),
      account: new RateLimiterMemory({ points: 3, duration: 3600 }),
      accountOf: (body) => lower(body?.email),
    },
    '/api/auth/reset-password': { failuresOnly: true, address: perMinute(limits.perAddress) },
    // « Activer mon compte » (notifications): a wrong code costs like a wrong reset code.
    '/api/notifications/activation': { failuresOnly: true, address: perMinute(limits.perAddress) },
    // One-click unsubscribe (notifications): a bad signature costs like a wrong code.
    '/api/notifications/unsubscribe': { failuresOnly: true, address: perMinute(limits.perAddress) },
    // Calendar feeds (notifications): calendar apps poll with the token; wrong tokens are budgeted.
    '/api/notifications/calendar.ics': { failuresOnly: true, address: perMinute(limits.perAddress) },
    '/api/auth/change-password': { failuresOnly: true, address: perMinute(limits.perAddress) },
    '/api/auth/send-email-confirmation': { failuresOnly: false, address: perMinute(limits.perAddress) },
    '/api/auth/refresh': { failuresOnly: false, address: perMinute(60) },
  };
}

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
    if (cached?.key !== key) cached = { key, rules: rulesFor(limits) };
    return cached.rules;
  };

  return async (ctx: Context, next: () => Promise<void>) => {
    if (ctx.method !== 'POST') return next();
    const limits = strapi.config.get('server.authLimits') as AuthLimits | undefined;
    if (!limits?.enabled) return next();
    const rule = rules(limits)[normalisedPath(ctx.path)];
    if (!rule) return next();

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
