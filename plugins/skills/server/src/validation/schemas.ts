import { z } from 'zod';
import { fields, strictInteger, type RouteInput } from '@intranet-militant/shared';
import { FIELD_LABELS, LEVEL_LABELS, NETWORK_FIELDS, WILLINGNESS, WILLINGNESS_LABELS } from '../domain/vocabulary';

const NETWORK_FIELD_LABELS = Object.fromEntries(NETWORK_FIELDS.map((f) => [f, FIELD_LABELS[f]])) as Record<(typeof NETWORK_FIELDS)[number], string>;

const count = (label: string, min: number, max: number) =>
  strictInteger(z.number({ error: `${label} : un nombre entier.` }).int({ error: `${label} : un nombre entier.` }).min(min, { error: `${label} : de ${min} à ${max}.` }).max(max, { error: `${label} : de ${min} à ${max}.` }));

const slug = (label: string) => z.string({ error: `${label} : identifiant attendu.` }).regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: `${label} : identifiant invalide.` });
const slugs = (label: string, max: number) => z.array(slug(label), { error: `${label} : une liste.` }).max(max, { error: `${label} : ${max} au plus.` });
const optionalText = (label: string, max: number) => z.string({ error: `${label} : du texte.` }).trim().max(max, { error: `${label} : ${max} caractères au plus.` });
/** Names of languages in French, from the runtime's ICU data: `of(code)` is undefined for a code no language has. */
const LANGUAGE_NAMES = new Intl.DisplayNames(['fr'], { type: 'language', fallback: 'none' });
/** An ISO 639-1 code (two lowercase letters) that names a real language: « xx » is refused, naming the code. */
const language = z
  .string({ error: 'Langue : un code de deux lettres (fr, en…).' })
  .regex(/^[a-z]{2}$/, { error: 'Langue : un code de deux lettres (fr, en…).', abort: true })
  .refine((code) => LANGUAGE_NAMES.of(code) !== undefined, { error: (issue) => `Langue : « ${String(issue.input)} » n’est le code d’aucune langue (fr, en, es…).` });

const slugParam = (label: string) => z.strictObject({ id: slug(label) });

// Vocabulary
export const termInput = z.strictObject({
  label: fields.text('Le libellé', 120),
  kind: fields.choice('Type', { skill: 'compétence', network: 'réseau', interest: 'centre d’intérêt' }),
  parent: slug('Le terme parent').nullable().optional(),
  synonyms: z.array(fields.text('Un synonyme', 120), { error: 'Synonymes : une liste.' }).max(20, { error: 'Synonymes : 20 au plus.' }).default([]),
});
export type TermInput = z.output<typeof termInput>;

export const proposalInput = z.strictObject({
  label: fields.text('Le libellé', 120),
  kind: fields.choice('Type', { skill: 'compétence', network: 'réseau', interest: 'centre d’intérêt' }),
  parent: slug('Le terme parent').nullable().optional(),
});
export type ProposalInput = z.output<typeof proposalInput>;

export const reviewInput = z
  .strictObject({
    decision: fields.choice('Décision', { accept: 'accepter', refuse: 'refuser', merge: 'fusionner' }),
    into: slug('Le terme qui le remplace').optional(),
  })
  .refine((r) => r.decision !== 'merge' || Boolean(r.into), { error: 'Fusion : indiquez le terme qui le remplace (into).', path: ['into'] });
export type ReviewInput = z.output<typeof reviewInput>;

export const termsQuery = z.strictObject({
  kind: fields.choice('Type', { skill: 'compétence', network: 'réseau', interest: 'centre d’intérêt' }).optional(),
  q: optionalText('Recherche', 120).optional(),
  status: fields.choice('État', { active: 'en usage', proposed: 'proposé' }).default('active'),
});
export type TermsQuery = z.output<typeof termsQuery>;

// Profile
export const skillInput = z.strictObject({
  term: slug('Compétence'),
  level: strictInteger(z.number({ error: 'Niveau : de 1 à 4.' }).int({ error: 'Niveau : de 1 à 4.' }).min(1, { error: 'Niveau : de 1 à 4.' }).max(4, { error: 'Niveau : de 1 à 4.' })),
});

