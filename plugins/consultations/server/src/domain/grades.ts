/**
 * The two evaluation axes, their 5-grade scales, and majority judgment (Balinski & Laraki):
 * the majority grade is the lower median; its standard tie-break is the majority gauge
 * (share of grades above it, p, against share below it, q), and beyond it the majority
 * value (the medians found by removing median grades one at a time).
 */

export const AXES = ['effort', 'impact'] as const;
export type Axis = (typeof AXES)[number];
export const GRADES = [1, 2, 3, 4, 5] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Axis, Record<Grade, string>> = {
  effort: { 1: 'Très faible', 2: 'Faible', 3: 'Moyen', 4: 'Élevé', 5: 'Très élevé' },
  impact: { 1: 'Très faible', 2: 'Faible', 3: 'Moyen', 4: 'Fort', 5: 'Très fort' },
};

export const AXIS_LABELS: Record<Axis, string> = { effort: 'Effort de mise en œuvre', impact: 'Impact attendu' };

/** counts[g - 1] = number of grade g. */
export type Distribution = [number, number, number, number, number];

export const emptyDistribution = (): Distribution => [0, 0, 0, 0, 0];

export interface AxisResult {
  count: number;
  distribution: Distribution;
  /** Lower median grade, null without grades. */
  median: Grade | null;
  /** Share of grades above / below the median. */
  above: number;
  below: number;
  /** `+` when more grades lie above the median than below, else `-`. */
  gauge: '+' | '-' | null;
  mean: number | null;
}

/** The lower median of a distribution (the grade of the ⌊(n−1)/2⌋-th grade in ascending order). */
export function lowerMedian(distribution: Distribution): Grade | null {
  const n = distribution.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const index = Math.floor((n - 1) / 2);
  let seen = 0;
  for (let g = 0; g < 5; g++) {
    seen += distribution[g];
    if (seen > index) return (g + 1) as Grade;
  }
  return 5;
}

export function axisResult(distribution: Distribution): AxisResult {
  const count = distribution.reduce((a, b) => a + b, 0);
  const median = lowerMedian(distribution);
  if (median === null) return { count, distribution, median, above: 0, below: 0, gauge: null, mean: null };
  const above = distribution.slice(median).reduce((a, b) => a + b, 0) / count;
  const below = distribution.slice(0, median - 1).reduce((a, b) => a + b, 0) / count;
  const mean = distribution.reduce((sum, c, g) => sum + c * (g + 1), 0) / count;
  return { count, distribution, median, above, below, gauge: above > below ? '+' : '-', mean };
}

/**
 * Compares two results by majority judgment: > 0 when `a` is judged higher on the scale.
 * Median first; then the gauge (a `+` median beats a `-` one; among `+`, more above wins;
 * among `-`, fewer below wins); then the majority value, which settles every remaining
 * case but identical distributions (proportionally).
 */
export function compareMajority(a: AxisResult, b: AxisResult): number {
  if (a.median === null || b.median === null) return (a.median === null ? 0 : 1) - (b.median === null ? 0 : 1);
  if (a.median !== b.median) return a.median - b.median;
  if (a.gauge !== b.gauge) return a.gauge === '+' ? 1 : -1;
  const gauge = a.gauge === '+' ? a.above - b.above : b.below - a.below;
  if (Math.abs(gauge) > 1e-12) return gauge;
  return compareMajorityValues(a.distribution, b.distribution);
}

/**
 * The majority value: remove the median grade, take the new median, and so on. In the
 * sorted grades that reads from the centre outwards (lower median first, then alternately
 * above and below), so the k-th term is found from the counts without removing anything.
 */
function compareMajorityValues(a: Distribution, b: Distribution): number {
  const na = a.reduce((x, y) => x + y, 0);
  const nb = b.reduce((x, y) => x + y, 0);
  for (let k = 0; k < Math.min(na, nb); k++) {
    const diff = majorityValueTerm(a, na, k) - majorityValueTerm(b, nb, k);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The k-th term of the majority value of a distribution of n grades. */
export function majorityValueTerm(distribution: Distribution, n: number, k: number): Grade {
  const centre = Math.floor((n - 1) / 2);
  // n odd: centre, centre-1, centre+1, centre-2…; n even: centre, centre+1, centre-1, centre+2…
  const offset = Math.ceil(k / 2);
  const firstSide = n % 2 === 1 ? -1 : 1;
  const index = k === 0 ? centre : centre + (k % 2 === 1 ? firstSide : -firstSide) * offset;
  return gradeAt(distribution, index);
}

/** The grade at a 0-based position of the sorted grades. */
function gradeAt(distribution: Distribution, index: number): Grade {
  let seen = 0;
  for (let g = 0; g < 5; g++) {
    seen += distribution[g];
    if (seen > index) return (g + 1) as Grade;
  }
  return 5;
}
