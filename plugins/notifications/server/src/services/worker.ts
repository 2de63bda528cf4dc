import type { Core } from '@strapi/strapi';
import { backgroundTimer, getService } from '@intranet-militant/shared';

/**
 * Drains the notifications outbox in the background: shortly after each enqueue commits,
 * and on an interval (retries, other instances' rows, leases of a crashed worker).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let pending: NodeJS.Timeout | null = null;
  let interval: NodeJS.Timeout | null = null;
  let running = false;
  // Set by a request's commit, run outside it (never in that request's context).
  const timer = backgroundTimer('notifications-outbox');
  let draining: Promise<unknown> | null = null;

  async function drain() {
    if (draining) return;
    draining = getService(strapi, 'notifications', 'outbox')
      .drain()
      .catch((error: Error) => strapi.log.error(`Notifications outbox could not be drained: ${error.message}`))
      .finally(() => {
        draining = null;
      });
    await draining;
  }

  return {
    start(everyMs: number) {
      running = true;
      interval = setInterval(drain, everyMs);
      interval.unref();
      this.soon();
    },

    async stop() {
      running = false;
      if (interval) clearInterval(interval);
      if (pending) clearTimeout(pending);
      interval = pending = null;
      await draining;
    },

    get running() {
      return running;
    },

    /** A drain shortly (messages enqueued together leave together). */
    soon(delayMs = 25) {
      if (!running || pending) return;
      pending = timer.later(() => {
        pending = null;
        void drain();
      }, delayMs);
    },
  };
};
