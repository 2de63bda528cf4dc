import { axisResult, compareDistributions, emptyDistribution, type Distribution } from './grades';

/**
 * Counting a choice among candidates (investitures' closed primaries and officer elections)
 * from its published ballots, the same way for the server and for anyone who recounts. Pure.
 *
 * - `single`: one candidate per ballot (or blank). Elected in the first round with an
 *   absolute majority of the votes expressed (blank ballots are not expressed, as in French
 *   elections); otherwise a second round between the two leading candidates, where the most
 *   votes wins (a tie is reported, never broken by chance).
 * - `majority-judgment`: every candidate graded on the evaluation's 5-grade scale; the
 *   candidates are ranked by the same majority judgment and tie-break as the evaluation
 *   (`compareDistributions` of domain/grades.ts: lower median, then the majority gauge, then
 *   the majority value); a tie is reported only for proportionally identical grades.
 */

export const CANDIDATE_METHODS = ['single', 'majority-judgment'] as const;
export type CandidateMethod = (typeof CANDIDATE_METHODS)[number];

/** The evaluation's 5 grades (1…5), worded for judging a candidate. */
export const CANDIDATE_GRADE_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = { 1: 'Insuffisant', 2: 'Passable', 3: 'Assez bien', 4: 'Bien', 5: 'Très bien' };

/** What a ballot says: a candidate's key or `blank` (single), or a grade per candidate (majority judgment). */
export type CandidateBallot = { choice: string } | { grades: Record<string, number> };

export interface SingleChoiceResults {
  method: 'single';
  round: number;
  cast: number;
  blank: number;
  expressed: number;
  counts: Record<string, number>;
  /** Elected: an absolute majority of the expressed votes (round 1), the most votes (round 2). */
  winner: string | null;
  /** Round 1 without an absolute majority: the two candidates of the second round. */
  runoff: string[] | null;
  /** Candidates sharing the decisive place when the count cannot decide. */
  tie: string[] | null;
}

export interface JudgmentRow {
  candidate: string;
  distribution: Distribution;
  median: number | null;
  medianLabel: string | null;
  gauge: '+' | '-' | null;
  above: number;
  below: number;
  rank: number;
}

export interface JudgmentResults {
  method: 'majority-judgment';
  cast: number;
  ranking: JudgmentRow[];
  winner: string | null;
  tie: string[] | null;
}

export type CandidateResults = SingleChoiceResults | JudgmentResults;

/**
 * Checks a ballot against the candidates. Returns the normalised content (grades in key
 * order, so that a receipt hashes the same text for the same vote), or a French refusal.
 */
export function normaliseBallot(method: CandidateMethod, candidates: readonly string[], ballot: Partial<{ choice: unknown; grades: unknown }>): { ok: true; ballot: CandidateBallot } | { ok: false; field: string; message: string } {
  if (method === 'single') {
    if (ballot.grades !== undefined || typeof ballot.choice !== 'string') return { ok: false, field: 'choice', message: 'Votre vote : une candidature (« choice ») ou « blank » pour voter blanc.' };
    if (ballot.choice !== 'blank' && !candidates.includes(ballot.choice)) return { ok: false, field: 'choice', message: 'Cette candidature ne fait pas partie du scrutin.' };
    return { ok: true, ballot: { choice: ballot.choice } };
  }
  if (ballot.choice !== undefined || !ballot.grades || typeof ballot.grades !== 'object' || Array.isArray(ballot.grades)) {
    return { ok: false, field: 'grades', message: 'Votre vote : une mention de 1 à 5 pour chaque candidature (« grades »).' };
  }
  const grades = ballot.grades as Record<string, unknown>;
  const unknown = Object.keys(grades).filter((k) => !candidates.includes(k));
  if (unknown.length) return { ok: false, field: 'grades', message: 'Une mention porte sur une candidature qui ne fait pas partie du scrutin.' };
  const missing = candidates.filter((c) => !(c in grades));
  if (missing.length) return { ok: false, field: 'grades', message: `Donnez une mention à chaque candidature (${missing.length} manquante${missing.length > 1 ? 's' : ''}).` };
  if (Object.values(grades).some((g) => !Number.isInteger(g) || (g as number) < 1 || (g as number) > 5)) return { ok: false, field: 'grades', message: 'Chaque mention va de 1 (insuffisant) à 5 (très bien).' };
  return { ok: true, ballot: { grades: Object.fromEntries([...candidates].sort().map((c) => [c, grades[c] as number])) } };
}

