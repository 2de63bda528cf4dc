import { frenchTerms } from './french-text';

/**
 * Similar contributions, for grouping them into proposals: TF-IDF vectors of French terms
 * (titles count twice) compared by cosine. Scores accumulate term by term through an
 * inverted index over typed arrays, so thousands of contributions stay fast; the best
 * candidates are then rescored exactly. Groups join close, mutual nearest neighbours,
 * then merge groups whose centres are close, so that one theme makes one group.
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
}

export interface Group {
  ids: number[];
  keywords: string[];
  /** Mean similarity of the members to their group's centre. */
  cohesion: number;
}

interface Doc {
  id: number;
  terms: Int32Array;
  weights: Float64Array;
}

/** Terms in more than this share of the texts do not propose candidates (they still score). */
const COMMON_SHARE = 0.05;
/** How many candidates, by partial score, are rescored exactly. */
const RESCORED = 200;

export class SimilarityIndex {
  private readonly docs: Doc[] = [];
  private readonly position = new Map<number, number>();
  private readonly postings: { docs: Int32Array; weights: Float64Array }[] = [];
  private readonly words: string[] = [];
  private readonly scores: Float64Array;

  constructor(texts: Text[]) {
    const termIds = new Map<string, number>();
    const wordCounts: Map<string, number>[] = [];
    const counts = texts.map((text) => {
      const tf = new Map<number, number>();
      const add = (t: { key: string; word: string }, weight: number) => {
        let term = termIds.get(t.key);
        if (term === undefined) {
          term = termIds.size;
          termIds.set(t.key, term);
          wordCounts.push(new Map());
        }
        tf.set(term, (tf.get(term) ?? 0) + weight);
        wordCounts[term].set(t.word, (wordCounts[term].get(t.word) ?? 0) + 1);
      };
      for (const t of frenchTerms(text.title)) add(t, 2);
      for (const t of frenchTerms(text.body)) add(t, 1);
      return tf;
    });
    const df = new Int32Array(termIds.size);
    for (const tf of counts) for (const term of tf.keys()) df[term] += 1;
    for (const words of wordCounts) this.words.push([...words.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]);

    const postingLists: { docs: number[]; weights: number[] }[] = Array.from({ length: termIds.size }, () => ({ docs: [], weights: [] }));
    texts.forEach((text, index) => {
      // Terms in ascending order: two texts compare by a merge, without allocating.
      const entries = [...counts[index].entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([term, count]) => [term, (1 + Math.log(count)) * Math.log(1 + texts.length / df[term])] as const);
      const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
      const doc: Doc = { id: text.id, terms: Int32Array.from(entries.map(([t]) => t)), weights: Float64Array.from(entries.map(([, w]) => w / norm)) };
      this.docs.push(doc);
      this.position.set(text.id, index);
      doc.terms.forEach((term, k) => {
        postingLists[term].docs.push(index);
        postingLists[term].weights.push(doc.weights[k]);
      });
    });
    for (const list of postingLists) this.postings.push({ docs: Int32Array.from(list.docs), weights: Float64Array.from(list.weights) });
    this.scores = new Float64Array(texts.length);
  }

  /** The texts most similar to one, best first. */
  nearest(id: number, k = 5, minScore = 0.1): Neighbour[] {
    const index = this.position.get(id);
    if (index === undefined) return [];
    return this.nearestAt(index, k, minScore).map(([other, score]) => ({
      id: this.docs[other].id,
      score,
      shared: this.sharedWords(this.docs[index], this.docs[other]),
    }));
  }

  /** The cosine similarity of two texts (0 when either is unknown). */
  similarity(a: number, b: number): number {
    const [x, y] = [this.position.get(a), this.position.get(b)];
    return x === undefined || y === undefined ? 0 : this.docDot(this.docs[x], this.docs[y]);
  }

