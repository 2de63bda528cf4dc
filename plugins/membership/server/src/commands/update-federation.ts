import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { FederationRow } from '../services/directory';
import { applyFederationEffects, writeWithExplicitEffects } from './membership-effects';
import { can } from '../permissions';
import { FEDERATION_UID } from '../uids';
import { assertFederationFree, type FederationInput } from './create-federation';

/**
 * Renames a federation or changes its department code (national admins only); its staff's
 * admin-panel role and the entries scoped by its code follow (`applyFederationEffects`).
 * @throws NotFoundError (404), ForbiddenError (403), ConflictError (409) for a taken name or department.
 */
export async function updateFederation(strapi: Core.Strapi, actor: Actor, documentId: string, input: Partial<FederationInput>): Promise<FederationRow> {
  return strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const federation: FederationRow | null = await directory.federationByDocumentId(documentId);
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    if (!can(actor, 'federation.write', { federationId: federation.id })) {
      throw new ForbiddenError('Seule l’administration nationale modifie les fédérations.');
    }
    await assertFederationFree(strapi, input, federation.id);
    await writeWithExplicitEffects(() => strapi.documents(FEDERATION_UID).update({ documentId, data: input as any }));
    const updated: FederationRow = await directory.federationById(federation.id);
    await applyFederationEffects(strapi, updated, federation);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.federation.update',
      subject: { type: FEDERATION_UID, id: documentId },
      federationId: federation.id,
      details: { before: { name: federation.name, departmentCode: federation.departmentCode }, after: input },
    });
    return updated;
  });
}
