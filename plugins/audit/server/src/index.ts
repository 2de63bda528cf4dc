import type { Core } from '@strapi/strapi';
import { getService, scheduleJobs, withSchemaLock } from '@intranet-militant/shared';
import audit from './controllers/audit';
import routes from './routes';
import erasure from './services/erasure';
import log from './services/log';
import personalData from './services/personal-data';
import { ensureAuditSchema } from './storage';

/**
 * The audit log. Public service `log`: `record(entry)` (inside the caller's transaction)
 * and `verify()`; commands of every plugin call `record` through `recordAudit`.
 */
export default {
  register() {
    // The chain's key lives only in the environment: without it, entries could be rewritten unseen.
    if (process.env.NODE_ENV === 'production' && !process.env.AUDIT_HMAC_KEY?.trim()) {
      throw new Error('AUDIT_HMAC_KEY is not set: the audit log cannot be signed. Set it in the environment (see README, Configuration).');
    }
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureAuditSchema(knex, strapi.db.dialect.client));
    if (!process.env.AUDIT_HMAC_KEY?.trim()) strapi.log.warn('audit: AUDIT_HMAC_KEY is not set; new entries are not signed (development only).');
    // Anchors the head outside the database on a schedule (verify writes the anchor when the chain is intact).
    scheduleJobs(strapi, {
      auditAnchor: {
        task: async () => {
          const result = await getService(strapi, 'audit', 'log').verify();
          if (!result.valid) strapi.log.error(`audit: journal d’audit ALTÉRÉ : ${result.message}`);
        },
        options: { rule: process.env.AUDIT_ANCHOR_CRON || '17 * * * *' },
      },
    });
  },
  controllers: { audit },
  routes,
  services: { erasure, log, 'personal-data': personalData },
};
