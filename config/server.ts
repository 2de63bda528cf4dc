import { requireSecretList } from '../src/platform/secrets';

export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind a reverse proxy, trust its X-Forwarded-* headers: client addresses (rate limits)
  // and HTTPS (secure cookies) depend on it.
  proxy: {
    koa: env.bool('IS_PROXIED', env('NODE_ENV') === 'production'),
    maxIpsCount: env.int('PROXY_MAX_IPS', 1),
  },
  app: {
    keys: requireSecretList(env, 'APP_KEYS'),
  },
  // What anonymous callers may try (src/middlewares/auth-limits.ts): failed sign-ins per
  // minute and address, and per 15 minutes and account.
  authLimits: {
    enabled: env.bool('AUTH_RATE_LIMIT', true),
    perAddress: env.int('AUTH_RATE_LIMIT_MAX', 10),
    perAccount: env.int('AUTH_ACCOUNT_RATE_LIMIT_MAX', 10),
    // Anonymous reads of public pages (events' public pages, certificate checks) per minute and address.
    publicReadsPerMinute: env.int('PUBLIC_RATE_LIMIT_MAX', 300),
    // Where the counts live: the database (shared by every instance; PostgreSQL only) or
    // this process's memory. Default: the database on PostgreSQL, memory on SQLite.
    store: env('AUTH_RATE_LIMIT_STORE', env('DATABASE_CLIENT', 'sqlite') === 'postgres' ? 'database' : 'memory'),
  },
  // Scheduled work (consultation phases ending on their dates). Commands also catch up
  // on their own, so a stopped scheduler delays the audit entry, never the rule.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
  // SIGTERM / SIGINT: not ready at once, keep serving `delayMs` (the balancer's check
  // interval), then stop accepting and give requests in flight `graceMs` (src/platform/shutdown.ts).
  shutdown: { delayMs: env.int('SHUTDOWN_DELAY_MS', 0), graceMs: env.int('SHUTDOWN_GRACE_MS', 10_000) },
  logger: {
    // No internet on most deployments of this intranet: never call home for updates.
    updates: { enabled: false },
    startup: { enabled: env.bool('STARTUP_BANNER', true) },
  },
});
