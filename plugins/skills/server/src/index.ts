import type { Core } from '@strapi/strapi';
import { getService, MEMBER_LEFT, MEMBER_MOVED, MEMBER_RETURNED, MEMBER_STATUS_CHANGED, onEvent, scheduleJobs, withSchemaLock } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { onMemberMoved, onMemberReturned, onMemberStatus } from './commands/profile';
import contentTypes from './content-types';
import skillsController from './controllers/skills';
import { skillsModule } from './manifest';
import './public';
import routes from './routes';
import demo from './services/demo';
import erasure from './services/erasure';
import matching from './services/matching';
import personalData from './services/personal-data';
import standing from './services/standing';
import { ensureSkillsTables } from './storage';

/**
 * Skills and networks directory (module « Compétences et réseaux », issue 18): a national
 * vocabulary, members' profiles shown only with their consent and to whom they choose,
 * directory search and matching, thematic networks, census campaigns. Relies on membership
 * (actors, members, status events), modules (its switch), audit, search and notifications.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(skillsModule);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureSkillsTables(knex, strapi.db.dialect.client));
    // Suspended or excluded: out of the directory and the index in membership's own transaction.
    onEvent(strapi, MEMBER_STATUS_CHANGED, ({ memberId, to }) => onMemberStatus(strapi, memberId, to));
    // A recorded departure: out at once too (the profile itself goes at the member's erasure).
    onEvent(strapi, MEMBER_LEFT, ({ memberId }) => onMemberStatus(strapi, memberId, 'left'));
    // A move to another section or federation: the profile's place follows, and so does who finds it.
    onEvent(strapi, MEMBER_MOVED, ({ memberId }) => onMemberMoved(strapi, memberId));
    // A return (« réadhésion »): a consented profile is listed again, if the member may take part today.
    onEvent(strapi, MEMBER_RETURNED, ({ memberId }) => onMemberReturned(strapi, memberId));
    // A suspension ends by its date, with no write to announce it: each night the directory is
    // checked against members' statuses as they stand (profiles listed again, or taken out).
    scheduleJobs(strapi, {
      skillsStanding: {
        task: () =>
          getService(strapi, 'skills', 'standing')
            .reconcile()
            .then(({ relisted, unlisted }) => {
              if (relisted + unlisted > 0) strapi.log.info(`Skills directory: ${relisted} profile(s) listed again, ${unlisted} taken out (members' statuses as they stand today).`);
            })
            .catch((error) => strapi.log.error(`Skills directory could not be checked against members' statuses: ${error?.message ?? error}`)),
        options: { rule: '10 0 * * *', tz: 'Europe/Paris' },
      },
    });
  },
  contentTypes,
  controllers: { skills: skillsController },
  routes,
  services: { matching, demo, 'personal-data': personalData, erasure, standing },
};
