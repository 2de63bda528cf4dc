import { addDays, todayInParis } from '@intranet-militant/shared';

/**
 * The Paris calendar date `offset` days from today (YYYY-MM-DD), counted in calendar days as
 * the plugins count deadlines (`addDays`) — not `now + offset × 24 h`, which lands on the next
 * day when a daylight-saving change falls between and the test runs within an hour of Paris
 * midnight.
 */
export function parisDay(offset: number, now: Date = new Date()): string {
  return addDays(todayInParis(now), offset);
}

/**
 * An instant later today in Paris, `aheadMs` from now (default 2 minutes), for a test that
 * needs an event on today's Paris day and still to come (check-in opens on the event's Paris
 * day, registrations close at its start). In the last `aheadMs` of a Paris day no such instant
 * leaves the test time to run: it waits for the next Paris day first (at most `aheadMs`), so the
 * test never depends on the hour it is run at. The Paris day is read through `todayInParis`
 * (the time-zone database), never computed.
 */
export async function laterTodayInParis(aheadMs = 120_000): Promise<Date> {
  for (;;) {
    const now = Date.now();
    const later = new Date(now + aheadMs);
    if (todayInParis(later) === todayInParis(new Date(now))) return later;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
