import type { MemberStatus } from './actor';

/**
 * A member's status as it reads on a date: the stored status (`MemberStatus`), or `left`
 * once a departure was recorded (`leftOn`, issue 22) — a member who left is no longer
 * active anywhere (lists, directories, eligibility, other plugins), from the day given until
 * their erasure. An exclusion stays `excluded` (it is a leaving too, with its own status).
 */
export type EffectiveStatus = MemberStatus | 'left';

/**
 * A member's status as it stands on a date: a suspension with an end date is over the day
 * after it (statutes: a suspension « jusqu’au » a date includes that date); a recorded
 * departure (`leftOn` on or before `on`) reads `left`, except for an exclusion. The one
 * version of the rule: the actor, presenters, eligibility, lists and other plugins (via
 * membership's directory) all use it, or `effectiveStatusFilter` for queries.
 *
 * @param stored `membershipStatus` as stored, with `suspendedUntil` and `leftOn` (YYYY-MM-DD or
 *        null; `leftOn` is required so that no caller forgets departures — pass null when unknown)
 * @param on a Paris calendar date (YYYY-MM-DD), usually `todayInParis()`
 */
export function effectiveStatus(stored: { status: MemberStatus; suspendedUntil: string | null; leftOn: string | null | undefined }, on: string): EffectiveStatus {
  if (stored.status === 'excluded') return 'excluded';
  if (stored.leftOn && stored.leftOn <= on) return 'left';
  if (stored.status === 'suspended' && stored.suspendedUntil && stored.suspendedUntil < on) return 'active';
  return stored.status;
}

/**
 * The same rule as a query-engine filter on member rows (`membershipStatus`,
 * `suspendedUntil`, `leftOn`): the members whose effective status on `on` is `status`.
 */
export function effectiveStatusFilter(status: EffectiveStatus, on: string): Record<string, unknown> {
  const ended = { membershipStatus: 'suspended', suspendedUntil: { $lt: on } };
  const stayed = { $or: [{ leftOn: { $null: true } }, { leftOn: { $gt: on } }] };
  if (status === 'active') return { $and: [{ $or: [{ membershipStatus: 'active' }, ended] }, stayed] };
  if (status === 'suspended') {
    return { $and: [{ membershipStatus: 'suspended' }, { $or: [{ suspendedUntil: { $null: true } }, { suspendedUntil: { $gte: on } }] }, stayed] };
  }
  if (status === 'left') return { $and: [{ membershipStatus: { $ne: 'excluded' } }, { leftOn: { $lte: on } }] };
  return { membershipStatus: 'excluded' };
}

/**
 * May this member take part in member activities — enrol in a course or be enrolled in a
 * welcome path, sponsor or be sponsored (training), register for an event (events)? Only with
 * an effective status (`effectiveStatus`, or the actor's `status`) of `active`: a suspension
 * (until it ends), an exclusion or a departure takes it away (statutes: a suspended member's
 * rights are suspended with them). Not the eligibility service's « good standing »
 * (membership's `standing`, which also asks for the year's dues, for candidacies and votes):
 * taking part in activities does not wait for the dues.
 *
 * `null` (an account without member profile: national or federation staff accounts) may not:
 * there is no membership to take part with. Where such accounts are welcome (reading the
 * skills directory, searching), use `notBarredByMembership`. Two names rather than one flag so
 * that each caller says which question it asks.
 *
 * @param status an effective status (never the stored `membershipStatus`, which does not know
 *        that a suspension ended or a member left), or null/undefined without member profile
 * @returns true only for `active`. Pure.
 */
export function mayTakePart(status: EffectiveStatus | null | undefined): boolean {
  return status === 'active';
}

/**
 * Whether an account's membership lets it into what every account of the intranet may do
 * but a member who may not take part (`mayTakePart`) may not: reading other members' skills
 * profiles, finding the search types reserved to active members. An account without member
 * profile (`null`: staff accounts) is not barred — it has no membership to be suspended from.
 *
 * @param status the actor's effective status, or null/undefined without member profile
 * @returns true for null/undefined and `active`. Pure.
 */
export function notBarredByMembership(status: EffectiveStatus | null | undefined): boolean {
  return status == null || mayTakePart(status);
}
