import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, ForbiddenError, getService, recordAudit, type Actor } from '@intranet-militant/shared';
import type { FederationRow } from '../services/directory';
import { applyFederationEffects, writeWithExplicitEffects } from './membership-effects';
import { can } from '../permissions';
import { FEDERATION_UID } from '../uids';

export interface FederationInput {
  name: string;
  departmentCode: string;
}

/**
 * Creates a federation (national admins only); its staff's admin-panel role and its
 * module switches follow (FEDERATION_CREATED), in the same transaction.
 * @throws ForbiddenError (403) for anyone else, ConflictError (409) for a taken name or department.
 */
export async function createFederation(strapi: Core.Strapi, actor: Actor, input: FederationInput): Promise<FederationRow> {
  if (!can(actor, 'federation.write', {})) {
    throw new ForbiddenError('Seule l’administration nationale crée les fédérations.');
  }
  return strapi.db.transaction(async () => {
    await assertFederationFree(strapi, input);
    const federation = await writeWithExplicitEffects(() => strapi.documents(FEDERATION_UID).create({ data: input }));
    await applyFederationEffects(strapi, { id: federation.id as number, ...input }, null);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.federation.create',
      subject: { type: FEDERATION_UID, id: federation.documentId },
      federationId: federation.id as number,
      details: { ...input },
    });
    return getService(strapi, 'membership', 'directory').federationById(federation.id as number);
  });
}

/** Readable refusals before the unique indexes have to speak. */
export async function assertFederationFree(strapi: Core.Strapi, input: Partial<FederationInput>, exceptId?: number) {
  const clash = await strapi.db.query(FEDERATION_UID).findOne({
    where: {
      $or: [
        ...(input.name ? [{ name: input.name }] : []),
        ...(input.departmentCode ? [{ departmentCode: input.departmentCode }] : []),
      ],
      ...(exceptId ? { id: { $ne: exceptId } } : {}),
    },
  });
  if (!clash) return;
  if (input.departmentCode && clash.departmentCode === input.departmentCode) {
    throw new ConflictError(`Le département ${input.departmentCode} a déjà sa fédération (${clash.name}).`, { field: 'departmentCode' });
  }
  throw new ConflictError(`Une fédération s’appelle déjà « ${input.name} ».`, { field: 'name' });
}
