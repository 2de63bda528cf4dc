import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { modulePermissions } from '../permissions';
import { SWITCH_UID } from '../services/switches';

/** Switches a module on or off for one federation. */
export async function setModuleState(strapi: Core.Strapi, actor: Actor, federation: { id: number; name: string }, moduleId: string, enabled: boolean) {
  const manifest = strapi.plugin('modules').service('registry').get(moduleId);
  if (!manifest) throw new NotFoundError(`Module inconnu : ${moduleId}.`);
  if (!modulePermissions.can(actor, 'module.write', { federationId: federation.id })) {
    throw new ForbiddenError('Vous ne réglez que les modules de votre fédération.');
  }
  return strapi.db.transaction(async () => {
    const switches = strapi.plugin('modules').service('switches');
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
