/**
 * The sanctions plugin's public services, typed for `getService(strapi, 'sanctions', name)`.
 */
import type scaleFactory from './services/scale';
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    sanctions: {
      /** The national scale's versions. */
      scale: ReturnType<typeof scaleFactory>;
      /** The development demo's cases (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** Sanctions' part of erasure and the retention table (`ErasureProvider`). */
      erasure: ReturnType<typeof erasureFactory>;
      /** Sanctions' part of « Mes données » (cases as respondent from notification, own reports). */
      'personal-data': ReturnType<typeof personalDataFactory>;
    };
  }
}

export {};
