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