/** Single choice: round 1 needs an absolute majority of the expressed votes; round 2 the most votes. */
export function countSingleChoice(candidates: readonly string[], ballots: readonly CandidateBallot[], round = 1): SingleChoiceResults {
  const counts: Record<string, number> = Object.fromEntries(candidates.map((c) => [c, 0]));
  let blank = 0;
  for (const b of ballots) {
    if (!('choice' in b)) continue;
    if (b.choice === 'blank') blank += 1;
    else if (b.choice in counts) counts[b.choice] += 1;
  }
  const expressed = Object.values(counts).reduce((a, b) => a + b, 0);
  const sorted = [...candidates].sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  const base = { method: 'single' as const, round, cast: ballots.length, blank, expressed, counts };
  if (expressed === 0) return { ...base, winner: null, runoff: null, tie: null };
  const top = counts[sorted[0]];
  if (round === 1) {
    if (top * 2 > expressed) return { ...base, winner: sorted[0], runoff: null, tie: null };
    // The two leading candidates go to the second round; a tie for second place is reported.
    const second = counts[sorted[1]] ?? 0;
    const tiedSecond = sorted.filter((c) => counts[c] === second);
    if (sorted.length > 2 && tiedSecond.length > 1 && counts[sorted[0]] !== second) return { ...base, winner: null, runoff: null, tie: tiedSecond };
    return { ...base, winner: null, runoff: sorted.slice(0, 2), tie: null };
  }
  const leaders = sorted.filter((c) => counts[c] === top);
  return leaders.length > 1 ? { ...base, winner: null, runoff: null, tie: leaders } : { ...base, winner: sorted[0], runoff: null, tie: null };
}

/** Majority judgment among candidates: the evaluation's ranking (domain/grades.ts). */
export function countMajorityJudgment(candidates: readonly string[], ballots: readonly CandidateBallot[]): JudgmentResults {
  const distributions = new Map<string, Distribution>(candidates.map((c) => [c, emptyDistribution()]));
  let cast = 0;
  for (const b of ballots) {
    if (!('grades' in b)) continue;
    cast += 1;
    for (const [c, g] of Object.entries(b.grades)) {
      const d = distributions.get(c);
      if (d && g >= 1 && g <= 5) d[g - 1] += 1;
    }
  }
  const ordered = [...candidates].sort((a, b) => compareDistributions(distributions.get(b)!, distributions.get(a)!) || a.localeCompare(b));
  const ranking: JudgmentRow[] = [];
  ordered.forEach((candidate, i) => {
    const d = distributions.get(candidate)!;
    const r = axisResult(d);
    const previous = ranking[i - 1];
    const rank = previous && compareDistributions(distributions.get(previous.candidate)!, d) === 0 ? previous.rank : i + 1;
    ranking.push({ candidate, distribution: d, median: r.median, medianLabel: r.median ? CANDIDATE_GRADE_LABELS[r.median] : null, gauge: r.gauge, above: r.above, below: r.below, rank });
  });
  const leaders = ranking.filter((r) => r.rank === 1).map((r) => r.candidate);
  if (cast === 0) return { method: 'majority-judgment', cast, ranking, winner: null, tie: null };
  return { method: 'majority-judgment', cast, ranking, winner: leaders.length === 1 ? leaders[0] : null, tie: leaders.length > 1 ? leaders : null };
}

/** The results of a ballot box, by its method. */
export function countCandidateBallots(method: CandidateMethod, candidates: readonly string[], ballots: readonly CandidateBallot[], round = 1): CandidateResults {
  return method === 'single' ? countSingleChoice(candidates, ballots, round) : countMajorityJudgment(candidates, ballots);
}
