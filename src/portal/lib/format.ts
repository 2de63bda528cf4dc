/** French formatting, always in Paris time whatever the device's zone (Intl, no date library needed). */

/** « de Jean », « d’Aurélie »: the one rule, shared with the server's messages. */
export { withDe } from '../../../plugins/shared/src/elision';

/** « 0 candidature », « 3 contributions », « 58,6 % »: the one rule, shared with the server's messages. */
export { plural, pluralWord, frenchPercent as formatPercent } from '../../../plugins/shared/src/numbers';

const ZONE = 'Europe/Paris';
const dateFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const shortFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: 'numeric', month: 'short' });
const numberFormat = new Intl.NumberFormat('fr-FR');
const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const relative = new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' });

/** French writes the first day of a month as an ordinal: « 1er mars », not « 1 mars ». */
const firstOfMonth = (text: string) => text.replace(/^1 /, '1er ');

/** A calendar date ("2026-03-01", read as a Paris day) or an instant, as « 1er mars 2026 ». */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar date has no time: noon UTC is the same day in Paris.
    return firstOfMonth(dateFormat.format(new Date(`${value}T12:00:00Z`)));
  }
  return firstOfMonth(dateFormat.format(new Date(value)));
}

/**
 * An instant as « 1er mars 2026 à 18 h 00 » (Paris time): hours written the French way, as
 * the events' pages and the emails write them (Intl's « 18:00 » is the digital clock's).
 */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${firstOfMonth(`${parts.day} ${parts.month} ${parts.year}`)} à ${parts.hour} h ${parts.minute}`;
}

/** « 1 mars » */
export function formatShortDate(value: string | Date): string {
  return firstOfMonth(shortFormat.format(new Date(value)));
}

/** « dans 3 jours », « hier »: the distance from now to an instant. */
export function formatFromNow(value: string | Date): string {
  const ms = new Date(value).getTime() - Date.now();
  const abs = Math.abs(ms);
  if (abs < 3_600_000) return relative.format(Math.round(ms / 60_000), 'minute');
  if (abs < 86_400_000) return relative.format(Math.round(ms / 3_600_000), 'hour');
  return relative.format(Math.round(ms / 86_400_000), 'day');
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Cents (the API's unit for money) as « 30,00 € ». */
export function formatCents(cents: number): string {
  return euroFormat.format(cents / 100);
}

/** « 1,2 Mo », « 35 ko »: a file's size as members read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ko`;
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/**
 * What a form sends for a whole number typed in a text field: a JSON number when it is made
 * of digits (spaces anywhere ignored, « 1 000 » as a French reader writes it), else the text
 * as typed, trimmed — the API answers it with the field's French message (« La jauge : un
 * nombre entier de places. »). A body's whole number is a JSON number: the API refuses
 * « "12" » (plugins/shared/src/validation.ts, `strictInteger`), and `Number()` would turn
 * « douze » into NaN, which JSON sends as null: an empty field's meaning (no limit, cleared).
 */
export function wholeNumberOf(typed: string): number | string {
  // A minus sign is read too (« -3 », or « −3 » as some keyboards type it), so that the API
  // answers with the field's range (« de 0 à 200 »), not « un nombre entier ».
  const digits = typed.replace(/\s/g, '').replace(/^\u2212/, '-');
  return /^-?\d{1,15}$/.test(digits) ? Number(digits) : typed.trim();
}
