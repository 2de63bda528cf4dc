import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
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
  contentTypes,
  controllers: { training },
  routes,
  services: { courses, demo, erasure, 'personal-data': personalData, statistics, views },
};
