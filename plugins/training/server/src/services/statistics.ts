import type { Core } from '@strapi/strapi';
import { toCsv } from '@intranet-militant/shared';
import { LEVEL_LABELS } from '../domain/courses';
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

/** How courses do, for the bodies that adopted them: completion, time, ratings. Who reads which is `queries/statistics`' business. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Per course and per level: enrolled, completed, completion rate, median days to complete, ratings, mean rating. */
  async figures(courses: Course[]): Promise<{ courses: CourseFigures[]; levels: Record<string, Omit<CourseFigures, 'documentId' | 'title' | 'level'>> }> {
    const rows: CourseFigures[] = [];
    const durations: Record<string, number[]> = { national: [], federation: [], section: [] };
    const where = { courseDocumentId: { $in: courses.map((c) => c.documentId) } };
    const [allEnrolments, allRatings]: [{ courseDocumentId: string; enrolledAt: string; completedAt: string | null }[], { courseDocumentId: string; grade: number }[]] = await Promise.all([
      strapi.db.query(ENROLMENT_UID).findMany({ where, select: ['courseDocumentId', 'enrolledAt', 'completedAt'] }),
      strapi.db.query(RATING_UID).findMany({ where, select: ['courseDocumentId', 'grade'] }),
    ]);
    for (const course of courses) {
      const enrolments = allEnrolments.filter((e) => e.courseDocumentId === course.documentId);
      const ratings = allRatings.filter((r) => r.courseDocumentId === course.documentId);
      const done = enrolments.filter((e): e is typeof e & { completedAt: string } => Boolean(e.completedAt));
      const days = done.map((e) => round1((Date.parse(e.completedAt) - Date.parse(e.enrolledAt)) / 86_400_000));
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
        meanRating: ratings.length ? round1(ratings.reduce((sum, r) => sum + r.grade, 0) / ratings.length) : null,
      });
    }
    const levels: Record<string, Omit<CourseFigures, 'documentId' | 'title' | 'level'>> = {};
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
