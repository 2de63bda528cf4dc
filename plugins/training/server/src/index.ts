import type { Core } from '@strapi/strapi';
import { getService, MEMBER_ERASURE_REQUESTED, onEvent } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import contentTypes from './content-types';
import training from './controllers/training';
import { registerIntegrity } from './integrity';
import { trainingModule } from './manifest';
import routes from './routes';
import courses from './services/courses';
import demo from './services/demo';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import statistics from './services/statistics';
import views from './services/views';
import type { TrainingSettings } from './settings';
import { COURSE_UID, ENROLMENT_UID } from './uids';

/**
 * Training: courses at every level (section, federation, national) made of modules,
 * lessons and quizzes; enrolment and progress; the welcome path with a sponsor;
 * certificates anyone can verify; ratings and statistics for the bodies.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(trainingModule);
    getService(strapi, 'membership', 'audiences').guard([COURSE_UID]);
    registerIntegrity(strapi);
  },
  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // A member who asked for their erasure: their certificates' public check answers « not
    // found » at once, as after the erasure (which may wait for a hold the member may not be
    // told of: the check must not tell the two apart). The certificates themselves go at the erasure.
    onEvent(strapi, MEMBER_ERASURE_REQUESTED, async ({ memberId }) => {
      // (By ids: the query engine's updateMany does not filter through a relation.)
      const ids = (await strapi.db.query(ENROLMENT_UID).findMany({ where: { member: { id: memberId }, certificateCode: { $notNull: true } }, select: ['id'] })).map((e: { id: number }) => e.id);
      if (ids.length) await strapi.db.query(ENROLMENT_UID).updateMany({ where: { id: { $in: ids } }, data: { certificateCode: null } });
    });
  },
  config: {
    default: ({ env }: { env: { int(name: string, fallback: number): number } }): TrainingSettings => ({
      maxSponsorLoad: env.int('TRAINING_MAX_SPONSOR_LOAD', 3),
      quizRetryDays: env.int('TRAINING_QUIZ_RETRY_DAYS', 7),
    }),
    validator(config: TrainingSettings) {
      if (!Number.isInteger(config.maxSponsorLoad) || config.maxSponsorLoad < 1) throw new Error('TRAINING_MAX_SPONSOR_LOAD must be a positive integer.');
      if (!Number.isInteger(config.quizRetryDays) || config.quizRetryDays < 1 || config.quizRetryDays > 365) throw new Error('TRAINING_QUIZ_RETRY_DAYS must be a whole number of days from 1 to 365.');
    },
  },
  contentTypes,
  controllers: { training },
  routes,
  services: { courses, demo, erasure, 'personal-data': personalData, statistics, views },
};
