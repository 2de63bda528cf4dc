import type { Core } from '@strapi/strapi';
import { declareNotificationKinds, getService, onEvent, SANCTION_CASE_NOTIFIED, SANCTION_CASE_PRECAUTIONARY, scheduleJobs, withSchemaLock } from '@intranet-militant/shared';
import { captureBackgroundContext, settleAfterAnswer } from './after-answer';
import { resumeDataExports } from './commands/generate-data-export';
import { applyRetention } from './commands/apply-retention';
import { reopenAfterNotice } from './commands/request-erasure';
import { resumeImports } from './commands/import-members';
import contentTypes from './content-types';
import controllers from './controllers';
import { registerAdminAccountLink } from './middlewares/admin-account-link';
import { registerAdminAccountsAudit } from './middlewares/admin-accounts-audit';
import { registerAdminPanelGuard } from './middlewares/admin-panel-guard';
import { registerFederationCodes } from './middlewares/federation-code';
import { registerIntegrity } from './middlewares/integrity';
import { fillMemberDisplayNames, registerMemberDisplayNames } from './middlewares/member-display-name';
import { membershipNotifications } from './notifications';
import policies from './policies';
import routes, { IMPORT_ADMIN_ACTION, STATUS_ACTION } from './routes';
import access from './services/access';
import actors from './services/actors';
import adminScope from './services/admin-scope';
import audiences from './services/audiences';
import directory from './services/directory';
import eligibility from './services/eligibility';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import status, { ensureExclusionTraces } from './services/status';

/** The admin-panel permission registry (the part of it used here). */
interface AdminPermissionService {
  actionProvider: { registerMany(actions: { section: string; displayName: string; uid: string; pluginName: string }[]): Promise<void> };
}

/**
 * Membership: federations, sections, members, dues, roles and eligibility. Public
 * services for other plugins: `actors` (who is calling), `eligibility` (may this member
 * take part?), `directory` (reads) and `audiences` (national / federation / section targets). The `authorize` policy guards every intranet route.
 */
export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    declareNotificationKinds(strapi, membershipNotifications);
    // Document middlewares run in registration order, each around the next: the guard's
    // checks after the write see the invariants and federation codes already settled.
    registerAdminPanelGuard(strapi);
    registerIntegrity(strapi);
    registerFederationCodes(strapi);
    registerAdminAccountLink(strapi);
    // A member's « Prénom Nom · n° … », the admin panel's name for them, follows every write.
    registerMemberDisplayNames(strapi);
    // The admin panel's settings (admin accounts, API tokens) audited like the rest.
    registerAdminAccountsAudit(strapi);
    // Admin-panel actions given to every federation's staff role: the import screen, and the
    // status action on a member's page (the Content Manager shows the status read-only).
    await (strapi.service('admin::permission') as unknown as AdminPermissionService).actionProvider.registerMany([
      { section: 'plugins', displayName: 'Import d’adhérents et de cotisations', uid: 'import.use', pluginName: 'membership' },
      { section: 'plugins', displayName: 'Changer le statut d’un adhérent', uid: 'status.change', pluginName: 'membership' },
    ]);
    getService(strapi, 'membership', 'admin-scope').grantToStaff([IMPORT_ADMIN_ACTION, STATUS_ACTION]);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Work done just after an answer (a requested erasure) runs in this context, not the request's.
    captureBackgroundContext();
    // A respondent told of their case (notified, or suspended as a precaution) no longer has a
    // standing erasure request: it is refused and their account reopened, in sanctions' transaction.
    onEvent(strapi, SANCTION_CASE_NOTIFIED, ({ respondentId }) => reopenAfterNotice(strapi, respondentId).then(() => undefined));
    onEvent(strapi, SANCTION_CASE_PRECAUTIONARY, ({ respondentId }) => reopenAfterNotice(strapi, respondentId).then(() => undefined));
    await getService(strapi, 'membership', 'admin-scope').registerConditions();
    await getService(strapi, 'membership', 'access').ensureAccountEmailIndex();
    await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureExclusionTraces(knex));
    // Members written before `displayName` existed (or around the lifecycles) get theirs.
    await fillMemberDisplayNames(strapi);
    // Imports a stop interrupted (crash, restart) go on from their last committed batch.
    if (process.env.MEMBER_IMPORT_RESUME !== 'false') {
      setImmediate(() => resumeImports(strapi).catch((error) => strapi.log.error(`Imports could not resume: ${error?.message ?? error}`)));
    }
    // « Mes données »: exports a stop left waiting are generated; expired ones deleted every hour.
    setImmediate(() => resumeDataExports(strapi).catch((error) => strapi.log.error(`Data exports could not resume: ${error?.message ?? error}`)));
    // The retention table (issue 22, item 4), applied every hour: erasures due, every plugin's
    // purge, expired « Mes données » exports (offered 7 days, deleted within the hour).
    scheduleJobs(strapi, {
      membershipRetention: {
        task: () =>
          applyRetention(strapi)
            .then(() => undefined)
            .catch((error) => strapi.log.error(`Retention could not apply: ${error?.message ?? error}`)),
        options: { rule: '17 * * * *', tz: 'Europe/Paris' },
      },
    });
  },
  /** Lets an erasure started after an answer finish before the database closes. */
  async destroy() {
    await settleAfterAnswer();
  },
  contentTypes,
  controllers,
  routes,
  policies,
  services: { access, actors, 'admin-scope': adminScope, audiences, directory, eligibility, erasure, 'personal-data': personalData, status },
};
