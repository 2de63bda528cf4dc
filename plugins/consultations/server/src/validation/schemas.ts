import { fields, hasVisibleCharacter, strictInteger, z, type RouteInput } from '@intranet-militant/shared';
import { DEFAULT_GROUP_THRESHOLD } from '../domain/similarity';
import { CHOICES } from '../domain/tally';

/** Request bodies and queries of the consultations API, with the messages members read. */

const when = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label} : date et heure attendues (ex. 2026-03-01T18:00:00+01:00).` });

const inCharge = z.string().trim().max(300, { error: 'Les responsables : 300 caractères au plus.' });
const phase = z.strictObject({ endsAt: when('La fin de la phase'), inCharge: inCharge.optional() });

export const consultationInput = z.strictObject({
  kind: z.enum(['full', 'quick'], { error: 'Type inconnu : full (consultation complète) ou quick (question rapide).' }).default('full'),
  title: fields.text('Le titre', 200),
  description: z.string().trim().max(10000, { error: 'Le déroulement : 10 000 caractères au plus.' }).optional(),
  audience: z.enum(['national', 'federation', 'section'], { error: 'Périmètre inconnu : national, federation ou section.' }),
  federation: fields.documentId('La fédération').optional(),
  section: fields.documentId('La section').optional(),
  eligibilityCutoff: fields.isoDate('La date limite d’adhésion').optional(),
  opensAt: when('L’ouverture'),
  phases: z.strictObject(
    {
      contribution: phase.optional(),
      analysis: phase.optional(),
      evaluation: phase.optional(),
      vote: phase,
      results: z.strictObject({ inCharge }).optional(),
    },
    { error: 'Le calendrier (phases) est obligatoire.' }
  ),
  quorumPercent: z.number({ error: 'Le quorum est un pourcentage.' }).int().min(0, { error: 'Le quorum va de 0 à 100 %.' }).max(100, { error: 'Le quorum va de 0 à 100 %.' }).optional(),
  majority: z.enum(['simple', 'absolute', 'two-thirds'], { error: 'Majorité inconnue : simple, absolute ou two-thirds.' }).optional(),
  votePerSection: z.boolean({ error: '« votePerSection » vaut true ou false.' }).optional(),
  synthesisSize: z.number({ error: 'Le nombre de propositions retenues est un entier.' }).int().min(1).max(500).optional(),
  categories: z.array(fields.text('Une catégorie', 80)).max(30, { error: '30 catégories au plus.' }).optional(),
  // Zero-width or filler characters alone are as blank as « » (and told the same).
  question: z.string().trim().min(3, { error: 'La question est trop courte.' }).refine(hasVisibleCharacter, { error: 'La question est trop courte.' }).max(1000).optional(),
  answerType: z.enum(['graded', 'choice'], { error: 'Réponse inconnue : graded (échelle de 1 à 5) ou choice (choix).' }).optional(),
  choices: z.array(fields.text('Un choix', 200)).min(2, { error: 'Proposez au moins deux choix.' }).max(12, { error: '12 choix au plus.' }).optional(),
});
export type ConsultationInput = z.output<typeof consultationInput>;

export const consultationUpdate = consultationInput
  .omit({ kind: true })
  .extend({
    // Any phase alone: its end or its people in charge.
    phases: z.strictObject({
      contribution: phase.partial().optional(),
      analysis: phase.partial().optional(),
      evaluation: phase.partial().optional(),
      vote: phase.partial().optional(),
      results: z.strictObject({ inCharge }).optional(),
    }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });
export type ConsultationUpdate = z.output<typeof consultationUpdate>;

export const advanceInput = z.strictObject({
  from: z.enum(['draft', 'upcoming', 'contribution', 'analysis', 'evaluation', 'vote'], {
    error: 'Indiquez la phase que vous terminez (« from »), pour éviter de passer deux phases à la fois.',
  }),
});

export const contributionInput = z.strictObject({
  title: fields.text('Le titre', 200),
  body: fields.text('Le texte', 5000),
  /** One of the consultation's categories, or none: `null` and an empty text both mean « sans catégorie » (stored null). */
  category: z
    .string({ error: 'La catégorie : un texte, ou null pour aucune.' })
    .trim()
    .max(80, { error: 'La catégorie : 80 caractères au plus.' })
    .nullable()
    .transform((value) => (value === '' ? null : value))
    .optional(),
});
export const contributionUpdate = contributionInput
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });

const reason = z
  .string({ error: 'Le motif est obligatoire.' })
  .trim()
  .min(3, { error: 'Le motif est obligatoire (3 caractères au moins).' })
  .refine(hasVisibleCharacter, { error: 'Le motif est obligatoire (3 caractères au moins).' })
  .max(1000, { error: 'Le motif : 1000 caractères au plus.' });
export const moderationInput = z.strictObject({ hidden: z.boolean({ error: '« hidden » vaut true (masquer) ou false (rétablir).' }), reason });

const ids = (label: string) => z.array(fields.documentId(label)).max(1000, { error: 'Trop d’éléments à la fois (1000 au plus).' });

export const proposalInput = z.strictObject({
  title: fields.text('Le titre', 200),
  summary: z.string().trim().max(5000, { error: 'Le résumé : 5000 caractères au plus.' }).optional(),
  sources: ids('Une contribution').default([]),
});
export const proposalUpdate = z
  .strictObject({
    title: fields.text('Le titre', 200),
    summary: z.string().trim().max(5000, { error: 'Le résumé : 5000 caractères au plus.' }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });
export const sourcesInput = z
  .strictObject({ add: ids('Une contribution').default([]), remove: ids('Une contribution').default([]) })
  .refine((v) => v.add.length + v.remove.length > 0, { error: 'Indiquez des contributions à ajouter (« add ») ou retirer (« remove »).' });
export const mergeInput = z.strictObject({ into: fields.documentId('La proposition qui absorbe') });
/** Staff reject a grouping suggestion: the contribution, and the proposal or the contributions it does not go with. */
export const rejectionInput = z
  .strictObject({
    contribution: fields.documentId('La contribution'),
    proposal: fields.documentId('La proposition').optional(),
    others: ids('Une contribution').max(50, { error: 'Un groupe : 50 contributions au plus.' }).default([]),
    everyPair: z.boolean({ error: '« everyPair » vaut true ou false.' }).optional(),
  })
  .refine((v) => v.proposal !== undefined || v.others.length > 0, { error: 'Indiquez la proposition (« proposal ») ou les contributions (« others ») à séparer.' });

const grade = (axis: string) =>
  z
    .number({ error: `La note ${axis} va de 1 à 5.` })
    .int({ error: `La note ${axis} va de 1 à 5.` })
    .min(1, { error: `La note ${axis} va de 1 à 5.` })
    .max(5, { error: `La note ${axis} va de 1 à 5.` });
export const gradeInput = z
  .strictObject({ effort: grade('d’effort').optional(), impact: grade('d’impact').optional() })
  .refine((v) => v.effort !== undefined || v.impact !== undefined, { error: 'Notez l’effort, l’impact, ou les deux.' });

export const gradesInput = z.strictObject({
  grades: z
    .array(
      z.strictObject({ proposal: fields.documentId('La proposition'), effort: grade('d’effort').optional(), impact: grade('d’impact').optional() })
        .refine((v) => v.effort !== undefined || v.impact !== undefined, { error: 'Notez l’effort, l’impact, ou les deux.' })
    )
    .min(1, { error: 'Aucune note.' })
    .max(500, { error: '500 propositions au plus par envoi.' })
    .refine((grades) => new Set(grades.map((g) => g.proposal)).size === grades.length, { error: 'Une proposition n’est notée qu’une fois par envoi.' }),
});

export const synthesisBuild = z.strictObject({
  title: fields.text('Le titre', 200).optional(),
  preamble: z.string().trim().max(10000).optional(),
  size: z.number({ error: 'Le nombre de propositions est un entier.' }).int().min(1, { error: 'Retenez au moins une proposition.' }).max(500).optional(),
  proposals: ids('Une proposition').min(1, { error: 'Retenez au moins une proposition.' }).optional(),
});
export const synthesisUpdate = z
  .strictObject({
    title: fields.text('Le titre', 200),
    preamble: z.string().trim().max(10000),
    sections: z
      .array(
        z.strictObject({
          proposal: fields.documentId('La proposition'),
          title: fields.text('Le titre de la partie', 200).optional(),
          text: z.string().trim().max(10000).optional(),
        })
      )
      .min(1, { error: 'La synthèse compte au moins une partie.' })
      .max(500),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });

const choice = z.enum(CHOICES, { error: 'Votre vote : for (pour), against (contre) ou abstain (abstention).' });
export const ballotInput = z.strictObject({
  // The route does not know the consultation's kind: the message names both ways to answer.
  choice: z
    .enum(CHOICES, { error: 'Votre vote sur la synthèse : for (pour), against (contre) ou abstain (abstention) ; une question rapide se répond par le numéro d’un choix (« answer »).' })
    .optional(),
  sections: z.record(fields.documentId('Une partie'), choice).optional(),
  // A JSON number, as every whole number of a body (`strictInteger`): « "2" » is text, refused.
  // Its range is the question's (1 to 5, or to its number of choices): the command says it,
  // for a huge or fractional number too (`.int()` here answered « Au plus 9 007 199 254 740 991. »).
  answer: z.number({ error: 'Votre réponse est le numéro d’un choix (un nombre, ex. 2).' }).optional(),
});

export const listQuery = z.strictObject({ ...fields.pagination(20) });
/** How many open consultations `GET /consultations/open` returns (the home card shows 5). */
const openLimit = 'Le nombre de consultations va de 1 à 20.';
export const openQuery = z.strictObject({
  limit: strictInteger(z.number({ error: openLimit }).int({ error: openLimit }).min(1, { error: openLimit }).max(20, { error: openLimit })).default(5),
});
export const contributionQuery = z.strictObject({
  ...fields.pagination(50),
  state: z.enum(['submitted', 'withdrawn', 'hidden'], { error: 'État inconnu : submitted, withdrawn ou hidden.' }).optional(),
  unassigned: z.enum(['true', 'false'], { error: '« unassigned » vaut true ou false.' }).optional(),
  category: z.string().max(80).optional(),
});
/**
 * A number in a query string, written plainly in decimal (« 0.3 », « 10 »): what
 * `Number()` would also read — « 0x1 », « 1e1 », « 5 », « Infinity », « » — is refused.
 */
const queryNumber = (pattern: RegExp, error: string) => z.string({ error }).regex(pattern, { error }).transform(Number);
const THRESHOLD = 'Le seuil est un nombre entre 0,05 et 0,95.';
export const suggestionQuery = z.strictObject({
  threshold: queryNumber(/^[0-9]{1,3}(?:\.[0-9]{1,6})?$/, THRESHOLD)
    .pipe(z.number().min(0.05, { error: 'Le seuil va de 0,05 à 0,95.' }).max(0.95, { error: 'Le seuil va de 0,05 à 0,95.' }))
    .default(DEFAULT_GROUP_THRESHOLD),
  limit: queryNumber(/^[0-9]{1,3}$/, 'Le nombre de suggestions est un entier de 1 à 50.')
    .pipe(z.number().int().min(1, { error: 'Le nombre de suggestions est un entier de 1 à 50.' }).max(50, { error: 'Le nombre de suggestions est un entier de 1 à 50.' }))
    .default(10),
});

/**
 * A member writing a contribution asks which ones already say the same: the text they are
 * writing (its title and the start of its body, bounded: the query string stays short), and
 * optionally their own contribution being edited, left out of the answer.
 */
export const SIMILAR_TEXT_MAX = 1000;
export const similarQuery = z.strictObject({
  text: fields.text('Le texte', SIMILAR_TEXT_MAX).refine((value) => value.length >= 3, { error: 'Le texte : 3 caractères au moins.' }),
  except: fields.documentId('La contribution modifiée').optional(),
});

/** Route parameters: the consultation, and what of it the route names. */
export const consultationParams = z.object({ id: fields.documentId('La consultation') });
export const contributionParams = consultationParams.extend({ contributionId: fields.documentId('La contribution') });
export const proposalParams = consultationParams.extend({ proposalId: fields.documentId('La proposition') });
export const EXPORT_KINDS = ['contributions', 'proposals', 'evaluation', 'votes'] as const;
export const exportParams = consultationParams.extend({
  kind: z.enum(EXPORT_KINDS, { error: 'Export inconnu : contributions, proposals, evaluation ou votes.' }),
});
/** A POST that takes no body. */
export const noBody = z.strictObject({});

/**
 * What each route accepts (declared on the route, parsed before the controller, which
 * types its context with `RouteContext<typeof inputs.x>`).
 */
export const inputs = {
  list: { query: listQuery },
  open: { query: openQuery },
  create: { body: consultationInput },
  consultation: { params: consultationParams },
  update: { params: consultationParams, body: consultationUpdate },
  advance: { params: consultationParams, body: advanceInput },
  contributions: { params: consultationParams, query: contributionQuery },
  contribute: { params: consultationParams, body: contributionInput },
  contribution: { params: contributionParams },
  editContribution: { params: contributionParams, body: contributionUpdate },
  withdraw: { params: contributionParams, body: noBody },
  moderate: { params: contributionParams, body: moderationInput },
  suggestions: { params: consultationParams, query: suggestionQuery },
  similarText: { params: consultationParams, query: similarQuery },
  propose: { params: consultationParams, body: proposalInput },
  editProposal: { params: proposalParams, body: proposalUpdate },
  sources: { params: proposalParams, body: sourcesInput },
  merge: { params: proposalParams, body: mergeInput },
  reject: { params: consultationParams, body: rejectionInput },
  grade: { params: proposalParams, body: gradeInput },
  grades: { params: consultationParams, body: gradesInput },
  composeSynthesis: { params: consultationParams, body: synthesisBuild },
  editSynthesis: { params: consultationParams, body: synthesisUpdate },
  cast: { params: consultationParams, body: ballotInput },
  export: { params: exportParams },
  workbench: { params: consultationParams, query: suggestionQuery },
} satisfies Record<string, RouteInput>;
