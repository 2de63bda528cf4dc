import { DEFAULT_GROUP_THRESHOLD, type Cluster, type Probe, type SimilarityIndex } from './similarity';

/**
 * Learning from staff: the proposals formed so far are labelled examples. For a contribution
 * not yet placed, each proposal scores half the contribution's closeness to the proposal's
 * centroid (its sources' mean: the proposal's general idea) and half its similarity to the
 * nearest source (its closest wording) — a nearest-centroid and a nearest-neighbour
 * classifier averaged. The mean pairwise similarity that forms groups in `groups()` scored
 * 36 % top-1 on the labelled set after 2 placed per theme; this scorer 46 % (see the
 * benchmark). The best proposal is suggested (« ajouter à la proposition P ») when its score
 * reaches the threshold and, once the confidence is calibrated, that confidence reaches
 * `MIN_CONFIDENCE`; otherwise the contribution stays unassigned (an off-topic or new idea).
 * A pair staff rejected (contribution, proposal) is never suggested again, nor a proposal
 * holding a contribution staff kept apart from this one.
 *
 * A proposal's title and summary, written by staff, count as one more source of it (in its
 * centroid and as a « nearest source »): staff name the idea in their own words, often the
 * general ones members paraphrase. A proposal with a title and no source yet can already be
 * suggested. On the labelled set, after 2 placed per theme, top-1 rose from 46 % to 54 % with
 * the themes' titles as the proposals' titles (52 % with the confidence floor, which leaves
 * 80 % of the off-topic contributions unassigned instead of 47 %; see the benchmark). A
 * merged proposal's title goes with it: the sources moved speak for the other.
 *
 * Each staff decision updates one proposal's summed vectors and that proposal's scores
 * only: O(contributions × (words + dense dimensions)), not a rebuild.
 */
export interface Placement {
  /** Contribution id in the index. */
  id: number;
  /** The proposal it feeds (any stable key: a documentId). */
  proposal: string;
}

export interface PlacementSuggestion {
  id: number;
  proposal: string;
  /** ½ closeness to the proposal's centroid + ½ similarity to its nearest source, in [0, 1]. */
  score: number;
  /**
   * How likely the suggestion is right, in [0, 1]: once staff have placed enough
   * contributions (`CALIBRATION_MIN` predictions of their own placements), a probability
   * calibrated on them — Platt scaling (Platt 1999) of the score and of its lead over the
   * runner-up, fitted on leave-one-out predictions of the placed contributions (each one
   * predicted from the others, as if it were still unassigned). Before that, a ranking aid:
   * the score against the threshold (half at the threshold, full at twice it) times the lead
   * (best / (best + second), doubled and capped).
   */
  confidence: number;
  /** Whether `confidence` is calibrated on staff's placements (else the ranking aid above). */
  calibrated: boolean;
  /** Words and concepts the contribution shares with the proposal's sources and title. */
  shared: string[];
  concepts: string[];
}

/** What staff wrote of a proposal: its title and summary. */
export interface ProposalText {
  proposal: string;
  title: string;
  summary?: string | null;
}

export class PlacementModel {
  private readonly centres = new Map<string, Cluster>();
  /** Each proposal's title and summary, weighed by the index (only those with a known word). */
  private readonly titles = new Map<string, Probe>();
  private readonly placedIn = new Map<number, string>();
  private readonly rejected = new Set<string>();
  /** Contributions staff kept apart: never suggested into a proposal that holds the other. */
  private readonly apart = new Map<number, Set<number>>();
  /** Scores of every candidate against each proposal, in candidate order: closeness to the centroid, and to the nearest source. */
  private readonly centroid = new Map<string, Float64Array>();
  private readonly nearest = new Map<string, Float64Array>();
  private readonly candidates: number[];
  private readonly slot = new Map<number, number>();
  /** Platt weights (bias, score / threshold, lead) fitted on the placed contributions, null when too few; undefined: to refit. */
  private calibration: number[] | null | undefined = undefined;

