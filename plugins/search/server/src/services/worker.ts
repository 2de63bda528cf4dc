import type { Core } from '@strapi/strapi';
import { backgroundTimer, getService } from '@intranet-militant/shared';

/**
 * Drains the outbox in the background: soon after each write commits, and on an interval
 * for the retries (and for the rows other instances wrote).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let pending: NodeJS.Timeout | null = null;
  let interval: NodeJS.Timeout | null = null;
  let running = false;
  // Set by a request's commit, run outside it (never in that request's context).
  const timer = backgroundTimer('search-outbox');

  async function drain() {
    try {
      await getService(strapi, 'search', 'indexer').drain();
    } catch (error) {
      strapi.log.error(`Search outbox could not be drained: ${(error as Error).message}`);
    }
  }

  return {
    start(everyMs: number) {
      running = true;
      interval = setInterval(drain, everyMs);
      interval.unref();
      this.soon();
    },

    stop() {
      running = false;
      if (interval) clearInterval(interval);
      if (pending) clearTimeout(pending);
      interval = pending = null;
    },

    /** A drain shortly (writes arriving together are indexed together). */
    soon(delayMs = 25) {
      if (!running || pending) return;
      pending = timer.later(() => {
        pending = null;
        void drain();
      }, delayMs);
    },
  };
};
