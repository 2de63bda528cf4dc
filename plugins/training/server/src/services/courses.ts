import type { Core } from '@strapi/strapi';
import { cacheTags, getService, requestCache, totalFromPage, withConnection } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { questionsSchema, type Question } from '../domain/quiz';
import { enrolmentKeyOf, type IntendedFor } from '../domain/courses';
import { ATTEMPT_UID, COURSE_UID, ENROLMENT_UID, MODULE_UID, PROGRESS_UID } from '../uids';

/**
 * Reads of courses and of the learners' side. Modules, lessons and quizzes are found by
 * their course's documentId: they hang from the course whichever version (draft or
 * published) the admin panel linked them to.
 */
export interface Course {
  id: number;
  documentId: string;
  title: string;
  summary: string | null;
  audience: 'national' | 'federation' | 'section';
  /** Where it lives, by id; the name of the place that runs it (read through membership's directory) when asked. */
  federation: { id: number; name?: string } | null;
  section: { id: number; name?: string } | null;
  intendedFor: IntendedFor;
  openToOthers: boolean;
  welcomePath: boolean;
  estimatedHours: number | null;
  publishedAt: string | null;
  prerequisites: { id: number; documentId: string; title: string }[];
}

export interface Enrolment {
  id: number;
  documentId: string;
  courseDocumentId: string;
  /** `memberId:courseDocumentId` (`enrolmentKeyOf`): one enrolment per member and course. */
  enrolmentKey: string;
  origin: 'self' | 'welcome';
  enrolledAt: string;
  completedAt: string | null;
  certificateCode: string | null;
  certificate: { holder: string; course: string; level: Course['audience']; organiser: string } | null;
}

export interface Structure {
  modules: {
    id: number;
    documentId: string;
    position: number;
    title: string;
    lessons: { id: number; documentId: string; position: number; title: string; body: unknown; videoUrl: string | null; required: boolean; attachments: Attachment[] }[];
    quizzes: { id: number; documentId: string; title: string; passMark: number; maxAttempts: number; questions: Question[] }[];
  }[];
  lessons: { id: number; documentId: string; required: boolean; title: string }[];
  quizzes: { id: number; documentId: string; title: string; passMark: number; maxAttempts: number; questions: Question[] }[];
}

// Places as plain ids: their names are membership's, read through its directory.
const COURSE_POPULATE = {
  federation: { select: ['id'] },
  section: { select: ['id'] },
  prerequisites: { select: ['id', 'documentId', 'title'] },
};

type Attachment = { id: number; name: string; mime: string; size: number };

/** Within one enrolment: the lessons done, the quizzes passed, and per quiz its attempts (count, best score, passed). */
export interface Achievements {
  lessons: Set<number>;
  quizzes: Set<number>;
  /** Per quiz id: attempts made, best score, passed, and when the last one was made. */
  attempts: Map<number, { count: number; best: number; passed: boolean; lastAt: Date | null }>;
}

/** A module row as `structure` reads it, with its lessons and quizzes. */
interface ModuleRow {
  id: number;
  documentId: string;
  position: number;
  title: string;
  lessons?: { id: number; documentId: string; position: number; title: string; body: unknown; videoUrl: string | null; required: boolean | null; attachments: Attachment[] | null }[];
  quizzes?: { id: number; documentId: string; title: string; passMark: number; maxAttempts: number; questions: unknown }[];
}