  /**
   * @param candidates the contributions to place (unassigned ones); placed ones are ignored there
   * @param threshold below this mean similarity, a contribution stays unassigned
   * @param proposals the proposals' titles and summaries (each counts as one more source of its proposal)
   * @param minConfidence below this calibrated confidence, no suggestion (default `MIN_CONFIDENCE`)
   */
  constructor(
    private readonly index: SimilarityIndex,
    placements: Placement[],
    options: { candidates: number[]; rejected?: Placement[]; apart?: [number, number][]; threshold?: number; proposals?: ProposalText[]; minConfidence?: number }
  ) {
    this.threshold = options.threshold ?? DEFAULT_GROUP_THRESHOLD;
    this.minConfidence = options.minConfidence ?? MIN_CONFIDENCE;
    this.candidates = options.candidates.filter((id) => index.has(id));
    this.candidates.forEach((id, i) => this.slot.set(id, i));
    for (const r of options.rejected ?? []) this.rejected.add(pairKey(r.id, r.proposal));
    for (const [a, b] of options.apart ?? []) {
      this.apart.set(a, (this.apart.get(a) ?? new Set()).add(b));
      this.apart.set(b, (this.apart.get(b) ?? new Set()).add(a));
    }
    const byProposal = new Map<string, number[]>();
    for (const p of placements) {
      if (!index.has(p.id)) continue;
      this.placedIn.set(p.id, p.proposal);
      byProposal.set(p.proposal, [...(byProposal.get(p.proposal) ?? []), p.id]);
    }
    for (const p of options.proposals ?? []) {
      const probe = index.probe({ title: p.title, body: p.summary ?? '' });
      if (!probe.empty) this.titles.set(p.proposal, probe);
    }
    for (const proposal of new Set([...byProposal.keys(), ...this.titles.keys()])) {
      this.centres.set(proposal, this.newCentre(proposal, byProposal.get(proposal) ?? []));
      this.rescore(proposal);
    }
  }

  readonly threshold: number;
  readonly minConfidence: number;

  /** Staff put a contribution into a proposal (moved from any other). */
  place(id: number, proposal: string) {
    const before = this.placedIn.get(id);
    if (before === proposal) return;
    if (before !== undefined) this.unplace(id);
    let centre = this.centres.get(proposal);
    if (!centre) this.centres.set(proposal, (centre = this.newCentre(proposal, [])));
    this.index.moveInCentre(centre, id, 1);
    this.placedIn.set(id, proposal);
    this.rescore(proposal, id);
    this.calibration = undefined;
  }

  /** Staff took a contribution out of its proposal: that pair is not suggested again. */
  unplace(id: number) {
    const proposal = this.placedIn.get(id);
    if (proposal === undefined) return;
    this.index.moveInCentre(this.centres.get(proposal)!, id, -1);
    this.placedIn.delete(id);
    this.rejected.add(pairKey(id, proposal));
    this.rescore(proposal);
    this.calibration = undefined;
  }

  /** Staff rejected the suggestion « add `id` to `proposal` ». */
  reject(id: number, proposal: string) {
    this.rejected.add(pairKey(id, proposal));
  }

  /** Staff merged one proposal into another. */
  merge(from: string, into: string) {
    const moved = [...this.placedIn.entries()].filter(([, p]) => p === from).map(([id]) => id);
    for (const id of moved) {
      this.index.moveInCentre(this.centres.get(from)!, id, -1);
      this.placedIn.set(id, into);
      let centre = this.centres.get(into);
      if (!centre) this.centres.set(into, (centre = this.newCentre(into, [])));
      this.index.moveInCentre(centre, id, 1);
    }
    this.centres.delete(from);
    this.titles.delete(from);
    this.centroid.delete(from);
    this.nearest.delete(from);
    this.rescore(into);
    this.calibration = undefined;
  }

  /** The best proposal for one contribution, or null to leave it unassigned. */
  suggest(id: number): PlacementSuggestion | null {
    const slot = this.slot.get(id);
    if (slot === undefined || this.placedIn.has(id) || this.index.vague(id)) return null;
    let [best, second, bestProposal] = [0, 0, ''];
    const keptApart = new Set([...(this.apart.get(id) ?? [])].map((other) => this.placedIn.get(other)));
    for (const [proposal, centroid] of this.centroid) {
      if (this.rejected.has(pairKey(id, proposal)) || keptApart.has(proposal)) continue;
      const score = CENTROID_SHARE * centroid[slot] + (1 - CENTROID_SHARE) * this.nearest.get(proposal)![slot];
      if (score > best) [second, best, bestProposal] = [best, score, proposal];
      else if (score > second) second = score;
    }
    if (!bestProposal || best < this.threshold) return null;
    if (this.calibration === undefined) this.calibration = this.calibrate();
    const calibrated = this.calibration !== null;
    const confidence = calibrated ? platt(this.calibration!, this.features(best, second)) : Math.min(1, best / (2 * this.threshold)) * Math.min(1, (2 * best) / (best + second));
    if (calibrated && confidence < this.minConfidence) return null;
    const reasons = this.index.explainWith(id, this.centres.get(bestProposal)!);
    return { id, proposal: bestProposal, score: best, confidence, calibrated, ...reasons };
  }

