import type { Core } from '@strapi/strapi';
import { getService, MEMBER_LEFT, MEMBER_MOVED, MEMBER_STATUS_CHANGED, onEvent, scheduleJobs, withSchemaLock } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { onMemberLeft, onMemberMoved, onMemberStatusChanged } from './commands/member-changes';
import contentTypes from './content-types';
import bodiesController from './controllers/bodies';
import { registerIntegrity } from './integrity';
import { bodiesModule } from './manifest';
import { fillMeetingTitles, registerMeetingTitles } from './meeting-titles';
import './public';
import routes from './routes';
import bodies from './services/bodies';
import demo from './services/demo';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import standing from './services/standing';
import { ensureBodiesTables } from './storage';

/**
 * Party bodies (module « Instances »): bodies at every level, seats over half-open date
 * ranges, meetings with convocations and ICS files, attendance sheets, minutes with
 * versions, and the attendance indicator. Relies on membership (actors, members), modules
 * (its switch) and audit.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(bodiesModule);
    registerIntegrity(strapi);
    registerMeetingTitles(strapi);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureBodiesTables(knex, strapi.db.dialect.client));
    // Meetings written before `title` existed (or around the lifecycles) get theirs.
    await fillMeetingTitles(strapi);
    // One who left the party, was excluded, or moved out of a body’s scope, leaves its seats that day.
    onEvent(strapi, MEMBER_LEFT, ({ memberId, on }) => onMemberLeft(strapi, memberId, on));
    onEvent(strapi, MEMBER_MOVED, (move) => onMemberMoved(strapi, move));
    onEvent(strapi, MEMBER_STATUS_CHANGED, ({ memberId, to }) => onMemberStatusChanged(strapi, memberId, to));
    // And each night, the seats such an event did not end (from before that rule, a write no door announced).
    scheduleJobs(strapi, {
      bodiesSeatStanding: {
        task: () =>
          getService(strapi, 'bodies', 'standing')
            .reconcile()
            .then(({ departed, moved }) => {
              if (departed + moved > 0) strapi.log.info(`Bodies: seats ended for ${departed} member(s) who left the party and ${moved} who moved out of a body's scope.`);
            })
            .catch((error) => strapi.log.error(`Bodies: seats could not be checked against membership: ${error?.message ?? error}`)),
        options: { rule: '20 0 * * *', tz: 'Europe/Paris' },
      },
    });
  },
  contentTypes,
  controllers: { bodies: bodiesController },
  routes,
  services: { bodies, demo, erasure, 'personal-data': personalData, standing },
};
