import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/training';
import { paragraphs } from '../content/blocks';

const COURSE = 'plugin::training.course';

interface DemoCourse {
  title: string;
  summary: string;
  audience: 'national' | 'federation' | 'section';
  federation?: number;
  section?: number;
  intendedFor: 'all-members' | 'new-members' | 'elected-officials';
  openToOthers: boolean;
  welcomePath?: boolean;
  estimatedHours: number;
  lessons: [string, string][];
  quiz?: { title: string; questions: unknown[] };
}

/**
 * Training at every level: the Gard's welcome path (with its quiz), a national online
 * module, a course for elected officials open to all, a section's practical course.
 * Seeded after the members: the newcomer among them is then enrolled in her welcome path by
 * `seedWelcome`, dated at her arrival (seeded first, she was enrolled on the seed's day while
 * she joined weeks before).
 */
export async function seedTrainingCourses(strapi: Core.Strapi, places: { gard: { id: number }; nimes: { id: number } }) {
  const courses: DemoCourse[] = [
    {
      title: 'Bienvenue au parti : le parcours d’accueil',
      summary: 'Comprendre comment vit le parti, de la section au national, et trouver sa place. Avec un parrain ou une marraine.',
      audience: 'federation', federation: places.gard.id, intendedFor: 'new-members', openToOthers: true, welcomePath: true, estimatedHours: 2,
      lessons: [
        ['Le parti, de la section au national', 'La section est la porte d’entrée : elle se réunit chaque mois. La fédération coordonne les sections du département ; le conseil national fixe la ligne.'],
        ['Participer : consultations, votes et formations', 'Chaque adhérent à jour de cotisation contribue aux consultations, évalue les propositions et vote les synthèses. Les formations sont ouvertes à tous.'],
      ],
      quiz: {
        title: 'Avez-vous trouvé vos repères ?',
        questions: [
          { text: 'Où commence la vie militante ?', kind: 'single', choices: [{ text: 'Dans la section', correct: true }, { text: 'Au conseil national', correct: false }] },
          {
            text: 'Que peut faire un adhérent à jour de cotisation ?',
            kind: 'multiple',
            choices: [{ text: 'Contribuer aux consultations', correct: true }, { text: 'Voter les synthèses', correct: true }, { text: 'Voter deux fois', correct: false }],
          },
        ],
      },
    },
    {
      title: 'Prendre la parole en public',
      summary: 'Module en ligne ouvert à tous : préparer une intervention, tenir trois minutes, répondre aux questions.',
      audience: 'national', intendedFor: 'all-members', openToOthers: true, estimatedHours: 3,
      lessons: [
        ['Préparer son intervention', 'Un message, trois arguments, une conclusion. Écrivez la première et la dernière phrase.'],
        ['Tenir trois minutes', 'Regardez la salle, parlez lentement, chronométrez-vous.'],
        ['Répondre aux questions', 'Reformulez la question, répondez brièvement, revenez à votre message.'],
      ],
    },
    {
      title: 'Préparer le budget de sa commune',
      summary: 'Pour les élus municipaux, ouverte aux adhérents qui veulent comprendre les finances locales.',
      audience: 'federation', federation: places.gard.id, intendedFor: 'elected-officials', openToOthers: true, estimatedHours: 4,
      lessons: [['Le cycle budgétaire', 'Orientation budgétaire, vote du budget primitif, compte administratif : le calendrier d’une année.']],
    },
    {
      title: 'Organiser une distribution de tracts',
      summary: 'La méthode de la section de Nîmes : lieux, horaires, matériel, sécurité.',
      audience: 'section', section: places.nimes.id, intendedFor: 'all-members', openToOthers: true, estimatedHours: 1,
      lessons: [['Choisir le lieu et l’heure', 'Marchés du samedi matin, sorties d’école, gares : où et quand les habitants s’arrêtent.']],
    },
  ];

  for (const spec of courses) {
    const { lessons, quiz, ...data } = spec;
    const course: any = await strapi.documents(COURSE as any).create({ data: data as any });
    const module: any = await strapi.documents('plugin::training.course-module' as any).create({ data: { course: course.id, position: 1, title: 'L’essentiel' } as any });
    let position = 1;
    for (const [title, text] of lessons) {
      await strapi.documents('plugin::training.lesson' as any).create({ data: { module: module.id, position: position++, title, body: paragraphs(text), required: true } as any });
    }
    if (quiz) await strapi.documents('plugin::training.quiz' as any).create({ data: { module: module.id, passMark: 70, maxAttempts: 3, ...quiz } as any });
    await strapi.documents(COURSE as any).publish({ documentId: course.documentId });
  }
}

/**
 * The newcomer is enrolled in her welcome path as every newcomer is (training's command, the
 * welcome notification), dated at her arrival rather than on the seed's day.
 */
export async function seedWelcome(strapi: Core.Strapi, newcomerEmail: string) {
  const newcomer = await strapi.db.query('plugin::membership.member').findOne({ where: { user: { email: newcomerEmail } }, select: ['id'] });
  await getService(strapi, 'training', 'demo').welcomeNewcomer(newcomer.id);
}

/** The newcomer gets a long-standing member of her section as sponsor. */
export async function seedSponsorship(strapi: Core.Strapi, newcomerEmail: string, sponsorEmail: string) {
  const memberOf = (email: string) => strapi.db.query('plugin::membership.member').findOne({ where: { user: { email } } });
  const [newcomer, sponsor] = [await memberOf(newcomerEmail), await memberOf(sponsorEmail)];
  await strapi.documents('plugin::training.sponsorship' as any).create({
    data: { newcomer: newcomer.id, sponsor: sponsor.id, runningKey: String(newcomer.id), startedOn: newcomer.joinedOn } as any,
  });
}
