import { defineManifest, type SearchableType, type SearchVisibility } from '@intranet-militant/shared';
import type { IntendedFor } from './domain/courses';
import { trainingNotifications } from './notifications';
import { trainingPermissions } from './permissions';
import { COURSE_UID, LESSON_UID, MODULE_UID } from './uids';

/** A course as the search plugin reads it (published version, places as plain ids). */
interface IndexedCourse {
  documentId: string;
  title: string;
  summary: string | null;
  audience: SearchVisibility['audience'];
  intendedFor: IntendedFor;
  openToOthers: boolean | null;
  publishedAt: string | null;
  federation?: { id: number } | null;
  section?: { id: number } | null;
}

/** A lesson as the search plugin reads it, with its module's course. */
interface IndexedLesson {
  documentId: string;
  title: string;
  body: unknown;
  updatedAt?: string | null;
  module?: { course?: IndexedCourse | null } | null;
}

/** Rich text blocks (paragraphs of text and links), as far as their words go. */
type Block = { children?: { text?: string; children?: { text?: string }[] }[] };

/** Where a course lives (its federation and section ids only: membership's data stays membership's). */
const PLACES = { federation: { fields: ['documentId'] }, section: { fields: ['documentId'] } };

/** A course reserved to elected officials is only found by them (and staff). */
function visibilityOf(course: IndexedCourse): SearchVisibility {
  return {
    audience: course.audience,
    federationId: course.federation?.id ?? null,
    sectionId: course.section?.id ?? null,
    roles: course.intendedFor === 'elected-officials' && !course.openToOthers ? ['elected-official', 'federation-staff', 'national-admin'] : undefined,
  };
}

const lessonText = (blocks: unknown): string =>
  (Array.isArray(blocks) ? (blocks as Block[]) : [])
    .map((block) => (block.children ?? []).map((child) => child.text ?? (child.children ?? []).map((c) => c.text ?? '').join('')).join(''))
    .join('\n');

const courses: SearchableType<IndexedCourse> = {
  type: 'course',
  label: 'Formations',
  uid: COURSE_UID,
  populate: PLACES,
  toDocument: (c) =>
    c.publishedAt
      ? {
          id: `course:${c.documentId}`,
          type: 'course',
          title: c.title,
          body: c.summary ?? '',
          date: c.publishedAt,
          facets: { level: c.audience, intendedFor: c.intendedFor },
          link: `/training/courses/${c.documentId}`,
          visibility: visibilityOf(c),
        }
      : null,
};

const lessons: SearchableType<IndexedLesson> = {
  type: 'lesson',
  label: 'Leçons',
  uid: LESSON_UID,
  populate: { module: { populate: { course: { populate: PLACES } } } },
  // The lesson's course decides: published, and for whom. Lessons follow their course.
  toDocument: (l) => {
    const course = l.module?.course;
    if (!course?.publishedAt) return null;
    return {
      id: `lesson:${l.documentId}`,
      type: 'lesson',
      title: l.title,
      body: lessonText(l.body),
      date: l.updatedAt ?? null,
      facets: { course: course.documentId },
      link: `/training/courses/${course.documentId}#lecon-${l.documentId}`,
      visibility: visibilityOf(course),
    };
  },
  follows: [
    { uid: MODULE_UID, where: ({ id }) => ({ module: { id } }) },
    // By documentId: unpublishing deletes the published row, the draft keeps the documentId.
    { uid: COURSE_UID, where: ({ documentId }) => ({ module: { course: { documentId } } }) },
  ],
};

export const trainingModule = defineManifest({
  id: 'training',
  label: 'Formation',
  description: 'Formations à chaque niveau, modules en ligne avec quiz, parcours d’accueil des nouveaux adhérents avec un parrain.',
  defaultEnabled: true,
  permissions: trainingPermissions.table,
  notifications: trainingNotifications,
  searchable: [courses, lessons],
});
