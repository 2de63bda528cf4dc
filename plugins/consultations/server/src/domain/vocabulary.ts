import { stripAccents } from '@intranet-militant/shared';
import { isFrenchWord } from './french-dictionary';
import { groupingTokens, type Token } from './french-text';
import { VOCABULARY_SEED, VOCABULARY_SEED_VERSION } from './vocabulary-seed';

/**
 * The domain vocabulary as the similarity index reads it: concepts with their French
 * variants, matched in a text's tokens. A concept found in two texts ties them even when
 * they share no word (« cotisation annuelle » and « carte à jour chaque année »).
 */
export interface Concept {
  key: string;
  label: string;
  variants: string[];
}

export interface Vocabulary {
  /** Changes whenever a concept changes: indexes built on another revision are rebuilt. */
  revision: string;
  concepts: Concept[];
}

/** The seeded vocabulary (when the database holds none, and in benchmarks). */
export const SEEDED_VOCABULARY: Vocabulary = { revision: `seed-${VOCABULARY_SEED_VERSION}`, concepts: VOCABULARY_SEED };

/** A concept found in a text: which one, and the words that named it there. */
export interface ConceptMatch {
  concept: number;
  words: string[];
}

interface Pattern {
  keys: string[];
  /** Compare stop words too (a phrase with one content word, « à jour »). */
  withStops: boolean;
  concept: number;
}

export class ConceptMatcher {
  readonly concepts: Concept[];
  /** Patterns by their first key, longest first. */
  private readonly byFirst = new Map<string, Pattern[]>();
  /** Keys of the vocabulary's words, and the words (bare, 6 letters or more) by their one-letter deletions: typo tolerance. */
  private readonly knownKeys = new Set<string>();
  private readonly keyOfWord = new Map<string, string>();
  private readonly byDeletion = new Map<string, Set<string>>();
  /** Words already looked up: their corrected key, or null. */
  private readonly corrections = new Map<string, string | null>();
  /** How telling each word (key) is of each concept: see `conceptsOfWord`. */
  private readonly wordConcepts = new Map<string, { concepts: Int32Array; weights: Float64Array }>();

  constructor(vocabulary: Vocabulary) {
    this.concepts = vocabulary.concepts;
    // Each concept's variants read as one document (its words and how often they come).
    const uses = vocabulary.concepts.map(() => new Map<string, number>());
    vocabulary.concepts.forEach((concept, index) => {
      for (const variant of concept.variants) {
        const tokens = groupingTokens(variant);
        const content = tokens.filter((t) => !t.stop);
        for (const t of content) {
          uses[index].set(t.key, (uses[index].get(t.key) ?? 0) + 1);
          this.knownKeys.add(t.key);
          const bare = stripAccents(t.word);
          if (bare.length < FUZZY_MIN || this.keyOfWord.has(bare)) continue;
          this.keyOfWord.set(bare, t.key);
          for (const d of [bare, ...deletions(bare)]) this.byDeletion.set(d, (this.byDeletion.get(d) ?? new Set()).add(bare));
        }
        if (content.length === 0) continue;
        const withStops = content.length === 1 && tokens.length > 1;
        const keys = (withStops ? tokens : content).map((t) => t.key);
        const list = this.byFirst.get(keys[0]) ?? [];
        if (!list.some((p) => p.concept === index && p.withStops === withStops && p.keys.join(' ') === keys.join(' '))) list.push({ keys, withStops, concept: index });
        list.sort((a, b) => b.keys.length - a.keys.length);
        this.byFirst.set(keys[0], list);
      }
    });
    // TF-IDF of a word in the concepts' documents: (1 + log uses) · log(1 + concepts / concepts using it).
    const spread = new Map<string, number>();
    for (const words of uses) for (const key of words.keys()) spread.set(key, (spread.get(key) ?? 0) + 1);
    const byWord = new Map<string, [number, number][]>();
    uses.forEach((words, concept) => {
      for (const [key, n] of words) {
        const weight = (1 + Math.log(n)) * Math.log(1 + uses.length / spread.get(key)!);
        byWord.set(key, [...(byWord.get(key) ?? []), [concept, weight]]);
      }
    });
    for (const [key, list] of byWord) this.wordConcepts.set(key, { concepts: Int32Array.from(list.map(([c]) => c)), weights: Float64Array.from(list.map(([, w]) => w)) });
  }

