import { MASK_BELOW, maskedDistribution, type MaskedCell } from '@intranet-militant/shared';

/**
 * Composition of a body (issue 15, item 8): the share of women and men, age brackets,
 * seniority of membership and — for those who consented to share it — socio-professional
 * category of its seat holders on a day, **aggregates only**, under the shared statistical
 * secrecy rule (plugins/shared/src/statistical-secrecy.ts): counts under `MASK_BELOW` masked,
 * and one more cell when a single one would be.
 */
export { MASK_BELOW };

/** One seat holder as membership gives it (`directory.compositionProfiles`); never shown alone. */
export interface CompositionProfile {
  sex: 'F' | 'M' | null;
  birthYear: number | null;
  joinedOn: string; // YYYY-MM-DD
  /** Only when the member consented to share it (membership gives null otherwise). */
  socioProfessionalCategory?: string | null;
}

/** A cell of the composition (`MaskedCell`, shared statistical secrecy). */
export type CompositionCell = MaskedCell;

export interface Composition {
  on: string;
  total: number;
  sex: CompositionCell[];
  age: CompositionCell[];
  seniority: CompositionCell[];
  /**
   * Socio-professional category (INSEE PCS 2020 groups) of the seat holders who consented
   * to share it; the others are counted as « Non communiquée ». Same masking.
   */
  socioProfessional: CompositionCell[];
}

/** Age brackets by the age reached in the year of `on` (year − year of birth: only the year is known). */
export const AGE_BRACKETS = [
  { key: 'under-30', label: 'Moins de 30 ans', test: (age: number) => age < 30 },
  { key: '30-44', label: '30 à 44 ans', test: (age: number) => age >= 30 && age <= 44 },
  { key: '45-59', label: '45 à 59 ans', test: (age: number) => age >= 45 && age <= 59 },
  { key: '60-plus', label: '60 ans et plus', test: (age: number) => age >= 60 },
] as const;

/** `day` shifted by whole years, as a YYYY-MM-DD string (29 February compares as the end of February). */
const yearsBefore = (day: string, years: number) => `${String(Number(day.slice(0, 4)) - years).padStart(4, '0')}${day.slice(4)}`;

/**
 * Seniority of membership on `on`, from the join date: under 2 years (joined after
 * `on` − 2 years), 2 to 5 years (joined after `on` − 5 years, on or before `on` − 2 years),
 * more than 5 years (joined on or before `on` − 5 years).
 */
export function seniorityOf(joinedOn: string, on: string): 'under-2' | '2-5' | 'over-5' {
  if (joinedOn > yearsBefore(on, 2)) return 'under-2';
  if (joinedOn > yearsBefore(on, 5)) return '2-5';
  return 'over-5';
}


/**
 * The composition of a set of seat holders (one profile per member) on `on` (YYYY-MM-DD,
 * Paris). Pure; the masking is applied here, so nothing unmasked leaves it.
 */
export function compositionOf(
  profiles: readonly CompositionProfile[],
  on: string,
  categories: readonly { key: string; label: string }[] = []
): Composition {
  const total = profiles.length;
  const count = (test: (p: CompositionProfile) => boolean) => profiles.filter(test).length;
  const year = Number(on.slice(0, 4));
  const ageOf = (p: CompositionProfile) => (p.birthYear === null ? null : year - p.birthYear);
  return {
    on,
    total,
    sex: maskedDistribution(
      [
        { key: 'F', label: 'Femmes', count: count((p) => p.sex === 'F') },
        { key: 'M', label: 'Hommes', count: count((p) => p.sex === 'M') },
        { key: 'unknown', label: 'Non renseigné', count: count((p) => p.sex === null) },
      ],
      total
    ),
    age: maskedDistribution(
      [
        ...AGE_BRACKETS.map((b) => ({ key: b.key, label: b.label, count: count((p) => { const age = ageOf(p); return age !== null && b.test(age); }) })),
        { key: 'unknown', label: 'Non renseigné', count: count((p) => p.birthYear === null) },
      ],
      total
    ),
    seniority: maskedDistribution(
      [
        { key: 'under-2', label: 'Moins de 2 ans', count: count((p) => seniorityOf(p.joinedOn, on) === 'under-2') },
        { key: '2-5', label: '2 à 5 ans', count: count((p) => seniorityOf(p.joinedOn, on) === '2-5') },
        { key: 'over-5', label: 'Plus de 5 ans', count: count((p) => seniorityOf(p.joinedOn, on) === 'over-5') },
      ],
      total
    ),
    socioProfessional: maskedDistribution(
      [
        ...categories.map((c) => ({ key: c.key, label: c.label, count: count((p) => p.socioProfessionalCategory === c.key) })),
        { key: 'unknown', label: 'Non communiquée', count: count((p) => !categories.some((c) => c.key === p.socioProfessionalCategory)) },
      ],
      total
    ),
  };
}
