import { stripAccents } from '@intranet-militant/shared';
import { groupingTokens, isStopWord, type Token } from './french-text';
import { truncatedSvd } from './lsa';
import { ConceptMatcher, SEEDED_VOCABULARY, type Vocabulary } from './vocabulary';

/**
 * Similar contributions, for grouping them into proposals, by meaning rather than shared
 * words alone. Each contribution is read four ways:
 * 1. its words, normalised without losing any (see `french-text.ts`), weighed by TF-IDF;
 * 2. the concepts of the domain vocabulary it names (« carte à jour » and « cotisation »
 *    are one concept), weighed like words, `CONCEPT_WEIGHT` times;
 * 3. its place in the concept space: each of its words leans on the concepts whose
 *    variants use it (`ConceptMatcher.conceptsOfWord`: explicit semantic analysis over the
 *    vocabulary), so that « carte », « payer » and « chaque année » lean on dues even where
 *    no variant is written whole; the consultation's mean profile is taken off (what every
 *    contribution of it leans on tells nothing);
 * 4. a latent vector: the truncated SVD (LSA) of the consultation's own word × concept
 *    matrix, so that words that keep company in this consultation come close.
 * Similarity = ½ cosine of (1+2) + ¼ cosine of (3) + ¼ cosine of (4) (see `LATENT_SHARE`);
 * optionally sentence embeddings. Candidates come from an inverted index (shared words and
 * concepts, shared strongest concept-space and latent axes), so thousands of contributions
 * stay fast; candidates are then scored exactly.
 *
 * Groups are average linkage (UPGMA): two groups join while the mean similarity of their
 * members, pair by pair, reaches the threshold; computed exactly from each group's summed
 * vectors (the mean of pairwise dot products is the dot product of the means), over the
 * pairs of groups the nearest-neighbour graph links. Pairs staff kept apart never join.
 */
export interface Text {
  id: number;
  title: string;
  body: string;
}

export interface Neighbour {
  id: number;
  score: number;
  /** Words the two texts share, most telling first. */
  shared: string[];
  /** Concepts of the vocabulary both texts name (labels). */
  concepts: string[];
}

export interface Group {
  ids: number[];
  keywords: string[];
  /** Concepts most of the group names (labels). */
  concepts: string[];
  /** Mean similarity of the members to their group's centre. */
  cohesion: number;
  /** Mean similarity of the members to each other, pair by pair (what the threshold bounds). */
  linkage: number;
}

export interface IndexOptions {
  vocabulary?: Vocabulary;
  /** Latent dimensions kept when LSA is on (default: one per 8 texts, 10 to 60). 0 turns LSA off. */
  dimensions?: number;
  /** Share of the latent cosine in the similarity (default `LATENT_SHARE`); 0 turns LSA off. */
  latentShare?: number;
  /** Share of the concept-space cosine in the similarity (default `CONCEPT_SPACE_SHARE`); 0 turns it off. */
  conceptSpaceShare?: number;
  /** Weight of a concept against a word (default `CONCEPT_WEIGHT`); for benchmarks. */
  conceptWeight?: number;
  /** Share of character n-grams within the word part (default `GRAM_SHARE`); 0 turns them off. */
  gramShare?: number;
  /** Share of the concepts as a block of their own within the sparse part (default `CONCEPT_SHARE`; 0: concepts weighed like words, `conceptWeight` times). */
  conceptShare?: number;
  /** Power of the IDF of concepts (default `CONCEPT_IDF_POWER`): above 1, a concept few texts name weighs more against one most name. */
  conceptIdfPower?: number;
  /** Inverse document frequency (default `IDF`): the smoothed `log(1 + n/df)`, or Robertson–Spärck Jones `log((n − df + ½)/(df + ½))` floored at `RSJ_FLOOR` (measured, kept off). */
  idf?: 'smooth' | 'rsj';
  /** Weight of a concept named by a single word, against `conceptWeight` for one named by a phrase (default `SINGLE_WORD_CONCEPT`). */
  singleWordConcept?: number;
  /**
   * Sentence embeddings by text id (any length, one length for all; normalised here), from
   * an optional provider (`embeddings.ts`). Texts without one simply have no embedding part.
   */
  embeddings?: ReadonlyMap<number, ArrayLike<number>>;
  /** Share of the embedding cosine in the similarity when embeddings are given (default `EMBEDDING_SHARE`). */
  embeddingShare?: number;
}

/** Default threshold of `groups()`: mean pairwise similarity for contributions to be one proposal. */
export const DEFAULT_GROUP_THRESHOLD = 0.3;
/** A concept weighs as this many occurrences of a word. */
const CONCEPT_WEIGHT = 2;
/** Share of the concepts' own block in the sparse part; 0: concepts weighed among the words (`CONCEPT_WEIGHT`). */
const CONCEPT_SHARE = 0;
/**
 * The inverse document frequency: the smoothed `log(1 + n/df)`. Robertson–Spärck Jones's
 * `log((n − df + ½)/(df + ½))` (BM25's IDF) was measured: on the labelled set (170 texts,
 * ideas of 2–10 texts each) it does a little better (F1 at the default threshold 0.29 →
 * 0.32, nearest-5 31 % → 33 %, top-1 after 2 per theme 46 % → 48 %, within the set's noise),
 * but it weighs nothing a word in half the texts: in a small consultation (a section's ten
 * contributions, three of them on dues) it erases the very words that make an idea, and the
 * small fixtures of `tests/grouping.test.ts` no longer group. Kept off.
 * Also measured and kept at their neutral values (the benchmark prints them): concepts as a
 * block of their own (0.3 of the word part), a concept's IDF squared, a concept named by one
 * word weighing ½ of one named by a phrase — each lowered the nearest-5 share or the F1.
 */