  /** Groups of similar texts (two or more), largest first. */
  groups(options: { threshold?: number; k?: number; ids?: number[] } = {}): Group[] {
    const threshold = options.threshold ?? 0.3;
    const k = options.k ?? 5;
    const allowed = options.ids ? new Set(options.ids.map((id) => this.position.get(id)).filter((i): i is number => i !== undefined)) : null;
    const members = allowed ? [...allowed] : this.docs.map((_, i) => i);
    const neighbours = new Map<number, Set<number>>();
    for (const index of members) {
      const close = this.nearestAt(index, k * 3, threshold).filter(([other]) => !allowed || allowed.has(other)).slice(0, k);
      neighbours.set(index, new Set(close.map(([other]) => other)));
    }
    const sets = new UnionFind(this.docs.length);
    // Mutual neighbours only: one text close to everything must not chain all together.
    for (const [index, close] of neighbours) for (const other of close) if (neighbours.get(other)?.has(index)) sets.union(index, other);
    let groups = this.collect(members, sets).filter((g) => g.length >= 2);

    // Second pass: groups whose centres are close are one theme written differently.
    const centres = groups.map((g) => this.centre(g));
    const merged = new UnionFind(groups.length);
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        if (dot(centres[a], centres[b]) >= Math.min(0.95, threshold * 2)) merged.union(a, b);
      }
    }
    const byRoot = new Map<number, number[]>();
    groups.forEach((g, i) => byRoot.set(merged.find(i), [...(byRoot.get(merged.find(i)) ?? []), ...g]));
    groups = [...byRoot.values()];

    return groups
      .map((g) => {
        const centre = this.centre(g);
        const cohesion = g.reduce((s, i) => s + this.docDot(this.docs[i], centre), 0) / g.length;
        const keywords = [...centre.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([term]) => this.words[term]);
        return { ids: g.map((i) => this.docs[i].id).sort((x, y) => x - y), keywords, cohesion };
      })
      .sort((a, b) => b.ids.length - a.ids.length || b.cohesion - a.cohesion || a.ids[0] - b.ids[0]);
  }

  /** [index, exact cosine] of the nearest texts to the one at `index`. */
  private nearestAt(index: number, k: number, minScore: number): [number, number][] {
    const doc = this.docs[index];
    const common = Math.max(50, this.docs.length * COMMON_SHARE);
    const touched: number[] = [];
    // Partial scores from the telling terms, accumulated posting list by posting list.
    doc.terms.forEach((term, t) => {
      const list = this.postings[term];
      if (list.docs.length > common) return;
      const w = doc.weights[t];
      for (let p = 0; p < list.docs.length; p++) {
        const other = list.docs[p];
        if (this.scores[other] === 0) touched.push(other);
        this.scores[other] += w * list.weights[p];
      }
    });
    const candidates = touched.filter((other) => other !== index).sort((a, b) => this.scores[b] - this.scores[a]).slice(0, Math.max(RESCORED, k));
    for (const other of touched) this.scores[other] = 0;
    return candidates
      .map((other) => [other, this.docDot(doc, this.docs[other])] as [number, number])
      .filter(([, score]) => score >= minScore)
      .sort((a, b) => b[1] - a[1] || this.docs[a[0]].id - this.docs[b[0]].id)
      .slice(0, k);
  }

  private docDot(a: Doc, b: Doc | Map<number, number>): number {
    let sum = 0;
    if (b instanceof Map) {
      a.terms.forEach((term, i) => (sum += a.weights[i] * (b.get(term) ?? 0)));
      return sum;
    }
    for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
      if (a.terms[i] === b.terms[j]) sum += a.weights[i++] * b.weights[j++];
      else if (a.terms[i] < b.terms[j]) i++;
      else j++;
    }
    return sum;
  }

  /** The normalised mean vector of some texts. */
  private centre(indexes: number[]): Map<number, number> {
    const centre = new Map<number, number>();
    for (const i of indexes) this.docs[i].terms.forEach((term, t) => centre.set(term, (centre.get(term) ?? 0) + this.docs[i].weights[t]));
    const norm = Math.sqrt([...centre.values()].reduce((s, w) => s + w * w, 0)) || 1;
    for (const [term, w] of centre) centre.set(term, w / norm);
    return centre;
  }

  private collect(members: number[], sets: UnionFind): number[][] {
    const byRoot = new Map<number, number[]>();
    for (const i of members) byRoot.set(sets.find(i), [...(byRoot.get(sets.find(i)) ?? []), i]);
    return [...byRoot.values()];
  }

  private sharedWords(a: Doc, b: Doc, limit = 5): string[] {
    const weights = new Map<number, number>();
    b.terms.forEach((term, i) => weights.set(term, b.weights[i]));
    return [...a.terms]
      .map((term, i) => [term, a.weights[i] * (weights.get(term) ?? 0)] as const)
      .filter(([, w]) => w > 0)
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([term]) => this.words[term]);
  }
}

function dot(a: Map<number, number>, b: Map<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, w] of small) sum += w * (large.get(term) ?? 0);
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
  union(a: number, b: number) {
    this.parent[this.find(a)] = this.find(b);
  }
}
