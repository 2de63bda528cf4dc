import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/skills';
import { assertManages, loadBodyForWrite } from '../commands/checks';
import type { SkillSuggestionsInput } from '../validation/schemas';

/**
 * Members who could bring a skill a body needs (issue 18: the skills directory's matching
 * « used by the bodies plugin when a body needs a skill »), best first, as the staff of the
 * body's federation may see them in the directory — only members who opted in and show
 * their skills to staff; near the body's section first. For those who manage the body; the
 * search is recorded in the audit log by the skills plugin (searching people is processing
 * of sensitive data). National bodies have no federation to search in.
 * @throws 404 (body outside reach), 403 (not managing it; a national body; the skills
 *         directory not installed or off for that federation), 400 (unknown skill).
 */
export async function suggestMembersWithSkill(strapi: Core.Strapi, actor: Actor, bodyDocumentId: string, input: SkillSuggestionsInput) {
  const body = await loadBodyForWrite(strapi, actor, bodyDocumentId);
  assertManages(actor, body);
  const federationId = body.federation?.id ?? null;
  if (federationId == null) throw new ForbiddenError('Les compétences se cherchent pour une instance fédérale ou de section.');
  if (!strapi.plugin('skills') || !(await getService(strapi, 'modules', 'switches').isEnabled(federationId, 'skills'))) {
    throw new ForbiddenError('Le module « Compétences et réseaux » n’est pas activé pour cette fédération.');
  }
  return getService(strapi, 'skills', 'matching').suggestMembers({
    skill: input.skill,
    federationId,
    sectionId: body.section?.id ?? null,
    limit: input.limit,
    requestedBy: actor,
    purpose: { body: body.documentId },
  });
}
