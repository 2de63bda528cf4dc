/**
 * The training plugin's public services, typed for `getService(strapi, 'training', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/training'`) and list
 * `../training` in their tsconfig references.
 */
import type coursesFactory from './services/courses';
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';
import type statisticsFactory from './services/statistics';
import type viewsFactory from './services/views';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    training: {
      courses: ReturnType<typeof coursesFactory>;
      /** The development demo's training (src/seed). */
      demo: ReturnType<typeof demoFactory>;
      /** Training's part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      /** Training's part of « Mes données » (enrolments, certificates, lessons, quizzes, ratings, sponsorships). */
      'personal-data': ReturnType<typeof personalDataFactory>;
      statistics: ReturnType<typeof statisticsFactory>;
      views: ReturnType<typeof viewsFactory>;
    };
  }
}

export {};