const IDF: 'smooth' | 'rsj' = 'smooth';
/** Floor of the Robertson–Spärck Jones IDF (it is negative for terms in more than half the texts). */
const RSJ_FLOOR = 0.1;
const SINGLE_WORD_CONCEPT = 1;
/** Power of a concept's IDF. */
const CONCEPT_IDF_POWER = 1;
/** Titles count this many times their words. */
const TITLE_WEIGHT = 2;
/**
 * Shares of the latent cosine (LSA: the consultation's own co-occurrence) and of the
 * concept-space cosine (the vocabulary's notions) in the similarity; the words and concepts
 * named take the rest (½). Until issue 14's fifth pass, LSA had the whole half. Measured
 * then (benchmark; « halves »: the mean over both halves of the labelled set split by
 * theme, four splits, each half indexed alone):
 * - LSA ½ (before): pairwise F1 at the default threshold 0.33, nearest-5 same theme 35 %,
 *   halves F1 0.39 / nearest-5 41 %; the Gard generator's 359 contributions taken into
 *   proposals (as `gard-scenario.test.ts` does, 6 seeds) 86–95 % of them on one theme;
 * - concept space ½, no LSA: 0.45, 42 %, halves 0.49 / 49 % (better in each of the 8), but
 *   sibling ideas of one notion merge (housing, health and pensions under « questions
 *   sociales »; water, energy and waste under ecology): 58–86 % of proposals on one theme;
 * - ¼ each (default): 0.43, 42 %, halves 0.49 / 49 %, proposals on one theme 74–92 %: LSA
 *   learns which words this consultation uses together, and keeps such siblings apart.
 */
const LATENT_SHARE = 0.25;
const CONCEPT_SPACE_SHARE = 0.25;
/** Strongest concept-space axes of a text that propose candidates. */
const CONCEPT_KEYS = 3;
/** Terms in more than this share of the texts do not propose candidates (they still score). */
const COMMON_SHARE = 0.02;
/** How many candidates, by partial score, are scored exactly (per kind of candidate). */
const RESCORED = 40;
/** Strongest latent axes of a text that propose candidates. */
const LATENT_KEYS = 3;
/** Neighbours per text in the graph that proposes groups to join. */
const GRAPH_NEIGHBOURS = 10;
/**
 * Share of character n-grams in the word part (morphology and typos the stemmer misses).
 * Off: measured on the labelled set, 4-grams at 0.3 lower the nearest-5 share (29 % → 26 %)
 * and F1 (0.29 → 0.24): on short texts they tie words that share an ending, not a meaning.
 */
const GRAM_SHARE = 0;
/** Length of the character n-grams of a word (with its boundaries: « #vote# »). */
const GRAM = 4;
/** Share of the embedding cosine when a provider gives embeddings (the rest: words, concepts, LSA). */
const EMBEDDING_SHARE = 0.5;
/** A text with fewer distinct content words than this, and no concept, is too vague to group (a phrase needs three). */
const MIN_WORDS = 3;
/** From this many texts with embeddings, their mean is taken off each (see `docOf`). */
const CENTRED_FROM = 30;
/** Up to this many texts, every text is a candidate neighbour when embeddings are on (they tie texts with no word in common). */
const EXHAUSTIVE = 2000;

interface Doc {
  id: number;
  terms: Int32Array;
  /** Its words and concepts at length √(its sparse share): a dot product of two is their cosine, weighed. */
  weights: Float64Array;
  /** The dense part: latent vector · √(latent share), concept profile · √(concept-space share), then embedding · √(embedding share). */
  dense: Float64Array;
  /** √ of the text's sparse share and of its dense share (a text the concept space cannot place gives its share to its words). */
  sparseScale: number;
  denseScale: number;
  /** Its strongest latent and concept-space axes, signed (axis·2 + sign). */
  keys: number[];
}

interface Features {
  counts: Map<number, number>;
  grams: Map<number, number>;
}

export class SimilarityIndex {
  readonly vocabularyRevision: string;
  private readonly matcher: ConceptMatcher;
  private readonly docs: Doc[] = [];
  private readonly position = new Map<number, number>();
  private readonly termIds = new Map<string, number>();
  /** What a term shows: the word most often written for it, or « concept label ». */
  private readonly labels: string[] = [];
  private readonly isConcept: boolean[] = [];
  /** Character n-grams: scored, never shown as a reason. */
  private readonly isGram: boolean[] = [];
  private readonly wordCounts: Map<string, number>[] = [];
  private readonly df: number[] = [];
  private postings: { docs: number[]; weights: number[] }[] = [];
  /** Texts by their strongest dense axes (latent and concept space), signed: see `strongestAxes`. */
  private latentPostings: number[][] = [];
  private readonly dimensions: number;
  /** Length of the concept-space part of the dense vector (the vocabulary's concepts; 0 when off). */
  private readonly conceptLength: number;
  /** Mean of the texts' unit concept-space vectors at the build, taken off each (see `docOf`). */
  private readonly conceptMean: Float64Array;
  /** Length of the dense part: latent dimensions + concepts + embedding dimensions. */
  private readonly denseLength: number;
  private readonly latentShare: number;
  private readonly conceptSpaceShare: number;
  /** Each word's concepts (`ConceptMatcher.conceptsOfWord`), by term. */
  private readonly wordConcepts: { concepts: Int32Array; weights: Float64Array }[] = [];
  private readonly embeddingShare: number;
  /** Share of the sparse part (words, concepts, n-grams): 1 − latent − concept-space − embedding shares. */
  private readonly sparseShare: number;
  private readonly gramShare: number;
  private readonly conceptWeight: number;
  private readonly conceptShare: number;
  private readonly conceptIdfPower: number;
  private readonly idfKind: 'smooth' | 'rsj';
  private readonly singleWordConcept: number;
  private readonly embeddingLength: number;
  private readonly embeddings: Map<number, ArrayLike<number>>;
  /** Mean of the texts' unit embeddings, taken off every embedding (see `docOf`). */
  private readonly embeddingMean: Float64Array;
  private readonly projection: Float64Array;
  private readonly built: number;
  private scores: Float64Array;

