import type { Core } from '@strapi/strapi';
import { declareNotificationKinds, getService } from '@intranet-militant/shared';
import contentTypes from './content-types';
import controllers from './controllers';
import { registerAdminPanelGuard } from './middlewares/admin-panel-guard';
import { registerFederationCodes } from './middlewares/federation-code';
import { registerIntegrity } from './middlewares/integrity';
import { membershipNotifications } from './notifications';
import policies from './policies';
import routes from './routes';
import access from './services/access';
import actors from './services/actors';
import adminScope from './services/admin-scope';
import audiences from './services/audiences';
import directory from './services/directory';
import eligibility from './services/eligibility';

/**
 * Membership: federations, sections, members, dues, roles and eligibility. Public
 * services for other plugins: `actors` (who is calling), `eligibility` (may this member
 * take part?), `directory` (reads) and `audiences` (national / federation / section targets). The `authorize` policy guards every intranet route.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    declareNotificationKinds(strapi, membershipNotifications);
    // Document middlewares run in registration order, each around the next: the guard's
    // checks after the write see the invariants and federation codes already settled.
    registerAdminPanelGuard(strapi);
    registerIntegrity(strapi);
    registerFederationCodes(strapi);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'membership', 'admin-scope').registerConditions();
    await getService(strapi, 'membership', 'access').ensureAccountEmailIndex();
  },
  contentTypes,
  controllers,
  routes,
  policies,
  services: { access, actors, 'admin-scope': adminScope, audiences, directory, eligibility },
};
