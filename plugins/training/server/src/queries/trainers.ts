import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/skills';
import { loadCourse } from '../commands/checks';
import { can } from '../permissions';
import type { TrainerSuggestionsInput } from '../validation/schemas';

/**
 * Members who could run this course on a skill (issue 18: « Compétences et réseaux »
 * suggests trainers), best first, as the staff of the course's federation may see them in
 * the skills directory — only members who opted in and show their skills to staff. Near
 * the course's place first. The request is recorded in the audit log by the skills plugin.
 * Throws 404 (course), 403 (another federation's course; the skills directory not
 * installed or off for that federation), 400 (unknown skill).
 */
export async function suggestTrainers(strapi: Core.Strapi, actor: Actor, courseDocumentId: string, input: TrainerSuggestionsInput) {
  const course = await loadCourse(strapi, actor, courseDocumentId);
  const federationId = course.federation?.id ?? actor.federationId;
  if (federationId == null) throw new ForbiddenError('Les formateurs se cherchent pour une formation fédérale ou de section.');
  if (!can(actor, 'trainer.suggest', { federationId })) throw new ForbiddenError('Vous ne cherchez des formateurs que pour votre fédération.');
  if (!strapi.plugin('skills') || !(await getService(strapi, 'modules', 'switches').isEnabled(federationId, 'skills'))) {
    throw new ForbiddenError('Le module « Compétences et réseaux » n’est pas activé pour cette fédération.');
  }
  return getService(strapi, 'skills', 'matching').suggestMembers({
    skill: input.skill,
    federationId,
    sectionId: course.section?.id ?? null,
    limit: input.limit,
    requestedBy: actor,
    purpose: { course: course.documentId },
  });
}