  constructor(texts: Text[], options: IndexOptions = {}) {
    const vocabulary = options.vocabulary ?? SEEDED_VOCABULARY;
    this.vocabularyRevision = vocabulary.revision;
    this.matcher = new ConceptMatcher(vocabulary);
    this.conceptWeight = options.conceptWeight ?? CONCEPT_WEIGHT;
    this.gramShare = options.gramShare ?? GRAM_SHARE;
    this.conceptShare = options.conceptShare ?? CONCEPT_SHARE;
    this.conceptIdfPower = options.conceptIdfPower ?? CONCEPT_IDF_POWER;
    this.idfKind = options.idf ?? IDF;
    this.singleWordConcept = options.singleWordConcept ?? SINGLE_WORD_CONCEPT;
    this.embeddings = new Map(options.embeddings ?? []);
    const lengths = new Set([...this.embeddings.values()].map((v) => v.length));
    if (lengths.size > 1) throw new Error(`Embeddings of different lengths: ${[...lengths].join(', ')}`);
    this.embeddingLength = lengths.size ? [...lengths][0] : 0;
    this.embeddingMean = new Float64Array(this.embeddingLength);
    if (this.embeddings.size >= CENTRED_FROM) for (const vector of this.embeddings.values()) {
      const unit = unitVector(vector);
      for (let d = 0; d < unit.length; d++) this.embeddingMean[d] += unit[d] / this.embeddings.size;
    }
    const features = texts.map((t) => this.featuresOf(t, true));
    for (const f of features) for (const term of [...f.counts.keys(), ...f.grams.keys()]) this.df[term] = (this.df[term] ?? 0) + 1;
    // A word shows as it is most often written.
    this.wordCounts.forEach((words, term) => {
      if (!this.isConcept[term] && !this.isGram[term]) this.labels[term] = [...words.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    });
    this.built = texts.length;
    const sparse = features.map((f) => this.weigh(f));
    const latentShare = options.latentShare ?? LATENT_SHARE;
    const wanted = latentShare > 0 ? (options.dimensions ?? Math.max(10, Math.min(60, Math.round(texts.length / 8)))) : 0;
    const svd = wanted > 0 ? truncatedSvd(sparse, this.termIds.size, wanted) : { dimensions: 0, projection: new Float64Array(0) };
    this.dimensions = svd.dimensions;
    this.projection = svd.projection;
    const conceptSpaceShare = options.conceptSpaceShare ?? CONCEPT_SPACE_SHARE;
    this.conceptLength = conceptSpaceShare > 0 ? this.matcher.concepts.length : 0;
    this.conceptMean = new Float64Array(this.conceptLength);
    if (this.conceptLength && texts.length >= CENTRED_FROM) {
      // The mean of the profiles of the texts the space places (see `docOf`).
      const profiles = sparse.map((row) => unitVector(this.conceptProfile(row))).filter((unit) => unit.some((x) => x !== 0));
      for (const unit of profiles) for (let c = 0; c < this.conceptLength; c++) this.conceptMean[c] += unit[c] / profiles.length;
    }
    this.embeddingShare = this.embeddingLength ? (options.embeddingShare ?? EMBEDDING_SHARE) : 0;
    this.latentShare = this.dimensions ? latentShare * (1 - this.embeddingShare) : 0;
    this.conceptSpaceShare = this.conceptLength ? conceptSpaceShare * (1 - this.embeddingShare) : 0;
    this.sparseShare = 1 - this.latentShare - this.conceptSpaceShare - this.embeddingShare;
    this.denseLength = this.dimensions + this.conceptLength + this.embeddingLength;
    this.scores = new Float64Array(texts.length);
    texts.forEach((text, i) => this.insert(text.id, sparse[i]));
  }

  get size() {
    return this.docs.length;
  }

  has(id: number) {
    return this.position.has(id);
  }

  /**
   * A contribution that arrived after the index was built, folded in: its words weighed
   * with the index's IDF, placed in the concept space (centred on the build's mean) and
   * projected on the latent axes when LSA is on (words the index never saw still count in
   * the word part). Rebuild when many arrived (see `staleness`).
   */
  add(text: Text, embedding?: ArrayLike<number>): void {
    if (this.position.has(text.id)) return;
    if (embedding && embedding.length === this.embeddingLength) this.embeddings.set(text.id, embedding);
    this.insert(text.id, this.weigh(this.featuresOf(text, false)));
    if (this.scores.length < this.docs.length) {
      const grown = new Float64Array(this.docs.length * 2);
      this.scores = grown;
    }
  }

  /** Share of the texts folded in since the index was built (0 when none). */
  get staleness() {
    return this.built === 0 ? (this.docs.length ? 1 : 0) : (this.docs.length - this.built) / this.built;
  }

  /** The texts most similar to one, best first. */
  nearest(id: number, k = 5, minScore = 0.1): Neighbour[] {
    const index = this.position.get(id);
    if (index === undefined) return [];
    return this.nearestTo(this.docs[index], k, minScore, index).map(([other, score]) => this.neighbour(this.docs[index], other, score));
  }

  /** The texts most similar to a text that is not in the index (a member writing), best first. */
  nearestToText(text: { title: string; body: string }, k = 5, minScore = 0.1, except: (id: number) => boolean = () => false, embedding?: ArrayLike<number>): Neighbour[] {
    const doc = this.docOf(-1, this.weigh(this.featuresOf({ id: -1, ...text }, false)), embedding);
    // Without its embedding, the text is scored on the other parts, brought back to [0, 1].
    const scale = this.embeddingShare > 0 && !(embedding && embedding.length === this.embeddingLength) ? 1 / (1 - this.embeddingShare) : 1;
    return this.nearestTo(doc, k * 2 + 5, minScore / scale, -1)
      .filter(([other]) => !except(this.docs[other].id))
      .slice(0, k)
      .map(([other, score]) => this.neighbour(doc, other, Math.min(1, score * scale)));
  }

  /** The similarity of two texts in [0, 1] (0 when either is unknown). */
  similarity(a: number, b: number): number {
    const [x, y] = [this.position.get(a), this.position.get(b)];
    return x === undefined || y === undefined ? 0 : this.score(this.docs[x], this.docs[y]);
  }

  /**
   * The similarity of one text to each of `ids`, in their order (0 for an unknown id, and
   * for the text itself): one lookup of the text, for learning from a staff decision.
   */
  similarities(id: number, ids: readonly number[]): Float64Array {
    const out = new Float64Array(ids.length);
    const x = this.position.get(id);
    if (x === undefined) return out;
    const doc = this.docs[x];
    for (let i = 0; i < ids.length; i++) {
      const y = this.position.get(ids[i]);
      if (y !== undefined && y !== x) out[i] = this.score(doc, this.docs[y]);
    }
    return out;
  }

  /**
   * Whether a text says too little to be grouped: fewer than `MIN_WORDS` distinct content
   * words and no concept of the vocabulary (« Merci pour tout », « À voir »). Such a text
   * forms no group and is suggested into no proposal; staff still see it unassigned.
   */
  vague(id: number): boolean {
    const i = this.position.get(id);
    return i !== undefined && this.vagueAt(i);
  }

  private vagueAt(i: number): boolean {
    const doc = this.docs[i];
    let words = 0;
    for (const term of doc.terms) {
      if (this.isConcept[term]) return false;
      if (!this.isGram[term]) words++;
    }
    return words < MIN_WORDS;
  }

  /** Why two texts are close: the words and concepts they share, most telling first. */
  explain(a: number, b: number): { shared: string[]; concepts: string[] } {
    const [x, y] = [this.position.get(a), this.position.get(b)];
    if (x === undefined || y === undefined) return { shared: [], concepts: [] };
    return this.reasons(this.docs[x], this.docs[y]);
  }

  /**
   * Groups of similar texts (two or more), largest first: average linkage at `threshold`.
   * `apart`: pairs of ids that must not end in one group (staff separated or rejected them).
   */
  groups(options: { threshold?: number; ids?: number[]; apart?: [number, number][] } = {}): Group[] {
    const threshold = options.threshold ?? DEFAULT_GROUP_THRESHOLD;
    const allowed = options.ids ? new Set(options.ids.map((id) => this.position.get(id)).filter((i): i is number => i !== undefined)) : null;
    // A text too vague to group (« Merci, bon courage ») stays out of every group.
    const members = (allowed ? [...allowed] : this.docs.map((_, i) => i)).filter((i) => !this.vagueAt(i));
    const apart = new Map<number, Set<number>>();
    for (const [a, b] of options.apart ?? []) {
      const [x, y] = [this.position.get(a), this.position.get(b)];
      if (x === undefined || y === undefined) continue;
      apart.set(x, (apart.get(x) ?? new Set()).add(y));
      apart.set(y, (apart.get(y) ?? new Set()).add(x));
    }

    // Each text starts alone; candidate merges are the edges of the nearest-neighbour graph.
    // An edge is scored with the clusters its ends belong to when it is pushed; popped after
    // either cluster changed, it is scored again and pushed back (lazy average linkage), so a
    // merge costs nothing for the clusters around it.
    const clusters = new Map<number, Cluster>();
    for (const i of members) clusters.set(i, this.clusterOf([i]));
    const sets = new UnionFind(this.docs.length);
    const heap = new MaxHeap();
    for (const i of members) {
      for (const [other, score] of this.nearestTo(this.docs[i], GRAPH_NEIGHBOURS * 3, threshold, i)
        .filter(([o]) => (!allowed || allowed.has(o)) && !this.vagueAt(o))
        .slice(0, GRAPH_NEIGHBOURS)) {
        heap.push(score, i, other, 0, 0);
      }
    }
    const separated = (a: Cluster, b: Cluster) => {
      if (apart.size === 0) return false;
      for (const x of a.members) {
        const far = apart.get(x);
        if (far) for (const y of b.members) if (far.has(y)) return true;
      }
      return false;
    };
    for (let top = heap.pop(); top && top.score >= threshold; top = heap.pop()) {
      const [ra, rb] = [sets.find(top.a), sets.find(top.b)];
      if (ra === rb) continue;
      const [a, b] = [clusters.get(ra)!, clusters.get(rb)!];
      if (a.version !== top.va || b.version !== top.vb || ra !== top.a || rb !== top.b) {
        // Scored again: merged now if still the best candidate, else back in the queue.
        const score = this.linkage(a, b);
        if (score < threshold) continue;
        if (heap.peekScore() > score) {
          heap.push(score, ra, rb, a.version, b.version);
          continue;
        }
      }
      if (separated(a, b)) continue;
      const [big, small, bigId, smallId] = a.members.length >= b.members.length ? [a, b, ra, rb] : [b, a, rb, ra];
      this.absorb(big, small);
      clusters.delete(smallId);
      sets.attach(smallId, bigId);
    }

    return [...clusters.values()]
      .filter((c) => c.members.length >= 2)
      .map((c) => this.describe(c))
      .sort((a, b) => b.ids.length - a.ids.length || b.linkage - a.linkage || a.ids[0] - b.ids[0]);
  }

  /**
   * Summed vectors of some texts (a proposal's sources), for `centroidCloseness`. Ids not in the
   * index are left out.
   */
  centreOf(ids: number[]): Cluster {
    return this.clusterOf(ids.map((id) => this.position.get(id)).filter((i): i is number => i !== undefined));
  }

  /**
   * A text that is not a contribution (a proposal's title and summary, written by staff),
   * weighed with the index's IDF and projected on its latent axes like a contribution folded
   * in, but never put in the index: `nearest` and `groups` never return it. Words the index
   * never saw are dropped (nothing to compare them with). With no embedding: when a provider
   * gives embeddings, the probe is compared on the other parts.
   */
  probe(text: { title: string; body: string }): Probe {
    const doc = this.docOf(-1, this.weigh(this.featuresOf({ id: -1, ...text }, false)));
    return { doc, empty: doc.terms.length === 0 };
  }

  /** The similarity of each of `ids` to a probe, in their order (0 for an unknown id). */
  similaritiesToProbe(probe: Probe, ids: readonly number[]): Float64Array {
    const out = new Float64Array(ids.length);
    if (probe.empty) return out;
    for (let i = 0; i < ids.length; i++) {
      const y = this.position.get(ids[i]);
      if (y !== undefined) out[i] = this.score(probe.doc as Doc, this.docs[y]);
    }
    return out;
  }

  /** Adds or removes a probe (a proposal's title) of a centre in place: it counts as one more source of the centre. */
  moveProbeInCentre(centre: Cluster, probe: Probe, direction: 1 | -1) {
    if (probe.empty) return;
    const doc = probe.doc as Doc;
    doc.terms.forEach((term, t) => {
      const w = (centre.sparse.get(term) ?? 0) + direction * doc.weights[t];
      if (Math.abs(w) < 1e-12) centre.sparse.delete(term);
      else centre.sparse.set(term, w);
    });
    for (let d = 0; d < this.denseLength; d++) centre.dense[d] += direction * doc.dense[d];
    centre.probes = Math.max(0, (centre.probes ?? 0) + direction);
    centre.version += 1;
  }

  /** Adds or removes one text of a centre in place (learning from one staff decision: O(words + dimensions)). */
  moveInCentre(centre: Cluster, id: number, direction: 1 | -1) {
    const i = this.position.get(id);
    if (i === undefined) return;
    if (direction === 1 && centre.members.includes(i)) return;
    if (direction === -1 && !centre.members.includes(i)) return;
    const doc = this.docs[i];
    doc.terms.forEach((term, t) => {
      const w = (centre.sparse.get(term) ?? 0) + direction * doc.weights[t];
      if (Math.abs(w) < 1e-12) centre.sparse.delete(term);
      else centre.sparse.set(term, w);
    });
    for (let d = 0; d < this.denseLength; d++) centre.dense[d] += direction * doc.dense[d];
    centre.members = direction === 1 ? [...centre.members, i] : centre.members.filter((m) => m !== i);
    centre.version += 1;
  }

  /**
   * Cosine-like closeness of one text to a centre's mean (its centroid), in [0, 1]: the
   * words' cosine with the centroid's words and the dense parts' cosine, weighed by their
   * shares. Unlike the mean of pairwise similarities (the groups' rule), it does not penalise a
   * proposal whose sources say one thing in varied words. O(words of the text + dense length)
   * with the centre's norms (`centreNorms`).
   */
  centroidCloseness(id: number, centre: Cluster, norms = this.centreNorms(centre)): number {
    const i = this.position.get(id);
    if (i === undefined || centre.members.length + (centre.probes ?? 0) === 0) return 0;
    return this.closeness(this.docs[i], centre, norms);
  }

  /** Lengths of a centre's word and dense parts, for `centroidCloseness`. */
  centreNorms(centre: Cluster): { sparse: number; dense: number } {
    let sparse = 0;
    for (const w of centre.sparse.values()) sparse += w * w;
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += centre.dense[d] * centre.dense[d];
    return { sparse: Math.sqrt(sparse) || 1, dense: Math.sqrt(dense) || 1 };
  }

  /** Why a text belongs with a centre: the words and concepts it shares with it, most telling first. */
  explainWith(id: number, centre: Cluster): { shared: string[]; concepts: string[] } {
    const i = this.position.get(id);
    if (i === undefined || centre.members.length + (centre.probes ?? 0) === 0) return { shared: [], concepts: [] };
    const doc = this.docs[i];
    const weighed = [...doc.terms]
      .map((term, t) => [term, doc.weights[t] * (centre.sparse.get(term) ?? 0)] as const)
      .filter(([, w]) => w > 1e-9)
      .sort((x, y) => y[1] - x[1]);
    return this.split(weighed.map(([term]) => term), this.leaning(doc.dense, centre.dense));
  }

  // ————— internals —————

  private featuresOf(text: Text, grow: boolean): Features {
    const counts = new Map<number, number>();
    const grams = new Map<number, number>();
    const termOf = (key: string, shown: string, concept: boolean, gram: boolean) => {
      let term = this.termIds.get(key);
      if (term === undefined) {
        if (!grow) return undefined;
        term = this.termIds.size;
        this.termIds.set(key, term);
        this.labels.push(shown);
        this.isConcept.push(concept);
        this.isGram.push(gram);
        this.wordCounts.push(new Map());
        this.wordConcepts.push(concept || gram ? this.matcher.conceptsOfWord('') : this.matcher.conceptsOfWord(key));
      }
      return term;
    };
    const add = (key: string, shown: string, weight: number, concept: boolean) => {
      const term = termOf(key, shown, concept, false);
      if (term === undefined) return;
      counts.set(term, (counts.get(term) ?? 0) + weight);
      if (!concept && grow) this.wordCounts[term].set(shown, (this.wordCounts[term].get(shown) ?? 0) + 1);
    };
    const read = (tokens: Token[], weight: number) => {
      for (const t of tokens) {
        if (t.stop) continue;
        add(t.key, t.word, weight, false);
        if (this.gramShare > 0) {
          for (const gram of charGrams(stripAccents(t.word))) {
            const term = termOf(`\u0001${gram}`, gram, false, true);
            if (term !== undefined) grams.set(term, (grams.get(term) ?? 0) + weight);
          }
        }
      }
      for (const m of this.matcher.match(tokens)) {
        const concept = this.matcher.concepts[m.concept];
        const phrase = m.words.filter((w) => !isStopWord(stripAccents(w.toLowerCase()))).length >= 2;
        add(`§${concept.key}`, concept.label, weight * this.conceptWeight * (phrase ? 1 : this.singleWordConcept), true);
      }
    };
    read(this.matcher.correct(groupingTokens(text.title)), TITLE_WEIGHT);
    read(this.matcher.correct(groupingTokens(text.body)), 1);
    return { counts, grams };
  }

  /**
   * TF-IDF weights (sublinear term frequency, `IDF`), terms ascending (two texts
   * compare by a merge): the words and concepts at unit length · √(1 − n-gram share), the
   * character n-grams at unit length · √(n-gram share), so that a dot product is the
   * weighted mean of the two cosines.
   */
  private weigh(f: Features): { terms: Int32Array; weights: Float64Array } {
    const n = Math.max(1, this.built || this.docs.length);
    const block = (counts: Map<number, number>, share: number) => {
      const entries = [...counts.entries()].map(([term, count]) => {
        const df = Math.max(1, this.df[term] ?? 1);
        const idf = this.idfKind === 'rsj' ? Math.max(RSJ_FLOOR, Math.log((n - df + 0.5) / (df + 0.5))) : Math.log(1 + n / df);
        return [term, (1 + Math.log(count)) * (this.isConcept[term] ? idf ** this.conceptIdfPower : idf)] as const;
      });
      const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
      const scale = Math.sqrt(share) / norm;
      return entries.map(([term, w]) => [term, w * scale] as const);
    };
    const gramShare = f.grams.size && f.counts.size ? this.gramShare : f.grams.size ? 1 : 0;
    let parts = [...block(f.counts, 1 - gramShare)];
    if (this.conceptShare > 0) {
      // Concepts as a block of their own: a text naming one concept shares that part whole with another naming it.
      const words = new Map([...f.counts].filter(([term]) => !this.isConcept[term]));
      const concepts = new Map([...f.counts].filter(([term]) => this.isConcept[term]));
      const conceptShare = concepts.size && words.size ? this.conceptShare : concepts.size ? 1 : 0;
      parts = [...block(words, (1 - gramShare) * (1 - conceptShare)), ...block(concepts, (1 - gramShare) * conceptShare)];
    }
    const entries = [...parts, ...block(f.grams, gramShare)].sort((a, b) => a[0] - b[0]);
    return { terms: Int32Array.from(entries.map(([t]) => t)), weights: Float64Array.from(entries.map(([, w]) => w)) };
  }

  private docOf(id: number, row: { terms: Int32Array; weights: Float64Array }, embedding?: ArrayLike<number>): Doc {
    const k = this.dimensions;
    const dense = new Float64Array(this.denseLength);
    row.terms.forEach((term, t) => {
      if (term * k >= this.projection.length) return;
      const w = row.weights[t];
      for (let d = 0; d < k; d++) dense[d] += w * this.projection[term * k + d];
    });
    let norm = 0;
    for (let d = 0; d < k; d++) norm += dense[d] * dense[d];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < k; d++) dense[d] /= norm;
    const keys = strongestAxes(dense.subarray(0, k));
    const latentScale = Math.sqrt(this.latentShare);
    for (let d = 0; d < k; d++) dense[d] *= latentScale;
    // The share of the concept space this text takes (0 when the space cannot place it).
    let conceptShare = 0;
    if (this.conceptLength) {
      // The text's concept profile, centred on the consultation's mean (below `CENTRED_FROM`
      // texts the mean is not taken), at unit length · √(concept-space share). A text none
      // of whose words the vocabulary uses has no place there: it stays at zero, and its
      // words take the concept space's share (two such texts compare on their words and
      // latent vectors, not on a part of them: an idea the vocabulary does not know still groups).
      const profile = unitVector(this.conceptProfile(row));
      let size = 0;
      if (profile.some((x) => x !== 0)) for (let c = 0; c < this.conceptLength; c++) size += (profile[c] -= this.conceptMean[c]) ** 2;
      conceptShare = size > 0 ? this.conceptSpaceShare : 0;
      const scale = conceptShare > 0 ? Math.sqrt(conceptShare / size) : 0;
      for (let c = 0; c < this.conceptLength; c++) dense[k + c] = profile[c] * scale;
      if (scale > 0) for (const key of strongestAxes(profile, CONCEPT_KEYS, true)) keys.push(key + 2 * k);
    }
    const vector = embedding ?? this.embeddings.get(id);
    if (vector && vector.length === this.embeddingLength && this.embeddingLength > 0) {
      // Centred on the consultation's mean: sentence models give every pair of texts a high
      // cosine (a direction all share, « all-but-the-top », Mu & Viswanath 2018); once it is
      // taken off, cosines spread over [-1, 1] whatever the model, like the lexical ones.
      // (Below `CENTRED_FROM` texts the mean is not taken: it would be the texts themselves.)
      const centred = unitVector(vector).map((x, d) => x - this.embeddingMean[d]);
      const unit = unitVector(centred);
      const scale = Math.sqrt(this.embeddingShare);
      const at = k + this.conceptLength;
      for (let d = 0; d < unit.length; d++) dense[at + d] = unit[d] * scale;
    }
    const moved = this.conceptSpaceShare - conceptShare;
    const sparseScale = Math.sqrt(this.sparseShare + moved);
    const denseScale = Math.sqrt(Math.max(0, this.latentShare + this.conceptSpaceShare + this.embeddingShare - moved));
    return { id, terms: row.terms, weights: row.weights.map((w) => w * sparseScale), dense, sparseScale, denseScale, keys };
  }

