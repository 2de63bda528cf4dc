import { MASK_BELOW, maskedDistribution, type MaskedCell } from '@intranet-militant/shared';
import type { Sex } from './vocabulary';

/**
 * Diversity and renewal indicators of candidacies (per designation, per federation),
 * **aggregates only**, under the shared statistical secrecy rule
 * (plugins/shared/src/statistical-secrecy.ts, as bodies' composition): counts under
 * MASK_BELOW masked, and one more cell when a single one would be. Pure; nothing unmasked
 * leaves `indicatorsOf`.
 */
export { MASK_BELOW };

/** One candidacy as the indicators read it; never shown alone. */
export interface CandidateProfile {
  sex: Sex | null;
  birthYear: number | null;
  /** Mandates held before (declared by the candidate or recorded by the mandates plugin). */
  previousMandates: number;
  formerCollaborator: boolean;
  /** Holds, on the decision day, the mandate the designation is for (same category and territory). */
  outgoing: boolean;
  /** Consecutive terms already served in that mandate (0 when not outgoing). */
  consecutiveTerms: number;
}

/** A cell of an indicator (`MaskedCell`, shared statistical secrecy). */
export type Cell = MaskedCell;

export interface Indicators {
  total: number;
  /** Whole counts too small to show anything (fewer than MASK_BELOW candidacies). */
  masked: boolean;
  sex: Cell[];
  age: Cell[];
  renewal: Cell[];
  collaborators: Cell[];
  outgoing: Cell[];
  terms: Cell[];
}

export const AGE_BRACKETS = [
  { key: 'under-30', label: 'Moins de 30 ans', test: (age: number) => age < 30 },
  { key: '30-44', label: '30 à 44 ans', test: (age: number) => age >= 30 && age <= 44 },
  { key: '45-59', label: '45 à 59 ans', test: (age: number) => age >= 45 && age <= 59 },
  { key: '60-plus', label: '60 ans et plus', test: (age: number) => age >= 60 },
] as const;



/**
 * The indicators of a set of candidacies in year `year` (ages are year − year of birth):
 * women's share, age brackets, first-time candidates, former political collaborators,
 * outgoing officials seeking another term, and how many consecutive terms they served.
 */
export function indicatorsOf(profiles: readonly CandidateProfile[], year: number): Indicators {
  const total = profiles.length;
  const count = (test: (p: CandidateProfile) => boolean) => profiles.filter(test).length;
  const outgoing = profiles.filter((p) => p.outgoing);
  return {
    total,
    masked: total < MASK_BELOW,
    sex: maskedDistribution([
      { key: 'F', label: 'Femmes', count: count((p) => p.sex === 'F') },
      { key: 'M', label: 'Hommes', count: count((p) => p.sex === 'M') },
      { key: 'unknown', label: 'Non renseigné', count: count((p) => !p.sex) },
    ], total),
    age: maskedDistribution([
      ...AGE_BRACKETS.map((b) => ({ key: b.key, label: b.label, count: count((p) => p.birthYear != null && b.test(year - p.birthYear)) })),
      { key: 'unknown', label: 'Non renseigné', count: count((p) => p.birthYear == null) },
    ], total),
    renewal: maskedDistribution([
      { key: 'first-time', label: 'Jamais élu·e', count: count((p) => p.previousMandates === 0) },
      { key: 'experienced', label: 'Déjà élu·e', count: count((p) => p.previousMandates > 0) },
    ], total),
    collaborators: maskedDistribution([
      { key: 'former-collaborator', label: 'Ancien·ne collaborateur·rice d’élu·e', count: count((p) => p.formerCollaborator) },
      { key: 'other', label: 'Autres parcours', count: count((p) => !p.formerCollaborator) },
    ], total),
    outgoing: maskedDistribution([
      { key: 'outgoing', label: 'Sortant·e qui se représente', count: outgoing.length },
      { key: 'new', label: 'Nouvelle candidature sur ce mandat', count: total - outgoing.length },
    ], total),
    terms: maskedDistribution([
      { key: '1', label: 'Après 1 mandat', count: outgoing.filter((p) => p.consecutiveTerms <= 1).length },
      { key: '2', label: 'Après 2 mandats consécutifs', count: outgoing.filter((p) => p.consecutiveTerms === 2).length },
      { key: '3-plus', label: 'Après 3 mandats consécutifs ou plus', count: outgoing.filter((p) => p.consecutiveTerms >= 3).length },
    ], outgoing.length),
  };
}
