import { FRENCH_STOP_WORDS, frenchKey, normalizeFrench, stripAccents, type Term } from '@intranet-militant/shared';

/**
 * Contributions compared for grouping: French words reduced to comparable keys without
 * losing any (a key for every word; stop words are marked, not dropped, so that phrases of
 * the domain vocabulary such as « à jour » still match). On top of the shared French
 * normalisation (NFC, œ/æ spelled out, accents ignored, Snowball stemming):
 * - elisions of every kind (« l’ », « qu’ », « lorsqu’ », « jusqu’ », typed ’ or ' or ʼ);
 * - hyphenated words split into their parts (« non-cumul » → « non », « cumul »);
 * - plural forms the French stemmer leaves apart: « élus » / « élu », « exclus » / « exclu »,
 *   « journaux » / « journal », « cheveux » / « cheveu »;
 * - the words every contribution uses (« il faut », « plus », « mettre en place ») are
 *   marked as stop words: they would make every text look like every other.
 */
const CONTRIBUTION_STOP_WORDS: ReadonlySet<string> = new Set(
  `bien non oui
   faire fais fait faisons faites font faisait ferait feront faudra faut faudrait
   pouvoir peux peut pouvons pouvez peuvent pourrait pourraient pourra pourront
   devoir dois doit devons devez doivent devrait devraient devra
   place mise mettre permettre permet afin beaucoup chose choses souhaite souhaitons propose proposer plus
   lorsqu puisqu quoiqu presqu quelqu jusqu aujourd hui vraiment tres trop assez`
    .split(/\s+/)
    .filter(Boolean)
);

export const isStopWord = (bare: string) => FRENCH_STOP_WORDS.has(bare) || CONTRIBUTION_STOP_WORDS.has(bare);

/** A word of a contribution: its comparable key, the word as written, and whether it is a stop word. */
export interface Token extends Term {
  stop: boolean;
}

const keys = new Map<string, string>();

/**
 * The comparable key of one word without accents (lower case): Snowball's stem, with the
 * plurals it misses brought back to the singular. Memoised (a consultation repeats words).
 */
export function groupingKey(bare: string): string {
  let key = keys.get(bare);
  if (key !== undefined) return key;
  let singular = bare;
  if (bare.length >= 5 && bare.endsWith('aux')) singular = `${bare.slice(0, -3)}al`;
  else if (bare.length >= 4 && /(?:eu|au)x$/.test(bare)) singular = bare.slice(0, -1);
  else if (bare.length >= 4 && bare.endsWith('s') && !bare.endsWith('ss')) singular = bare.slice(0, -1);
  key = frenchKey(singular);
  if (keys.size > 200_000) keys.clear();
  keys.set(bare, key);
  return key;
}

/** The words of a text, in order, each with its key (letters and digits; numbers alone are dropped). */
export function groupingTokens(text: string): Token[] {
  const tokens: Token[] = [];
  // U+02BC (ʼ) is a letter for Unicode, typed as an apostrophe by some keyboards.
  for (const raw of normalizeFrench(text).replace(/\u02bc/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || /^\d+$/.test(raw)) continue;
    const bare = stripAccents(raw);
    const stop = raw.length < 2 || isStopWord(bare);
    const key = stop ? bare : groupingKey(bare);
    tokens.push({ key, word: raw, stop: stop || key.length < 2 });
  }
  return tokens;
}

export type { Term };
/** The comparable terms of a text (stop words dropped): what the similarity index weighs. */
export const frenchTerms = (text: string): Term[] => groupingTokens(text).filter((t) => !t.stop);
