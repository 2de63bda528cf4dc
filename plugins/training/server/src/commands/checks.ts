import type { Core } from '@strapi/strapi';
import { audienceOf, ForbiddenError, NotFoundError, type Actor } from '@intranet-militant/shared';
import { seesCourse } from '../domain/courses';
import type { Course } from '../services/courses';

const courses = (strapi: Core.Strapi) => strapi.plugin('training').service('courses');

/** A published course the actor may see (its level addresses them, or they run it). */
export async function loadCourse(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<Course> {
  const course: Course | null = await courses(strapi).published(documentId);
  if (!course) throw new NotFoundError('Formation introuvable.');
  if (!seesCourse(actor, audienceOf(course))) {
    throw new ForbiddenError(
      course.audience === 'section' ? 'Cette formation est proposée par une autre section.' : 'Cette formation est proposée par une autre fédération.'
    );
  }
  return course;
}

/** Learning is for members: an account without a member profile only reads. */
export function assertMember(actor: Actor): number {
  if (!actor.memberId) throw new ForbiddenError('Seuls les adhérents suivent les formations.');
  return actor.memberId;
}

/** The actor's enrolment in the course, or 403: progress and quizzes need one. */
export async function loadEnrolment(strapi: Core.Strapi, actor: Actor, course: Course) {
  const memberId = assertMember(actor);
  const enrolment = await courses(strapi).enrolmentOf(memberId, course.documentId);
  if (!enrolment) throw new ForbiddenError('Inscrivez-vous d’abord à cette formation.');
  return enrolment;
}
