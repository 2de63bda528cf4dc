import { z } from 'zod';
import { fields, strictInteger, type RouteInput } from '@intranet-militant/shared';
import { readCertificateCode } from '../domain/links';

const choiceNumber = z
  .number({ error: 'Un choix est désigné par son numéro (0 pour le premier).' })
  .int({ error: 'Un choix est désigné par son numéro (0 pour le premier).' })
  .min(0, { error: 'Un choix est désigné par son numéro (0 pour le premier).' });

/** Only the answers: the score is computed by the server (any other key is refused). */
export const attemptInput = z.strictObject({
  answers: z.array(z.array(choiceNumber, { error: 'Chaque réponse est une liste de numéros de choix.' }).max(10), { error: 'Réponses attendues : une liste par question.' }).max(100),
});
export type AttemptInput = z.output<typeof attemptInput>;

export const ratingInput = z.strictObject({
  grade: z
    .number({ error: 'Note de 1 à 5.' })
    .int({ error: 'Note de 1 à 5.' })
    .min(1, { error: 'Note de 1 à 5.' })
    .max(5, { error: 'Note de 1 à 5.' }),
  comment: z.string({ error: 'Commentaire : du texte.' }).trim().max(2000, { error: 'Commentaire : 2000 caractères au plus.' }).optional(),
});
export type RatingInput = z.output<typeof ratingInput>;

export const sponsorshipInput = z.strictObject({
  newcomer: fields.documentId('Le nouvel adhérent'),
  sponsor: fields.documentId('Le parrain ou la marraine'),
});

export const suggestionsQuery = z.strictObject({ newcomer: fields.documentId('Le nouvel adhérent') });

export const statisticsQuery = z.strictObject({ federation: fields.documentId('La fédération').optional() });

const certificateCode = z
  .string()
  .overwrite(readCertificateCode)
  .regex(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/, { error: 'Code de certificat invalide : trois groupes de quatre caractères (ex. K7Q2-M9XA-3FTD).' });

export const emptyBody = z.strictObject({});

export const coursesQuery = z.strictObject({
  level: z.enum(['national', 'federation', 'section'], { error: 'Niveau : national, federation ou section.' }).optional(),
  page: fields.pagination().page,
  pageSize: strictInteger(z.number({ error: 'Taille de page invalide.' }).int({ error: 'Taille de page invalide.' }).min(1, { error: 'Au moins une formation par page.' }).max(100, { error: '100 formations par page au plus.' })).default(25),
});

/**
 * Path parameters are plain objects, not strict: on GET, Koa's router also matches
 * Strapi's public-files route (`/((?!uploads/).+)`, core `middlewares/public`) and hands
 * its unnamed capture as param `0`, which must not fail the route (it is dropped).
 */
const params = z.object;
const courseId = fields.documentId('La formation');
const courseParams = params({ id: courseId });

/**
 * What each route accepts (declared on the route, parsed before the controller): the
 * controller types its context with `RouteContext<typeof routeInput.<action>>`.
 */
/** A skill of the skills plugin's vocabulary (its slug) and how many suggestions. */
export const trainerSuggestionsInput = z.strictObject({
  skill: z.string({ error: 'Compétence : identifiant attendu.' }).regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: 'Compétence : identifiant invalide.' }),
  limit: strictInteger(z.number({ error: 'Nombre de suggestions : de 1 à 20.' }).int({ error: 'Nombre de suggestions : de 1 à 20.' }).min(1, { error: 'Nombre de suggestions : de 1 à 20.' }).max(20, { error: 'Nombre de suggestions : de 1 à 20.' })).default(5),
});
export type TrainerSuggestionsInput = z.output<typeof trainerSuggestionsInput>;

export const routeInput = {
  courses: { query: coursesQuery },
  course: { params: courseParams },
  enrol: { params: courseParams, body: emptyBody },
  completeLesson: { params: params({ id: courseId, lessonId: fields.documentId('La leçon') }), body: emptyBody },
  attempt: { params: params({ id: courseId, quizId: fields.documentId('Le quiz') }), body: attemptInput },
  rate: { params: courseParams, body: ratingInput },
  certificatePdf: { params: courseParams },
  lessonAttachment: { params: params({ id: courseId, lessonId: fields.documentId('La leçon'), fileId: fields.id('La pièce jointe') }) },
  verifyCertificate: { params: params({ code: certificateCode }) },
  mine: {},
  sponsored: {},
  suggestions: { query: suggestionsQuery },
  assign: { body: sponsorshipInput },
  end: { params: params({ id: fields.documentId('Le parrainage') }), body: emptyBody },
  statistics: { query: statisticsQuery },
  statisticsCsv: { query: statisticsQuery },
  trainerSuggestions: { params: courseParams, body: trainerSuggestionsInput },
} satisfies Record<string, RouteInput>;
