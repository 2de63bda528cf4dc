import type { Core } from '@strapi/strapi';
import contentTypes from './content-types';
import federationModule from './controllers/federation-module';
import { getService } from '@intranet-militant/shared';
import { registerFederationSwitches, registerIntegrity } from './integrity';
import moduleEnabled from './policies/module-enabled';
import routes from './routes';
import registry from './services/registry';
import switches from './services/switches';

/**
 * Modules: the registry of module manifests and each federation's switches. Public
 * services: `registry` (modules register their manifest in `register()`) and `switches`.
 * Policy `module-enabled` guards every route of a module.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerIntegrity(strapi);
    registerFederationSwitches(strapi);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'modules', 'switches').syncAll();
  },
  contentTypes,
  controllers: { 'federation-module': federationModule },
  policies: { 'module-enabled': moduleEnabled },
  routes,
  services: { registry, switches },
};
