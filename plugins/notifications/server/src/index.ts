import type { Core } from '@strapi/strapi';
import { getService, MEMBER_ERASURE_REQUESTED, MEMBER_JOINED, onEvent, scheduleJobs, withTransaction } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import contentTypes from './content-types';
import invitation from './controllers/invitation';
import notification from './controllers/notification';
import routes from './routes';
import calendar from './services/calendar';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import invitations from './services/invitations';
import kinds from './services/kinds';
import mailer from './services/mailer';
import outbox from './services/outbox';
import passwords from './services/passwords';
import preferences from './services/preferences';
import scheduler from './services/scheduler';
import worker from './services/worker';

/**
 * Notifications: a durable outbox of notifications (one row per event and recipient, also
 * the member's inbox), sent by email through Strapi's email plugin by a background worker
 * with retries, a rate limit and bounce handling; the kinds each plugin declares; the
 * invitation every new member receives, its activation, and the « mot de passe oublié » email.
 */
export default {
  register() {},
  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    onEvent(strapi, MEMBER_JOINED, ({ memberId, invite }) => (invite === false ? undefined : getService(strapi, 'notifications', 'invitations').onMemberJoined(memberId)));
    // A member who asked for their erasure: their activation links read « not valid » at once,
    // as after the erasure (which may wait for a hold the member may not be told of).
    onEvent(strapi, MEMBER_ERASURE_REQUESTED, ({ memberId }) => withTransaction(strapi, (trx) => trx('notifications_invitations').where('member_id', memberId).delete()).then(() => undefined));
    getService(strapi, 'notifications', 'scheduler').subscribe();
    const config = strapi.plugin('notifications').config('worker') as { enabled: boolean; intervalMs: number };
    if (config.enabled) getService(strapi, 'notifications', 'worker').start(config.intervalMs);
    scheduleJobs(strapi, {
      notificationsClock: {
        task: async () => {
          await getService(strapi, 'notifications', 'scheduler').tick();
        },
        options: { rule: '*/15 * * * *' },
      },
    });
  },
  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'notifications', 'worker').stop();
  },
  config: {
    default: ({ env }: { env: any }) => ({
      worker: { enabled: env.bool('NOTIFICATIONS_WORKER', true), intervalMs: env.int('NOTIFICATIONS_WORKER_INTERVAL_MS', 5000) },
      outbox: {
        batchSize: env.int('MAIL_BATCH_SIZE', 100),
        concurrency: env.int('MAIL_CONCURRENCY', 4),
        ratePerSecond: env.int('MAIL_RATE_PER_SECOND', 300),
      },
    }),
    validator() {},
  },
  contentTypes,
  controllers: { invitation, notification },
  routes,
  services: { calendar, erasure, invitations, kinds, mailer, outbox, passwords, 'personal-data': personalData, preferences, scheduler, worker },
};
