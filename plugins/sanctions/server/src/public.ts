/**
 * The sanctions plugin's public services, typed for `getService(strapi, 'sanctions', name)`.
 */
import type scaleFactory from './services/scale';
import type demoFactory from './services/demo';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    sanctions: {
      /** The national scale's versions. */
      scale: ReturnType<typeof scaleFactory>;
      /** The development demo's cases (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
    };
  }
}

export {};
