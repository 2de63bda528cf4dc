import { stripAccents } from '@intranet-militant/shared';
import { groupingTokens, type Token } from './french-text';
import { truncatedSvd } from './lsa';
import { ConceptMatcher, SEEDED_VOCABULARY, type Vocabulary } from './vocabulary';

/**
 * Similar contributions, for grouping them into proposals, by meaning rather than shared
 * words alone. Each contribution is read three ways:
 * 1. its words, normalised without losing any (see `french-text.ts`), weighed by TF-IDF;
 * 2. the concepts of the domain vocabulary it names (« carte à jour » and « cotisation »
 *    are one concept), weighed like words, `CONCEPT_WEIGHT` times;
 * 3. a latent vector: the truncated SVD (LSA) of the consultation's own word × concept
 *    matrix, so that words that keep company in this consultation come close.
 * Similarity is the mean of the cosine of (1+2) and the cosine of (3). Candidates come
 * from an inverted index (shared words and concepts, shared strongest latent axes), so
 * thousands of contributions stay fast; candidates are then scored exactly.
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
  /** Latent dimensions kept (default: one per 8 texts, 10 to 60). 0 turns LSA off. */
  dimensions?: number;
  /** Share of the latent cosine in the similarity (default `LATENT_SHARE`); for benchmarks. */
  latentShare?: number;
  /** Weight of a concept against a word (default `CONCEPT_WEIGHT`); for benchmarks. */
  conceptWeight?: number;
  /** Share of character n-grams within the word part (default `GRAM_SHARE`); 0 turns them off. */
  gramShare?: number;
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
/** Titles count this many times their words. */
const TITLE_WEIGHT = 2;
/** Share of the latent cosine in the similarity (the rest: words and concepts). */
const LATENT_SHARE = 0.5;
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
/** Up to this many texts, every text is a candidate neighbour when embeddings are on (they tie texts with no word in common). */
const EXHAUSTIVE = 2000;

interface Doc {
  id: number;
  terms: Int32Array;
  weights: Float64Array;
  /** The dense part: latent vector · √(latent share), then embedding · √(embedding share). */
  dense: Float64Array;
  /** Its strongest latent axes, signed (axis·2 + sign). */
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
  private latentPostings: number[][] = [];
  private readonly dimensions: number;
  /** Length of the dense part: latent dimensions + embedding dimensions. */
  private readonly denseLength: number;
  private readonly latentShare: number;
  private readonly embeddingShare: number;
  /** Share of the sparse part (words, concepts, n-grams): 1 − latent − embedding shares. */
  private readonly sparseShare: number;
  private readonly gramShare: number;
  private readonly conceptWeight: number;
  private readonly embeddingLength: number;
  private readonly embeddings: Map<number, ArrayLike<number>>;
  private readonly projection: Float64Array;
  private readonly built: number;
  private scores: Float64Array;

