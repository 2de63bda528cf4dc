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
import { COURSE_UID } from './uids';

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
  config: {
    default: ({ env }: { env: { int(name: string, fallback: number): number } }) => ({
      /** No sponsor looks after more newcomers at once than this. */
      maxSponsorLoad: env.int('TRAINING_MAX_SPONSOR_LOAD', 3),
    }),
    validator(config: { maxSponsorLoad: number }) {
      if (!Number.isInteger(config.maxSponsorLoad) || config.maxSponsorLoad < 1) throw new Error('TRAINING_MAX_SPONSOR_LOAD must be a positive integer.');
    },
  },
  contentTypes,
  controllers: { training },
  routes,
  services: { courses, demo, erasure, 'personal-data': personalData, statistics, views },
};
