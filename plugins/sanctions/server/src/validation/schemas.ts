import { z } from 'zod';
import { fields, hasVisibleCharacter, strictInteger, type RouteInput } from '@intranet-militant/shared';
import { GRAVITY_LABELS, LEVEL_LABELS } from '../domain/scale';
import { STATE_LABELS } from '../domain/procedure';

const longText = (label: string, max: number) => fields.text(label, max);
const categoryKey = z.string({ error: 'La catégorie est obligatoire.' }).regex(/^[a-z][a-z0-9-]{0,63}$/, { error: 'Catégorie inconnue.' });
const id = z.strictObject({ id: fields.documentId('L’affaire') });

export const referCase = z.strictObject({
  respondent: fields.documentId('La personne mise en cause'),
  category: categoryKey,
  facts: longText('L’exposé des faits', 20_000),
  /** Commission only, grave acts only: precautionary suspension until this date (inclusive). */
  precautionaryUntil: fields.isoDate('La fin de la suspension conservatoire').optional(),
});
export type ReferCase = z.output<typeof referCase>;

export const reportAct = z
  .strictObject({
    /** A member profile's id when the reporter has one (a link); otherwise describe the person. */
    respondent: fields.documentId('La personne mise en cause').optional(),
    respondentDescription: z.string({ error: 'La personne mise en cause : du texte.' }).trim().max(300, { error: 'La personne mise en cause : 300 caractères au plus.' }).optional(),
    category: categoryKey,
    facts: longText('Le récit des faits', 20_000),
  })
  // A description of zero-width or filler characters names nobody: as missing as « ».
  .refine((r) => Boolean(r.respondent) || hasVisibleCharacter(r.respondentDescription ?? ''), { path: ['respondentDescription'], error: 'Indiquez qui est mis en cause (nom, prénom, section).' });
export type ReportAct = z.output<typeof reportAct>;

export const notifyCase = z.strictObject({ hearingOn: fields.isoDate('La date d’audition') });
export const recordHearing = z.strictObject({
  attended: z.boolean({ error: 'Présence : vrai ou faux.' }),
  notes: z.string({ error: 'Notes : du texte.' }).trim().max(20_000, { error: 'Notes : 20 000 caractères au plus.' }).optional(),
});
/** JSON, or a multipart form with the same fields and a `file` (the command checks the file). */
export const addDocument = z.strictObject({ title: longText('Le titre', 200), content: longText('Le contenu', 50_000).optional() });
export const submitDefence = z.strictObject({ text: longText('La défense', 50_000) });
export const identifyRespondent = z.strictObject({ respondent: fields.documentId('La personne mise en cause') });
export const precautionary = z.strictObject({ until: fields.isoDate('La fin de la suspension conservatoire') });
export const appealCase = z.strictObject({ grounds: longText('Le motif de l’appel', 20_000) });

export const decide = z.strictObject({
  /** null: relaxe (no sanction). */
  level: fields.choice('Niveau', LEVEL_LABELS).nullable(),
  months: strictInteger(z.number({ error: 'Durée : un nombre entier de mois.' }).int({ error: 'Durée : un nombre entier de mois.' })).optional(),
  reasoning: longText('La motivation', 50_000),
  summary: longText('Le résumé public', 2_000),
});
export type Decide = z.output<typeof decide>;

export const listCases = z.strictObject({
  state: fields.choice('Étape', STATE_LABELS).optional(),
  overdue: z.enum(['true', 'false'], { error: 'En retard : true ou false.' }).optional(),
  ...fields.pagination(25),
});

export const listDecisions = z.strictObject({
  federation: fields.documentId('La fédération').optional(),
  category: categoryKey.optional(),
  level: fields.choice('Niveau', LEVEL_LABELS).optional(),
  ...fields.pagination(25),
});

const category = z.strictObject({
  key: categoryKey,
  label: fields.text('Le libellé', 200),
  gravity: fields.choice('Gravité', GRAVITY_LABELS),
  minLevel: fields.choice('Niveau minimal', LEVEL_LABELS),
  maxLevel: fields.choice('Niveau maximal', LEVEL_LABELS),
  article: fields.text('L’article des statuts', 100),
});
export const newScale = z.strictObject({
  adoptedOn: fields.isoDate('La date d’adoption'),
  categories: z.array(category, { error: 'Les catégories : une liste.' }).min(1, { error: 'Au moins une catégorie.' }).max(100, { error: '100 catégories au plus.' }),
  namedLevels: z.array(fields.choice('Niveau publié nominativement', LEVEL_LABELS), { error: 'Une liste de niveaux.' }).max(5),
});

/** A step that takes no data (an empty JSON object, or no body). */
const noBody = z.strictObject({}, { error: 'Cette étape ne prend aucune donnée.' });

/** Every route's input, by handler name. */
export const routeInput = {
  scale: {},
  scaleVersion: { params: z.strictObject({ id: strictInteger(z.number({ error: 'Version : un nombre entier.' }).int({ error: 'Version : un nombre entier.' }).min(1, { error: 'Version : un nombre entier.' }).max(1_000_000, { error: 'Version inconnue.' })) }) },
  adoptScale: { body: newScale },
  refer: { body: referCase },
  report: { body: reportAct },
  cases: { query: listCases },
  case: { params: id },
  investigate: { params: id, body: noBody },
  notify: { params: id, body: notifyCase },
  hearing: { params: id, body: recordHearing },
  document: { params: id, body: addDocument },
  defence: { params: id, body: submitDefence },
  file: { params: z.strictObject({ id: fields.documentId('L’affaire'), key: z.string({ error: 'Pièce jointe : identifiant attendu.' }).regex(/^[0-9a-f-]{36}$/, { error: 'Pièce jointe : identifiant invalide.' }) }) },
  precautionary: { params: id, body: precautionary },
  identify: { params: id, body: identifyRespondent },
  decide: { params: id, body: decide },
  appeal: { params: id, body: appealCase },
  nationalDecision: { params: id, body: decide },
  finalize: { params: id, body: noBody },
  decisions: { query: listDecisions },
  uniformity: {},
} satisfies Record<string, RouteInput>;
