import { frenchTerms } from './french-text';

/**
 * Similar contributions, for grouping them into proposals: TF-IDF vectors of French terms
 * (titles count twice), cosine similarity, candidates found through an inverted index so
 * that thousands of contributions stay fast. Groups are the connected parts of the graph
 * linking each contribution to its close, mutual nearest neighbours.
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
  /** Mean similarity of the links that made the group. */
  cohesion: number;
}

type Vector = Map<string, number>;

export class SimilarityIndex {
  private readonly vectors = new Map<number, Vector>();
  private readonly postings = new Map<string, number[]>();
  private readonly display = new Map<string, string>();
  private readonly size: number;

  constructor(texts: Text[]) {
    this.size = texts.length;
    const counts = new Map<number, Map<string, number>>();
    const wordCounts = new Map<string, Map<string, number>>();
    for (const text of texts) {
      const tf = new Map<string, number>();
      const add = (t: { key: string; word: string }, weight: number) => {
        tf.set(t.key, (tf.get(t.key) ?? 0) + weight);
        const words = wordCounts.get(t.key) ?? new Map<string, number>();
        words.set(t.word, (words.get(t.word) ?? 0) + 1);
        wordCounts.set(t.key, words);
      };
      for (const t of frenchTerms(text.title)) add(t, 2);
      for (const t of frenchTerms(text.body)) add(t, 1);
      counts.set(text.id, tf);
      for (const key of tf.keys()) {
        const list = this.postings.get(key) ?? [];
        list.push(text.id);
        this.postings.set(key, list);
      }
    }
    for (const [key, words] of wordCounts) {
      this.display.set(key, [...words.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]);
    }
    for (const [id, tf] of counts) {
      const vector: Vector = new Map();
      let norm = 0;
      for (const [key, count] of tf) {
        const idf = Math.log(1 + this.size / this.postings.get(key)!.length);
        const weight = (1 + Math.log(count)) * idf;
        vector.set(key, weight);
        norm += weight * weight;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [key, weight] of vector) vector.set(key, weight / norm);
      this.vectors.set(id, vector);
    }
  }

  /** The texts most similar to one, best first. */
  nearest(id: number, k = 5, minScore = 0.1): Neighbour[] {
    const vector = this.vectors.get(id);
    if (!vector) return [];
    // Candidates share at least one term that is not in most texts.
    const common = Math.max(50, this.size * 0.2);
    const candidates = new Set<number>();
    for (const key of vector.keys()) {
      const list = this.postings.get(key)!;
      if (list.length > common) continue;
      for (const other of list) if (other !== id) candidates.add(other);
    }
    const scored: Neighbour[] = [];
    for (const other of candidates) {
      const score = this.cosine(vector, this.vectors.get(other)!);
      if (score >= minScore) scored.push({ id: other, score, shared: [] });
    }
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    return scored.slice(0, k).map((n) => ({ ...n, shared: this.sharedWords(vector, this.vectors.get(n.id)!) }));
  }

  /** Groups of similar texts (two or more), largest first. */
  groups(options: { threshold?: number; k?: number; ids?: number[] } = {}): Group[] {
    const threshold = options.threshold ?? 0.3;
    const k = options.k ?? 5;
    const ids = options.ids ?? [...this.vectors.keys()];
    const allowed = new Set(ids);
    const neighbours = new Map<number, Map<number, number>>();
    for (const id of ids) {
      const close = this.nearest(id, k * 2, threshold).filter((n) => allowed.has(n.id)).slice(0, k);
      neighbours.set(id, new Map(close.map((n) => [n.id, n.score])));
    }
    const parent = new Map(ids.map((id) => [id, id]));
    const find = (id: number): number => {
      while (parent.get(id) !== id) {
        parent.set(id, parent.get(parent.get(id)!)!);
        id = parent.get(id)!;
      }
      return id;
    };
    const links: [number, number, number][] = [];
    for (const [id, close] of neighbours) {
      for (const [other, score] of close) {
        // Mutual neighbours only: one text close to everything must not chain all together.
        if (id < other && neighbours.get(other)?.has(id)) {
          links.push([id, other, score]);
          parent.set(find(id), find(other));
        }
      }
    }
    const members = new Map<number, number[]>();
    for (const id of ids) {
      const root = find(id);
      members.set(root, [...(members.get(root) ?? []), id]);
    }
    const groups: Group[] = [];
    for (const group of members.values()) {
      if (group.length < 2) continue;
      const inGroup = new Set(group);
      const own = links.filter(([a]) => inGroup.has(a));
      groups.push({
        ids: group.sort((a, b) => a - b),
        keywords: this.keywords(group),
        cohesion: own.reduce((sum, [, , s]) => sum + s, 0) / Math.max(own.length, 1),
      });
    }
    return groups.sort((a, b) => b.ids.length - a.ids.length || b.cohesion - a.cohesion || a.ids[0] - b.ids[0]);
  }

  private cosine(a: Vector, b: Vector): number {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    let dot = 0;
    for (const [key, weight] of small) dot += weight * (large.get(key) ?? 0);
    return dot;
  }

  private sharedWords(a: Vector, b: Vector, limit = 5): string[] {
    return [...a.entries()]
      .filter(([key]) => b.has(key))
      .map(([key, weight]) => [key, weight * b.get(key)!] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([key]) => this.display.get(key)!);
  }

  private keywords(ids: number[], limit = 5): string[] {
    const sums = new Map<string, number>();
    for (const id of ids) for (const [key, weight] of this.vectors.get(id)!) sums.set(key, (sums.get(key) ?? 0) + weight);
    return [...sums.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key]) => this.display.get(key)!);
  }
}