/** The parts of a profile, as the member reads them: every one is sent on each save (a PUT replaces the whole profile). */
const PROFILE_PARTS = {
  visibility: 'visibilité de la fiche',
  fieldLevels: 'visibilité par rubrique',
  sector: 'secteur d’activité',
  skills: 'compétences',
  networks: 'réseaux',
  interests: 'centres d’intérêt',
  willingness: 'ce que je veux bien faire',
  hoursPerMonth: 'heures par mois',
  languages: 'langues',
} as const;

const profileFields = z.strictObject({
  visibility: fields.choice('Visibilité de la fiche', { staff: 'l’équipe de ma fédération seulement', section: 'ma section', federation: 'ma fédération', all: 'tous les adhérents' }),
  fieldLevels: z.partialRecord(fields.choice('Champ', FIELD_LABELS), fields.choice('Visibilité du champ', LEVEL_LABELS), { error: 'Visibilité par champ : un objet.' }),
  sector: optionalText('Secteur d’activité', 200).nullable(),
  // A skill given twice (perhaps at two levels) is refused rather than one of them kept silently.
  skills: z
    .array(skillInput, { error: 'Compétences : une liste.' })
    .max(40, { error: 'Compétences : 40 au plus.' })
    .superRefine((skills, ctx) => {
      const seen = new Set<string>();
      skills.forEach(({ term }, index) => {
        if (seen.has(term)) ctx.addIssue({ code: 'custom', path: [index, 'term'], message: `Compétences : « ${term} » figure deux fois ; gardez-la une seule fois, avec son niveau.` });
        seen.add(term);
      });
    }),
  networks: slugs('Réseau', 30),
  interests: slugs('Centre d’intérêt', 30),
  willingness: z.array(fields.choice('Ce que je veux bien faire', WILLINGNESS_LABELS), { error: 'Ce que je veux bien faire : une liste.' }).max(WILLINGNESS.length),
  hoursPerMonth: count('Heures par mois', 0, 200).nullable(),
  // A language given twice is kept once, where it first appears.
  languages: z
    .array(language, { error: 'Langues : une liste.' })
    .max(10, { error: 'Langues : 10 au plus.' })
    .transform((codes) => [...new Set(codes)]),
} satisfies Record<keyof typeof PROFILE_PARTS, z.ZodType>);

/**
 * The whole profile (PUT /me/profile replaces it): every part is required, an empty one sent
 * as [] (lists), {} (fieldLevels) or null (sector, hoursPerMonth). A body missing parts is
 * refused as a whole, before any other check, with one message naming them all in French
 * (« Fiche incomplète : il manque les parties compétences (skills), réseaux (networks)… »):
 * a part left out is never taken as « empty », which would erase it (and the staff's
 * confirmations of the skills) without a word. A skill listed twice is refused (400 at the second). Languages: real ISO 639-1 codes, duplicates merged.
 */
