/** Calendar dates (YYYY-MM-DD) and their French wording, as members read them. */

const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

/** "2026-03-01" → "1er mars 2026"; "2026-03-15" → "15 mars 2026". */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

// Hours and minutes of an instant in Paris (24-hour clock).
const PARIS_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/**
 * An instant (a `Date` or an ISO 8601 string) in Paris time, as members read it and as the
 * portal writes it (`formatDateTime`): 2026-12-06T03:18:42Z → « 6 décembre 2026 à 04 h 18 »
 * (hours the French way, « 1er » for a month's first day). @throws RangeError for an invalid
 * instant (as `Intl` does).
 */
export function frenchDateTime(instant: Date | string): string {
  const parts = Object.fromEntries(PARIS_DATE_TIME.formatToParts(instant instanceof Date ? instant : new Date(instant)).map((p) => [p.type, p.value]));
  return `${frenchDate(`${parts.year}-${parts.month}-${parts.day}`)} à ${parts.hour} h ${parts.minute}`;
}

/** Today's calendar date in Paris, where the party's deadlines are set. */
// Built once: a formatter costs far more to create than to use (it was 3 % of a request).
const PARIS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

// Answers by UTC minute: Paris's offset is whole hours, so the date cannot change within a
// minute, and a request asks for today several times (it was 1.7 % of the request path's CPU).
// Several minutes are kept: a request that also asks the date of other instants (a
// consultation's opening, its reference date) does not evict today's (a single last answer
// did, and a vote recomputed both every time: 1.2 % of its CPU).
const byMinute = new Map<number, string>();
const KEPT_MINUTES = 512;

/**
 * The calendar date in Paris (YYYY-MM-DD) at `now` (default: this instant), the day the
 * party's deadlines and dues years are counted in. @throws RangeError for an invalid date
 * (as `Intl` does).
 */
export function todayInParis(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const known = byMinute.get(minute);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(PARIS.formatToParts(now).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (byMinute.size >= KEPT_MINUTES) byMinute.clear();
  byMinute.set(minute, date);
  return date;
}

/** The calendar date in Paris (YYYY-MM-DD) of an instant: 2026-02-28T23:30Z → "2026-03-01". */
export function parisDate(instant: Date | string): string {
  return todayInParis(instant instanceof Date ? instant : new Date(instant));
}

/**
 * A calendar date (YYYY-MM-DD) plus `days` calendar days (negative: before), as the party's
 * deadlines count them: UTC arithmetic on the date alone, so no daylight-saving change moves
 * it (2026-03-28 + 1 → 2026-03-29). Returns YYYY-MM-DD.
 */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
