import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { getService, scheduleJobs, withSchemaLock } from '@intranet-militant/shared';
import contentTypes from './content-types';
import './public';
import consultation from './controllers/consultation';
import contribution from './controllers/contribution';
import exportController from './controllers/export';
import proposal from './controllers/proposal';
import results from './controllers/results';
import synthesis from './controllers/synthesis';
import vote from './controllers/vote';
import workbench from './controllers/workbench';
import { registerIntegrity } from './integrity';
import { consultationsModule } from './manifest';
import routes, { WORKBENCH_ACTION } from './routes';
import ballotBox from './services/ballot-box';
import clock from './services/clock';
import consultations from './services/consultations';
import demo from './services/demo';
import exportsService from './services/exports';
import externalContributions from './services/external-contributions';
import grouping from './services/grouping';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import participation from './services/participation';
import roll from './services/roll';
import tallies from './services/tallies';
import views from './services/views';
import { ensureConsultationTables } from './storage';
import { CONSULTATION_UID } from './uids';

/** The admin-panel permission registry (the part of it used here). */
interface AdminPermissionService {
  actionProvider: { registerMany(actions: { section: string; displayName: string; uid: string; pluginName: string }[]): Promise<void> };
}

/**
 * Consultations: contributions → proposals → two-axis evaluation → synthesis → secret
 * vote, and quick consultations. Relies on membership (actors, eligibility, audiences),
 * modules (its switch) and audit.
 */
export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(consultationsModule);
    // The staff screens of the admin panel, given to every federation's staff role.
    await (strapi.service('admin::permission') as AdminPermissionService).actionProvider.registerMany([
      { section: 'plugins', displayName: 'Atelier de regroupement et résultats', uid: 'workbench.use', pluginName: 'consultations' },
    ]);
    getService(strapi, 'membership', 'admin-scope').grantToStaff([WORKBENCH_ACTION]);
    getService(strapi, 'membership', 'audiences').guard([CONSULTATION_UID]);
    registerIntegrity(strapi);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureConsultationTables(knex, strapi.db.dialect.client));
    await getService(strapi, 'consultations', 'ballot-box').ensureTables();
    // The grouping vocabulary: seeded concepts national admins then edit in the admin panel.
    await getService(strapi, 'consultations', 'grouping').seedVocabulary();
    // The typo correction's dictionary, loaded off the event loop while the server starts.
    void getService(strapi, 'consultations', 'grouping')
      .preloadDictionary()
      .then(({ loaded }) => {
        if (loaded === 'failed') strapi.log.warn('consultations: the French dictionary could not be loaded in a worker thread; the first typo correction will load it on the event loop.');
      });
    // Phases end on their dates even when nobody writes: the clock looks every minute (reads never move them).
    scheduleJobs(strapi, {
      consultationsClock: {
        task: async () => {
          await getService(strapi, 'consultations', 'clock').tick();
        },
        options: { rule: '*/1 * * * *' },
      },
    });
  },
  contentTypes,
  controllers: { consultation, contribution, export: exportController, proposal, results, synthesis, vote, workbench },
  routes,
  services: { 'ballot-box': ballotBox, clock, consultations, demo, exports: exportsService, 'external-contributions': externalContributions, grouping, erasure, 'personal-data': personalData, participation, roll, tallies, views },
};
