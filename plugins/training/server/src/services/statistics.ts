import type { Core } from '@strapi/strapi';
import { fieldError, ForbiddenError, toCsv, type Actor } from '@intranet-militant/shared';
import { LEVEL_LABELS } from '../domain/courses';
import { can, trainingPermissions } from '../permissions';
import type { Course } from './courses';
import { ENROLMENT_UID, RATING_UID } from '../uids';

export interface CourseFigures {
  documentId: string;
  title: string;
  level: Course['audience'];
  enrolled: number;
  completed: number;
  /** Completed / enrolled, in percent (null without enrolment). */
  completionRate: number | null;
  /** Median days from enrolment to completion. */
  medianDaysToComplete: number | null;
  ratings: number;
  meanRating: number | null;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** How courses do, for the bodies that adopted them: completion, time, ratings. */
const { scopeOf } = trainingPermissions;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The courses whose figures the actor reads: one federation's (given by documentId, or
   * the actor's own), or every course for national admins who name none.
   */
  async coursesFor(actor: Actor, federationDocumentId?: string): Promise<Course[]> {
    const courses = strapi.plugin('training').service('courses');
    let federationId = actor.federationId;
    if (federationDocumentId) {
      const federation = await strapi.plugin('membership').service('directory').federationByDocumentId(federationDocumentId);
      if (!federation) throw fieldError('federation', 'Fédération inconnue.');
      federationId = federation.id;
    } else if (scopeOf(actor, 'statistics.read') === 'all') {
      return courses.allPublished();
    }
    if (!can(actor, 'statistics.read', { federationId })) throw new ForbiddenError('Les chiffres d’une autre fédération ne vous sont pas ouverts.');
    return courses.allPublished({ federation: { id: federationId } });
  },

  async figures(courses: Course[]): Promise<{ courses: CourseFigures[]; levels: Record<string, Omit<CourseFigures, 'documentId' | 'title' | 'level'>> }> {
    const rows: CourseFigures[] = [];
    const durations: Record<string, number[]> = { national: [], federation: [], section: [] };
    const where = { courseDocumentId: { $in: courses.map((c) => c.documentId) } };
    const [allEnrolments, allRatings] = await Promise.all([
      strapi.db.query(ENROLMENT_UID).findMany({ where, select: ['courseDocumentId', 'enrolledAt', 'completedAt'] }),
      strapi.db.query(RATING_UID).findMany({ where, select: ['courseDocumentId', 'grade'] }),
    ]);
    for (const course of courses) {
      const enrolments = allEnrolments.filter((e: any) => e.courseDocumentId === course.documentId);
      const ratings = allRatings.filter((r: any) => r.courseDocumentId === course.documentId);
      const done = enrolments.filter((e: any) => e.completedAt);
      const days = done.map((e: any) => round1((Date.parse(e.completedAt) - Date.parse(e.enrolledAt)) / 86_400_000));
      durations[course.audience].push(...days);
      rows.push({
        documentId: course.documentId,
        title: course.title,
        level: course.audience,
        enrolled: enrolments.length,
        completed: done.length,
        completionRate: enrolments.length ? round1((100 * done.length) / enrolments.length) : null,
        medianDaysToComplete: median(days),
        ratings: ratings.length,
        meanRating: ratings.length ? round1(ratings.reduce((sum: number, r: any) => sum + r.grade, 0) / ratings.length) : null,
      });
    }
    const levels: Record<string, any> = {};
    for (const level of ['national', 'federation', 'section'] as const) {
      const of = rows.filter((r) => r.level === level);
      const enrolled = of.reduce((s, r) => s + r.enrolled, 0);
      const completed = of.reduce((s, r) => s + r.completed, 0);
      const ratings = of.reduce((s, r) => s + r.ratings, 0);
      levels[level] = {
        enrolled,
        completed,
        completionRate: enrolled ? round1((100 * completed) / enrolled) : null,
        medianDaysToComplete: median(durations[level]),
        ratings,
        meanRating: ratings ? round1(of.reduce((s, r) => s + (r.meanRating ?? 0) * r.ratings, 0) / ratings) : null,
      };
    }
    return { courses: rows, levels };
  },

  csv(figures: CourseFigures[]): string {
    return toCsv(
      ['Formation', 'Niveau', 'Inscrits', 'Terminées', 'Taux de réussite (%)', 'Jours pour terminer (médiane)', 'Avis', 'Note moyenne (sur 5)'],
      figures.map((f) => [f.title, LEVEL_LABELS[f.level], f.enrolled, f.completed, f.completionRate, f.medianDaysToComplete, f.ratings, f.meanRating])
    );
  },
});
