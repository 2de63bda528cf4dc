import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { fieldError, ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import type { AuditEntry } from '../domain/chain';
import { auditPermissions } from '../permissions';
import type { EntryListQuery } from '../validation/schemas';

/**
 * One page of the audit entries the actor may read (`entry.read`: their federation's, or
 * every entry for national admins), newest first, optionally narrowed to one federation,
 * action or subject. Paged by the database.
 * @throws ForbiddenError (403) for a federation-bound reader without a federation or who
 *         asks for another federation, ValidationError (400) for an unknown federation.
 */
export async function listEntries(strapi: Core.Strapi, actor: Actor, query: EntryListQuery): Promise<{ entries: AuditEntry[]; total: number }> {
  let federationId: number | undefined;
  if (auditPermissions.scopeOf(actor, 'entry.read') === 'federation') {
    if (actor.federationId == null) throw new ForbiddenError('Votre compte n’est rattaché à aucune fédération.');
    federationId = actor.federationId;
  }
  if (query.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(query.federation);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    if (federationId !== undefined && federation.id !== federationId) {
      throw new ForbiddenError('Vous ne consultez que le journal de votre fédération.');
    }
    federationId = federation.id;
  }
  return getService(strapi, 'audit', 'log').list({ ...query, federationId });
}
