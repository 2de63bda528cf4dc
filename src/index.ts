import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/notifications';
import { getService } from '@intranet-militant/shared';
import { applyFrenchLabels } from './admin-labels';
import { frenchStrapiDefaults, nameRoleMatrixTypesInFrench, withdrawDefaultApiTokens } from './admin-defaults';
import { registerAdminDoors } from './admin-doors';
import { refuseApiTokens } from './auth/authentication';
import { endSessionsOnAccountChanges } from './auth/sessions';
import { pointResetEmailsToPortal } from './auth/portal-links';
import { equalAdminSignInTiming } from './auth/sign-in-timing';
import { ARTICLE_UID, DOCUMENT_UID, documentsModule, newsModule } from './content/manifests';
import { startCacheInvalidation, stopCacheInvalidation } from './platform/cache-invalidation';
import { answerClientErrorsInFrench } from './platform/client-errors';
import { installGracefulShutdown } from './platform/shutdown';
import { DEMO_ACCOUNTS, mayShowDemo, printDemoAccounts, seedDemo } from './seed/demo';

export default {
  /** The application's own modules (documents, news) and the rules of its content. */
  register({ strapi }: { strapi: Core.Strapi }) {
    const registry = getService(strapi, 'modules', 'registry');
    registry.register(documentsModule);
    registry.register(newsModule);
    getService(strapi, 'membership', 'audiences').guard([DOCUMENT_UID, ARTICLE_UID]);
    registerAdminDoors(strapi);
    // Admin API tokens are refused on the content API; a member's JWT is not looked up as one (src/auth/authentication.ts).
    refuseApiTokens(strapi);
    // A refused admin sign-in takes one password comparison, account or not (src/auth/sign-in-timing.ts).
    equalAdminSignInTiming(strapi);
  },

  /**
   * Runs after every plugin's bootstrap, so users-permissions has made its roles and
   * defaults: grants are derived from the routes' rules and re-synced at each boot.
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    installGracefulShutdown(strapi, strapi.config.get('server.shutdown') as { delayMs: number; graceMs: number });
    // Requests Node refuses before Koa (a URL over 16 KB…): the envelope, in French (src/platform/client-errors.ts).
    answerClientErrorsInFrench(strapi.server.httpServer);
    const access = getService(strapi, 'membership', 'access');
    await access.syncGrants();
    await access.closeSelfRegistration();
    await pointResetEmailsToPortal(strapi);
    const adminScope = getService(strapi, 'membership', 'admin-scope');
    await adminScope.syncFederationRoles();
    await adminScope.backfillFederationCodes();
    await applyFrenchLabels(strapi);
    // Strapi's default roles and API tokens, written in English on a fresh install (src/admin-defaults.ts).
    await frenchStrapiDefaults(strapi);
    // Its two default API tokens, while still untouched: refused by the member API, a needless secret (src/admin-defaults.ts).
    await withdrawDefaultApiTokens(strapi);
    // The admin roles' matrix names content types by display name, not by `singularName` (src/admin-defaults.ts).
    nameRoleMatrixTypesInFrench(strapi);
    // Request caches (actor, session, module switches) with their cross-instance invalidation.
    await startCacheInvalidation(strapi);
    // A blocked account, a password set by someone else, a deactivated admin: their sessions end (src/auth/sessions.ts).
    endSessionsOnAccountChanges(strapi);
    if (mayShowDemo(strapi)) {
      // The demo accounts share DEMO_PASSWORD: they are activated, and nobody is emailed.
      await getService(strapi, 'notifications', 'invitations').alreadyActivated(() => seedDemo(strapi));
      if (await strapi.db.query('plugin::users-permissions.user').count({ where: { email: DEMO_ACCOUNTS[0].email } })) {
        printDemoAccounts(strapi);
      }
    }
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await stopCacheInvalidation(strapi);
  },
};
