import { MARK_END, MARK_START } from './providers/types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A provider's snippet as HTML: the text escaped (content may contain markup), then the
 * markers around matched words turned into <mark>. Nothing else from the index is HTML.
 */
export function snippetHtml(marked: string): string {
  return marked
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .split(MARK_START)
    .join('<mark>')
    .split(MARK_END)
    .join('</mark>');
}

/**
 * Highlights, in plain text, the words whose key is among `keys` (keys computed by `keyOf`,
 * e.g. French stems), and cuts the text around the densest passage of about `words` words.
 * Each distinct word's key is computed once (a body repeats its words: stemming them was
 * the search's largest cost outside SQL, issue 21).
 */
export function highlight(text: string, keys: ReadonlySet<string>, keyOf: (word: string) => string, words = 30): string {
  const tokens = text.split(/([^\p{L}\p{N}]+)/u); // words at even indexes, separators at odd
  const matches = new Map<string, boolean>();
  const wordIndexes: number[] = [];
  const hits: boolean[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i];
    if (!token) continue;
    let hit = matches.get(token);
    if (hit === undefined) matches.set(token, (hit = keys.has(keyOf(token))));
    wordIndexes.push(i);
    hits.push(hit);
  }
  if (wordIndexes.length === 0) return '';
  // The window of `words` words holding the most matches (sliding count).
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let end = 0; end < hits.length; end++) {
    if (hits[end]) count++;
    if (end >= words && hits[end - words]) count--;
    const start = Math.max(0, end - words + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  const first = wordIndexes[best];
  const last = wordIndexes[Math.min(best + words, wordIndexes.length) - 1];
  let out = '';
  for (let i = first; i <= last; i++) {
    out += i % 2 === 0 && matches.get(tokens[i]) ? `${MARK_START}${tokens[i]}${MARK_END}` : tokens[i];
  }
  return `${best > 0 ? '… ' : ''}${out}${best + words < wordIndexes.length ? ' …' : ''}`;
}
