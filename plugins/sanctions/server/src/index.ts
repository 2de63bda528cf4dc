import type { Core } from '@strapi/strapi';
import { getService, scheduleJobs } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { finalizeDue } from './commands/cases';
import contentTypes from './content-types';
import sanctionsController from './controllers/sanctions';
import { DEFAULT_SETTINGS } from './domain/procedure';
import { sanctionsModule } from './manifest';
import './public';
import routes from './routes';
import demo from './services/demo';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import scale from './services/scale';

/**
 * The conflicts commission (module « Commission des conflits »): the national graduated
 * scale (versioned), cases referred or reported, the procedure (notice, defence, hearing,
 * decision, appeal), decisions' effects through membership's and bodies' public services,
 * published decisions (searchable) and the uniformity table.
 */
export default {
  config: { default: DEFAULT_SETTINGS, validator: () => undefined },
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(sanctionsModule);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'sanctions', 'scale').ensureSeeded();
    // Decisions whose appeal window has passed become final (and take effect) each morning.
    scheduleJobs(strapi, {
      sanctionsFinalize: {
        task: () => finalizeDue(strapi).then(() => undefined),
        options: { rule: '5 3 * * *', tz: 'Europe/Paris' },
      },
    });
  },
  contentTypes,
  controllers: { sanctions: sanctionsController },
  routes,
  services: { scale, demo, erasure, 'personal-data': personalData },
};