export const profileInput = z
  .unknown()
  .superRefine((body, ctx) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return; // the object schema says so
    const missing = (Object.keys(PROFILE_PARTS) as (keyof typeof PROFILE_PARTS)[]).filter((part) => !Object.hasOwn(body, part));
    if (missing.length === 0) return;
    const named = missing.map((part) => `${PROFILE_PARTS[part]} (${part})`);
    const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} et ${named[named.length - 1]}` : named[0];
    ctx.addIssue({
      code: 'custom',
      message: `Fiche incomplète : il manque ${missing.length > 1 ? 'les parties' : 'la partie'} ${list}. L’enregistrement remplace toute la fiche : envoyez chaque partie, vide s’il le faut ([], {} ou null).`,
    });
  })
  .pipe(profileFields);
export type ProfileInput = z.output<typeof profileInput>;

export const consentInput = z.strictObject({ version: z.string({ error: 'Version du texte de consentement attendue.' }).max(40, { error: 'Version inconnue.' }) });

export const previewQuery = z.strictObject({
  as: fields.choice('Vu par', { section: 'un adhérent de ma section', federation: 'un adhérent de ma fédération', member: 'un adhérent d’une autre fédération', staff: 'l’équipe fédérale' }).default('federation'),
});

// Directory and matching
export const searchInput = z.strictObject({
  q: optionalText('Recherche', 120).optional(),
  skills: slugs('Compétence', 5).default([]),
  networks: slugs('Réseau', 5).default([]),
  interests: slugs('Centre d’intérêt', 5).default([]),
  willing: z.array(fields.choice('Disponible pour', WILLINGNESS_LABELS), { error: 'Disponible pour : une liste.' }).max(WILLINGNESS.length).default([]),
  minHours: count('Heures par mois au moins', 0, 200).optional(),
  language: language.optional(),
  section: fields.documentId('La section').optional(),
  federation: fields.documentId('La fédération').optional(),
  ...fields.pagination(20),
});
export type SearchInput = z.output<typeof searchInput>;

export const matchingInput = z.strictObject({
  skill: slug('Compétence'),
  federation: fields.documentId('La fédération').optional(),
  section: fields.documentId('La section').optional(),
  limit: count('Nombre de suggestions', 1, 50).default(10),
});
export type MatchingInput = z.output<typeof matchingInput>;

// Networks
export const networkInput = z.strictObject({
  name: fields.text('Le nom', 200),
  description: optionalText('La description', 2000).nullable().default(null),
  /** national (national staff) or the staff's federation. */
  national: z.boolean({ error: 'National : vrai ou faux.' }).default(false),
  coordinators: z.array(fields.documentId('Coordinateur'), { error: 'Coordinateurs : une liste.' }).max(10).default([]),
});
export type NetworkInput = z.output<typeof networkInput>;

export const joinInput = z.strictObject({
  sharedFields: z.array(fields.choice('Champ partagé', NETWORK_FIELD_LABELS), { error: 'Champs partagés : une liste.' }).max(NETWORK_FIELDS.length).default(['skills']),
});
export type JoinInput = z.output<typeof joinInput>;

export const coordinatorInput = z.strictObject({ member: fields.documentId('L’adhérent') });

// Censuses
export const censusInput = z.strictObject({
  title: fields.text('Le titre', 200),
  message: optionalText('Le message', 2000).nullable().default(null),
  closesOn: fields.isoDate('Date de clôture'),
  federation: fields.documentId('La fédération').optional(),
});
export type CensusInput = z.output<typeof censusInput>;

const censusId = z.strictObject({ id: fields.id('Recensement') });
const profileId = z.strictObject({ id: fields.documentId('Fiche') });

/** Every route's input (see routes/index.ts). */
export const routeInput = {
  terms: { query: termsQuery },
  createTerm: { body: termInput },
  proposeTerm: { body: proposalInput },
  reviewTerm: { params: slugParam('Terme'), body: reviewInput },
  myProfile: {},
  saveProfile: { body: profileInput },
  giveConsent: { body: consentInput },
  withdrawConsent: { body: z.strictObject({}) },
  eraseProfile: { body: z.strictObject({}) },
  preview: { query: previewQuery },
  search: { body: searchInput },
  profile: { params: profileId },
  confirmSkill: { params: z.strictObject({ id: fields.documentId('Fiche'), term: slug('Compétence') }), body: z.strictObject({}) },
  matching: { body: matchingInput },
  networks: {},
  createNetwork: { body: networkInput },
  network: { params: slugParam('Réseau') },
  joinNetwork: { params: slugParam('Réseau'), body: joinInput },
  leaveNetwork: { params: slugParam('Réseau'), body: z.strictObject({}) },
  addCoordinator: { params: slugParam('Réseau'), body: coordinatorInput },
  exportNetwork: { params: slugParam('Réseau'), body: z.strictObject({}) },
  censuses: {},
  createCensus: { body: censusInput },
  census: { params: censusId },
} satisfies Record<string, RouteInput>;
