import { DEFAULT_GROUP_THRESHOLD, type Cluster, type SimilarityIndex } from './similarity';

/**
 * Learning from staff: the proposals formed so far are labelled examples. For a contribution
 * not yet placed, each proposal scores half the contribution's closeness to the proposal's
 * centroid (its sources' mean: the proposal's general idea) and half its similarity to the
 * nearest source (its closest wording) — a nearest-centroid and a nearest-neighbour
 * classifier averaged. The mean pairwise similarity that forms groups in `groups()` scored
 * 36 % top-1 on the labelled set after 2 placed per theme; this scorer 46 % (see the
 * benchmark). The best proposal is suggested (« ajouter à la proposition P ») when its score
 * reaches the threshold; below it the contribution stays unassigned (an off-topic or new
 * idea). A pair staff rejected (contribution, proposal) is never suggested again, nor a
 * proposal holding a contribution staff kept apart from this one.
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
   * How sure the suggestion is, in [0, 1]: the score against the threshold (half at the
   * threshold, full at twice it) times the lead over the runner-up proposal
   * (best / (best + second)), doubled and capped. A ranking aid, not a calibrated probability.
   */
  confidence: number;
  /** Words and concepts the contribution shares with the proposal's sources. */
  shared: string[];
  concepts: string[];
}

export class PlacementModel {
  private readonly centres = new Map<string, Cluster>();
  private readonly placedIn = new Map<number, string>();
  private readonly rejected = new Set<string>();
  /** Contributions staff kept apart: never suggested into a proposal that holds the other. */
  private readonly apart = new Map<number, Set<number>>();
  /** Scores of every candidate against each proposal, in candidate order: closeness to the centroid, and to the nearest source. */
  private readonly centroid = new Map<string, Float64Array>();
  private readonly nearest = new Map<string, Float64Array>();
  private readonly candidates: number[];
  private readonly slot = new Map<number, number>();

  /**
   * @param candidates the contributions to place (unassigned ones); placed ones are ignored there
   * @param threshold below this mean similarity, a contribution stays unassigned
   */
  constructor(
    private readonly index: SimilarityIndex,
    placements: Placement[],
    options: { candidates: number[]; rejected?: Placement[]; apart?: [number, number][]; threshold?: number }
  ) {
    this.threshold = options.threshold ?? DEFAULT_GROUP_THRESHOLD;
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
    for (const [proposal, ids] of byProposal) {
      this.centres.set(proposal, index.centreOf(ids));
      this.rescore(proposal);
    }
  }

  readonly threshold: number;

  /** Staff put a contribution into a proposal (moved from any other). */
  place(id: number, proposal: string) {
    const before = this.placedIn.get(id);
    if (before === proposal) return;
    if (before !== undefined) this.unplace(id);
    let centre = this.centres.get(proposal);
    if (!centre) this.centres.set(proposal, (centre = this.index.centreOf([])));
    this.index.moveInCentre(centre, id, 1);
    this.placedIn.set(id, proposal);
    this.rescore(proposal, id);
  }

  /** Staff took a contribution out of its proposal: that pair is not suggested again. */
  unplace(id: number) {
    const proposal = this.placedIn.get(id);
    if (proposal === undefined) return;
    this.index.moveInCentre(this.centres.get(proposal)!, id, -1);
    this.placedIn.delete(id);
    this.rejected.add(pairKey(id, proposal));
    this.rescore(proposal);
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
      if (!centre) this.centres.set(into, (centre = this.index.centreOf([])));
      this.index.moveInCentre(centre, id, 1);
    }
    this.centres.delete(from);
    this.centroid.delete(from);
    this.nearest.delete(from);
    this.rescore(into);
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
    const confidence = Math.min(1, best / (2 * this.threshold)) * Math.min(1, (2 * best) / (best + second));
    const reasons = this.index.explainWith(id, this.centres.get(bestProposal)!);
    return { id, proposal: bestProposal, score: best, confidence, ...reasons };
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
    if (!centre || centre.members.length === 0) {
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
    if (added === undefined || !nearest) nearest = new Float64Array(this.candidates.length);
    for (const source of sources) {
      const row = this.index.similarities(source, this.candidates);
      for (let i = 0; i < row.length; i++) if (row[i] > nearest[i]) nearest[i] = row[i];
    }
    this.nearest.set(proposal, nearest);
  }
}

/** Weight of the closeness to a proposal's centroid; the rest goes to its nearest source (a proposal's general idea and its closest wording). */
const CENTROID_SHARE = 0.5;

const pairKey = (id: number, proposal: string) => `${id}\u0000${proposal}`;
