import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import { FEDERATION_UID } from '../uids';
import { assertFederationFree, type FederationInput } from './create-federation';

export async function updateFederation(strapi: Core.Strapi, actor: Actor, documentId: string, input: Partial<FederationInput>) {
  return strapi.db.transaction(async () => {
    const federation = await strapi.documents(FEDERATION_UID).findOne({ documentId });
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    if (!can(actor, 'federation.write', { federationId: federation.id as number })) {
      throw new ForbiddenError('Seule l’administration nationale modifie les fédérations.');
    }
    await assertFederationFree(strapi, input, federation.id as number);
    const updated = await strapi.documents(FEDERATION_UID).update({ documentId, data: input as any });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.federation.update',
      subject: { type: FEDERATION_UID, id: documentId },
      federationId: federation.id as number,
      details: { before: { name: federation.name, departmentCode: federation.departmentCode }, after: input },
    });
    return updated;
  });
}