  /** A weighed text's concept profile: Σ over its words of weight · the word's concepts. */
  private conceptProfile(row: { terms: Int32Array; weights: Float64Array }): Float64Array {
    const profile = new Float64Array(this.conceptLength);
    row.terms.forEach((term, t) => {
      const { concepts, weights } = this.wordConcepts[term];
      for (let i = 0; i < concepts.length; i++) profile[concepts[i]] += row.weights[t] * weights[i];
    });
    return profile;
  }

  private insert(id: number, row: { terms: Int32Array; weights: Float64Array }) {
    const doc = this.docOf(id, row);
    const index = this.docs.length;
    this.docs.push(doc);
    this.position.set(id, index);
    doc.terms.forEach((term, k) => {
      const list = (this.postings[term] ??= { docs: [], weights: [] });
      list.docs.push(index);
      list.weights.push(doc.weights[k]);
    });
    for (const key of doc.keys) (this.latentPostings[key] ??= []).push(index);
  }

  private score(a: Doc, b: Doc): number {
    const words = sparseDot(a, b);
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += a.dense[d] * b.dense[d];
    return words + Math.max(0, dense);
  }

  /** [index, exact similarity] of the nearest texts to a document (`self`: its own index, left out). */
  private nearestTo(doc: Doc, k: number, minScore: number, self: number): [number, number][] {
    const common = Math.max(50, this.docs.length * COMMON_SHARE);
    const wanted = Math.max(RESCORED, k);
    const work = this.workspace();
    const stamp = ++work.stamp;
    let candidateCount = 0;
    const addCandidate = (other: number) => {
      if (other === self || work.mark[other] === stamp) return;
      work.mark[other] = stamp;
      work.candidates[candidateCount++] = other;
    };
    // Partial scores from the telling words and concepts, posting list by posting list;
    // then the `wanted` best of them (a bounded heap: no sort, no allocation).
    let touched = 0;
    for (let t = 0; t < doc.terms.length; t++) {
      const list = this.postings[doc.terms[t]];
      if (!list || list.docs.length > common) continue;
      const w = doc.weights[t];
      for (let p = 0; p < list.docs.length; p++) {
        const other = list.docs[p];
        if (this.scores[other] === 0) work.touched[touched++] = other;
        this.scores[other] += w * list.weights[p];
      }
    }
    for (const other of work.select(touched, this.scores, wanted, self)) addCandidate(other);
    for (let i = 0; i < touched; i++) this.scores[work.touched[i]] = 0;
    if (doc.keys.length > 0) {
      // Partial dense scores over the text's strongest latent and concept-space axes (an
      // axis most texts lean on, such as LSA's first, close to the mean of all, tells
      // nothing and is skipped).
      touched = 0;
      for (const key of doc.keys) {
        const list = this.latentPostings[key] ?? [];
        if (list.length > common) continue;
        const w = doc.dense[key >> 1];
        for (const other of list) {
          if (this.scores[other] === 0) work.touched[touched++] = other;
          this.scores[other] += Math.abs(w * this.docs[other].dense[key >> 1]) + 1e-12;
        }
      }
      for (const other of work.select(touched, this.scores, wanted, self)) addCandidate(other);
      for (let i = 0; i < touched; i++) this.scores[work.touched[i]] = 0;
    }
    // Embeddings tie texts that share no word nor latent axis: below `EXHAUSTIVE` texts, every one is a candidate.
    if (this.embeddingShare > 0 && this.docs.length <= EXHAUSTIVE) for (let other = 0; other < this.docs.length; other++) addCandidate(other);
    const found: [number, number][] = [];
    for (let c = 0; c < candidateCount; c++) {
      const other = work.candidates[c];
      const score = this.score(doc, this.docs[other]);
      if (score >= minScore) found.push([other, score]);
    }
    return found.sort((a, b) => b[1] - a[1] || this.docs[a[0]].id - this.docs[b[0]].id).slice(0, k);
  }

