import { z } from 'zod';
import { fields, strictInteger, type RouteInput } from '@intranet-militant/shared';
import { CANDIDACY_ROLE_LABELS, DECIDER_LABELS, KIND_LABELS, VOTE_METHOD_LABELS } from '../domain/vocabulary';

const id = z.strictObject({ id: fields.documentId('La désignation') });
const candidacyId = z.strictObject({ id: fields.documentId('La candidature') });
/** A whole number of a JSON body: a JSON number only (« "1" » is text: refused in French, as a wrong type is elsewhere). */
const int = (label: string, min: number, max: number) =>
  z.number({ error: `${label} : un nombre entier.` }).int({ error: `${label} : un nombre entier.` }).min(min, { error: `${label} : au moins ${min}.` }).max(max, { error: `${label} : au plus ${max}.` });
/** A whole number of a query string, where everything is text: plain decimal digits read as a number (`strictInteger`). */
const queryInt = (label: string, min: number, max: number) => strictInteger(int(label, min, max));
const optionalText = (label: string, max: number) =>
  z.string({ error: `${label} : du texte.` }).trim().max(max, { error: `${label} : ${max} caractères au plus.` }).optional();
const kind = fields.choice('Type de désignation', KIND_LABELS);
const checklistKey = z.string({ error: 'La clé du critère est obligatoire.' }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'Clé du critère : lettres minuscules, chiffres et tirets (40 caractères au plus).' });

export const createDesignation = z
  .strictObject({
    title: fields.text('Le titre', 200),
    kind,
    /** National admins only: `national` designations (presidential primary…). */
    scope: fields.choice('Périmètre', { national: 'tout le parti', federation: 'la fédération', section: 'une section' }).default('federation'),
    federation: fields.documentId('La fédération').optional(),
    section: fields.documentId('La section').optional(),
    territoryCode: z.string({ error: 'Le code du territoire : du texte.' }).trim().regex(/^[0-9A-Za-z-]{1,20}$/, { error: 'Le code du territoire : lettres, chiffres et tirets.' }).optional(),
    territoryName: optionalText('Le nom du territoire', 120),
    body: fields.documentId('L’instance').optional(),
    seats: int('Nombre de places', 1, 500).optional(),
    candidaciesOpenOn: fields.isoDate('L’ouverture des candidatures'),
    candidaciesCloseOn: fields.isoDate('La clôture des candidatures'),
    checksBy: fields.isoDate('La fin des vérifications'),
    decisionOn: fields.isoDate('La date de désignation'),
    mandateStartOn: fields.isoDate('Le début du mandat').optional(),
    decidedBy: fields.choice('Qui désigne', DECIDER_LABELS),
    voteMethod: fields.choice('Mode de scrutin', VOTE_METHOD_LABELS).optional(),
    eligibilityCutoff: fields.isoDate('La date limite d’adhésion pour voter').optional(),
  })
  .refine((d) => d.decidedBy !== 'members' || d.voteMethod, { path: ['voteMethod'], error: 'Un vote des adhérents précise son mode de scrutin (single ou majority-judgment).' });
export type CreateDesignation = z.output<typeof createDesignation>;

export const apply = z.strictObject({
  position: int('Position sur la liste', 1, 500).optional(),
  role: fields.choice('Candidature', CANDIDACY_ROLE_LABELS).default('titulaire'),
  runningMate: fields.documentId('Le ou la colistier·ère du binôme').optional(),
  statement: fields.text('La déclaration de candidature', 5000),
  documents: z
    .array(z.strictObject({ title: fields.text('Le titre du document', 200), content: fields.text('Le contenu du document', 20_000) }), { error: 'Les documents : une liste.' })
    .max(10, { error: '10 documents au plus.' })
    .default([]),
  previousMandates: int('Mandats déjà exercés', 0, 50).default(0),
  formerCollaborator: z.boolean({ error: 'Ancien·ne collaborateur·rice d’élu·e : oui ou non (true / false).' }).default(false),
});
export type Apply = z.output<typeof apply>;

export const signPledge = z.strictObject({
  version: int('Version de l’engagement', 1, 1_000_000),
  sha256: z.string({ error: 'L’empreinte du texte est obligatoire.' }).regex(/^[0-9a-f]{64}$/, { error: 'L’empreinte du texte : 64 caractères hexadécimaux (sha256).' }),
  accept: z.literal(true, { error: 'Cochez « J’accepte » pour signer l’engagement.' }),
});

