/**
 * The web-search syntax members type, as PostgreSQL's `websearch_to_tsquery` reads it:
 * words, "exact phrases", -excluded words, and `ou` / `or` between alternatives. A query
 * is an OR of groups; a group is an AND of its clauses. Anything else is just text: no
 * input is an error, the worst is an empty query.
 */
export interface Clause {
  /** One word, or the words of a phrase, as typed (lower case). */
  words: string[];
  negated: boolean;
}

export type ParsedQuery = Clause[][];

const WORD = /[\p{L}\p{N}]+/gu;
const OR_WORDS = new Set(['or', 'ou']);

export function parseQuery(text: string): ParsedQuery {
  const groups: ParsedQuery = [[]];
  // "phrase" | -"phrase" | -word | word-ish chunk
  // Composed first: an « é » typed as « e » + U+0301 is one letter, not the end of a word.
  const tokens = text.normalize('NFC').toLowerCase().match(/-?"[^"]*"?|[^\s"]+/g) ?? [];
  for (const token of tokens) {
    const negated = token.startsWith('-');
    const body = negated ? token.slice(1) : token;
    const words = body.match(WORD) ?? [];
    if (words.length === 0) continue;
    if (!negated && !body.startsWith('"') && words.length === 1 && OR_WORDS.has(words[0])) {
      if (groups[groups.length - 1].length > 0) groups.push([]);
      continue;
    }
    groups[groups.length - 1].push({ words, negated });
  }
  return groups.filter((g) => g.length > 0);
}

/** `ou` understood as `or` by PostgreSQL too (it only knows the English word). */
export function normaliseForWebsearch(text: string): string {
  return text.replace(/(^|\s)ou(?=\s)/giu, '$1or');
}

/** The words of a query outside negations, in order (typo correction looks at them). */
export function positiveWords(query: ParsedQuery): string[] {
  return query.flatMap((group) => group.filter((c) => !c.negated).flatMap((c) => c.words));
}

/**
 * Why a query looks for nothing, before any provider is asked: `stop-words-only` when its
 * words (outside exclusions) are all too common to be indexed (« le la les », « de -budget »),
 * `exclusions-only` when it has nothing but excluded words (« -budget -congrès »), `no-words`
 * when it has no word at all (« !!! », « -- »); null when it has a word to look for.
 * @param isStopWord the provider's own test (`SearchProvider.isStopWord`)
 */
export type UnsearchableReason = 'stop-words-only' | 'exclusions-only' | 'no-words';

export function unsearchableReason(query: ParsedQuery, isStopWord: (word: string) => boolean): UnsearchableReason | null {
  const positive = positiveWords(query);
  if (positive.some((word) => !isStopWord(word))) return null;
  if (positive.length > 0) return 'stop-words-only';
  return query.some((group) => group.some((clause) => clause.negated)) ? 'exclusions-only' : 'no-words';
}

/**
 * Edit distance with transpositions (optimal string alignment), stopping early above
 * `max`: enough to tell a one-letter typo from another word.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length];
}

/** How many typos a word of this length may carry: none below 4 letters, 1 up to 7, then 2. */
export const typosAllowed = (word: string) => (word.length < 4 ? 0 : word.length < 8 ? 1 : 2);
