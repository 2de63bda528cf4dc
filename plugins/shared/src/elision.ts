/**
 * « de » before a name, as French writes it: elided to « d’ » (typographic apostrophe) before
 * a vowel, accented or not, and before a mute h — « de Jean », « d’Aurélie », « d’Émile »,
 * « d’Hélène », « d’Yves » — kept before a consonant and before a y sounding as one
 * (« de Yann », « de Yolande »). First names in « h » are taken as mute (« d’Hugo »,
 * « d’Henri »), as usage writes them. Pure, no dependency: the member portal imports this
 * file too (src/portal/lib/format.ts), so a name is joined the same way on every screen and
 * in every message.
 * @param name a person's or a body's name as shown (leading spaces and opening quotes ignored
 *        to decide; the name is kept as given)
 * @returns « de <name> » or « d’<name> »; « de » alone for an empty name
 */
export function withDe(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return 'de';
  return `${elides(trimmed) ? 'd’' : 'de '}${trimmed}`;
}

/** Does « de » elide before this word: a vowel (with or without accent), a mute h, a y before a consonant. */
export function elides(word: string): boolean {
  // The first letters, accents taken apart (« É » is « E » + an accent), past quotes and brackets.
  const letters = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/^[^\p{L}]+/u, '').toLowerCase();
  const [first, second] = [letters.charAt(0), letters.charAt(1)];
  if (!first) return false;
  if ('aeiouœæh'.includes(first)) return true;
  if (first === 'y') return second !== '' && !'aeiou'.includes(second);
  return false;
}
