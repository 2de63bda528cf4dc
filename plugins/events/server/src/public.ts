/**
 * The events plugin's public services, typed for `getService(strapi, 'events', name)`.
 */
import type storeFactory from './services/store';
import type demoFactory from './services/demo';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    events: {
      /** The plugin's rows (rules live in commands). */
      store: ReturnType<typeof storeFactory>;
      /** The development demo's events (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
    };
  }
}

export {};
