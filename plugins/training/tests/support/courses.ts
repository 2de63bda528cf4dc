import { bootStrapi } from '../../../../tests/support/strapi';
import { paragraphs } from '../../../../src/content/blocks';

let count = 0;

export const QUESTIONS = [
  { text: 'Qui vote la synthèse ?', kind: 'single', choices: [{ text: 'Les adhérents', correct: true }, { text: 'Le bureau seul', correct: false }] },
  {
    text: 'Que trouve-t-on dans l’intranet ?',
    kind: 'multiple',
    choices: [{ text: 'Les comptes rendus', correct: true }, { text: 'Les formations', correct: true }, { text: 'Les votes nominatifs', correct: false }],
  },
];
/** The right answers to QUESTIONS, and wrong ones. */
export const RIGHT = [[0], [0, 1]];
export const WRONG = [[1], [0, 1, 2]];

export interface CourseSpec {
  title?: string;
  audience?: 'national' | 'federation' | 'section';
  federation?: { id: number };
  section?: { id: number };
  intendedFor?: 'all-members' | 'new-members' | 'elected-officials';
  openToOthers?: boolean;
  welcomePath?: boolean;
  prerequisites?: number[];
  lessons?: number;
  quiz?: boolean;
  publish?: boolean;
}

/** A course as staff build it in the admin panel: course, one module, lessons, a quiz. */
export async function createCourse(spec: CourseSpec = {}) {
  const strapi = await bootStrapi();
  const n = ++count;
  const course: any = await strapi.documents('plugin::training.course' as any).create({
    data: {
      title: spec.title ?? `Formation ${n}`,
      summary: 'Une formation pour agir.',
      audience: spec.audience ?? 'federation',
      federation: spec.federation?.id,
      section: spec.section?.id,
      intendedFor: spec.intendedFor ?? 'all-members',
      openToOthers: spec.openToOthers ?? true,
      welcomePath: spec.welcomePath ?? false,
      prerequisites: spec.prerequisites ?? [],
    } as any,
  });
  const module: any = await strapi.documents('plugin::training.course-module' as any).create({ data: { course: course.id, position: 1, title: 'Les bases' } as any });
  const lessons = [];
  for (let i = 1; i <= (spec.lessons ?? 2); i++) {
    lessons.push(
      await strapi.documents('plugin::training.lesson' as any).create({
        data: { module: module.id, position: i, title: `Leçon ${i} de la formation ${n}`, body: paragraphs(`Le texte de la leçon ${i}.`), required: true } as any,
      })
    );
  }
  const quiz: any = spec.quiz === false ? null : await strapi.documents('plugin::training.quiz' as any).create({
    data: { module: module.id, title: 'Vérifions', passMark: 100, maxAttempts: 2, questions: QUESTIONS } as any,
  });
  if (spec.publish !== false) await strapi.documents('plugin::training.course' as any).publish({ documentId: course.documentId });
  const published: any = await strapi.db.query('plugin::training.course').findOne({ where: { documentId: course.documentId, publishedAt: { $notNull: true } } });
  return { documentId: course.documentId as string, id: (published ?? course).id as number, lessons: lessons.map((l: any) => l.documentId as string), quiz: quiz?.documentId as string | undefined };
}
