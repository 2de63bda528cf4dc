/**
 * The modules plugin's public services, typed for `getService(strapi, 'modules', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/modules'`) and list
 * `../modules` in their tsconfig references.
 */
import type registryFactory from './services/registry';
import type switchesFactory from './services/switches';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    modules: {
      registry: ReturnType<typeof registryFactory>;
      switches: ReturnType<typeof switchesFactory>;
    };
  }
}

export {};
