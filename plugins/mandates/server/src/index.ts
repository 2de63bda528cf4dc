import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import contentTypes from './content-types';
import mandatesController from './controllers/mandates';
import mandatesAdminController from './controllers/mandates-admin';
import { loadOfficialLists } from './domain/territories';
import { registerIntegrity } from './integrity';
import { mandatesModule } from './manifest';
import './public';
import routes from './routes';
import { seedCatalogue } from './services/catalogue';
import cumul from './services/cumul';
import demo from './services/demo';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import store from './services/store';
import territories from './services/territories';
import { repairRuleSetVersions } from './services/version-repair';

/**
 * Elected officials' mandates (module « Élus et mandats »): the national catalogue of
 * categories, mandates, the versioned rules on holding several mandates at once and over
 * time (pure engine in domain/rules.ts), waivers, mandate reports and members' questions,
 * the compliance indicator and the officials' directory. Relies on membership (members,
 * federations), modules (its switch), bodies (party functions, through its public service) and audit.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(mandatesModule);
    registerIntegrity(strapi);
    // Before the schema sync creates the version key: a database holding duplicate versions (the old race) would refuse it and not start.
    strapi.hook('strapi::content-types.beforeSync').register(async () => {
      await repairRuleSetVersions(strapi);
    });
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The official territory lists load in the background (the server need not wait; a command awaits them).
    loadOfficialLists().catch((error) => strapi.log.error(`mandates: official territory lists unreadable: ${error}`));
    await seedCatalogue(strapi);
    await getService(strapi, 'mandates', 'store').backfillRefs();
  },
  contentTypes,
  controllers: { mandates: mandatesController, 'mandates-admin': mandatesAdminController },
  routes,
  services: { store, cumul, demo, erasure, 'personal-data': personalData, territories },
};
