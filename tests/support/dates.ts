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
