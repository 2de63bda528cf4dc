/**
 * The words of « Investitures et désignations »: what can be designated, how, by whom.
 * Public elections follow the code électoral; internal offices the party's statutes.
 */

export const PUBLIC_KINDS = ['municipales', 'departementales', 'regionales', 'legislatives', 'senatoriales', 'europeennes', 'presidentielle'] as const;
export const INTERNAL_KINDS = ['premier-secretaire-federal', 'secretaire-section', 'sieges-instance'] as const;
export const KINDS = [...PUBLIC_KINDS, ...INTERNAL_KINDS] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  municipales: 'Élections municipales',
  departementales: 'Élections départementales',
  regionales: 'Élections régionales',
  legislatives: 'Élections législatives',
  senatoriales: 'Élections sénatoriales',
  europeennes: 'Élections européennes',
  presidentielle: 'Élection présidentielle',
  'premier-secretaire-federal': 'Premier·ère secrétaire fédéral·e',
  'secretaire-section': 'Secrétaire de section',
  'sieges-instance': 'Sièges d’une instance du parti',
};

export const isPublicKind = (kind: Kind) => (PUBLIC_KINDS as readonly string[]).includes(kind);

/** Who a designation concerns and who runs it: the whole party (national admins), a federation, a section. */
export const SCOPES = ['national', 'federation', 'section'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * How candidates stand: alone, on a list (positions 1…n, titulaires then suppléants), or
 * as a binôme of two candidates of different sexes (départementales, L. 191).
 */
export type Shape = 'single' | 'list' | 'binome' | 'seats';
export const SHAPE_OF: Record<Kind, Shape> = {
  municipales: 'list',
  departementales: 'binome',
  regionales: 'list',
  legislatives: 'single',
  senatoriales: 'list',
  europeennes: 'list',
  presidentielle: 'single',
  'premier-secretaire-federal': 'single',
  'secretaire-section': 'single',
  'sieges-instance': 'seats',
};

/**
 * The parity rule that applies to a designation kind:
 * - `alternation`: lists alternate the sexes strictly (code électoral L. 264 for municipal
 *   lists of communes of 1,000 inhabitants and more; L. 346 régionales; loi 77-729 art. 9 européennes; L. 300 sénatoriales à la proportionnelle);
 * - `binome`: two candidates of different sexes (code électoral L. 191);
 * - `delegation`: a body's seats, |women − men| ≤ 1 (party rule for delegations);
 * - `federation-gap`: legislative candidacies taken together (loi n° 88-227 art. 9-1);
 * - `none`: a single office.
 */
export type ParityRule = 'alternation' | 'binome' | 'delegation' | 'federation-gap' | 'none';
export const PARITY_OF: Record<Kind, ParityRule> = {
  municipales: 'alternation',
  departementales: 'binome',
  regionales: 'alternation',
  legislatives: 'federation-gap',
  senatoriales: 'alternation',
  europeennes: 'alternation',
  presidentielle: 'none',
  'premier-secretaire-federal': 'none',
  'secretaire-section': 'none',
  'sieges-instance': 'delegation',
};

/**
 * The mandates catalogue's category (plugins/mandates domain/catalogue.ts) a public election
 * leads to, for the cumul preview; null when the mandates rules have nothing to say.
 */
export const MANDATE_CATEGORY_OF: Partial<Record<Kind, string>> = {
  municipales: 'conseiller-municipal',
  departementales: 'conseiller-departemental',
  regionales: 'conseiller-regional',
  legislatives: 'depute',
  senatoriales: 'senateur',
  europeennes: 'depute-europeen',
};

/** Where the territory code comes from, per kind (the hint a refusal gives). */
export const TERRITORY_HINT: Partial<Record<Kind, string>> = {
  municipales: 'le code INSEE de la commune (ex. 30189 pour Nîmes)',
  departementales: 'le code du canton (ex. 30-05) ou du département',
  regionales: 'le code INSEE de la région (ex. 76)',
  legislatives: 'la circonscription (ex. 30-01)',
  senatoriales: 'le code du département (ex. 30)',
  europeennes: 'FR',
  presidentielle: 'FR',
};

export const DECIDERS = ['body', 'members'] as const;
export type Decider = (typeof DECIDERS)[number];
export const DECIDER_LABELS: Record<Decider, string> = {
  body: 'vote d’une instance (relevé de son procès-verbal)',
  members: 'vote des adhérents',
};

export const VOTE_METHODS = ['single', 'majority-judgment'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
export const VOTE_METHOD_LABELS: Record<VoteMethod, string> = {
  single: 'scrutin uninominal à deux tours (majorité absolue au premier tour)',
  'majority-judgment': 'jugement majoritaire (une mention par candidat·e)',
};

export const CANDIDACY_ROLES = ['titulaire', 'suppleant'] as const;
export type CandidacyRole = (typeof CANDIDACY_ROLES)[number];
export const CANDIDACY_ROLE_LABELS: Record<CandidacyRole, string> = { titulaire: 'titulaire', suppleant: 'suppléant·e' };

export const CANDIDACY_STATES = ['submitted', 'withdrawn', 'designated', 'not-designated'] as const;
export type CandidacyState = (typeof CANDIDACY_STATES)[number];
export const CANDIDACY_STATE_LABELS: Record<CandidacyState, string> = {
  submitted: 'Candidature déposée',
  withdrawn: 'Candidature retirée',
  designated: 'Désigné·e',
  'not-designated': 'Non désigné·e',
};

export type Sex = 'F' | 'M';
export const SEX_LABELS: Record<Sex, string> = { F: 'femme', M: 'homme' };