  /** Buffers `nearestTo` reuses (sized to the index; regrown after texts are folded in). */
  private work: Workspace | null = null;
  private workspace(): Workspace {
    if (!this.work || this.work.size < this.docs.length) this.work = new Workspace(Math.max(16, this.docs.length * 2));
    if (this.scores.length < this.docs.length) this.scores = new Float64Array(this.docs.length * 2);
    return this.work;
  }

  private neighbour(doc: Doc, other: number, score: number): Neighbour {
    const { shared, concepts } = this.reasons(doc, this.docs[other]);
    return { id: this.docs[other].id, score, shared, concepts };
  }

  private reasons(a: Doc, b: Doc): { shared: string[]; concepts: string[] } {
    const weights = new Map<number, number>();
    b.terms.forEach((term, i) => weights.set(term, b.weights[i]));
    const weighed = [...a.terms]
      .map((term, i) => [term, a.weights[i] * (weights.get(term) ?? 0)] as const)
      .filter(([, w]) => w > 0)
      .sort((x, y) => y[1] - x[1]);
    return this.split(weighed.map(([term]) => term), this.leaning(a.dense, b.dense));
  }

  /**
   * The concepts two dense parts both lean on in the concept space (both above the
   * consultation's mean), most shared first: what ties texts that name no concept whole.
   */
  private leaning(a: Float64Array, b: Float64Array): number[] {
    const k = this.dimensions;
    const shared: [number, number][] = [];
    for (let c = 0; c < this.conceptLength; c++) if (a[k + c] > 0 && b[k + c] > 0) shared.push([c, a[k + c] * b[k + c]]);
    return shared.sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([c]) => c);
  }

  /** Words shown (at most `limit`), and concepts: those named by both first, then those both lean on (3 in all). */
  private split(terms: number[], leaning: number[] = [], limit = 5): { shared: string[]; concepts: string[] } {
    const named = terms.filter((t) => this.isConcept[t]).map((t) => this.labels[t]);
    const leaned = leaning.map((c) => this.matcher.concepts[c].label).filter((label) => !named.includes(label));
    return {
      shared: terms.filter((t) => !this.isConcept[t] && !this.isGram[t]).slice(0, limit).map((t) => this.labels[t]),
      concepts: [...named, ...leaned].slice(0, 3),
    };
  }

  private clusterOf(indexes: number[]): Cluster {
    const cluster: Cluster = { members: [], sparse: new Map(), dense: new Float64Array(this.denseLength), version: 0 };
    for (const i of indexes) {
      const doc = this.docs[i];
      doc.terms.forEach((term, t) => cluster.sparse.set(term, (cluster.sparse.get(term) ?? 0) + doc.weights[t]));
      for (let d = 0; d < this.denseLength; d++) cluster.dense[d] += doc.dense[d];
      cluster.members.push(i);
    }
    return cluster;
  }

  private absorb(into: Cluster, from: Cluster) {
    for (const [term, w] of from.sparse) into.sparse.set(term, (into.sparse.get(term) ?? 0) + w);
    for (let d = 0; d < this.denseLength; d++) into.dense[d] += from.dense[d];
    for (const m of from.members) into.members.push(m);
    into.version += 1;
  }

  /** Mean pairwise similarity between the texts of two clusters (latent part floored at 0 per cluster pair). */
  private linkage(a: Cluster, b: Cluster): number {
    const [small, large] = a.sparse.size <= b.sparse.size ? [a.sparse, b.sparse] : [b.sparse, a.sparse];
    let words = 0;
    for (const [term, w] of small) words += w * (large.get(term) ?? 0);
    const pairs = a.members.length * b.members.length;
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += a.dense[d] * b.dense[d];
    return (words + Math.max(0, dense)) / pairs;
  }

  private closeness(doc: Doc, c: Cluster, norms: { sparse: number; dense: number }): number {
    let words = 0;
    for (let t = 0; t < doc.terms.length; t++) words += doc.weights[t] * (c.sparse.get(doc.terms[t]) ?? 0);
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += doc.dense[d] * c.dense[d];
    // The text's parts have lengths √(its sparse share) and √(its dense share): each one's
    // cosine with the centre's, weighed by that share.
    return doc.sparseScale * (words / norms.sparse) + doc.denseScale * Math.max(0, dense / norms.dense);
  }

  private describe(c: Cluster): Group {
    const n = c.members.length;
    const centre = [...c.sparse.entries()].sort((x, y) => y[1] - x[1]);
    // Cohesion: mean similarity of the members to the normalised centre.
    const norm = Math.sqrt(centre.reduce((s, [, w]) => s + w * w, 0)) || 1;
    const denseNorm = Math.sqrt(c.dense.reduce((s, x) => s + x * x, 0)) || 1;
    let cohesion = 0;
    for (const i of c.members) cohesion += this.closeness(this.docs[i], c, { sparse: norm, dense: denseNorm });
    const self = this.linkage(c, c);
    // Mean over distinct pairs: the self-linkage counts each text with itself once (similarity 1).
    const linkage = n > 1 ? (self * n * n - n) / (n * (n - 1)) : 1;
    const { shared, concepts } = this.split(centre.map(([term]) => term), this.leaning(c.dense, c.dense));
    return { ids: c.members.map((i) => this.docs[i].id).sort((x, y) => x - y), keywords: shared, concepts, cohesion: cohesion / n, linkage };
  }
}

