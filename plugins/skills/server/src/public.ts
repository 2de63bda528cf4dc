/**
 * The skills plugin's public services, typed for `getService(strapi, 'skills', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/skills'`) and list
 * `../skills` in their tsconfig references.
 */
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type matchingFactory from './services/matching';
import type personalDataFactory from './services/personal-data';
import type standingFactory from './services/standing';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    skills: {
      /** Ranked people holding a skill, as staff may see them (training suggests trainers). */
      matching: ReturnType<typeof matchingFactory>;
      /** The development demo's vocabulary, profiles, networks and census (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** The skills part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      /** The skills part of « Mes données ». */
      'personal-data': ReturnType<typeof personalDataFactory>;
      /** The directory's daily check against members' statuses (a suspension ended by its date lists the profile again). */
      standing: ReturnType<typeof standingFactory>;
    };
  }
}

export type { Match, MatchRequest } from './services/matching';
export type { StandingReport } from './commands/standing';
