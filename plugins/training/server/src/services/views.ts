import type { Core } from '@strapi/strapi';
import { cacheTags, getService, parisDate, requestCache, ROLES, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { INTENDED_LABELS, isMeantFor, LEVEL_LABELS, memberIdOfKey, progressPercent } from '../domain/courses';
import { presentQuestions, quizRound } from '../domain/quiz';
import { quizRetryDays } from '../settings';
import type { Achievements, Course, Enrolment, Structure } from './courses';
import { ENROLMENT_UID, RATING_UID, SPONSORSHIP_UID } from '../uids';

/** A member as training shows them: their name (read through membership's directory). */
const fullName = (member: { firstName: string; lastName: string }) => `${member.firstName} ${member.lastName}`;

/**
 * What members and staff read of courses, enrolments and sponsorships: presenters and
 * reads. Who may read what is decided by the queries (`queries/`) that call them.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = () => getService(strapi, 'training', 'courses');
  const directory = () => getService(strapi, 'membership', 'directory');

  const self = {
    /** A course as lists show it (no modules). */
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
    async standing(course: Course, structure: Structure, enrolment: Enrolment | null, known?: Achievements) {
      if (!enrolment) return null;
      const done = known ?? (await courses().achievements(enrolment.id));
      return {
        enrolledAt: enrolment.enrolledAt,
        origin: enrolment.origin,
        completedAt: enrolment.completedAt ?? null,
        certificateCode: enrolment.certificateCode ?? null,
        progress: progressPercent(structure, done.lessons, done.quizzes),
        lessonsDone: structure.lessons.filter((l) => done.lessons.has(l.id)).map((l) => l.documentId),
        quizzes: structure.quizzes.map((q) => {
          const a = done.attempts.get(q.id);
          // The attempts left in the round now, and when the next opens once it is used up (`quizRound`).
          const round = quizRound({ count: a?.count ?? 0, lastOn: a?.lastAt ? parisDate(a.lastAt) : null }, q.maxAttempts, quizRetryDays(strapi), todayInParis());
          return { documentId: q.documentId, attempts: a?.count ?? 0, attemptsLeft: round.attemptsLeft, retryOn: round.retryOn, bestScore: a?.best ?? null, passed: a?.passed ?? false };
        }),
      };
    },

    /**
     * The whole course for a reader: lessons in full, quizzes without their answers. A
     * course reserved to others (elected officials, newcomers) shows its outline only;
     * staff and national admins see everything. `newMember`: the reader joined recently.
     */
    async detail(course: Course, actor: Actor, newMember: boolean) {
      const structure: Structure = await courses().structure(course);
      const { open, enrolment } = await self.access(course, actor, newMember);
      return {
        ...self.summary(course),
        meantForMe: open,
        modules: structure.modules.map((m) => ({
          documentId: m.documentId,
          position: m.position,
          title: m.title,
          lessons: m.lessons.map((l) => ({
            documentId: l.documentId, title: l.title, required: l.required,
            ...(open
              ? {
                  body: l.body, videoUrl: l.videoUrl,
                  // Files are served through the API, which checks the reader's right to the lesson.
                  attachments: l.attachments.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, url: `/api/training/courses/${course.documentId}/lessons/${l.documentId}/attachments/${f.id}` })),
                }
              : { body: null, videoUrl: null, attachments: [] }),
          })),
          quizzes: m.quizzes.map((q) => ({ documentId: q.documentId, title: q.title, passMark: q.passMark, maxAttempts: q.maxAttempts, questions: open ? presentQuestions(q.questions) : [] })),
        })),
        enrolment: enrolment ? { ...(await self.standing(course, structure, enrolment))!, rating: await self.ratingOf(enrolment) } : null,
      };
    },

    /**
     * Whether the course's lessons and questions open to the actor — staff and national
     * admins, the enrolled, those it is meant for — and the actor's enrolment.
     */
    async access(course: Course, actor: Actor, newMember: boolean): Promise<{ open: boolean; enrolment: Enrolment | null }> {
      const enrolment = actor.memberId ? await courses().enrolmentOf(actor.memberId, course.documentId) : null;
      const open = actor.role === ROLES.federationStaff || actor.role === ROLES.nationalAdmin || Boolean(enrolment) || isMeantFor(course, actor, newMember);
      return { open, enrolment };
    },

    /** The learner's own rating of the course (grade and comment), null before they rate it. */
    async ratingOf(enrolment: Enrolment): Promise<{ grade: number; comment: string | null } | null> {
      const rating = await strapi.db.query(RATING_UID).findOne({ where: { ratingKey: String(enrolment.id) }, select: ['grade', 'comment'] });
      return rating ? { grade: rating.grade, comment: rating.comment ?? null } : null;
    },

    /** A member's courses (still published) with their progress, newest enrolment first. */
    async coursesOf(memberId: number) {
      const enrolments = await courses().enrolmentsOfMember(memberId);
      // Courses and structures from the request cache; every enrolment's achievements in two statements.
      const [shown, done] = await Promise.all([
        Promise.all(enrolments.map(async (e) => {
          const course = await courses().readPublished(e.courseDocumentId);
          return course ? { course, structure: await courses().readStructure(course) } : null;
        })),
        courses().achievementsOf(enrolments.map((e) => e.id)),
      ]);
      const items = [];
      for (const [i, e] of enrolments.entries()) {
        const found = shown[i];
        if (!found) continue; // unpublished since: out of sight
        items.push({ course: self.summary(found.course), enrolment: (await self.standing(found.course, found.structure, e, done.get(e.id)))! });
      }
      return items;
    },

    /** A member's courses with their progress, and who sponsors them. */
    async mine(memberId: number) {
      const [sponsor, enrolments] = await Promise.all([self.sponsorOf(memberId), self.coursesOf(memberId)]);
      return { enrolments, sponsor: sponsor ? { name: sponsor.name, since: sponsor.since } : null };
    },

    /**
     * Who sponsors the member now (the running sponsorship: their name and since when, a Paris
     * date), or null — kept per member in the request cache (issue 13: most members have no
     * sponsor, and « Mes formations » asked on every visit). Any write to the sponsorships or
     * their links (tag `sponsorships`) or to the sponsor's member row (`member:<id>`: a name
     * changed) drops it, by any door, on every instance.
     */
    sponsorOf(memberId: number): Promise<{ sponsorId: number; name: string; since: string } | null> {
      return requestCache(strapi).read(
        `sponsor-of:${memberId}`,
        async () => {
          const running = await strapi.db.query(SPONSORSHIP_UID).findOne({ where: { newcomer: { id: memberId }, endedOn: { $null: true } }, populate: { sponsor: { select: ['id'] } } });
          const sponsor = running?.sponsor ? await directory().memberById(running.sponsor.id) : null;
          return sponsor ? { sponsorId: Number(sponsor.id), name: fullName(sponsor), since: running.startedOn as string } : null;
        },
        { tags: (found) => [cacheTags.sponsorships, cacheTags.member(memberId), ...(found ? [cacheTags.member(found.sponsorId)] : [])] }
      );
    },

    /**
     * What a sponsor sees: each newcomer they sponsor and how far they are in their courses.
     * The running sponsorships are kept per sponsor in the request cache (issue 13: most members
     * sponsor nobody, and then the answer costs no statement); any write to the sponsorships or
     * their links (tag `sponsorships`) drops them, by any door, on every instance. The newcomers'
     * names and progress are read afresh (each through its own cached read).
     */
    async sponsored(sponsorId: number) {
      const running = await requestCache(strapi).read(
        `sponsoring:${sponsorId}`,
        () =>
          strapi.db.query(SPONSORSHIP_UID).findMany({
            where: { sponsor: { id: sponsorId }, endedOn: { $null: true } },
            populate: { newcomer: { select: ['id'] } },
            orderBy: { startedOn: 'asc' },
          }) as Promise<{ documentId: string; startedOn: string; newcomer: { id: number } | null }[]>,
        { tags: () => [cacheTags.sponsorships] }
      );
      const out = [];
      for (const s of running) {
        const newcomer = s.newcomer ? await directory().memberById(s.newcomer.id) : null;
        if (!newcomer) continue;
        const enrolments = await self.coursesOf(newcomer.id);
        out.push({
          sponsorship: s.documentId,
          since: s.startedOn,
          newcomer: { documentId: newcomer.documentId, name: fullName(newcomer), joinedOn: newcomer.joinedOn, section: newcomer.section?.name ?? null },
          courses: enrolments.map((e) => ({ title: e.course.title, progress: e.enrolment.progress, completedAt: e.enrolment.completedAt })),
        });
      }
      return out;
    },

    /**
     * A certificate the way the public checks it: who, what, when — as written at completion, so
     * it stays true if the course is withdrawn or the member moves. Null when no such code, and
     * while its holder's own erasure request stands or once their data is erased (membership's
     * `erasureRequestedOrDone`): the same « not found » for a request still pending (perhaps
     * held by a case the member may not be told of) as for a done erasure, which removes the
     * code. Nothing is blanked at the request, so a request withdrawn (the member told of the
     * case, or a return) shows the certificate again under its code. Two statements whatever
     * the answer (the holder's standing is asked for an unknown code too), so that its time
     * does not tell the cases apart either.
     */
    async certificate(code: string) {
      const enrolment: Enrolment | null = await strapi.db.query(ENROLMENT_UID).findOne({ where: { certificateCode: code, completedAt: { $notNull: true } } });
      // The holder from the enrolment's own key (`memberId:courseDocumentId`), not its member
      // relation: populating it would cost a third statement only when the code exists.
      if (await directory().erasureRequestedOrDone(enrolment ? memberIdOfKey(enrolment.enrolmentKey) : null)) return null;
      const issued = enrolment?.certificate;
      if (!enrolment?.completedAt || !issued) return null;
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
  return self;
};

export function organiserOf(course: Course): string {
  if (course.audience === 'section') return `Section ${course.section?.name ?? ''}`.trim();
  if (course.audience === 'federation') return course.federation?.name ?? 'Fédération';
  return 'Formation nationale';
}
