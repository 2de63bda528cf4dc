// What a one-shot command line (import, retention, search index, audit check) boots: Strapi
// without the server's background work. The server owns its workers, scheduled jobs and resumed
// jobs; a command that started them would stop (destroy) while they still ran, on closed
// database connections, or do the server's work twice. `LOG_LEVEL` stays the caller's (warn
// by default) so that the command prints its own lines only.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Sets the switches of a quiet boot; call before `createStrapi`. */
export function commandEnv() {
  process.env.SEED_DEMO = 'false';
  process.env.SEARCH_WORKER = 'false'; // neither the outbox worker nor the boot's (re)indexing
  process.env.NOTIFICATIONS_WORKER = 'false';
  process.env.MEMBER_IMPORT_RESUME = 'false'; // the import command resumes only when asked (--resume)
  process.env.MEMBER_DATA_EXPORT_RESUME = 'false';
  process.env.CRON_ENABLED = 'false';
  process.env.LOG_LEVEL ??= 'warn';
  process.env.STARTUP_BANNER = 'false';
}

/** Boots (loads) Strapi for a command with `commandEnv()`; the caller destroys it. */
export async function loadStrapiForCommand() {
  commandEnv();
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  return createStrapi(await compileStrapi()).load();
}
