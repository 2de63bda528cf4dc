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

  constructor(vocabulary: Vocabulary) {
    this.concepts = vocabulary.concepts;
    vocabulary.concepts.forEach((concept, index) => {
      for (const variant of concept.variants) {
        const tokens = groupingTokens(variant);
        const content = tokens.filter((t) => !t.stop);
        if (content.length === 0) continue;
        const withStops = content.length === 1 && tokens.length > 1;
        const keys = (withStops ? tokens : content).map((t) => t.key);
        const list = this.byFirst.get(keys[0]) ?? [];
        if (!list.some((p) => p.concept === index && p.withStops === withStops && p.keys.join(' ') === keys.join(' '))) list.push({ keys, withStops, concept: index });
        list.sort((a, b) => b.keys.length - a.keys.length);
        this.byFirst.set(keys[0], list);
      }
    });
  }

  /** The concepts named in a text's tokens (each concept once per place; overlapping phrases of one concept count once). */
  match(tokens: Token[]): ConceptMatch[] {
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
