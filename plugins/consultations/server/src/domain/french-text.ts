import { newStemmer } from 'snowball-stemmers';

/**
 * French text reduced to comparable terms: lower case, elisions split (« l’adhésion »),
 * stop words dropped, Snowball stemming (« élections », « électoral » → « élect »), then
 * accents removed so that « election » typed without them still matches.
 */
const stemmer = newStemmer('french');

export const stripAccents = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

// Compared without accents. Articles, pronouns, prepositions, conjunctions, auxiliaries,
// and the words every contribution uses (« il faut », « plus », « mettre en place »).
const STOP_WORDS = new Set(
  `a au aucun aucune aupres auquel aussi autre autres aux avant avec bien c ca car ce ceci cela celle celles celui
   cependant certain certaines certains ces cet cette ceux chaque chez ci comme comment d dans de des deja depuis donc
   dont du elle elles en encore entre et eux ici il ils j je jusqu l la le les leur leurs lors lorsque lui m ma mais me
   meme memes mes moi moins mon n ne ni non nos notre nous on or ou par parce pas peu plupart pour pourquoi puis qu
   quand que quel quelle quelles quels qui quoi s sa sans se ses si sien son sous sur t ta tandis te tel telle tes toi
   ton tous tout toute toutes tres trop tu un une unes uns vers via voici voila vos votre vous y etc
   etre suis es est sommes etes sont etais etait etions etiez etaient serai seras sera serons serez seront serais
   serait serions seriez seraient sois soit soyons soyez soient fus fut furent ete etant
   avoir ai as avons avez ont avais avait avions aviez avaient aurai auras aura aurons aurez auront aurais aurait
   aurions auriez auraient aie aies ait ayons ayez aient eu eut eurent ayant
   faire fais fait faisons faites font faisait ferait feront faudra faut faudrait
   pouvoir peux peut pouvons pouvez peuvent pourrait pourraient pourra pourront
   devoir dois doit devons devez doivent devrait devraient devra
   place mise mettre permettre permet afin beaucoup chose choses souhaite souhaitons propose proposer plus`
    .split(/\s+/)
    .filter(Boolean)
);

export interface Term {
  /** Stem without accents: what is compared. */
  key: string;
  /** The word as written: what is shown. */
  word: string;
}

export function frenchTerms(text: string): Term[] {
  const terms: Term[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || /^\d+$/.test(raw) || STOP_WORDS.has(stripAccents(raw))) continue;
    const key = stripAccents(stemmer.stem(raw));
    if (key.length >= 2) terms.push({ key, word: raw });
  }
  return terms;
}
