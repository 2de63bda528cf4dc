import type { Core } from '@strapi/strapi';
import { reconcileSeatStanding, type SeatStandingReport } from '../commands/seat-standing';

/**
 * Seats' nightly check against membership (`commands/seat-standing.ts`), for the plugin's cron
 * and for operators or tests that run it by hand.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Ends on `on` (today, Paris) the seats of members who left the party, or whose place no longer lies in their body's scope. */
  reconcile(on?: string): Promise<SeatStandingReport> {
    return reconcileSeatStanding(strapi, on);
  },
});