const NEWEST_FIRST = [{ publishedAt: 'desc' }, { id: 'desc' }];
const published = (where: Record<string, unknown>) => ({ $and: [where, { publishedAt: { $notNull: true } }] });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Names the place that runs each course (its section, or its federation), through
   * membership's directory: one look per place, however many courses it runs.
   */
  async function named(courses: Course[]): Promise<Course[]> {
    const directory = getService(strapi, 'membership', 'directory');
    const names = new Map<string, Promise<string | undefined>>();
    const nameOf = (kind: 'federation' | 'section', id: number) => {
      const key = `${kind}:${id}`;
      if (!names.has(key)) {
        // Kept in the request cache (issue 13); any write to federations or sections invalidates it (tag `places`).
        const load = async () => ((kind === 'federation' ? await directory.federationById(id) : await directory.sectionById(id)) as { name?: string } | null)?.name ?? null;
        names.set(key, requestCache(strapi).read(`training-place:${key}`, load, { tags: () => [cacheTags.places] }).then((name) => name ?? undefined));
      }
      return names.get(key)!;
    };
    return Promise.all(
      courses.map(async (course) => {
        const kind = course.audience === 'national' ? null : course.audience;
        const place = kind ? course[kind] : null;
        return kind && place ? { ...course, [kind]: { id: place.id, name: await nameOf(kind, place.id) } } : course;
      })
    );
  }

  const self = {
    /** The published version of a course, with the name of its organiser; null when none (a draft is not a course yet). */
    async published(documentId: string): Promise<Course | null> {
      const course: Course | null = await strapi.db.query(COURSE_UID).findOne({ where: { documentId, publishedAt: { $notNull: true } }, populate: COURSE_POPULATE });
      return course && (await named([course]))[0];
    },

    /**
     * Every published course matching `where` (a query-engine filter), newest first; with
     * the names of their organisers when `withNames` (for what members read).
     */
    async allPublished(where: Record<string, unknown> = {}, withNames = false): Promise<Course[]> {
      const courses: Course[] = await strapi.db.query(COURSE_UID).findMany({ where: published(where), populate: COURSE_POPULATE, orderBy: NEWEST_FIRST });
      return withNames ? named(courses) : courses;
    },

    /** One page (1-based) of the published courses matching `where`, newest first, with their organisers' names, and how many match. */
    async publishedPage(where: Record<string, unknown>, page: number, pageSize: number): Promise<{ results: Course[]; total: number }> {
      const results: Course[] = await strapi.db.query(COURSE_UID).findMany({ where: published(where), populate: COURSE_POPULATE, orderBy: NEWEST_FIRST, limit: pageSize, offset: (page - 1) * pageSize });
      // Counted only when the page does not tell the total.
      const [total, shown] = await Promise.all([totalFromPage(page, pageSize, results.length) ?? strapi.db.query(COURSE_UID).count({ where: published(where) }), named(results)]);
      return { results: shown, total };
    },

    /** Modules in order, with their lessons and quizzes. */
    async structure(course: { documentId: string }): Promise<Structure> {
      const modules: ModuleRow[] = await strapi.db.query(MODULE_UID).findMany({
        where: { course: { documentId: course.documentId } },
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        populate: {
          lessons: { orderBy: [{ position: 'asc' }, { id: 'asc' }], populate: { attachments: true } },
          quizzes: { orderBy: [{ id: 'asc' }] },
        },
      });
      const shaped = modules.map((m) => ({
        id: m.id,
        documentId: m.documentId,
        position: m.position,
        title: m.title,
        lessons: (m.lessons ?? []).map((l) => ({
          id: l.id, documentId: l.documentId, position: l.position, title: l.title, body: l.body ?? [], videoUrl: l.videoUrl ?? null,
          required: l.required !== false, attachments: l.attachments ?? [],
        })),
        // A quiz whose questions do not parse is kept out rather than shown broken (writes are validated).
        quizzes: (m.quizzes ?? []).flatMap((q) => {
          const parsed = questionsSchema.safeParse(q.questions);
          return parsed.success ? [{ id: q.id, documentId: q.documentId, title: q.title, passMark: q.passMark, maxAttempts: q.maxAttempts, questions: parsed.data }] : [];
        }),
      }));
      return { modules: shaped, lessons: shaped.flatMap((m) => m.lessons), quizzes: shaped.flatMap((m) => m.quizzes) };
    },

    /** The member's enrolment in a course (by the course's documentId), or null. */
    enrolmentOf(memberId: number, courseDocumentId: string): Promise<Enrolment | null> {
      return strapi.db.query(ENROLMENT_UID).findOne({ where: { enrolmentKey: enrolmentKeyOf(memberId, courseDocumentId) } });
    },

    /**
     * The member's enrolments, newest first; only in these courses when `courseDocumentIds` is
     * given. For reads (the catalogue's « inscrit·e » marks, « Mes formations », a sponsor's
     * view): kept per member in the request cache (issue 13: asked at every visit of the
     * catalogue), tag `training-enrolments` — any write to the enrolments or their links, by
     * any door, drops every member's list on every instance (enrolling and completing are rare
     * writes; a lesson done writes the progress table, which is not watched). The rows are
     * shared between requests: callers never change them. Commands read `enrolmentOf` inside
     * their transaction instead.
     */
    async enrolmentsOfMember(memberId: number, courseDocumentIds?: string[]): Promise<Enrolment[]> {
      const all: Enrolment[] = await requestCache(strapi).read(
        `training-enrolments:${memberId}`,
        () => strapi.db.query(ENROLMENT_UID).findMany({ where: { member: { id: memberId } }, orderBy: [{ enrolledAt: 'desc' }, { id: 'desc' }] }),
        { tags: () => [cacheTags.trainingEnrolments] }
      );
      if (!courseDocumentIds) return all;
      const wanted = new Set(courseDocumentIds);
      return all.filter((e) => wanted.has(e.courseDocumentId));
    },

    /** Lessons done and quizzes passed within an enrolment. */
    async achievements(enrolmentId: number): Promise<Achievements> {
      return (await self.achievementsOf([enrolmentId])).get(enrolmentId)!;
    },

    /** Lessons done and quizzes passed within each of these enrolments, in two statements whatever their number. */
    async achievementsOf(enrolmentIds: number[]): Promise<Map<number, Achievements>> {
      const ids = [...new Set(enrolmentIds)];
      const out = new Map<number, Achievements>(ids.map((id) => [id, { lessons: new Set(), quizzes: new Set(), attempts: new Map() }]));
      if (!ids.length) return out;
      // Straight from the rows and their link tables (names from Strapi's metadata): the query
      // engine would add one statement per relation populated.
      // Inside the caller's transaction when there is one (the commands count attempts under their lock).
      const linked = (uid: string, relation: string, columns: string[]) => {
        const meta = strapi.db.metadata.get(uid) as any;
        const owner = meta.attributes.enrolment.joinTable;
        const other = meta.attributes[relation].joinTable;
        return withConnection(strapi, (knex) => knex({ r: meta.tableName })
          .join({ e: owner.name }, `e.${owner.joinColumn.name}`, 'r.id')
          .join({ o: other.name }, `o.${other.joinColumn.name}`, 'r.id')
          .whereIn(`e.${owner.inverseJoinColumn.name}`, ids)
          .select({ enrolment: `e.${owner.inverseJoinColumn.name}`, target: `o.${other.inverseJoinColumn.name}`, ...Object.fromEntries(columns.map((c) => [c, `r.${meta.attributes[c].columnName ?? c}`])) }));
      };
      const [progress, attempts]: [{ enrolment: number; target: number }[], { enrolment: number; target: number; score: number; passed: boolean | number; createdAt: Date | string | number | null }[]] = await Promise.all([
        linked(PROGRESS_UID, 'lesson', []),
        linked(ATTEMPT_UID, 'quiz', ['score', 'passed', 'createdAt']),
      ]);
      for (const p of progress) out.get(Number(p.enrolment))?.lessons.add(Number(p.target));
      for (const a of attempts) {
        const byQuiz = out.get(Number(a.enrolment))?.attempts;
        if (!byQuiz) continue;
        const quiz = Number(a.target);
        const seen = byQuiz.get(quiz) ?? { count: 0, best: 0, passed: false, lastAt: null };
        const at = a.createdAt == null ? null : new Date(a.createdAt);
        const lastAt = at && (!seen.lastAt || at > seen.lastAt) ? at : seen.lastAt;
        byQuiz.set(quiz, { count: seen.count + 1, best: Math.max(seen.best, Number(a.score)), passed: seen.passed || Boolean(a.passed), lastAt });
      }
      for (const done of out.values()) for (const [quiz, s] of done.attempts) if (s.passed) done.quizzes.add(quiz);
      return out;
    },

    /**
     * For what members read (issue 13): the published course, kept in the request cache while
     * no course, nor place, changes (tags `training-courses`, `places`). Commands read `published`.
     */
    readPublished(documentId: string): Promise<Course | null> {
      return requestCache(strapi).read(`training:course:${documentId}`, () => self.published(documentId), { tags: () => [cacheTags.trainingCourses, cacheTags.places] });
    },

    /**
     * For what members read: the course's structure, kept while no course, module, lesson, quiz
     * or attachment changes (tag `training-courses`). Commands read `structure`.
     */
    readStructure(course: { documentId: string }): Promise<Structure> {
      return requestCache(strapi).read(`training:structure:${course.documentId}`, () => self.structure(course), { tags: () => [cacheTags.trainingCourses] });
    },
  };
  return self;
};
