/**
 * Uniformity of decisions across federations (issue 17 §6): per federation × category,
 * the count of each level beside the national distribution for that category. Counts
 * under `MASK_BELOW`, zero included, are masked (a small federation's cell could name a person); a
 * federation × category with at least `MIN_FOR_FLAG` decisions is flagged when its
 * distribution is far from the national one: total variation distance ≥ `FLAG_DISTANCE`
 * (half the sum of absolute differences of shares; 0 = identical, 1 = disjoint).
 */
import { LEVELS, type Level } from './scale';
import { MASK_BELOW } from '@intranet-militant/shared';

export { MASK_BELOW };
export const MIN_FOR_FLAG = 5;
export const FLAG_DISTANCE = 0.3;

export interface DecisionCount {
  federationId: number;
  category: string;
  level: Level;
  count: number;
}

export interface UniformityRow {
  federationId: number;
  category: string;
  total: number | null;
  /** Count per level, null where masked (under MASK_BELOW, zero included). */
  counts: Record<Level, number | null>;
  /** Distance to the national distribution (null when too few decisions to judge). */
  distance: number | null;
  flagged: boolean;
}

export interface Uniformity {
  national: { category: string; total: number; shares: Record<Level, number> }[];
  federations: UniformityRow[];
}

const zeroes = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
// Zero too: a row showing its zeros would point at the one masked cell (its total's).
const mask = (n: number) => (n < MASK_BELOW ? null : n);

export function uniformity(rows: DecisionCount[]): Uniformity {
  const national = new Map<string, Record<Level, number>>();
  const cells = new Map<string, { federationId: number; category: string; counts: Record<Level, number> }>();
  for (const r of rows) {
    const n = national.get(r.category) ?? zeroes();
    n[r.level] += r.count;
    national.set(r.category, n);
    const key = `${r.federationId}:${r.category}`;
    const cell = cells.get(key) ?? { federationId: r.federationId, category: r.category, counts: zeroes() };
    cell.counts[r.level] += r.count;
    cells.set(key, cell);
  }
  const sum = (c: Record<Level, number>) => LEVELS.reduce((s, l) => s + c[l], 0);
  const shares = (c: Record<Level, number>) => {
    const t = sum(c);
    return Object.fromEntries(LEVELS.map((l) => [l, t ? c[l] / t : 0])) as Record<Level, number>;
  };
  const nationalOut = [...national.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, c]) => ({ category, total: sum(c), shares: shares(c) }));
  const federations = [...cells.values()]
    .sort((a, b) => a.federationId - b.federationId || a.category.localeCompare(b.category))
    .map((cell) => {
      const total = sum(cell.counts);
      const mine = shares(cell.counts);
      const all = shares(national.get(cell.category)!);
      const distance = total >= MIN_FOR_FLAG ? Math.round((LEVELS.reduce((s, l) => s + Math.abs(mine[l] - all[l]), 0) / 2) * 1000) / 1000 : null;
      return {
        federationId: cell.federationId,
        category: cell.category,
        total: mask(total),
        counts: Object.fromEntries(LEVELS.map((l) => [l, mask(cell.counts[l])])) as Record<Level, number | null>,
        distance,
        flagged: distance !== null && distance >= FLAG_DISTANCE,
      };
    });
  return { national: nationalOut, federations };
}
