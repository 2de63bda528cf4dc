import type { Core } from '@strapi/strapi';
import { ConflictError, ENTRY_WRITES, fieldError, violatesUniqueIndex, writtenDocumentId } from '@intranet-militant/shared';
import { SWITCH_UID } from './services/switches';

const FEDERATION_UID = 'plugin::membership.federation';
const SWITCH_INDEX = { name: 'modules_federation_modules_key_uq', table: 'modules_federation_modules', columns: ['switch_key'] };

/**
 * Keeps the switches whole whatever writes them: a switch names an installed module and
 * a federation, once; a new federation gets a switch for every module.
 */
export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const watched = context.uid === SWITCH_UID || (context.uid === FEDERATION_UID && context.action !== 'update');
    if (!watched || !ENTRY_WRITES.has(context.action)) return next();
    try {
      return await strapi.db.transaction(async () => {
        const result: any = await next();
        if (context.uid === FEDERATION_UID) {
          const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { documentId: writtenDocumentId(context, result) } });
          await strapi.plugin('modules').service('switches').ensureRows(federation.id);
          return result;
        }
        const documentId = writtenDocumentId(context, result);
        const row = await strapi.db.query(SWITCH_UID).findOne({ where: { documentId }, populate: { federation: { select: ['id'] } } });
        if (!row.federation) throw fieldError('federation', 'Un module doit être rattaché à une fédération.');
        if (!strapi.plugin('modules').service('registry').get(row.moduleId)) {
          throw fieldError('moduleId', `Module inconnu : ${row.moduleId}.`);
        }
        const switchKey = `${row.federation.id}:${row.moduleId}`;
        if (row.switchKey !== switchKey) await strapi.db.query(SWITCH_UID).update({ where: { id: row.id }, data: { switchKey } });
        return result;
      });
    } catch (error) {
      if (violatesUniqueIndex(error, SWITCH_INDEX)) {
        throw new ConflictError('Cette fédération a déjà un réglage pour ce module.', { field: 'moduleId' });
      }
      throw error;
    }
  });
}