  constructor(texts: Text[], options: IndexOptions = {}) {
    const vocabulary = options.vocabulary ?? SEEDED_VOCABULARY;
    this.vocabularyRevision = vocabulary.revision;
    this.matcher = new ConceptMatcher(vocabulary);
    this.conceptWeight = options.conceptWeight ?? CONCEPT_WEIGHT;
    this.gramShare = options.gramShare ?? GRAM_SHARE;
    this.embeddings = new Map(options.embeddings ?? []);
    const lengths = new Set([...this.embeddings.values()].map((v) => v.length));
    if (lengths.size > 1) throw new Error(`Embeddings of different lengths: ${[...lengths].join(', ')}`);
    this.embeddingLength = lengths.size ? [...lengths][0] : 0;
    const features = texts.map((t) => this.featuresOf(t, true));
    for (const f of features) for (const term of [...f.counts.keys(), ...f.grams.keys()]) this.df[term] = (this.df[term] ?? 0) + 1;
    // A word shows as it is most often written.
    this.wordCounts.forEach((words, term) => {
      if (!this.isConcept[term] && !this.isGram[term]) this.labels[term] = [...words.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    });
    this.built = texts.length;
    const sparse = features.map((f) => this.weigh(f));
    const wanted = options.dimensions ?? Math.max(10, Math.min(60, Math.round(texts.length / 8)));
    const svd = wanted > 0 ? truncatedSvd(sparse, this.termIds.size, wanted) : { dimensions: 0, projection: new Float64Array(0) };
    this.dimensions = svd.dimensions;
    this.projection = svd.projection;
    this.embeddingShare = this.embeddingLength ? (options.embeddingShare ?? EMBEDDING_SHARE) : 0;
    this.latentShare = this.dimensions ? (options.latentShare ?? LATENT_SHARE) * (1 - this.embeddingShare) : 0;
    this.sparseShare = 1 - this.latentShare - this.embeddingShare;
    this.denseLength = this.dimensions + this.embeddingLength;
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
   * with the index's IDF, projected on the index's latent axes (words the index never saw
   * still count in the word part). Rebuild when many arrived (see `staleness`).
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
    const members = allowed ? [...allowed] : this.docs.map((_, i) => i);
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
        .filter(([o]) => !allowed || allowed.has(o))
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
   * Summed vectors of some texts (a proposal's sources), for `affinity`. Ids not in the
   * index are left out.
   */
  centreOf(ids: number[]): Cluster {
    return this.clusterOf(ids.map((id) => this.position.get(id)).filter((i): i is number => i !== undefined));
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
   * Mean similarity of one text to the texts of a centre (average linkage of one against a
   * group; the text itself left out if it is one of them); 0 for an empty centre. Reads the
   * centre in place: O(words of the text + latent dimensions).
   */
  affinity(id: number, centre: Cluster): number {
    const i = this.position.get(id);
    if (i === undefined) return 0;
    const doc = this.docs[i];
    const inside = centre.members.includes(i);
    const n = centre.members.length - (inside ? 1 : 0);
    if (n <= 0) return 0;
    let words = 0;
    for (let t = 0; t < doc.terms.length; t++) {
      const w = centre.sparse.get(doc.terms[t]);
      if (w !== undefined) words += doc.weights[t] * (inside ? w - doc.weights[t] : w);
    }
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += doc.dense[d] * (inside ? centre.dense[d] - doc.dense[d] : centre.dense[d]);
    return (this.sparseShare * words + Math.max(0, dense)) / n;
  }

  /**
   * Cosine-like closeness of one text to a centre's mean (its centroid), in [0, 1]: the
   * words' cosine with the centroid's words and the dense parts' cosine, weighed by their
   * shares. Unlike `affinity` (the mean of pairwise similarities), it does not penalise a
   * proposal whose sources say one thing in varied words. O(words of the text + dense length)
   * with the centre's norms (`centreNorms`).
   */
  centroidCloseness(id: number, centre: Cluster, norms = this.centreNorms(centre)): number {
    const i = this.position.get(id);
    if (i === undefined || centre.members.length === 0) return 0;
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
    if (i === undefined || centre.members.length === 0) return { shared: [], concepts: [] };
    const doc = this.docs[i];
    const weighed = [...doc.terms]
      .map((term, t) => [term, doc.weights[t] * (centre.sparse.get(term) ?? 0)] as const)
      .filter(([, w]) => w > 1e-9)
      .sort((x, y) => y[1] - x[1]);
    return this.split(weighed.map(([term]) => term));
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
        add(`§${concept.key}`, concept.label, weight * this.conceptWeight, true);
      }
    };
    read(this.matcher.correct(groupingTokens(text.title)), TITLE_WEIGHT);
    read(this.matcher.correct(groupingTokens(text.body)), 1);
    return { counts, grams };
  }

  /**
   * TF-IDF weights (sublinear term frequency, smoothed IDF), terms ascending (two texts
   * compare by a merge): the words and concepts at unit length · √(1 − n-gram share), the
   * character n-grams at unit length · √(n-gram share), so that a dot product is the
   * weighted mean of the two cosines.
   */
  private weigh(f: Features): { terms: Int32Array; weights: Float64Array } {
    const n = Math.max(1, this.built || this.docs.length);
    const block = (counts: Map<number, number>, share: number) => {
      const entries = [...counts.entries()].map(([term, count]) => [term, (1 + Math.log(count)) * Math.log(1 + n / Math.max(1, this.df[term] ?? 1))] as const);
      const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
      const scale = Math.sqrt(share) / norm;
      return entries.map(([term, w]) => [term, w * scale] as const);
    };
    const gramShare = f.grams.size && f.counts.size ? this.gramShare : f.grams.size ? 1 : 0;
    const entries = [...block(f.counts, 1 - gramShare), ...block(f.grams, gramShare)].sort((a, b) => a[0] - b[0]);
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
    const vector = embedding ?? this.embeddings.get(id);
    if (vector && vector.length === this.embeddingLength && this.embeddingLength > 0) {
      let size = 0;
      for (let d = 0; d < vector.length; d++) size += vector[d] * vector[d];
      const scale = size > 0 ? Math.sqrt(this.embeddingShare / size) : 0;
      for (let d = 0; d < vector.length; d++) dense[k + d] = vector[d] * scale;
    }
    return { id, terms: row.terms, weights: row.weights, dense, keys };
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
    return this.sparseShare * words + Math.max(0, dense);
  }

  /** [index, exact similarity] of the nearest texts to a document (`self`: its own index, left out). */
  private nearestTo(doc: Doc, k: number, minScore: number, self: number): [number, number][] {
    const common = Math.max(50, this.docs.length * COMMON_SHARE);
    const wanted = Math.max(RESCORED, k);
    // Partial scores from the telling words and concepts, posting list by posting list.
    const touched: number[] = [];
    doc.terms.forEach((term, t) => {
      const list = this.postings[term];
      if (!list || list.docs.length > common) return;
      const w = doc.weights[t];
      for (let p = 0; p < list.docs.length; p++) {
        const other = list.docs[p];
        if (this.scores[other] === 0) touched.push(other);
        this.scores[other] += w * list.weights[p];
      }
    });
    const candidates = new Set(best(touched, this.scores, wanted, self));
    for (const other of touched) this.scores[other] = 0;
    if (this.dimensions > 0) {
      // Partial latent scores over the text's strongest axes (an axis most texts lean on,
      // such as the first, close to the mean of all, tells nothing and is skipped).
      const latentTouched: number[] = [];
      for (const key of doc.keys) {
        const list = this.latentPostings[key] ?? [];
        if (list.length > common) continue;
        const w = doc.dense[key >> 1];
        for (const other of list) {
          if (this.scores[other] === 0) latentTouched.push(other);
          this.scores[other] += Math.abs(w * this.docs[other].dense[key >> 1]) + 1e-12;
        }
      }
      for (const other of best(latentTouched, this.scores, wanted, self)) candidates.add(other);
      for (const other of latentTouched) this.scores[other] = 0;
    }
    // Embeddings tie texts that share no word nor latent axis: below `EXHAUSTIVE` texts, every one is a candidate.
    if (this.embeddingShare > 0 && this.docs.length <= EXHAUSTIVE) for (let other = 0; other < this.docs.length; other++) if (other !== self) candidates.add(other);
    const found: [number, number][] = [];
    for (const other of candidates) {
      const score = this.score(doc, this.docs[other]);
      if (score >= minScore) found.push([other, score]);
    }
    return found.sort((a, b) => b[1] - a[1] || this.docs[a[0]].id - this.docs[b[0]].id).slice(0, k);
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
    return this.split(weighed.map(([term]) => term));
  }

  private split(terms: number[], limit = 5): { shared: string[]; concepts: string[] } {
    return {
      shared: terms.filter((t) => !this.isConcept[t] && !this.isGram[t]).slice(0, limit).map((t) => this.labels[t]),
      concepts: terms.filter((t) => this.isConcept[t]).slice(0, 3).map((t) => this.labels[t]),
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
    return (this.sparseShare * words + Math.max(0, dense)) / pairs;
  }

  private closeness(doc: Doc, c: Cluster, norms: { sparse: number; dense: number }): number {
    let words = 0;
    for (let t = 0; t < doc.terms.length; t++) words += doc.weights[t] * (c.sparse.get(doc.terms[t]) ?? 0);
    let dense = 0;
    for (let d = 0; d < this.denseLength; d++) dense += doc.dense[d] * c.dense[d];
    // The text's dense part has length √(dense share): its cosine with the centre's, weighed by that share.
    const denseShare = this.latentShare + this.embeddingShare;
    return this.sparseShare * (words / norms.sparse) + (denseShare > 0 ? Math.sqrt(denseShare) * Math.max(0, dense / norms.dense) : 0);
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
    const { shared, concepts } = this.split(centre.map(([term]) => term));
    return { ids: c.members.map((i) => this.docs[i].id).sort((x, y) => x - y), keywords: shared, concepts, cohesion: cohesion / n, linkage };
  }
}

/** Summed vectors of a set of texts (a group in the making, or a proposal's sources). */
export interface Cluster {
  members: number[];
  sparse: Map<number, number>;
  /** Summed dense parts (latent and embedding, scaled by the square roots of their shares). */
  dense: Float64Array;
  version: number;
}

/** The character n-grams of a word (accents off) with its boundaries: « vote » → « #vot », « vote », « ote# ». */
export function charGrams(bare: string, n = GRAM): string[] {
  const padded = `#${bare}#`;
  if (padded.length <= n) return [padded];
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}

/** A latent vector's strongest axes, signed (axis·2 + sign): texts sharing one are candidates. */
function strongestAxes(latent: Float64Array): number[] {
  const top: number[] = [];
  for (let d = 0; d < latent.length; d++) {
    const size = Math.abs(latent[d]);
    if (size === 0 || (top.length === LATENT_KEYS && size <= Math.abs(latent[top[LATENT_KEYS - 1]]))) continue;
    let at = top.length === LATENT_KEYS ? LATENT_KEYS - 1 : top.length;
    while (at > 0 && Math.abs(latent[top[at - 1]]) < size) at--;
    top.splice(at, 0, d);
    if (top.length > LATENT_KEYS) top.pop();
  }
  return top.map((d) => d * 2 + (latent[d] > 0 ? 1 : 0));
}

/**
 * The `count` entries of `items` with the highest `scores` (any order), leaving `self` out:
 * a selection (quickselect on a copy of the scores), not a sort, as posting lists can touch
 * thousands of texts.
 */
function best(items: number[], scores: Float64Array, count: number, self: number): number[] {
  const pool = self >= 0 ? items.filter((i) => i !== self) : items;
  if (pool.length <= count) return pool;
  const values = Float64Array.from(pool, (i) => scores[i]);
  // Quickselect for the count-th largest value.
  let [lo, hi, target] = [0, values.length - 1, count - 1];
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let [i, j] = [lo, hi];
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  const cut = values[target];
  const above = pool.filter((i) => scores[i] > cut);
  for (const i of pool) {
    if (above.length >= count) break;
    if (scores[i] === cut) above.push(i);
  }
  return above;
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

/** A binary max-heap of candidate merges (stale entries are skipped when popped). */
class MaxHeap {
  private readonly items: { score: number; a: number; b: number; va: number; vb: number }[] = [];
  push(score: number, a: number, b: number, va: number, vb: number) {
    const items = this.items;
    items.push({ score, a, b, va, vb });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].score >= items[i].score) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }
  /** The best score waiting (-Infinity when empty). */
  peekScore(): number {
    return this.items.length ? this.items[0].score : -Infinity;
  }
  pop() {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < items.length && items[l].score > items[best].score) best = l;
        if (r < items.length && items[r].score > items[best].score) best = r;
        if (best === i) break;
        [items[best], items[i]] = [items[i], items[best]];
        i = best;
      }
    }
    return top;
  }
}
