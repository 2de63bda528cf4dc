import { defineManifest, type SearchVisibility } from '@intranet-militant/shared';
import { trainingPermissions } from './permissions';
import { COURSE_UID, LESSON_UID, MODULE_UID } from './uids';

/** A course reserved to elected officials is only found by them (and staff). */
function visibilityOf(course: any): SearchVisibility {
  return {
    audience: course.audience,
    federationId: course.federation?.id ?? null,
    sectionId: course.section?.id ?? null,
    roles: course.intendedFor === 'elected-officials' && !course.openToOthers ? ['elected-official', 'federation-staff', 'national-admin'] : undefined,
  };
}

const lessonText = (blocks: any): string =>
  (Array.isArray(blocks) ? blocks : [])
    .map((block: any) => (block.children ?? []).map((child: any) => child.text ?? (child.children ?? []).map((c: any) => c.text ?? '').join('')).join(''))
    .join('\n');

export const trainingModule = defineManifest({
  id: 'training',
  label: 'Formation',
  description: 'Formations à chaque niveau, modules en ligne avec quiz, parcours d’accueil des nouveaux adhérents avec un parrain.',
  defaultEnabled: true,
  permissions: trainingPermissions.table,
  searchable: [
    {
      type: 'course',
      label: 'Formations',
      uid: COURSE_UID,
      populate: { federation: true, section: true },
      toDocument: (c: any) =>
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
    },
    {
      type: 'lesson',
      label: 'Leçons',
      uid: LESSON_UID,
      populate: { module: { populate: { course: { populate: { federation: true, section: true } } } } },
      // The lesson's course decides: published, and for whom. Lessons follow their course.
      toDocument: (l: any) => {
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
        { uid: MODULE_UID, where: ({ id }: { id: number }) => ({ module: { id } }) },
        // By documentId: unpublishing deletes the published row, the draft keeps the documentId.
        { uid: COURSE_UID, where: ({ documentId }: { documentId: string | null }) => ({ module: { course: { documentId } } }) },
      ],
    },
  ],
});
