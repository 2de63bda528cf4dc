import type { Core } from '@strapi/strapi';

type Jobs = Parameters<Core.Strapi['cron']['add']>[0];

/**
 * Adds a plugin's scheduled jobs (Strapi's cron) only when `server.cron.enabled` is on
 * (`CRON_ENABLED`, off in tests). Strapi 5.54 starts every job given to `strapi.cron.add`
 * whatever that setting — it only skips the `server.cron.tasks` of the configuration — so
 * a test run would see a minute's job move a consultation's phase between two assertions.
 * Returns whether the jobs were added.
 */
export function scheduleJobs(strapi: Core.Strapi, jobs: Jobs): boolean {
  if (!strapi.config.get('server.cron.enabled', true)) return false;
  strapi.cron.add(jobs);
  return true;
}
