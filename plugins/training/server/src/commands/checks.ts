import type { Core } from '@strapi/strapi';
import { audienceOf, ForbiddenError, getService, NotFoundError, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { isNewMember, seesCourse } from '../domain/courses';
import type { Course, Enrolment } from '../services/courses';

/**
 * A published course the actor may read (its level addresses them, or they run it).
 * Throws 404 when there is none (a draft is not a course yet) and when it is another
 * section's or federation's: what one may not see looks absent.
 */
export async function loadCourse(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<Course> {
  const course = await getService(strapi, 'training', 'courses').published(documentId);
  if (!course) throw new NotFoundError('Formation introuvable.');
  if (!seesCourse(actor, audienceOf(course))) throw new NotFoundError('Formation introuvable.');
  return course;
}

/** Learning is for members: the actor's member id, or 403 for an account without a member profile. */
export function assertMember(actor: Actor): number {
  if (!actor.memberId) throw new ForbiddenError('Seuls les adhérents suivent les formations.');
  return actor.memberId;
}

/** The actor's enrolment in the course; 403 without one (progress and quizzes need one). */
export async function loadEnrolment(strapi: Core.Strapi, actor: Actor, course: Pick<Course, 'documentId'>): Promise<Enrolment> {
  const memberId = assertMember(actor);
  const enrolment = await getService(strapi, 'training', 'courses').enrolmentOf(memberId, course.documentId);
  if (!enrolment) throw new ForbiddenError('Inscrivez-vous d’abord à cette formation.');
  return enrolment;
}

/**
 * Did the member join less than a year ago (see `isNewMember`)? False for an account without a
 * member profile. Reads the actor's `joinedOn` when its builder gave it (membership's actor:
 * no statement), the member row otherwise.
 */
export async function joinedRecently(strapi: Core.Strapi, actor: Pick<Actor, 'memberId' | 'joinedOn'>): Promise<boolean> {
  if (!actor.memberId) return false;
  if (actor.joinedOn !== undefined) return isNewMember(actor.joinedOn ?? undefined, todayInParis());
  const member = await getService(strapi, 'membership', 'directory').memberById(actor.memberId);
  return isNewMember(member?.joinedOn, todayInParis());
}