/** Summed vectors of a set of texts (a group in the making, or a proposal's sources). */
export interface Cluster {
  members: number[];
  /** Probes (proposals' titles) summed in as well, not members: see `SimilarityIndex.probe`. */
  probes?: number;
  sparse: Map<number, number>;
  /** Summed dense parts (latent and embedding, scaled by the square roots of their shares). */
  dense: Float64Array;
  version: number;
}

/** A text outside the index, weighed and projected by it (`SimilarityIndex.probe`); opaque. */
export interface Probe {
  /** The weighed text (the index's own shape). */
  readonly doc: object;
  /** No word of it is known to the index: it compares with nothing. */
  readonly empty: boolean;
}

/** A vector at unit length (zeros stay zeros). */
function unitVector(vector: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(vector as ArrayLike<number>);
  let size = 0;
  for (let d = 0; d < out.length; d++) size += out[d] * out[d];
  if (size > 0) for (let d = 0, scale = 1 / Math.sqrt(size); d < out.length; d++) out[d] *= scale;
  return out;
}

/** The character n-grams of a word (accents off) with its boundaries: « vote » → « #vot », « vote », « ote# ». */
export function charGrams(bare: string, n = GRAM): string[] {
  const padded = `#${bare}#`;
  if (padded.length <= n) return [padded];
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}

