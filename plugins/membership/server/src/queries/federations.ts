import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';

/** Every federation, by department code (every intranet role may read them). */
export async function listFederations(strapi: Core.Strapi) {
  return getService(strapi, 'membership', 'directory').listFederations();
}

/**
 * The sections of a federation the actor may read (`section.read`: their own federation,
 * or every one for national admins), by name.
 * @throws NotFoundError (404) for an unknown federation, ForbiddenError (403) for another federation.
 */
export async function sectionsOfFederation(strapi: Core.Strapi, actor: Actor, federationDocumentId: string) {
  const directory = getService(strapi, 'membership', 'directory');
  const federation = await directory.federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!can(actor, 'section.read', { federationId: federation.id })) {
    throw new ForbiddenError('Vous ne consultez que les sections de votre fédération.');
  }
  return directory.sectionsOf(federation.id);
}
