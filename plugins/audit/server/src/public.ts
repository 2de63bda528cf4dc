/**
 * The audit plugin's public services, typed for `getService(strapi, 'audit', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/audit'`) and list
 * `../audit` in their tsconfig references.
 */
import type erasureFactory from './services/erasure';
import type logFactory from './services/log';
import type personalDataFactory from './services/personal-data';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    audit: {
      /** The audit log's part of retention and erasure (nothing changed; the retention row). */
      erasure: ReturnType<typeof erasureFactory>;
      log: ReturnType<typeof logFactory>;
      /** The audit log's part of « Mes données » (entries about the member or written by them). */
      'personal-data': ReturnType<typeof personalDataFactory>;
    };
  }
}

export {};
