import type { Core } from '@strapi/strapi';
import { audienceClauses, audienceFilter, audienceKey, cacheTags, ForbiddenError, getService, NotFoundError, requestCache, type Actor } from '@intranet-militant/shared';
import { isMeantFor } from '../domain/courses';
import type { Course } from '../services/courses';
import { joinedRecently, loadCourse } from '../commands/checks';

/**
 * A page of the published courses the actor may read — their level addresses them, or
 * the actor runs them (the shared audience rule, `reader` reach, inside the query) — of
 * one level if asked, newest first, each with the actor's standing; and how many there are.
 */
export async function listCourses(strapi: Core.Strapi, actor: Actor, query: { level?: Course['audience']; page: number; pageSize: number }) {
  const courses = getService(strapi, 'training', 'courses');
  const views = getService(strapi, 'training', 'views');
  const rule = audienceClauses(actor, 'reader');
  const readable = audienceFilter(rule);
  // The same page for every reader with the same audience clauses: the first page is kept in the
  // request cache (tags: any write to the courses or their links, `training-courses`; to places,
  // for the organisers' names); later ones are read, so that asking every page number cannot
  // fill the cache the request chain shares.
  const load = () => courses.publishedPage(query.level ? { $and: [readable, { audience: query.level }] } : readable, query.page, query.pageSize);
  const { results, total } =
    query.page === 1
      ? await requestCache(strapi).read(`training:courses:${audienceKey(rule)}:${query.level ?? ''}:${query.pageSize}`, load, { tags: () => [cacheTags.trainingCourses, cacheTags.places] })
      : await load();
  const newMember = await joinedRecently(strapi, actor);
  const enrolments = actor.memberId && results.length ? await courses.enrolmentsOfMember(actor.memberId, results.map((c) => c.documentId)) : [];
  const mine = new Map(enrolments.map((e) => [e.courseDocumentId, e]));
  const data = results.map((course) => {
    const enrolment = mine.get(course.documentId);
    return { ...views.summary(course), meantForMe: isMeantFor(course, actor, newMember), enrolled: Boolean(enrolment), completed: Boolean(enrolment?.completedAt) };
  });
  return { data, total };
}

/**
 * One published course as the actor may read it: in full, or its outline when it is
 * reserved to others. Throws 404 (unknown or draft) and 403 (another section's or federation's).
 */
export async function showCourse(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const course = await loadCourse(strapi, actor, documentId);
  return getService(strapi, 'training', 'views').detail(course, actor, await joinedRecently(strapi, actor));
}

/** A file attached to a lesson, as the upload plugin keeps it. */
export interface LessonFile {
  id: number;
  name: string;
  mime: string;
  url: string;
  provider: string;
}

/**
 * One file attached to a lesson of a published course, for a reader its lessons open to
 * (see `views.access`). Throws 404 (course, lesson of another course, file not attached)
 * and 403 (another section's or federation's course, a course reserved to others).
 */
export async function lessonAttachment(strapi: Core.Strapi, actor: Actor, documentId: string, lessonId: string, fileId: number): Promise<LessonFile> {
  const course = await loadCourse(strapi, actor, documentId);
  const lesson = (await getService(strapi, 'training', 'courses').structure(course)).modules.flatMap((m) => m.lessons).find((l) => l.documentId === lessonId);
  if (!lesson) throw new NotFoundError('Cette leçon n’appartient pas à cette formation.');
  const { open } = await getService(strapi, 'training', 'views').access(course, actor, await joinedRecently(strapi, actor));
  if (!open) throw new ForbiddenError(course.intendedFor === 'elected-officials' ? 'Cette formation est réservée aux élus.' : 'Cette formation est réservée aux nouveaux adhérents.');
  const file = (lesson.attachments as unknown as LessonFile[]).find((f) => f.id === fileId);
  if (!file) throw new NotFoundError('Pièce jointe introuvable.');
  return file;
}
