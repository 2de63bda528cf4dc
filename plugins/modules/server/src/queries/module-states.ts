import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { ForbiddenError, getService, NotFoundError, type Actor } from '@intranet-militant/shared';
import { modulePermissions } from '../permissions';
import type { ModuleState } from '../services/switches';

/**
 * The modules of a federation (by documentId) and whether each is on, for an actor who
 * may read them (`module.read`: their own federation, every one for national admins).
 * @throws NotFoundError (404) for an unknown federation, ForbiddenError (403) for another one.
 */
export async function moduleStatesOf(strapi: Core.Strapi, actor: Actor, federationDocumentId: string): Promise<ModuleState[]> {
  const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!modulePermissions.can(actor, 'module.read', { federationId: federation.id })) {
    throw new ForbiddenError('Vous ne consultez que les modules de votre fédération.');
  }
  return getService(strapi, 'modules', 'switches').statesOf(federation.id);
}
