/**
 * The search plugin's public services, typed for `getService(strapi, 'search', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/search'`) and list
 * `../search` in their tsconfig references.
 */
import type erasureFactory from './services/erasure';
import type indexerFactory from './services/indexer';
import type personalDataFactory from './services/personal-data';
import type workerFactory from './services/worker';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    search: {
      /** Search's part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      indexer: ReturnType<typeof indexerFactory>;
      /** Search's part of « Mes données » (the documents about the member — their skills profile while listed — and those linked to their account). */
      'personal-data': ReturnType<typeof personalDataFactory>;
      worker: ReturnType<typeof workerFactory>;
    };
  }
}

export {};