/**
 * A dense vector's strongest axes, signed (axis·2 + sign): texts sharing one are candidates.
 * `positive`: only axes the vector leans on (a concept a text is far from ties nothing).
 */
function strongestAxes(latent: Float64Array, count = LATENT_KEYS, positive = false): number[] {
  const top: number[] = [];
  for (let d = 0; d < latent.length; d++) {
    const size = positive ? latent[d] : Math.abs(latent[d]);
    if (size <= 0 || (top.length === count && size <= Math.abs(latent[top[count - 1]]))) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && Math.abs(latent[top[at - 1]]) < size) at--;
    top.splice(at, 0, d);
    if (top.length > count) top.pop();
  }
  return top.map((d) => d * 2 + (latent[d] > 0 ? 1 : 0));
}

/**
 * Reusable buffers of one index's neighbour searches: texts touched by posting lists,
 * candidates (deduplicated by a stamp per search), and a bounded min-heap that keeps the
 * `count` best partial scores in one pass (O(touched · log count), no allocation).
 */
class Workspace {
  readonly touched: Int32Array;
  readonly candidates: Int32Array;
  readonly mark: Int32Array;
  stamp = 0;
  private readonly heap: Int32Array;
  private readonly chosen: number[] = [];

  constructor(readonly size: number) {
    this.touched = new Int32Array(size);
    this.candidates = new Int32Array(size);
    this.mark = new Int32Array(size);
    this.heap = new Int32Array(Math.max(RESCORED, GRAPH_NEIGHBOURS * 3) * 4);
  }

