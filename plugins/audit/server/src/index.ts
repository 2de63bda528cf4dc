import type { Core } from '@strapi/strapi';
import audit from './controllers/audit';
import routes from './routes';
import log from './services/log';
import { ensureAuditSchema } from './storage';

/**
 * The audit log. Public service `log`: `record(entry)` (inside the caller's transaction)
 * and `verify()`; commands of every plugin call `record` through `recordAudit`.
 */
export default {
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureAuditSchema(strapi.db.connection, strapi.db.dialect.client);
  },
  controllers: { audit },
  routes,
  services: { log },
};
