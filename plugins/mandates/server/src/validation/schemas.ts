import { z } from 'zod';
import { fields, hasVisibleCharacter, strictInteger, type RouteInput } from '@intranet-militant/shared';

const optionalText = (label: string, max: number) => z.string({ error: `${label} : du texte.` }).trim().max(max, { error: `${label} : ${max} caractères au plus.` });
const id = (label: string) => z.strictObject({ id: fields.documentId(label) });
/** A code of the catalogue or of a rule (« maire », « conseiller-municipal »): required, a visible character at least. */
const code = (label: string) => fields.text(label, 60);

/**
 * A mandate's dates: from the Fifth Republic's first elections (1958) to 2100 — a start in 1800
 * or in 9999 is a typing slip, not a mandate.
 */
const plausibleDate = (label: string) =>
  fields.isoDate(label).refine((value) => value >= '1958-01-01' && value <= '2100-12-31', { error: `${label} : une date entre 1958 et 2100.` });

/** A mandate to record (or to preview): the official (default: oneself), category code, territory, dates. */
export const mandateInput = z
  .preprocess((raw) => (raw && typeof raw === 'object' && (raw as Record<string, unknown>).territoryName === '' ? { ...(raw as object), territoryName: undefined } : raw), z.strictObject({
    member: fields.documentId('L’élu·e').optional(),
    category: code('Le mandat'),
    /** A collaborator's post only: the employing official (a member of the federation). */
    employer: fields.documentId('L’employeur').nullable().optional(),
    territoryCode: z.string({ error: (issue) => (issue.input === undefined ? 'Le code du territoire est obligatoire.' : 'Le code du territoire s’écrit entre guillemets, comme un texte (ex. « 30189 »).') }).trim().toUpperCase().min(1, { error: 'Le code du territoire est obligatoire.' }).refine(hasVisibleCharacter, { error: 'Le code du territoire est obligatoire.' }).max(12, { error: 'Le code du territoire : 12 caractères au plus.' }),
    /** Optional: the official name of the code is stored (README, Mandates). */
    territoryName: fields.text('Le nom du territoire', 200).optional(),
    startOn: plausibleDate('Début'),
    theoreticalEndOn: plausibleDate('Fin prévue').optional(),
    endOn: plausibleDate('Fin effective').nullable().optional(),
  }))
  .refine((m) => !m.theoreticalEndOn || m.theoreticalEndOn > m.startOn, { error: 'La fin prévue (exclue) vient après le début.', path: ['theoreticalEndOn'] })
  .refine((m) => !m.endOn || m.endOn > m.startOn, { error: 'La fin effective (exclue) vient après le début.', path: ['endOn'] })
  .refine((m) => !m.endOn || !m.theoreticalEndOn || m.endOn <= m.theoreticalEndOn, { error: 'La fin effective ne dépasse pas la fin prévue.', path: ['endOn'] });
export type MandateInput = z.output<typeof mandateInput>;

export const mandateEnd = z.strictObject({ endOn: fields.isoDate('Fin'), reason: optionalText('Motif', 500).optional() });

export const onQuery = z.strictObject({ on: fields.isoDate('Date').optional() });

export const waiverInput = z.strictObject({
  member: fields.documentId('L’élu·e'),
  ruleId: code('La règle'),
  reason: fields.text('Le motif', 2000),
  expiresOn: fields.isoDate('Fin de la dérogation'),
});
export type WaiverInput = z.output<typeof waiverInput>;

const selector = z.strictObject({
  categories: z.array(code('Catégorie')).max(50).optional(),
  executive: z.boolean({ error: 'Exécutif : vrai ou faux.' }).optional(),
  collaborator: z.boolean({ error: 'Collaborateur : vrai ou faux.' }).optional(),
  partyFunctions: z
    .array(z.strictObject({ level: code('Niveau').optional(), bodyKind: code('Type d’instance').optional(), roles: z.array(code('Rôle')).max(10).optional() }))
    .max(10)
    .optional(),
});
const count = (label: string, min: number, max: number) =>
  z.number({ error: `${label} : un nombre entier.` }).int({ error: `${label} : un nombre entier.` }).min(min, { error: `${label} : de ${min} à ${max}.` }).max(max, { error: `${label} : de ${min} à ${max}.` });
