import type { MemberStatus } from './actor';

/**
 * A member's status as it stands on a date: a suspension with an end date is over the day
 * after it (statutes: a suspension « jusqu’au » a date includes that date). The one
 * version of the rule: the actor, presenters, eligibility, lists and other plugins (via
 * membership's directory) all use it, or `effectiveStatusFilter` for queries.
 *
 * @param stored `membershipStatus` as stored, with `suspendedUntil` (YYYY-MM-DD or null)
 * @param on a Paris calendar date (YYYY-MM-DD), usually `todayInParis()`
 */
export function effectiveStatus(stored: { status: MemberStatus; suspendedUntil: string | null }, on: string): MemberStatus {
  if (stored.status === 'suspended' && stored.suspendedUntil && stored.suspendedUntil < on) return 'active';
  return stored.status;
}

/**
 * The same rule as a query-engine filter on member rows (`membershipStatus`,
 * `suspendedUntil`): the members whose effective status on `on` is `status`.
 */
export function effectiveStatusFilter(status: MemberStatus, on: string): Record<string, unknown> {
  const ended = { membershipStatus: 'suspended', suspendedUntil: { $lt: on } };
  if (status === 'active') return { $or: [{ membershipStatus: 'active' }, ended] };
  if (status === 'suspended') {
    return { membershipStatus: 'suspended', $or: [{ suspendedUntil: { $null: true } }, { suspendedUntil: { $gte: on } }] };
  }
  return { membershipStatus: 'excluded' };
}