export const newPledge = z.strictObject({ text: fields.text('Le texte de l’engagement', 10_000) });

/** Multipart form fields arrive as text: « true » / « false ». */
const booleanField = (label: string) =>
  z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: `${label} : oui ou non (true / false).` }));

export const criminalRecord = z.strictObject({
  clean: booleanField('Bulletin vierge'),
  issuedOn: fields.isoDate('La date du bulletin n° 3'),
});

export const checklistCheck = z.strictObject({
  key: checklistKey,
  done: z.boolean({ error: 'Satisfait : oui ou non (true / false).' }),
  note: optionalText('La remarque', 1000),
});

export const criteriaConfig = z.strictObject({
  federation: fields.documentId('La fédération').optional(),
  pledge: z.boolean({ error: 'Engagement de démission : oui ou non.' }),
  criminalRecord: z.boolean({ error: 'Casier judiciaire : oui ou non.' }),
  standing: z.boolean({ error: 'Adhérent à jour : oui ou non.' }),
  cumul: z.boolean({ error: 'Règles de cumul : oui ou non.' }),
  checklist: z
    .array(z.strictObject({ key: checklistKey, label: fields.text('Le libellé du critère', 200) }), { error: 'La liste de la fédération : une liste.' })
    .max(20, { error: '20 critères au plus.' })
    .refine((items) => new Set(items.map((i) => i.key)).size === items.length, { error: 'Deux critères ont la même clé.' }),
});
export type CriteriaConfigInput = z.output<typeof criteriaConfig>;

export const ballot = z.strictObject({
  choice: z.string({ error: 'Votre choix : l’identifiant d’une candidature, ou « blank ».' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Votre choix : l’identifiant d’une candidature, ou « blank ».' }).optional(),
  grades: z.record(fields.documentId('La candidature'), int('Mention', 1, 5), { error: 'Vos mentions : une mention de 1 à 5 par candidature.' }).optional(),
});

export const bodyDecision = z.strictObject({
  minutesReference: fields.text('La référence du procès-verbal', 200),
  decidedOn: fields.isoDate('La date de la décision'),
  designated: z.array(fields.documentId('La candidature'), { error: 'Les candidatures désignées : une liste.' }).min(1, { error: 'Au moins une candidature désignée.' }).max(500),
});

export const listDesignations = z.strictObject({
  kind: kind.optional(),
  ...fields.pagination(25),
});

export const indicatorsQuery = z.strictObject({
  federation: fields.documentId('La fédération').optional(),
  designation: fields.documentId('La désignation').optional(),
});

export const legislativeParity = z.strictObject({
  federation: fields.documentId('La fédération').optional(),
  year: queryInt('Année', 2000, 2100).optional(),
  firstFractionCents: queryInt('Première fraction (centimes)', 0, 100_000_000_000).optional(),
});

export const criteriaQuery = z.strictObject({ federation: fields.documentId('La fédération').optional() });
const kindParams = z.strictObject({ kind });

/** A step that takes no data (an empty JSON object, or no body). */
const noBody = z.strictObject({}, { error: 'Cette étape ne prend aucune donnée.' });

/** Every route's input, by handler name. */
export const routeInput = {
  designations: { query: listDesignations },
  designation: { params: id },
  create: { body: createDesignation },
  apply: { params: id, body: apply },
  candidacy: { params: candidacyId },
  withdraw: { params: candidacyId, body: noBody },
  pledge: {},
  newPledge: { body: newPledge },
  sign: { params: candidacyId, body: signPledge },
  acceptMate: { params: candidacyId, body: noBody },
  declineMate: { params: candidacyId, body: noBody },
  criminalRecord: { params: candidacyId, body: criminalRecord },
  standing: { params: candidacyId, body: noBody },
  cumul: { params: candidacyId, body: noBody },
  checklist: { params: candidacyId, body: checklistCheck },
  parity: { params: id },
  legislativeParity: { query: legislativeParity },
  indicators: { query: indicatorsQuery },
  criteria: { query: criteriaQuery },
  saveCriteria: { params: kindParams, body: criteriaConfig },
  openVote: { params: id, body: noBody },
  vote: { params: id, body: ballot },
  closeVote: { params: id, body: noBody },
  results: { params: id },
  decide: { params: id, body: bodyDecision },
} satisfies Record<string, RouteInput>;