  /** A proposal's summed vectors: its sources and its title. */
  private newCentre(proposal: string, ids: number[]): Cluster {
    const centre = this.index.centreOf(ids);
    const title = this.titles.get(proposal);
    if (title) this.index.moveProbeInCentre(centre, title, 1);
    return centre;
  }

  /** What the calibration reads of a suggestion: its score against the threshold and its lead over the runner-up. */
  private features(best: number, second: number): number[] {
    // (A threshold of 0 — every score suggested — reads the score itself: no division by zero.)
    return [1, best / (this.threshold > 0 ? this.threshold : 1), best / (best + second || 1)];
  }

  /**
   * Platt weights fitted on leave-one-out predictions of the placed contributions: each
   * (at most `CALIBRATION_SAMPLE`, spread evenly) is scored against every proposal as if it
   * were unassigned — its own proposal without it — and the prediction, when it reaches the
   * threshold, is right or wrong. Null below `CALIBRATION_MIN` predictions. Reads only (the
   * centre taken out of its proposal is put back).
   */
  private calibrate(): number[] | null {
    const sources = [...this.placedIn.keys()];
    const count = new Map<string, number>();
    for (const p of this.placedIn.values()) count.set(p, (count.get(p) ?? 0) + 1);
    const step = Math.max(1, sources.length / CALIBRATION_SAMPLE);
    const chosen: number[] = [];
    for (let at = 0; at < sources.length && chosen.length < CALIBRATION_SAMPLE; at += step) chosen.push(sources[Math.floor(at)]);
    for (const p of this.titles.keys()) count.set(p, (count.get(p) ?? 0) + 1);
    const norms = new Map([...this.centres].map(([p, c]) => [p, this.index.centreNorms(c)]));
    const titleRows = new Map([...this.titles].map(([p, probe]) => [p, this.index.similaritiesToProbe(probe, chosen)]));
    const samples: { x: number[]; right: boolean }[] = [];
    for (let at = 0; at < chosen.length; at++) {
      const id = chosen[at];
      const own = this.placedIn.get(id)!;
      if ((count.get(own) ?? 0) < 2) continue; // nothing left to recognise it by
      const row = this.index.similarities(id, sources);
      const nearest = new Map<string, number>();
      for (const [p, titleRow] of titleRows) nearest.set(p, titleRow[at]);
      sources.forEach((other, i) => {
        if (other === id) return;
        const p = this.placedIn.get(other)!;
        if (row[i] > (nearest.get(p) ?? 0)) nearest.set(p, row[i]);
      });
      let [best, second, bestProposal] = [0, 0, ''];
      for (const [proposal, centre] of this.centres) {
        if (centre.members.length + (centre.probes ?? 0) === 0) continue;
        let closeness: number;
        if (proposal === own) {
          this.index.moveInCentre(centre, id, -1);
          closeness = this.index.centroidCloseness(id, centre);
          this.index.moveInCentre(centre, id, 1);
        } else closeness = this.index.centroidCloseness(id, centre, norms.get(proposal));
        const score = CENTROID_SHARE * closeness + (1 - CENTROID_SHARE) * (nearest.get(proposal) ?? 0);
        if (score > best) [second, best, bestProposal] = [best, score, proposal];
        else if (score > second) second = score;
      }
      if (bestProposal && best >= this.threshold) samples.push({ x: this.features(best, second), right: bestProposal === own });
    }
    return samples.length >= CALIBRATION_MIN ? plattFit(samples) : null;
  }

  /** Suggestions for every unplaced candidate that has one, most confident first. */
  suggestAll(): PlacementSuggestion[] {
    return this.candidates
      .map((id) => this.suggest(id))
      .filter((s): s is PlacementSuggestion => s !== null)
      .sort((a, b) => b.confidence - a.confidence || b.score - a.score || a.id - b.id);
  }

