import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, getService, recordAudit, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type { MatchRequest } from '../services/matching';
import { PROFILE_UID } from '../uids';
import type { MatchingInput } from '../validation/schemas';

/**
 * A staff member's matching request (« qui peut animer une formation sur X dans le Gard ? »):
 * the place of the need (default: their federation), as a `MatchRequest` seen by them.
 * Recorded in the audit log (searching people). 400 for an unknown place.
 */
export async function matchingPlace(strapi: Core.Strapi, actor: Actor, input: MatchingInput): Promise<MatchRequest> {
  const directory = getService(strapi, 'membership', 'directory');
  let federationId = actor.federationId;
  let sectionId: number | null = null;
  if (input.section) {
    const section = await directory.sectionByDocumentId(input.section);
    if (!section) throw fieldError('section', 'Section introuvable.');
    sectionId = section.id;
    federationId = section.federation?.id ?? null;
  } else if (input.federation) {
    const federation = await directory.federationByDocumentId(input.federation);
    if (!federation) throw fieldError('federation', 'Fédération introuvable.');
    federationId = federation.id;
  }
  await withTransaction(strapi, () =>
    recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.matching.run', subject: { type: PROFILE_UID, id: null }, federationId: actor.federationId, details: { skill: input.skill, federationId, sectionId } })
  );
  return { viewer: actor, skill: input.skill, federationId, sectionId, limit: input.limit };
}