  /** The (at most) `count` touched texts with the highest scores, `self` left out; ties broken by position. Valid until the next call. */
  select(touched: number, scores: Float64Array, count: number, self: number): number[] {
    const heap = count <= this.heap.length ? this.heap : new Int32Array(count);
    const below = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
    let size = 0;
    for (let i = 0; i < touched; i++) {
      const item = this.touched[i];
      if (item === self) continue;
      if (size < count) {
        // Sift up.
        let at = size++;
        heap[at] = item;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!below(heap[at], heap[parent])) break;
          [heap[at], heap[parent]] = [heap[parent], heap[at]];
          at = parent;
        }
      } else if (below(heap[0], item)) {
        // Replace the smallest, sift down.
        heap[0] = item;
        let at = 0;
        for (;;) {
          const [l, r] = [2 * at + 1, 2 * at + 2];
          let least = at;
          if (l < size && below(heap[l], heap[least])) least = l;
          if (r < size && below(heap[r], heap[least])) least = r;
          if (least === at) break;
          [heap[at], heap[least]] = [heap[least], heap[at]];
          at = least;
        }
      }
    }
    this.chosen.length = size;
    for (let i = 0; i < size; i++) this.chosen[i] = heap[i];
    return this.chosen;
  }
}

function sparseDot(a: { terms: Int32Array; weights: Float64Array }, b: { terms: Int32Array; weights: Float64Array }): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    if (a.terms[i] === b.terms[j]) sum += a.weights[i++] * b.weights[j++];
    else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return sum;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  /** Makes `root` (a root) point at `into` (a root). */
  attach(root: number, into: number) {
    this.parent[root] = into;
  }
}

/**
 * A binary max-heap of candidate merges (stale entries are skipped when popped), in
 * parallel typed arrays: hundreds of thousands of entries without an object each.
 */
class MaxHeap {
  private size = 0;
  private scores = new Float64Array(1024);
  private ends = new Int32Array(1024 * 4);
  private readonly top = { score: 0, a: 0, b: 0, va: 0, vb: 0 };

  push(score: number, a: number, b: number, va: number, vb: number) {
    if (this.size === this.scores.length) {
      const scores = new Float64Array(this.size * 2);
      scores.set(this.scores);
      const ends = new Int32Array(this.size * 8);
      ends.set(this.ends);
      [this.scores, this.ends] = [scores, ends];
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent] >= score) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, score, a, b, va, vb);
  }

  /** The best score waiting (-Infinity when empty). */
  peekScore(): number {
    return this.size ? this.scores[0] : -Infinity;
  }

  /** The best entry (one object, overwritten by the next pop), or undefined when empty. */
  pop() {
    if (this.size === 0) return undefined;
    const { top, ends } = this;
    [top.score, top.a, top.b, top.va, top.vb] = [this.scores[0], ends[0], ends[1], ends[2], ends[3]];
    const last = --this.size;
    if (last > 0) {
      const score = this.scores[last];
      const [a, b, va, vb] = [ends[last * 4], ends[last * 4 + 1], ends[last * 4 + 2], ends[last * 4 + 3]];
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let bigger = -1;
        let best = score;
        if (l < last && this.scores[l] > best) [bigger, best] = [l, this.scores[l]];
        if (r < last && this.scores[r] > best) bigger = r;
        if (bigger < 0) break;
        this.move(bigger, i);
        i = bigger;
      }
      this.put(i, score, a, b, va, vb);
    }
    return top;
  }

  private move(from: number, to: number) {
    this.scores[to] = this.scores[from];
    this.ends.copyWithin(to * 4, from * 4, from * 4 + 4);
  }

  private put(i: number, score: number, a: number, b: number, va: number, vb: number) {
    this.scores[i] = score;
    this.ends[i * 4] = a;
    this.ends[i * 4 + 1] = b;
    this.ends[i * 4 + 2] = va;
    this.ends[i * 4 + 3] = vb;
  }
}