  /**
   * A proposal's scores for every candidate, after its sources changed: the centroid part
   * always; the nearest-source part from scratch, or, when one source was added (`added`),
   * as the maximum of the old one and the similarity to the new source.
   */
  private rescore(proposal: string, added?: number) {
    const centre = this.centres.get(proposal);
    if (!centre || centre.members.length + (centre.probes ?? 0) === 0) {
      this.centroid.delete(proposal);
      this.nearest.delete(proposal);
      return;
    }
    const norms = this.index.centreNorms(centre);
    const centroid = new Float64Array(this.candidates.length);
    this.candidates.forEach((id, i) => (centroid[i] = this.index.centroidCloseness(id, centre, norms)));
    this.centroid.set(proposal, centroid);
    let nearest = this.nearest.get(proposal);
    const sources = added !== undefined && nearest ? [added] : [...this.placedIn.entries()].filter(([, p]) => p === proposal).map(([id]) => id);
    if (added === undefined || !nearest) {
      const title = this.titles.get(proposal);
      nearest = title ? this.index.similaritiesToProbe(title, this.candidates) : new Float64Array(this.candidates.length);
    }
    for (const source of sources) {
      const row = this.index.similarities(source, this.candidates);
      for (let i = 0; i < row.length; i++) if (row[i] > nearest[i]) nearest[i] = row[i];
    }
    this.nearest.set(proposal, nearest);
  }
}

/** Weight of the closeness to a proposal's centroid; the rest goes to its nearest source (a proposal's general idea and its closest wording). */
const CENTROID_SHARE = 0.5;

/**
 * Below this calibrated confidence, a contribution stays unassigned (the uncalibrated ranking
 * aid is never below ½ above the threshold, so this only applies once calibrated). A
 * suggestion is worth showing when its expected use is positive: a right one spares staff
 * finding the proposal and placing the contribution (two actions), a wrong one costs one
 * reject — worth it from P(right) > 1 / (1 + 2). Set by that argument, not on the labelled
 * set; measured there (benchmark), with the proposals' titles: off-topic left unassigned
 * after 2 placed per theme 47 % → 80 %, top-1 54 % → 52 %.
 */
const MIN_CONFIDENCE = 1 / 3;

/** Leave-one-out predictions needed before the confidence is calibrated on staff's placements. */
const CALIBRATION_MIN = 10;
/** Placed contributions predicted for the calibration at most (spread evenly): bounds its cost. */
const CALIBRATION_SAMPLE = 200;
/** Ridge penalty of the Platt fit (keeps it finite when every prediction was right, or wrong). */
const RIDGE = 1;

/** σ(w · x). */
function platt(w: number[], x: number[]): number {
  const z = w.reduce((sum, wi, i) => sum + wi * x[i], 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Logistic regression by Newton's method with a ridge penalty, on Platt's smoothed targets
 * ((N₊ + 1)/(N₊ + 2) for a right prediction, 1/(N₋ + 2) for a wrong one: few samples never
 * give a certainty). @returns the weights, same order as the features
 */
export function plattFit(samples: { x: number[]; right: boolean }[]): number[] {
  const positives = samples.filter((s) => s.right).length;
  const [high, low] = [(positives + 1) / (positives + 2), 1 / (samples.length - positives + 2)];
  const d = samples[0].x.length;
  let w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 25; iteration++) {
    const gradient = w.map((wi, i) => (i === 0 ? 0 : RIDGE * wi));
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? (i === 0 ? 1e-6 : RIDGE) : 0)));
    for (const s of samples) {
      const p = platt(w, s.x);
      const t = s.right ? high : low;
      for (let i = 0; i < d; i++) {
        gradient[i] += (p - t) * s.x[i];
        for (let j = 0; j < d; j++) hessian[i][j] += p * (1 - p) * s.x[i] * s.x[j];
      }
    }
    const step = solve(hessian, gradient);
    w = w.map((wi, i) => wi - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

/** Solves A x = b (small, symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r][n];
    for (let k = r + 1; k < n; k++) sum -= m[r][k] * x[k];
    x[r] = sum / m[r][r];
  }
  return x;
}

const pairKey = (id: number, proposal: string) => `${id}\u0000${proposal}`;
