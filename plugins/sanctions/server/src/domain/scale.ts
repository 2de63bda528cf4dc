/**
 * The party's graduated scale of sanctions: one national table, versioned (a decision
 * cites the version in force). Pure data and rules; stored as `plugin::sanctions.scale-version`
 * rows, the first seeded from `SCALE_V1`.
 */

/** Levels, from the mildest; the rank is the index + 1. Source: statutes, title « Discipline ». */
export const LEVELS = ['rappel', 'avertissement', 'blame', 'suspension', 'exclusion'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  rappel: 'rappel à l’ordre',
  avertissement: 'avertissement',
  blame: 'blâme',
  suspension: 'suspension',
  exclusion: 'exclusion',
};

/** A suspension lasts 1 to 24 months (statutes); no other level has a duration. */
export const SUSPENSION_MONTHS = { min: 1, max: 24 } as const;

export const GRAVITIES = ['grave', 'lourde', 'moyenne', 'legere'] as const;
export type Gravity = (typeof GRAVITIES)[number];
export const GRAVITY_LABELS: Record<Gravity, string> = { grave: 'grave', lourde: 'lourde', moyenne: 'moyenne', legere: 'légère' };

export interface ScaleCategory {
  /** kebab-case key, stable across versions. */
  key: string;
  /** French label. */
  label: string;
  gravity: Gravity;
  /** Allowed levels, inclusive. A `grave` category allows a precautionary suspension at referral and leads to exclusion. */
  minLevel: Level;
  maxLevel: Level;
  /** Article of the statutes the decision cites. */
  article: string;
}

export interface Scale {
  version: number;
  /** Paris date from which the version is in force. */
  adoptedOn: string;
  categories: ScaleCategory[];
  /** Levels published with the respondent's name (default: exclusion only). */
  namedLevels: Level[];
}

export const rankOf = (level: Level) => LEVELS.indexOf(level) + 1;
export const isLevel = (value: unknown): value is Level => typeof value === 'string' && (LEVELS as readonly string[]).includes(value);

/**
 * Version 1, adopted by the national council. Discrimination and harassment are grave:
 * a precautionary suspension is possible at referral and the decision is an exclusion
 * (issue 17, members' demand: « exclusion immédiate et définitive »).
 */
export const SCALE_V1: Omit<Scale, 'adoptedOn'> = {
  version: 1,
  namedLevels: ['exclusion'],
  categories: [
    { key: 'discrimination', label: 'Discrimination (racisme, sexisme, homophobie, antisémitisme…)', gravity: 'grave', minLevel: 'exclusion', maxLevel: 'exclusion', article: 'Statuts, art. 27' },
    { key: 'harcelement', label: 'Harcèlement moral ou sexuel', gravity: 'grave', minLevel: 'exclusion', maxLevel: 'exclusion', article: 'Statuts, art. 27' },
    { key: 'violence', label: 'Violence physique ou menaces', gravity: 'lourde', minLevel: 'suspension', maxLevel: 'exclusion', article: 'Statuts, art. 26' },
    { key: 'detournement-fonds', label: 'Détournement ou usage abusif des fonds du parti', gravity: 'lourde', minLevel: 'suspension', maxLevel: 'exclusion', article: 'Statuts, art. 26' },
    { key: 'violation-statuts', label: 'Violation des statuts ou du règlement intérieur', gravity: 'moyenne', minLevel: 'avertissement', maxLevel: 'exclusion', article: 'Statuts, art. 25' },
    { key: 'denigrement-public', label: 'Dénigrement public du parti ou de ses membres', gravity: 'moyenne', minLevel: 'rappel', maxLevel: 'suspension', article: 'Statuts, art. 25' },
    { key: 'refus-decision-collective', label: 'Refus de respecter une décision collective', gravity: 'legere', minLevel: 'rappel', maxLevel: 'suspension', article: 'Statuts, art. 24' },
  ],
};

export function categoryOf(scale: Scale, key: string): ScaleCategory | undefined {
  return scale.categories.find((c) => c.key === key);
}

const FROM: Record<Level, string> = { rappel: 'du rappel à l’ordre', avertissement: 'de l’avertissement', blame: 'du blâme', suspension: 'de la suspension', exclusion: 'de l’exclusion' };
const TO: Record<Level, string> = { rappel: 'au rappel à l’ordre', avertissement: 'à l’avertissement', blame: 'au blâme', suspension: 'à la suspension', exclusion: 'à l’exclusion' };

/** « de l’avertissement à l’exclusion », « exclusion seulement »: the range as members read it. */
export function rangeLabel(category: Pick<ScaleCategory, 'minLevel' | 'maxLevel'>): string {
  if (category.minLevel === category.maxLevel) return `${LEVEL_LABELS[category.minLevel]} seulement`;
  return `${FROM[category.minLevel]} ${TO[category.maxLevel]}`;
}

/** Is `level` within the category's allowed range? */
export function levelAllowed(category: ScaleCategory, level: Level): boolean {
  return rankOf(level) >= rankOf(category.minLevel) && rankOf(level) <= rankOf(category.maxLevel);
}

/**
 * The level to suggest to the commission, given the respondent's earlier final sanctions
 * within the repeat window: one level above the highest earlier one, within the
 * category's range; the category's minimum without earlier sanction.
 */
export function suggestedLevel(category: ScaleCategory, earlier: Level[]): Level {
  const highest = earlier.reduce((max, l) => Math.max(max, rankOf(l)), 0);
  const rank = Math.min(Math.max(highest + 1, rankOf(category.minLevel)), rankOf(category.maxLevel));
  return LEVELS[rank - 1];
}

/** Does a scale read from storage or from a national admin hold together? Returns French problems (empty: fine). */
export function scaleProblems(scale: Pick<Scale, 'categories' | 'namedLevels'>): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const c of scale.categories) {
    if (keys.has(c.key)) problems.push(`La catégorie « ${c.key} » apparaît deux fois.`);
    keys.add(c.key);
    if (rankOf(c.minLevel) > rankOf(c.maxLevel)) problems.push(`« ${c.label} » : le niveau minimal dépasse le niveau maximal.`);
    if (c.gravity === 'grave' && c.maxLevel !== 'exclusion') problems.push(`« ${c.label} » : un acte grave conduit à l’exclusion.`);
  }
  return problems;
}
