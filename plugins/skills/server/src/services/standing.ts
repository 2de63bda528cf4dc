import type { Core } from '@strapi/strapi';
import { reconcileStanding, type StandingReport } from '../commands/standing';

/**
 * The directory's daily check against members' statuses (`commands/standing.ts`), for the
 * plugin's cron and for operators or tests that run it by hand.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Lists again the consented profiles of members whose suspension ended by `on` (today), takes out those who may no longer take part. */
  reconcile(on?: string): Promise<StandingReport> {
    return reconcileStanding(strapi, on);
  },
});
