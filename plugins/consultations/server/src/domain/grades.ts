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
 * Compares two results by majority judgment: > 0 when `a` is judged higher on the scale,
 * 0 when they tie. Comparisons are made on shares of graders, never on counts, so that a
 * proposal graded by 3 members and one graded by 6 with the same proportions tie (members
 * grade only some proposals: unequal counts are the normal case).
 *
 * This is Balinski & Laraki's majority ranking read on shares (the iterated majority gauge):
 * the grades are laid out on [0, 1] in ascending order and read from the middle outwards.
 * First the lower median (the grade at 1/2); then, moving a distance d away from the middle
 * on both sides, the first place where the two results differ decides: a grade dropping
 * below the median on the lower side is a loss, a grade rising on the upper side a gain.
 * The first such step is the majority gauge: `median+` (share above p > share below q)
 * beats `median-`; among `+` the larger p wins; among `-` the smaller q wins; when the
 * upper and lower sides move at the same distance (p = q), the lower side is read first,
 * as with the lower median. Further steps are the majority value on shares (the medians
 * found by removing median grades), which settles every case but proportionally identical
 * distributions. Exact integer arithmetic (no floating point).
 */
export function compareMajority(a: AxisResult, b: AxisResult): number {
  return compareDistributions(a.distribution, b.distribution);
}

/** `compareMajority` on raw distributions (counts per grade). */
export function compareDistributions(a: Distribution, b: Distribution): number {
  const na = a.reduce((x, y) => x + y, 0);
  const nb = b.reduce((x, y) => x + y, 0);
  if (na === 0 || nb === 0) return (na === 0 ? 0 : 1) - (nb === 0 ? 0 : 1);
  const ca = cumulative(a);
  const cb = cumulative(b);
  // Distances from the middle are k / D with D = 2·na·nb; a position t = 1/2 ± k/D.
  const half = na * nb;
  const distances = new Set<number>([0]);
  for (const [c, n, other] of [[ca, na, nb], [cb, nb, na]] as const) {
    for (const count of c) {
      const k = Math.abs(2 * count - n) * other;
      if (k < half) distances.add(k);
    }
  }
  for (const k of [...distances].sort((x, y) => x - y)) {
    const lower = lowerQuantile(ca, na, half - k, half) - lowerQuantile(cb, nb, half - k, half);
    if (lower !== 0) return lower;
    const upper = upperQuantile(ca, na, half + k, half) - upperQuantile(cb, nb, half + k, half);
    if (upper !== 0) return upper;
  }
  return 0;
}

/** c[g] = number of grades ≤ g, for g = 1..5 (index g - 1). */
function cumulative(distribution: Distribution): number[] {
  let seen = 0;
  return distribution.map((count) => (seen += count));
}

/** The smallest grade whose cumulative share reaches t = num / (2·half): c/n ≥ t. */
function lowerQuantile(c: number[], n: number, num: number, half: number): number {
  const index = c.findIndex((count) => count * 2 * half >= num * n);
  return index === -1 ? 5 : index + 1;
}

/** The smallest grade whose cumulative share exceeds t = num / (2·half): c/n > t. */
function upperQuantile(c: number[], n: number, num: number, half: number): number {
  const index = c.findIndex((count) => count * 2 * half > num * n);
  return index === -1 ? 5 : index + 1;
}
