/**
 * The events plugin's public services, typed for `getService(strapi, 'events', name)`.
 */
import type storeFactory from './services/store';
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    events: {
      /** The plugin's rows (rules live in commands). */
      store: ReturnType<typeof storeFactory>;
      /** The development demo's events (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** Events' part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      /** Events' part of « Mes données » (a `PersonalDataProvider`). */
      'personal-data': ReturnType<typeof personalDataFactory>;
    };
  }
}

export {};
