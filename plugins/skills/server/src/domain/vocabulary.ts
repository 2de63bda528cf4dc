/**
 * The closed lists of « Compétences et réseaux » and their French labels.
 */

/** A term of the national vocabulary: a skill, a network one belongs to outside the party, a theme of interest. */
export const TERM_KINDS = ['skill', 'network', 'interest'] as const;
export type TermKind = (typeof TERM_KINDS)[number];
export const TERM_KIND_LABELS: Record<TermKind, string> = { skill: 'Compétence', network: 'Réseau', interest: 'Centre d’intérêt' };

/** active: usable; proposed: a member's proposal awaiting national staff; refused; merged into another term. */
export const TERM_STATUSES = ['active', 'proposed', 'refused', 'merged'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

/** Self-assessed level of a skill, 1 to 4. */
export const SKILL_LEVELS = [1, 2, 3, 4] as const;
export const SKILL_LEVEL_LABELS: Record<number, string> = { 1: 'Notions', 2: 'Pratique', 3: 'Confirmé', 4: 'Expert' };

/** What a member is willing to do for the party. */
export const WILLINGNESS = ['train', 'write', 'analyse', 'speak', 'campaign'] as const;
export type Willingness = (typeof WILLINGNESS)[number];
export const WILLINGNESS_LABELS: Record<Willingness, string> = {
  train: 'Former d’autres adhérents',
  write: 'Rédiger',
  analyse: 'Analyser des données',
  speak: 'Prendre la parole',
  campaign: 'Aider en campagne',
};

/**
 * Who sees a profile (or a field of it), narrowest first. `private`: only the member
 * (fields only). `staff`: the staff of the member's federation (and national staff).
 * `section`: the members of the member's section. `federation`: of their federation.
 * `all`: every member of the party. Staff of the member's federation and national staff
 * see every level but `private`.
 */
export const PROFILE_LEVELS = ['staff', 'section', 'federation', 'all'] as const;
export type ProfileLevel = (typeof PROFILE_LEVELS)[number];
export const FIELD_LEVELS = ['private', ...PROFILE_LEVELS] as const;
export type FieldLevel = (typeof FIELD_LEVELS)[number];
export const LEVEL_LABELS: Record<FieldLevel, string> = {
  private: 'Moi seulement',
  staff: 'L’équipe de ma fédération seulement',
  section: 'Les adhérents de ma section',
  federation: 'Les adhérents de ma fédération',
  all: 'Tous les adhérents',
};

/** The fields of a profile that carry their own (stricter) visibility. The name always goes with the profile. */
export const PROFILE_FIELDS = ['skills', 'sector', 'networks', 'interests', 'availability', 'languages', 'email', 'phone'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export const FIELD_LABELS: Record<ProfileField, string> = {
  skills: 'Compétences',
  sector: 'Secteur d’activité',
  networks: 'Réseaux',
  interests: 'Centres d’intérêt',
  availability: 'Disponibilité (ce que je veux bien faire, heures par mois)',
  languages: 'Langues',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
};
/** Contact details are shown to no one unless the member chooses to. */
export const DEFAULT_FIELD_LEVELS: Partial<Record<ProfileField, FieldLevel>> = { email: 'private', phone: 'private' };

/** The version of the consent text members accept (bump it when the text changes: members are asked again). */
export const CONSENT_VERSION = '2026-12-v1';
export const CONSENT_TEXT =
  'J’accepte que les informations de ma fiche « Compétences et réseaux » soient montrées, dans les limites que je choisis, ' +
  'aux adhérents et à l’équipe du parti. Ces informations révèlent mon appartenance au parti (opinion politique, article 9 du RGPD) : ' +
  'elles ne sont jamais communiquées en dehors du parti. Je peux retirer ce consentement à tout moment : ma fiche disparaît alors aussitôt de l’annuaire et de la recherche.';

/** Role of a member in a thematic network. */
export const NETWORK_ROLES = ['coordinator', 'member'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

/** Fields a member may share with the other members of a thematic network (the name always is). */
export const NETWORK_FIELDS = ['skills', 'sector', 'availability', 'languages', 'email', 'phone'] as const;
export type NetworkField = (typeof NETWORK_FIELDS)[number];
