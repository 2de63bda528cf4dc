/**
 * Wall-clock times in Europe/Paris (where events take place) and the instants they are.
 * An event is entered as « 2026-03-12T19:00 » (Paris time, summer or winter) and stored as
 * an instant (UTC).
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function wallClock(ms: number) {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mm: Number(p.minute) };
}

/** Paris's offset from UTC at an instant, in ms (3 600 000 in winter, 7 200 000 in summer). */
function offsetAt(ms: number): number {
  const w = wallClock(ms);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm) - Math.floor(ms / 60_000) * 60_000;
}

/** « 2026-03-12T19:00 » read as if it were UTC, in ms: the starting point of every conversion here. */
function asIfUtc(local: string): number {
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm);
}

/**
 * « 2026-03-12T19:00 » (Paris) → the instant. A time skipped by the spring change moves one
 * hour later; a time the autumn change repeats is the second one, in winter time (refuse it
 * first with `parisTimeRepeated` where the choice matters).
 */
export function parisInstant(local: string): Date {
  const asUtc = asIfUtc(local);
  let ms = asUtc - offsetAt(asUtc);
  ms = asUtc - offsetAt(ms);
  return new Date(ms);
}

/**
 * Whether the Paris wall-clock time exists: false for a time skipped by the spring change
 * (« 2027-03-28T02:30 »), which `parisInstant` would move an hour later. The round trip
 * through the time-zone database (`Intl`) says it, as for every other offset question here.
 */
export function parisTimeExists(local: string): boolean {
  return parisLocal(parisInstant(local)) === local;
}

/**
 * Whether the Paris wall-clock time happens twice: true in the hour the autumn change repeats
 * (« 2027-10-31T02:30 » is first 00:30 UTC, in summer time, then 01:30 UTC, in winter time),
 * which a time without offset cannot tell apart. Every offset Paris has the day before and the
 * day after (from the time-zone database, through `Intl`, as everywhere here) is tried: the
 * time is repeated when two of them give an instant that reads back as this very time.
 */
export function parisTimeRepeated(local: string): boolean {
  const asUtc = asIfUtc(local);
  const offsets = new Set([offsetAt(asUtc - 86_400_000), offsetAt(asUtc + 86_400_000)]);
  return [...offsets].filter((offset) => parisLocal(new Date(asUtc - offset)) === local).length > 1;
}

/** The instant as Paris wall-clock « 2026-03-12T19:00 ». */
export function parisLocal(instant: Date | string): string {
  const w = wallClock(new Date(instant).getTime());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${two(w.m)}-${two(w.d)}T${two(w.hh)}:${two(w.mm)}`;
}

/** « 19 h 00 » in Paris. */
export function parisHour(instant: Date | string): string {
  const local = parisLocal(instant);
  return `${local.slice(11, 13)} h ${local.slice(14, 16)}`;
}
