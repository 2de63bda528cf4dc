import type { Core } from '@strapi/strapi';
import { getService, MEMBER_ERASURE_REQUESTED, MEMBER_LEFT, MEMBER_STATUS_CHANGED, onEvent, scheduleJobs } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { remindCitizens } from './commands/reminders';
import contentTypes from './content-types';
import events from './controllers/events';
import publicEvents from './controllers/public-events';
import summerUniversity from './controllers/summer-university';
import { eventsModule } from './manifest';
import './public';
import routes from './routes';
import demo from './services/demo';
import erasure, { releaseUpcomingOfMember, releaseUpcomingOfRequest } from './services/erasure';
import personalData from './services/personal-data';
import store from './services/store';
import { REGISTRATION_UID } from './uids';
import { DEFAULT_SETTINGS } from './settings';

/**
 * Events (module « Événements », issue 20): café-débats, debates, trainings, public meetings,
 * summer university, field actions; members register in one click, citizens on the public
 * page (confirmed by email); capacity with a waiting list; reminders the day before;
 * check-in at the door; the report sent as a contribution to a consultation; feedback;
 * open events listed publicly with an iCalendar feed; statistics for staff.
 */
export default {
  config: { default: DEFAULT_SETTINGS, validator: () => undefined },
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(eventsModule);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // A member who asked for their erasure: the links of their registrations (as a member, or
    // made under their address as a citizen) answer « unknown » at once, as after the erasure
    // (which may wait for a hold the member may not be told of: a link must not tell the two
    // apart). In membership's transaction; the rest of their registrations goes at the erasure.
    // What is still to come is cancelled at the request too (`releaseUpcomingOfRequest`): a
    // freed seat must not tell whether the erasure followed or waits on such a hold.
    onEvent(strapi, MEMBER_ERASURE_REQUESTED, async ({ memberId }) => {
      const member = await getService(strapi, 'membership', 'directory').memberById(memberId);
      const email = member?.user?.email?.trim().toLowerCase() || null;
      const where = email ? { $or: [{ memberId }, { email }] } : { memberId };
      await strapi.db.query(REGISTRATION_UID).updateMany({ where: { $and: [where, { tokenHash: { $notNull: true } }] }, data: { tokenHash: null } });
      await releaseUpcomingOfRequest(strapi, { memberId, email });
    });
    // One who is no longer a member (a departure, an exclusion) holds no seat at members' events
    // to come, nor summer-university places or delegation lines (in membership's transaction).
    onEvent(strapi, MEMBER_LEFT, async ({ memberId }) => {
      await releaseUpcomingOfMember(strapi, memberId);
    });
    onEvent(strapi, MEMBER_STATUS_CHANGED, async ({ memberId, to }) => {
      if (to === 'excluded') await releaseUpcomingOfMember(strapi, memberId);
    });
    // Citizens' reminders the day before (members': the `events.reminder` notification), and
    // citizens' data past its period (pending registrations lapse after `confirmationHours`).
    scheduleJobs(strapi, {
      eventsRemindCitizens: {
        task: () => remindCitizens(strapi).then(() => undefined),
        options: { rule: '20 * * * *', tz: 'Europe/Paris' },
      },
      eventsCitizensRetention: {
        task: () =>
          getService(strapi, 'events', 'erasure')
            .purge(new Date())
            .then(() => undefined, (error: Error) => strapi.log.error(`events: citizens' retention not applied (${error.message})`)),
        options: { rule: '25 * * * *', tz: 'Europe/Paris' },
      },
    });
  },
  contentTypes,
  controllers: { events, publicEvents, summerUniversity },
  routes,
  services: { store, demo, erasure, 'personal-data': personalData },
};
