/**
 * Text limits as people and databases count them. JavaScript's `length` and `slice` count
 * UTF-16 units: an emoji counts twice and a cut can leave half of one. Limits count
 * **code points** (what PostgreSQL's `varchar(n)` counts, so a value accepted here always
 * fits its column), and cuts fall on a **grapheme** boundary (an accented letter typed as
 * two code points, or an emoji sequence, is never split).
 */

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/** Number of code points (« 😀 » is 1, « é » typed decomposed is 2). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * At most `max` code points of `text`, cut at the last whole grapheme that fits, with
 * `ellipsis` appended (and counted) when something was cut. Trailing spaces before the
 * ellipsis are dropped.
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  if (codePointLength(text) <= max) return text;
  const budget = max - codePointLength(ellipsis);
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return `${ellipsis ? kept.trimEnd() : kept}${ellipsis}`;
}
