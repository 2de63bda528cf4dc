/**
 * The audit plugin's public services, typed for `getService(strapi, 'audit', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/audit'`) and list
 * `../audit` in their tsconfig references.
 */
import type logFactory from './services/log';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    audit: {
      log: ReturnType<typeof logFactory>;
    };
  }
}

export {};
