import type { Core } from '@strapi/strapi';
import { fieldError, ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can, trainingPermissions } from '../permissions';

const { scopeOf } = trainingPermissions;

/**
 * The figures of the courses whose statistics the actor reads: one federation's (given by
 * documentId, or the actor's own), or every course for national admins who name none.
 * Throws 400 (unknown federation) and 403 (another federation's).
 */
export async function trainingStatistics(strapi: Core.Strapi, actor: Actor, federationDocumentId?: string) {
  const courses = getService(strapi, 'training', 'courses');
  const statistics = getService(strapi, 'training', 'statistics');
  let federationId = actor.federationId;
  if (federationDocumentId) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(federationDocumentId);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    federationId = federation.id;
  } else if (scopeOf(actor, 'statistics.read') === 'all') {
    return statistics.figures(await courses.allPublished());
  }
  if (!can(actor, 'statistics.read', { federationId })) throw new ForbiddenError('Les chiffres d’une autre fédération ne vous sont pas ouverts.');
  return statistics.figures(await courses.allPublished({ federation: { id: federationId } }));
}
