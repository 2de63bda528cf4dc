import type { Core } from '@strapi/strapi';
import { audienceOf, ROLES, todayInParis, type Actor } from '@intranet-militant/shared';
import { INTENDED_LABELS, isMeantFor, isNewMember, LEVEL_LABELS, progressPercent, seesCourse } from '../domain/courses';
import { presentQuestions } from '../domain/quiz';
import type { Course, Structure } from './courses';
import { ENROLMENT_UID, SPONSORSHIP_UID } from '../uids';

/** What members and staff read of courses, enrolments and sponsorships. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = () => strapi.plugin('training').service('courses');

  return {
    /** Published courses the actor may see, a page of them, with their standing. */
    async catalogue(actor: Actor, query: { level?: Course['audience']; page: number; pageSize: number }) {
      const all: Course[] = await courses().allPublished(query.level ? { audience: query.level } : {});
      const visible = all.filter((c) => seesCourse(actor, audienceOf(c)));
      const member = actor.memberId ? await strapi.plugin('membership').service('directory').memberById(actor.memberId) : null;
      const newMember = isNewMember(member?.joinedOn, todayInParis());
      const mine = new Map<string, any>(actor.memberId ? (await courses().enrolmentsOfMember(actor.memberId)).map((e: any) => [e.courseDocumentId, e]) : []);
      const data = visible.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((course) => {
        const enrolment = mine.get(course.documentId);
        return { ...this.summary(course), meantForMe: isMeantFor(course, actor, newMember), enrolled: Boolean(enrolment), completed: Boolean(enrolment?.completedAt) };
      });
      return { data, total: visible.length };
    },

    summary(course: Course) {
      return {
        documentId: course.documentId,
        title: course.title,
        summary: course.summary,
        level: course.audience,
        levelLabel: LEVEL_LABELS[course.audience],
        organiser: organiserOf(course),
        intendedFor: course.intendedFor,
        intendedForLabel: INTENDED_LABELS[course.intendedFor],
        openToOthers: Boolean(course.openToOthers),
        welcomePath: Boolean(course.welcomePath),
        estimatedHours: course.estimatedHours == null ? null : Number(course.estimatedHours),
        prerequisites: course.prerequisites.map((p) => ({ documentId: p.documentId, title: p.title })),
      };
    },

    /** Progress within an enrolment (null when not enrolled). */
    async standing(course: Course, structure: Structure, enrolment: any) {
      if (!enrolment) return null;
      const done = await courses().achievements(enrolment.id);
      return {
        enrolledAt: enrolment.enrolledAt,
        origin: enrolment.origin,
        completedAt: enrolment.completedAt ?? null,
        certificateCode: enrolment.certificateCode ?? null,
        progress: progressPercent(structure, done.lessons, done.quizzes),
        lessonsDone: structure.lessons.filter((l) => done.lessons.has(l.id)).map((l) => l.documentId),
        quizzes: structure.quizzes.map((q) => {
          const a = done.attempts.get(q.id);
          return { documentId: q.documentId, attempts: a?.count ?? 0, attemptsLeft: q.maxAttempts - (a?.count ?? 0), bestScore: a?.best ?? null, passed: a?.passed ?? false };
        }),
      };
    },

    /**
     * The whole course for a reader: lessons in full, quizzes without their answers. A
     * course reserved to others (elected officials, newcomers) shows its outline only;
     * staff and national admins see everything.
     */
    async detail(course: Course, actor: Actor) {
      const structure: Structure = await courses().structure(course);
      const enrolment = actor.memberId ? await courses().enrolmentOf(actor.memberId, course.documentId) : null;
      const member = actor.memberId ? await strapi.plugin('membership').service('directory').memberById(actor.memberId) : null;
      const open =
        actor.role === ROLES.federationStaff || actor.role === ROLES.nationalAdmin || Boolean(enrolment) || isMeantFor(course, actor, isNewMember(member?.joinedOn, todayInParis()));
      return {
        ...this.summary(course),
        meantForMe: open,
        modules: structure.modules.map((m) => ({
          documentId: m.documentId,
          position: m.position,
          title: m.title,
          lessons: m.lessons.map((l) => ({
            documentId: l.documentId, title: l.title, required: l.required,
            ...(open
              ? { body: l.body, videoUrl: l.videoUrl, attachments: l.attachments.map((f: any) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })) }
              : { body: null, videoUrl: null, attachments: [] }),
          })),
          quizzes: m.quizzes.map((q) => ({ documentId: q.documentId, title: q.title, passMark: q.passMark, maxAttempts: q.maxAttempts, questions: open ? presentQuestions(q.questions) : [] })),
        })),
        enrolment: await this.standing(course, structure, enrolment),
      };
    },

    /** A member's courses with their progress, and who sponsors them. */
    async mine(memberId: number) {
      const enrolments = await courses().enrolmentsOfMember(memberId);
      const items = [];
      for (const e of enrolments) {
        const course: Course | null = await courses().published(e.courseDocumentId);
        if (!course) continue; // unpublished since: out of sight
        const structure = await courses().structure(course);
        items.push({ course: this.summary(course), enrolment: await this.standing(course, structure, e) });
      }
      const running = await strapi.db.query(SPONSORSHIP_UID).findOne({
        where: { newcomer: { id: memberId }, endedOn: { $null: true } },
        populate: { sponsor: { select: ['firstName', 'lastName'] } },
      });
      return { enrolments: items, sponsor: running?.sponsor ? { name: `${running.sponsor.firstName} ${running.sponsor.lastName}`, since: running.startedOn } : null };
    },

    /** What a sponsor sees: each newcomer they sponsor and how far they are in their courses. */
    async sponsored(sponsorId: number) {
      const running = await strapi.db.query(SPONSORSHIP_UID).findMany({
        where: { sponsor: { id: sponsorId }, endedOn: { $null: true } },
        populate: { newcomer: { select: ['id', 'documentId', 'firstName', 'lastName', 'joinedOn'], populate: { section: { select: ['name'] } } } },
        orderBy: { startedOn: 'asc' },
      });
      const out = [];
      for (const s of running) {
        const { enrolments } = await this.mine(s.newcomer.id);
        out.push({
          sponsorship: s.documentId,
          since: s.startedOn,
          newcomer: { documentId: s.newcomer.documentId, name: `${s.newcomer.firstName} ${s.newcomer.lastName}`, joinedOn: s.newcomer.joinedOn, section: s.newcomer.section?.name ?? null },
          courses: enrolments.map((e: any) => ({ title: e.course.title, progress: e.enrolment.progress, completedAt: e.enrolment.completedAt })),
        });
      }
      return out;
    },

    /**
     * A certificate as anyone may check it: who, what, when — as written at completion, so
     * it stays true if the course is withdrawn or the member moves. Null when no such code.
     */
    async certificate(code: string) {
      const enrolment = await strapi.db.query(ENROLMENT_UID).findOne({ where: { certificateCode: code, completedAt: { $notNull: true } } });
      const issued = enrolment?.certificate as { holder: string; course: string; level: Course['audience']; organiser: string } | null;
      if (!issued) return null;
      return {
        code,
        holder: issued.holder,
        course: issued.course,
        level: issued.level,
        levelLabel: LEVEL_LABELS[issued.level],
        organiser: issued.organiser,
        completedOn: todayInParis(new Date(enrolment.completedAt)), // the day in France
      };
    },
  };
};

export function organiserOf(course: Course): string {
  if (course.audience === 'section') return `Section ${course.section?.name ?? ''}`.trim();
  if (course.audience === 'federation') return course.federation?.name ?? 'Fédération';
  return 'Formation nationale';
}
