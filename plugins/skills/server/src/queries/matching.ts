import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, getService, recordAudit, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { matchPeople, type Match } from '../services/matching';
import { PROFILE_UID } from '../uids';
import type { MatchingInput } from '../validation/schemas';

/**
 * A staff member's matching request (« qui peut animer une formation sur X dans le Gard ? »):
 * the place of the need (default: their federation), ranked as they may see people (see
 * `matchPeople`). Recorded in the audit log (searching people: skill, place, how many
 * suggested). 400 for an unknown skill or place.
 */
export async function runMatching(strapi: Core.Strapi, actor: Actor, input: MatchingInput): Promise<Match[]> {
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
  const matches = await matchPeople(strapi, { viewer: actor, skill: input.skill, federationId, sectionId, limit: input.limit });
  await withTransaction(strapi, () =>
    recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::skills.matching.run',
      subject: { type: PROFILE_UID, id: null },
      federationId: actor.federationId,
      details: { skill: input.skill, federationId, sectionId, suggested: matches.length },
    })
  );
  return matches;
}
