import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { ENTRY_WRITES, FEDERATION_CREATED, fieldError, getService, onEvent, writtenDocumentId } from '@intranet-militant/shared';
import { switchConflicts } from './content-types';
import { SWITCH_UID } from './services/switches';

/**
 * Keeps the switches whole whatever writes them: a switch names an installed module and
 * a federation, once (409 otherwise).
 */
export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== SWITCH_UID || !ENTRY_WRITES.has(context.action)) return next();
    try {
      return await strapi.db.transaction(async () => {
        const result = await next();
        const documentId = writtenDocumentId(context, result);
        const row = await strapi.db.query(SWITCH_UID).findOne({ where: { documentId }, populate: { federation: { select: ['id'] } } });
        if (!row.federation) throw fieldError('federation', 'Un module doit être rattaché à une fédération.');
        if (!getService(strapi, 'modules', 'registry').get(row.moduleId)) {
          throw fieldError('moduleId', `Module inconnu : ${row.moduleId}.`);
        }
        const switchKey = `${row.federation.id}:${row.moduleId}`;
        if (row.switchKey !== switchKey) await strapi.db.query(SWITCH_UID).update({ where: { id: row.id }, data: { switchKey } });
        return result;
      });
    } catch (error) {
      throw switchConflicts.conflictOf(error) ?? error;
    }
  });
}

/**
 * A new federation gets a switch for every module, with the module's default, in the
 * transaction that creates it (membership announces every creation, API or admin panel).
 */
export function registerFederationSwitches(strapi: Core.Strapi) {
  onEvent(strapi, FEDERATION_CREATED, ({ federationId }) => getService(strapi, 'modules', 'switches').ensureRows(federationId));
}