  /**
   * The concepts a word (its key) speaks of, with how tellingly: the word's TF-IDF in each
   * concept's variants read as one document (a word in the variants of one concept only
   * weighs most; « carte » leans on dues even where « carte du parti » is not written).
   * This is explicit semantic analysis (Gabrilovich & Markovitch 2007) over the vocabulary:
   * a text's concept profile is the sum of its words' (see `SimilarityIndex`). Empty for a
   * word no variant uses.
   */
  conceptsOfWord(key: string): { concepts: Int32Array; weights: Float64Array } {
    return this.wordConcepts.get(key) ?? NO_CONCEPTS;
  }

  /**
   * The tokens of a text (`groupingTokens`) with typos of the vocabulary's words corrected
   * (« cotisaton » → « cotisation »): a new array, each token as given or, when corrected, a
   * copy with the vocabulary word's key (its `word` stays as written). A token is corrected
   * when it is not a stop word, its key is unknown to the vocabulary, its word without accents
   * has 6 letters or more (shorter words have too many neighbours), it is one edit (insertion,
   * deletion, substitution, adjacent transposition) away from exactly one of the vocabulary's
   * words of 6 letters or more (without accents; two candidates with different keys: none),
   * and the French dictionary does not know it (`isFrenchWord`, accents ignored): a real word
   * near a vocabulary word — « existe » one letter from « sexiste » — is a word, not a typo
   * (issue 14, sixth pass: two thirds of the words corrected on the labelled set were such
   * words). The dictionary is loaded the first time a candidate is found. Each word's outcome
   * is kept (up to 100,000 words, then forgotten at once), so a word is looked up once.
   */
  correct(tokens: Token[]): Token[] {
    return tokens.map((t) => {
      if (t.stop || this.knownKeys.has(t.key)) return t;
      const bare = stripAccents(t.word);
      if (bare.length < FUZZY_MIN) return t;
      let key = this.corrections.get(bare);
      if (key === undefined) {
        const keys = new Set<string>();
        for (const d of [bare, ...deletions(bare)]) for (const word of this.byDeletion.get(d) ?? []) if (oneEditApart(bare, word)) keys.add(this.keyOfWord.get(word)!);
        key = keys.size === 1 && !isFrenchWord(bare) ? [...keys][0] : null;
        if (this.corrections.size > 100_000) this.corrections.clear();
        this.corrections.set(bare, key);
      }
      return key === null ? t : { ...t, key };
    });
  }

  /** The concepts named in a text's tokens (each concept once per place; overlapping phrases of one concept count once). */
  match(written: Token[]): ConceptMatch[] {
    const tokens = this.correct(written);
    const content = tokens.filter((t) => !t.stop);
    const found: ConceptMatch[] = [];
    const scan = (sequence: Token[], withStops: boolean) => {
      for (let i = 0; i < sequence.length; i++) {
        const seen = new Set<number>();
        for (const pattern of this.byFirst.get(sequence[i].key) ?? []) {
          if (pattern.withStops !== withStops || seen.has(pattern.concept)) continue;
          if (pattern.keys.every((key, k) => sequence[i + k]?.key === key)) {
            seen.add(pattern.concept);
            found.push({ concept: pattern.concept, words: sequence.slice(i, i + pattern.keys.length).map((t) => t.word) });
          }
        }
      }
    };
    scan(content, false);
    scan(tokens, true);
    return found;
  }
}

const NO_CONCEPTS = { concepts: new Int32Array(0), weights: new Float64Array(0) };

/** Words shorter than this are not corrected (too many neighbours); the French dictionary keeps the words from this length on. */
const FUZZY_MIN = 6;

function deletions(word: string): string[] {
  return Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1));
}

/** Whether two different words are one insertion, deletion, substitution or adjacent transposition apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}
