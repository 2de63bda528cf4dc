import type { Core } from '@strapi/strapi';
import contentTypes from './content-types';
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
import clock from './services/clock';
import consultations from './services/consultations';
import exportsService from './services/exports';
import tallies from './services/tallies';
import views from './services/views';
import { ensureConsultationTables } from './storage';
import { CONSULTATION_UID } from './uids';

/**
 * Consultations: contributions → proposals → two-axis evaluation → synthesis → secret
 * vote, and quick consultations. Relies on membership (actors, eligibility, audiences),
 * modules (its switch) and audit.
 */
export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    strapi.plugin('modules').service('registry').register(consultationsModule);
    // The staff screens of the admin panel, given to every federation's staff role.
    await (strapi.service('admin::permission') as any).actionProvider.registerMany([
      { section: 'plugins', displayName: 'Atelier de regroupement et résultats', uid: 'workbench.use', pluginName: 'consultations' },
    ]);
    strapi.plugin('membership').service('admin-scope').grantToStaff([WORKBENCH_ACTION]);
    strapi.plugin('membership').service('audiences').guard([CONSULTATION_UID]);
    registerIntegrity(strapi);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureConsultationTables(strapi.db.connection, strapi.db.dialect.client);
    // Phases end on their dates even when nobody calls: the clock looks every minute.
    strapi.cron.add({
      consultationsClock: {
        task: async () => {
          await strapi.plugin('consultations').service('clock').tick();
        },
        options: { rule: '*/1 * * * *' },
      },
    });
  },
  contentTypes,
  controllers: { consultation, contribution, export: exportController, proposal, results, synthesis, vote, workbench },
  routes,
  services: { clock, consultations, exports: exportsService, tallies, views },
};
