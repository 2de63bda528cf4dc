import { addresses, ROLES, type Actor, type AudienceTarget } from '@intranet-militant/shared';

export type IntendedFor = 'all-members' | 'new-members' | 'elected-officials';

export const LEVEL_LABELS = { national: 'National', federation: 'Fédération', section: 'Section' } as const;
export const INTENDED_LABELS: Record<IntendedFor, string> = {
  'all-members': 'Tous les adhérents',
  'new-members': 'Nouveaux adhérents',
  'elected-officials': 'Élus',
};

/** A member is new for a year after joining: the welcome path and courses for newcomers are theirs. */
export const NEW_MEMBER_DAYS = 365;

export function isNewMember(joinedOn: string | null | undefined, today: string): boolean {
  if (!joinedOn) return false;
  return (Date.parse(today) - Date.parse(joinedOn)) / 86_400_000 < NEW_MEMBER_DAYS;
}

/**
 * The instant a welcome enrolment is dated, for a newcomer enrolled later than they joined
 * (the demo, whose newcomer joined weeks before the seed): the day asked for, bounded as an
 * import bounds a date — never before the membership started, never after today. Today (or
 * nothing asked) is the current instant; an earlier day is its midday (UTC, the same day in
 * Paris whatever the season).
 */
export function welcomeEnrolmentInstant(requested: string | undefined, joinedOn: string | null | undefined, today: string, now: Date = new Date()): string {
  if (!requested) return now.toISOString();
  let day = requested.slice(0, 10);
  if (joinedOn && day < joinedOn.slice(0, 10)) day = joinedOn.slice(0, 10);
  if (day >= today) return now.toISOString();
  return `${day}T12:00:00.000Z`;
}

/** Is this course meant for the actor, or open to them? (Its level's audience must address them too.) */
export function isMeantFor(course: { intendedFor: IntendedFor; openToOthers?: boolean | null }, actor: Actor, newMember: boolean): boolean {
  if (course.intendedFor === 'all-members' || course.openToOthers) return true;
  if (course.intendedFor === 'new-members') return newMember;
  return actor.role === ROLES.electedOfficial;
}

/** Who sees a course: those its level addresses; staff of its federation; national admins. */
export function seesCourse(actor: Actor, target: AudienceTarget): boolean {
  return addresses(actor, target, 'reader');
}

export interface CourseShape {
  lessons: { id: number; required: boolean }[];
  quizzes: { id: number }[];
}

/** A course is complete when its required lessons are done and its quizzes passed. */
export function isComplete(course: CourseShape, doneLessons: ReadonlySet<number>, passedQuizzes: ReadonlySet<number>): boolean {
  return course.lessons.every((l) => !l.required || doneLessons.has(l.id)) && course.quizzes.every((q) => passedQuizzes.has(q.id));
}

/** Share of the course done, for progress bars: required lessons and quizzes weigh the same. */
export function progressPercent(course: CourseShape, doneLessons: ReadonlySet<number>, passedQuizzes: ReadonlySet<number>): number {
  const steps = course.lessons.filter((l) => l.required).length + course.quizzes.length;
  if (steps === 0) return 100;
  const done = course.lessons.filter((l) => l.required && doneLessons.has(l.id)).length + course.quizzes.filter((q) => passedQuizzes.has(q.id)).length;
  return Math.round((100 * done) / steps);
}

/** An enrolment's unique key, `memberId:courseDocumentId`: one enrolment per member and course. */
export const enrolmentKeyOf = (memberId: number, courseDocumentId: string) => `${memberId}:${courseDocumentId}`;

/** The member an enrolment key names (`enrolmentKeyOf`), or null for a key not of that form. Pure. */
export function memberIdOfKey(key: string | null | undefined): number | null {
  const id = Number(String(key ?? '').split(':')[0]);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** Certificate codes people read aloud: no 0/O, 1/I; three groups of four. */
export function certificateCode(random: (n: number) => Buffer): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = random(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}