const ruleBase = {
  id: z.string({ error: 'L’identifiant de la règle est obligatoire.' }).regex(/^[A-Za-z0-9-]{1,60}$/, { error: 'Identifiant de règle : lettres, chiffres et tirets.' }),
  label: fields.text('Le libellé de la règle', 300),
  source: fields.text('La source de la règle', 500),
  graceDays: count('Délai pour régulariser (jours)', 0, 3650),
  resolution: z.enum(['oldest-ends'], { error: 'Résolution : oldest-ends ou rien.' }).nullable().optional(),
};
export const ruleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...ruleBase, type: z.literal('at-most'), categories: z.array(code('Catégorie')).min(1).max(50), max: count('Nombre maximal', 1, 20) }),
    z.strictObject({ ...ruleBase, type: z.literal('incompatible'), left: selector, right: selector }),
    z.strictObject({ ...ruleBase, type: z.literal('employs'), post: selector, employeeHolds: selector }),
    z.strictObject({ ...ruleBase, type: z.literal('consecutive-terms'), categories: z.array(code('Catégorie')).max(50), max: count('Nombre maximal', 1, 20), toleranceDays: count('Tolérance (jours)', 0, 3650) }),
  ],
  { error: 'Type de règle : at-most, incompatible, employs ou consecutive-terms.' }
);
export const ruleSetInput = z
  .strictObject({
    effectiveFrom: fields.isoDate('Date d’effet'),
    note: optionalText('Note', 500).optional(),
    rules: z
      .array(ruleSchema, { error: 'Les règles sont une liste.' })
      .min(1, { error: 'Au moins une règle : une version sans règle lèverait toutes les limites de cumul, celles de la loi comprises.' })
      .max(50, { error: '50 règles au plus.' }),
  })
  .refine((s) => new Set(s.rules.map((r) => r.id)).size === s.rules.length, { error: 'Chaque règle a un identifiant unique.', path: ['rules'] });
export type RuleSetInput = z.output<typeof ruleSetInput>;

export const reportInput = z.strictObject({
  periodStart: fields.isoDate('Début de la période'),
  summary: fields.text('Le résumé public', 500),
  body: fields.text('Le compte rendu', 50000),
});
export type ReportInput = z.output<typeof reportInput>;

/** A correction of a published report: the new summary and text (the earlier version is kept). */
export const reportCorrection = z.strictObject({
  summary: fields.text('Le résumé public', 500),
  body: fields.text('Le compte rendu', 50000),
});
export type ReportCorrection = z.output<typeof reportCorrection>;

const fileKey = z.string({ error: 'Pièce jointe : identifiant attendu.' }).regex(/^[0-9a-f-]{36}$/, { error: 'Pièce jointe : identifiant invalide.' });
const reportFile = z.strictObject({ id: fields.documentId('Le compte rendu'), key: fileKey });

export const contactInput = z.strictObject({
  visible: z.boolean({ error: 'Visibles : vrai ou faux.' }),
  publicEmail: z.email({ error: 'Adresse e-mail publique : une adresse valide.' }).max(200, { error: 'Adresse e-mail publique : 200 caractères au plus.' }).nullable().optional(),
  publicPhone: z.string({ error: 'Téléphone public : du texte.' }).trim().regex(/^[+0-9 .()-]{6,30}$/, { error: 'Téléphone public : chiffres, espaces, points, + (30 caractères au plus).' }).nullable().optional(),
  office: optionalText('Permanences', 1000).nullable().optional(),
});
export type ContactInput = z.output<typeof contactInput>;

export const questionInput = z.strictObject({ text: fields.text('La question', 2000) });
export const answerInput = z.strictObject({ answer: fields.text('La réponse', 5000) });
export const moderationInput = z.strictObject({ status: z.enum(['published', 'rejected'], { error: 'Décision : published (publiée) ou rejected (refusée).' }) });

/** Every route's input, by controller action. */
export const routeInput = {
  categories: {},
  currentRules: { query: onQuery },
  publishRules: { body: ruleSetInput },
  withdrawRules: {
    params: z.strictObject({
      version: strictInteger(z.number({ error: 'La version des règles : un numéro de version (nombre entier).' }).int({ error: 'La version des règles : un numéro de version (nombre entier).' }).min(1, { error: 'La version des règles : un numéro de version (1 ou plus).' })),
    }),
  },
  officials: { query: z.strictObject({ ...fields.pagination(50), federation: fields.documentId('La fédération').optional() }) },
  official: { params: id('L’élu·e'), query: onQuery },
  situation: { params: id('L’élu·e'), query: onQuery },
  mine: {},
  saveContact: { body: contactInput },
  record: { body: mandateInput },
  preview: { body: mandateInput },
  end: { params: id('Le mandat'), body: mandateEnd },
  verify: { params: id('Le mandat'), body: z.strictObject({}, { error: 'Aucune donnée attendue.' }) },
  breaches: { params: id('La fédération'), query: onQuery },
  compliance: { params: id('La fédération') },
  counts: { query: onQuery },
  grantWaiver: { body: waiverInput },
  submitReport: { params: id('Le mandat'), body: reportInput },
  report: { params: id('Le compte rendu') },
  correctReport: { params: id('Le compte rendu'), body: reportCorrection },
  /** Multipart: one `file` and no other field. */
  attach: { params: id('Le compte rendu'), body: z.strictObject({}, { error: 'Seul un fichier (champ « file ») est attendu.' }) },
  detach: { params: reportFile },
  reportFile: { params: reportFile },
  ask: { params: id('Le compte rendu'), body: questionInput },
  moderate: { params: id('La question'), body: moderationInput },
  answer: { params: id('La question'), body: answerInput },
  pendingQuestions: { params: id('La fédération') },
} satisfies Record<string, RouteInput>;

/** The admin panel's routes' input (`routes/index.ts`, `admin`). */
export const adminInput = {
  situation: { params: id('Le mandat') },
} satisfies Record<string, RouteInput>;
