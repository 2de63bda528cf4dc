import { newStemmer } from 'snowball-stemmers';

/**
 * French text reduced to comparable terms: lower case, elisions split (« l’adhésion »),
 * stop words dropped, accents removed, then Snowball stemming (« élections », « electoral »
 * → « elect »). Accents go first so that a word typed with or without them gives the same
 * stem (as PostgreSQL's unaccent-then-stem configuration does). Used by the
 * grouping of contributions and by the search index on SQLite.
 */
const stemmer = newStemmer('french');

/** French ligatures typed either way: « cœur » and « coeur » are one word (as PostgreSQL's unaccent reads them). */
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' };

/**
 * One form for every French text before it is compared: composed (an « é » typed as « e »
 * plus a combining accent is one letter, not two words) and ligatures spelled out.
 */
export const normalizeFrench = (text: string) => text.normalize('NFC').replace(/[œŒæÆ]/g, (c) => LIGATURES[c]);

export const stripAccents = (text: string) => normalizeFrench(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Articles, pronouns, prepositions, conjunctions and auxiliaries, compared without accents. */
export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a au aucun aucune aupres auquel aussi autre autres aux avant avec c ca car ce ceci cela celle celles celui
   cependant certain certaines certains ces cet cette ceux chaque chez ci comme comment d dans de des deja depuis donc
   dont du elle elles en encore entre et eux ici il ils j je jusqu l la le les leur leurs lors lorsque lui m ma mais me
   meme memes mes moi moins mon n ne ni nos notre nous on or ou par parce pas peu plupart pour pourquoi puis qu
   quand que quel quelle quelles quels qui quoi s sa sans se ses si sien son sous sur t ta tandis te tel telle tes toi
   ton tous tout toute toutes tres trop tu un une unes uns vers via voici voila vos votre vous y etc
   etre suis es est sommes etes sont etais etait etions etiez etaient serai seras sera serons serez seront serais
   serait serions seriez seraient sois soit soyons soyez soient fus fut furent ete etant
   avoir ai as avons avez ont avais avait avions aviez avaient aurai auras aura aurons aurez auront aurais aurait
   aurions auriez auraient aie aies ait ayons ayez aient eu eut eurent ayant`
    .split(/\s+/)
    .filter(Boolean)
);

export interface Term {
  /** Stem without accents: what is compared. */
  key: string;
  /** The word as written: what is shown. */
  word: string;
}

/** The words of a text as written (letters and digits), in order. */
export const frenchWords = (text: string): string[] => normalizeFrench(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The comparable key of one word (no stop-word check). */
export const frenchKey = (word: string): string => stemmer.stem(stripAccents(word.toLowerCase()));

/**
 * The other grammatical number of a French word, for the regular plurals the Snowball
 * stemmer keeps apart (« élu » / « élus », « jeu » / « jeux »): the word without its final
 * -s or -x when it has one (and is at least 4 letters long: « cas », « gaz », « prix » stay),
 * otherwise the word with -s, and with -x after -au / -eu. Irregular plurals the stemmer
 * already joins (« bureaux », « fédéraux ») need nothing. Searches look for both forms;
 * returns lower-case words, never the word itself.
 */
export function pluralVariants(word: string): string[] {
  const w = normalizeFrench(word).toLowerCase();
  if (!/^\p{L}+$/u.test(w) || w.length < 2) return [];
  if (/[sx]$/.test(w)) return w.length >= 4 ? [w.slice(0, -1)] : [];
  return /(au|eu)$/.test(w) ? [`${w}s`, `${w}x`] : [`${w}s`];
}

/**
 * One key for both grammatical numbers of a word, folded on the stem (so that what the
 * stemmer already joins stays joined: « ruraux » / « rural », « heureux » / « heureuse »):
 * the stem's final -s or -x dropped when it is letters only and at least 4 letters long
 * (« elus » → « elu », « jeux » → « jeu »; « cas » stays). A word and each of its
 * `pluralVariants` fold to the same key. Takes a `frenchKey`, returns a key.
 */
export function foldNumber(key: string): string {
  return key.length >= 4 && /[sx]$/.test(key) && /^\p{L}+$/u.test(key) ? key.slice(0, -1) : key;
}

/**
 * The search key of one word: its French stem without accents (`frenchKey`), number-folded
 * (`foldNumber`). The search index holds these keys on both databases, and queries are read
 * into the same keys, so a query needs no alternatives for the other number (plugins/search).
 */
export const searchKey = (word: string): string => {
  let key = SEARCH_KEYS.get(word);
  if (key === undefined) {
    key = foldNumber(frenchKey(word));
    if (SEARCH_KEYS.size >= MAX_SEARCH_KEYS) SEARCH_KEYS.clear();
    SEARCH_KEYS.set(word, key);
  }
  return key;
};
/** Stemming costs ~10–30 µs a word and texts repeat their words: keys are remembered (at most this many, then forgotten at once). */
const SEARCH_KEYS = new Map<string, string>();
const MAX_SEARCH_KEYS = 200_000;
const STOP = new Map<string, boolean>();
const isStopWord = (word: string): boolean => {
  let stop = STOP.get(word);
  if (stop === undefined) {
    stop = FRENCH_STOP_WORDS.has(stripAccents(word));
    if (STOP.size >= MAX_SEARCH_KEYS) STOP.clear();
    STOP.set(word, stop);
  }
  return stop;
};

/**
 * The terms a full-text index keeps for a text: the `searchKey` of every word that is not a
 * stop word, with its position (1-based, stop words counted, so phrases keep their gaps).
 */
export function searchTerms(text: string): { key: string; position: number }[] {
  const terms: { key: string; position: number }[] = [];
  frenchWords(text).forEach((word, i) => {
    if (isStopWord(word)) return;
    const key = searchKey(word);
    if (key) terms.push({ key, position: i + 1 });
  });
  return terms;
}

/** PostgreSQL tsvector positions stop at 16,383 and keep 256 positions per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/**
 * A title and a body as PostgreSQL `tsvector` input text (title weight A, body weight B, body
 * positions after the title's), over `searchTerms`: the search index's vector, written by the
 * application so that both databases read French with the same code. Lexemes quoted; pass it
 * as a bound value (`?::tsvector`), never spliced into SQL. Empty string for no terms.
 */
export function searchVectorText(title: string, body: string): string {
  const positions = new Map<string, string[]>();
  const add = (terms: { key: string; position: number }[], offset: number, weight: string) => {
    for (const { key, position } of terms) {
      const list = positions.get(key) ?? positions.set(key, []).get(key)!;
      if (list.length < MAX_POSITIONS) list.push(`${Math.min(position + offset, MAX_POSITION)}${weight}`);
    }
  };
  add(searchTerms(title), 0, 'A');
  add(searchTerms(body), frenchWords(title).length, 'B');
  return [...positions].map(([key, list]) => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${list.join(',')}`).join(' ');
}

/**
 * What SQLite's FTS5 index holds in a stop word's place: a token no search key can be (« œ »
 * is spelled « oe » before any key is made), so that a phrase keeps its gaps there as
 * PostgreSQL's positions do: « "réunion bureau" » does not find « réunion de bureau ».
 */
export const STOP_WORD_SLOT = 'œ';

/**
 * A text's search keys separated by spaces, what SQLite's FTS5 index holds: `searchTerms`
 * with each stop word (and each word without a key) as `STOP_WORD_SLOT`, in its place.
 */
export const searchStems = (text: string): string =>
  frenchWords(text)
    .map((word) => (isStopWord(word) ? STOP_WORD_SLOT : searchKey(word) || STOP_WORD_SLOT))
    .join(' ');

export function frenchTerms(text: string, extraStopWords?: ReadonlySet<string>): Term[] {
  const terms: Term[] = [];
  for (const raw of frenchWords(text)) {
    if (raw.length < 2 || /^\d+$/.test(raw)) continue;
    const bare = stripAccents(raw);
    if (FRENCH_STOP_WORDS.has(bare) || extraStopWords?.has(bare)) continue;
    const key = stemmer.stem(bare);
    if (key.length >= 2) terms.push({ key, word: raw });
  }
  return terms;
}
