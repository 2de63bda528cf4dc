/**
 * The investitures plugin's public services, typed for `getService(strapi, 'investitures', name)`.
 */
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type pledgeFactory from './services/pledge';
import type personalDataFactory from './services/personal-data';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    investitures: {
      /** The pledge's versions (seeded at boot). */
      pledge: ReturnType<typeof pledgeFactory>;
      /** The development demo's designations (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** Investitures' part of retention and erasure: an `ErasureProvider`. */
      erasure: ReturnType<typeof erasureFactory>;
      /** Investitures' part of « Mes données » (own candidacies and their checks). */
      'personal-data': ReturnType<typeof personalDataFactory>;
    };
  }
}

export {};
