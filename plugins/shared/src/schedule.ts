import { AsyncResource } from 'node:async_hooks';
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

/**
 * A timer for background work that does not carry the context of whoever set it. Node's timers
 * inherit the async context of their caller, so a drain scheduled by a request's commit would run
 * inside that request's context (Strapi's `requestContext`: its path, its actor) — background work
 * must never act as, nor be counted as, a request. Create it where no request runs (a service's
 * factory, at boot); `later` then runs `task` after `delayMs` milliseconds in that context.
 * Returns the timer, unref'd (it does not keep the process alive).
 */
export function backgroundTimer(name: string): { later(task: () => void, delayMs: number): NodeJS.Timeout } {
  const scope = new AsyncResource(name);
  return {
    later(task, delayMs) {
      const timer = scope.runInAsyncScope(() => setTimeout(task, delayMs));
      timer.unref();
      return timer;
    },
  };
}
