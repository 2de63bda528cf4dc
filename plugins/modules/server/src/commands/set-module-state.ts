import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { auditActorOf, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { modulePermissions } from '../permissions';
import { SWITCH_UID, type ModuleState } from '../services/switches';

/**
 * Switches a module on or off for one federation (by documentId); audited when it changes.
 * @throws NotFoundError (404) for an unknown federation or module, ForbiddenError (403)
 *         for another federation's switches.
 */
export async function setModuleState(strapi: Core.Strapi, actor: Actor, federationDocumentId: string, moduleId: string, enabled: boolean): Promise<ModuleState> {
  const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  const manifest = getService(strapi, 'modules', 'registry').get(moduleId);
  if (!manifest) throw new NotFoundError(`Module inconnu : ${moduleId}.`);
  if (!modulePermissions.can(actor, 'module.write', { federationId: federation.id })) {
    throw new ForbiddenError('Vous ne réglez que les modules de votre fédération.');
  }
  return strapi.db.transaction(async () => {
    const switches = getService(strapi, 'modules', 'switches');
    const before = await switches.isEnabled(federation.id, moduleId);
    if (before !== enabled) {
      await switches.set(federation.id, moduleId, enabled);
      await recordAudit(strapi, {
        actor: auditActorOf(actor),
        action: `plugin::modules.module.${enabled ? 'enable' : 'disable'}`,
        subject: { type: SWITCH_UID, id: `${federation.id}:${moduleId}` },
        federationId: federation.id,
        details: { module: moduleId, enabled },
      });
    }
    return { id: manifest.id, label: manifest.label, description: manifest.description, enabled, defaultEnabled: manifest.defaultEnabled };
  });
}
