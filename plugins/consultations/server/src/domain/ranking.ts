import { axisResult, compareMajority, type AxisResult, type Distribution } from './grades';

/**
 * Ranking proposals by impact against effort, as the Gard federation chose its 28:
 * 1. the gap between the majority grade of impact and that of effort (higher first);
 * 2. then the better impact by majority judgment (median, gauge, majority value);
 * 3. then the lesser effort by majority judgment;
 * 4. then the higher mean impact minus mean effort; last, the proposal's number.
 * Quadrants place each proposal by its mean grades against the middle of the scale (3):
 * impact above 3 is high, effort of 3 or more is high.
 */
export type Quadrant = 'quick-win' | 'major-project' | 'fill-in' | 'thankless';

export const QUADRANT_LABELS: Record<Quadrant, string> = {
  'quick-win': 'Gains rapides',
  'major-project': 'Grands projets',
  'fill-in': 'Actions d’appoint',
  thankless: 'Tâches ingrates',
};

export interface ProposalGrades {
  id: number;
  number: number;
  effort: Distribution;
  impact: Distribution;
}

export interface RankedProposal {
  id: number;
  number: number;
  rank: number;
  effort: AxisResult;
  impact: AxisResult;
  quadrant: Quadrant | null;
}

export function quadrantOf(effort: AxisResult, impact: AxisResult): Quadrant | null {
  if (effort.mean === null || impact.mean === null) return null;
  const highImpact = impact.mean > 3;
  const highEffort = effort.mean >= 3;
  if (highImpact) return highEffort ? 'major-project' : 'quick-win';
  return highEffort ? 'thankless' : 'fill-in';
}

export function rankProposals(proposals: ProposalGrades[]): RankedProposal[] {
  const scored = proposals.map((p) => {
    const effort = axisResult(p.effort);
    const impact = axisResult(p.impact);
    return { id: p.id, number: p.number, effort, impact, quadrant: quadrantOf(effort, impact) };
  });
  const gap = (p: (typeof scored)[number]) =>
    p.impact.median === null || p.effort.median === null ? -Infinity : p.impact.median - p.effort.median;
  const meanGap = (p: (typeof scored)[number]) => (p.impact.mean ?? 0) - (p.effort.mean ?? 0);
  scored.sort(
    (a, b) =>
      gap(b) - gap(a) ||
      compareMajority(b.impact, a.impact) ||
      compareMajority(a.effort, b.effort) ||
      meanGap(b) - meanGap(a) ||
      a.number - b.number
  );
  return scored.map((p, index) => ({ ...p, rank: index + 1 }));
}
