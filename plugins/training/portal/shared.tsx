import { NavLink } from 'react-router-dom';
import { formatNumber, formatPercent } from '@portal/format';
import { Badge } from '@portal/ui';
import type { CourseDetail, CourseSummary, Lesson, Quiz, Standing } from './types';
import './styles.css';

/** Portal paths of the training pages (ids in the path: deep links survive a reload). */
export const paths = {
  catalogue: '/formation',
  journey: '/formation/mon-parcours',
  // `/formation/cours/:id` is also where search hits on courses and lessons land (plugins/search/portal/links.ts).
  course: (id: string) => `/formation/cours/${encodeURIComponent(id)}`,
  lesson: (id: string, lessonId: string) => `/formation/cours/${encodeURIComponent(id)}/lecons/${encodeURIComponent(lessonId)}`,
  quiz: (id: string, quizId: string) => `/formation/cours/${encodeURIComponent(id)}/quiz/${encodeURIComponent(quizId)}`,
};

export const LEVELS = [
  { value: 'national', label: 'National' },
  { value: 'federation', label: 'Fédération' },
  { value: 'section', label: 'Section' },
] as const;

/** « Catalogue » and « Mon parcours »: the two doors of the training pages. */
export function TrainingTabs() {
  return (
    <nav className="training-tabs" aria-label="Formation">
      <NavLink to={paths.catalogue} end>
        Catalogue
      </NavLink>
      <NavLink to={paths.journey}>Mon parcours</NavLink>
    </nav>
  );
}

/** A course's progress: a bar and its percentage in words (never colour only). */
export function CourseProgress({ value, label, caption }: { value: number; label: string; caption?: string }) {
  return (
    <div className="progress training-progress">
      {caption && <span aria-hidden="true">{caption}</span>}
      <progress value={value} max={100} aria-label={label} />
      <span>{formatPercent(value / 100)}</span>
    </div>
  );
}

/** « Environ 2 heures » */
export function duration(hours: number | null): string | null {
  if (hours == null || hours <= 0) return null;
  return `Environ ${formatNumber(hours)} ${hours < 2 ? 'heure' : 'heures'}`;
}

/** Level, organiser, public, welcome path: what kind of course this is, in words. */
export function CourseBadges({ course }: { course: CourseSummary }) {
  return (
    <p className="meta training-badges">
      <Badge tone="info">{course.levelLabel}</Badge> <span>{course.organiser}</span>
      {course.welcomePath && (
        <>
          {' '}
          <Badge tone="success">Parcours d’accueil</Badge>
        </>
      )}
      {course.intendedFor !== 'all-members' && (
        <>
          {' '}
          <Badge>{course.openToOthers ? `Pour les ${course.intendedForLabel.toLowerCase()}, ouverte à tous` : `Réservée aux ${course.intendedForLabel.toLowerCase()}`}</Badge>
        </>
      )}
      {duration(course.estimatedHours) && <span> · {duration(course.estimatedHours)}</span>}
    </p>
  );
}

export type Step = { kind: 'lesson'; module: number; lesson: Lesson } | { kind: 'quiz'; module: number; quiz: Quiz };

/** The course in reading order: each module's lessons, then its quizzes. */
export function stepsOf(course: CourseDetail): Step[] {
  return course.modules.flatMap((m, i) => [
    ...m.lessons.map((lesson) => ({ kind: 'lesson' as const, module: i, lesson })),
    ...m.quizzes.map((quiz) => ({ kind: 'quiz' as const, module: i, quiz })),
  ]);
}

export function stepPath(courseId: string, step: Step): string {
  return step.kind === 'lesson' ? paths.lesson(courseId, step.lesson.documentId) : paths.quiz(courseId, step.quiz.documentId);
}

export function stepTitle(step: Step): string {
  return step.kind === 'lesson' ? step.lesson.title : `Quiz : ${step.quiz.title}`;
}

/** Is this step behind the learner (lesson done, quiz passed)? */
export function stepDone(standing: Standing | null, step: Step): boolean {
  if (!standing) return false;
  if (step.kind === 'lesson') return standing.lessonsDone.includes(step.lesson.documentId);
  return standing.quizzes.some((q) => q.documentId === step.quiz.documentId && q.passed);
}

/** « 2 essais restants » */
export function attemptsLeftText(left: number): string {
  if (left <= 0) return 'Plus aucun essai';
  return left === 1 ? '1 essai restant' : `${formatNumber(left)} essais restants`;
}

/** « réservée aux élus » */
export function reservedTo(course: CourseSummary): string {
  return `réservée aux ${course.intendedForLabel.toLowerCase()}`;
}
