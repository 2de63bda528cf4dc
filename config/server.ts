import { requireSecretList } from '../src/platform/secrets';

export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('IS_PROXIED', false),
  app: {
    keys: requireSecretList(env, 'APP_KEYS'),
  },
  logger: {
    // No internet on most deployments of this intranet: never call home for updates.
    updates: { enabled: false },
    startup: { enabled: env.bool('STARTUP_BANNER', true) },
  },
});
