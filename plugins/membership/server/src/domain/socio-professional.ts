/**
 * Socio-professional category, shared by a member only with their consent (issue 15,
 * composition of bodies): the eight groups of INSEE's PCS 2020 nomenclature (« groupes
 * socioprofessionnels », level 1 — retirees and other people without a job are groups 7 and
 * 8). Asking a member's occupation next to their party membership is personal data under
 * GDPR; its only use here is the aggregated composition of bodies (counts under 5 masked),
 * so it is recorded only when the member ticks the consent box, with the version of the
 * text they agreed to, and withdrawn (erased) whenever they ask.
 */
export const SOCIO_PROFESSIONAL_CATEGORIES = [
  { key: 'agriculteurs', label: 'Agriculteurs exploitants' },
  { key: 'artisans-commercants', label: 'Artisans, commerçants et chefs d’entreprise' },
  { key: 'cadres', label: 'Cadres et professions intellectuelles supérieures' },
  { key: 'intermediaires', label: 'Professions intermédiaires' },
  { key: 'employes', label: 'Employés' },
  { key: 'ouvriers', label: 'Ouvriers' },
  { key: 'retraites', label: 'Retraités' },
  { key: 'sans-activite', label: 'Autres personnes sans activité professionnelle (étudiants, personnes au foyer…)' },
] as const;

export type SocioProfessionalCategory = (typeof SOCIO_PROFESSIONAL_CATEGORIES)[number]['key'];
export const SOCIO_PROFESSIONAL_KEYS = SOCIO_PROFESSIONAL_CATEGORIES.map((c) => c.key) as unknown as readonly [SocioProfessionalCategory, ...SocioProfessionalCategory[]];

export const socioProfessionalLabel = (key: string | null | undefined): string | null =>
  SOCIO_PROFESSIONAL_CATEGORIES.find((c) => c.key === key)?.label ?? null;

/** The consent text's version, recorded with each consent; change it when the text changes. */
export const SOCIO_PROFESSIONAL_CONSENT_VERSION = '2026-12-02';

/** What the member agrees to (shown next to the box in the portal, and returned by the API). */
export const SOCIO_PROFESSIONAL_CONSENT_TEXT =
  'J’accepte que ma catégorie socio-professionnelle soit enregistrée pour mesurer, de façon agrégée et anonyme, la diversité des instances du parti où je siège. Elle n’est jamais montrée individuellement, même à l’équipe fédérale, et je peux la retirer à tout moment.';
