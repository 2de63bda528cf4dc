/**
 * The bodies plugin's public services, typed for `getService(strapi, 'bodies', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/bodies'`) and list
 * `../bodies` in their tsconfig references.
 */
import type bodiesFactory from './services/bodies';
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';
import type standingFactory from './services/standing';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    bodies: {
      bodies: ReturnType<typeof bodiesFactory>;
      /** The development demo's bodies (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** Bodies' part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      /** Bodies' part of « Mes données » (seats, attendance). */
      'personal-data': ReturnType<typeof personalDataFactory>;
      /** Seats' nightly check against membership (departures, moves). */
      standing: ReturnType<typeof standingFactory>;
    };
  }
}

export type { PartyFunction } from './services/bodies';
