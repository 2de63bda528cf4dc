import type { Core } from '@strapi/strapi';
import { frenchDate, getService, MEMBER_LEFT, MEMBER_MOVED, MEMBER_STATUS_CHANGED, onEvent } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { endSponsorshipsOfMember } from './commands/sponsor';
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
import { COURSE_UID } from './uids';

/**
 * Training: courses at every level (section, federation, national) made of modules,
 * lessons and quizzes; enrolment and progress; the welcome path with a sponsor;
 * certificates anyone can verify; ratings and statistics for the bodies.
 *
 * No listener of a member's own erasure request: the public certificate check asks membership
 * whether a request stands (services/views.ts, `certificate`), so nothing has to be restored
 * when the request is withdrawn; the erasure itself removes the codes (services/erasure.ts).
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(trainingModule);
    getService(strapi, 'membership', 'audiences').guard([COURSE_UID]);
    registerIntegrity(strapi);
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
  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // A sponsorship is between two members of one federation: it ends when either leaves the
    // party, is excluded, or moves to another federation (in membership's transaction).
    onEvent(strapi, MEMBER_LEFT, async ({ memberId, on }) => {
      await endSponsorshipsOfMember(strapi, memberId, `Départ du parti (le ${frenchDate(on)})`);
    });
    onEvent(strapi, MEMBER_STATUS_CHANGED, async ({ memberId, to }) => {
      if (to === 'excluded') await endSponsorshipsOfMember(strapi, memberId, 'Exclusion du parti');
    });
    onEvent(strapi, MEMBER_MOVED, async ({ memberId, fromFederationId, toFederationId }) => {
      if (fromFederationId !== toFederationId) await endSponsorshipsOfMember(strapi, memberId, 'Changement de fédération');
    });
  },
  contentTypes,
  controllers: { training },
  routes,
  services: { courses, demo, erasure, 'personal-data': personalData, statistics, views },
};
