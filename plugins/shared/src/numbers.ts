/**
 * Counts and shares in French, as members read them: one rule for the member portal (which
 * imports this file, src/portal/lib/format.ts), the server's messages and the command lines,
 * so no screen writes « 10 candidature(s) » or « 58.6 % ». Pure, no dependency but `Intl`.
 */

const NUMBER = new Intl.NumberFormat('fr-FR');
const RULES = new Intl.PluralRules('fr-FR');
const PERCENT = new Map<number, Intl.NumberFormat>();

/** « 1 234 » (narrow no-break space between thousands), « 2,5 ». */
export function frenchNumber(value: number): string {
  return NUMBER.format(value);
}

/**
 * The noun that goes with a count, by French grammar (CLDR's rules through `Intl.PluralRules`):
 * 0 and 1 (and any count under 2) take the singular — « 0 candidature », « 1 circonscription »,
 * « 2 candidatures ». Takes the count, the singular and the plural (default: singular + s).
 */
export function pluralWord(count: number, singular: string, pluralForm = `${singular}s`): string {
  return RULES.select(count) === 'one' ? singular : pluralForm;
}

/** « 0 candidature », « 1 234 candidatures »: the count written the French way, then its noun. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${frenchNumber(count)} ${pluralWord(count, singular, pluralForm)}`;
}

/**
 * A share in [0, 1] as a French percentage, « 58,6 % » (decimal comma, no-break space before %),
 * with at most `digits` decimals (default 0). @throws RangeError for digits outside 0..20.
 */
export function frenchPercent(share: number, digits = 0): string {
  let format = PERCENT.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: digits });
    PERCENT.set(digits, format);
  }
  return format.format(share);
}
