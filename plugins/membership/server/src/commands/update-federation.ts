import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { FederationRow } from '../services/directory';
import { can } from '../permissions';
import { FEDERATION_UID } from '../uids';
import { assertFederationFree, type FederationInput } from './create-federation';

/**
 * Renames a federation or changes its department code (national admins only).
 * @throws NotFoundError (404), ForbiddenError (403), ConflictError (409) for a taken name or department.
 */
export async function updateFederation(strapi: Core.Strapi, actor: Actor, documentId: string, input: Partial<FederationInput>): Promise<FederationRow> {
  return strapi.db.transaction(async () => {
    const federation = await strapi.documents(FEDERATION_UID).findOne({ documentId });
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    if (!can(actor, 'federation.write', { federationId: federation.id as number })) {
      throw new ForbiddenError('Seule l’administration nationale modifie les fédérations.');
    }
    await assertFederationFree(strapi, input, federation.id as number);
    await strapi.documents(FEDERATION_UID).update({ documentId, data: input as any });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.federation.update',
      subject: { type: FEDERATION_UID, id: documentId },
      federationId: federation.id as number,
      details: { before: { name: federation.name, departmentCode: federation.departmentCode }, after: input },
    });
    return getService(strapi, 'membership', 'directory').federationById(federation.id as number);
  });
}
