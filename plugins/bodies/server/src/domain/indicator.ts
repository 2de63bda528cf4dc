import { shareLabel } from '@intranet-militant/shared';
import type { MeetingStatus, Presence } from './vocabulary';

/**
 * The attendance indicator (« indicateur de présence ») of one seat, issue 15 §6:
 *
 *     (present + remote) ÷ (held meetings during the tenure − excused)
 *
 * - Only **held** meetings count (planned and cancelled ones are left out).
 * - Only meetings **during the tenure** `[startOn, endOn)` and inside the window `[from, to)`
 *   (Paris calendar dates, half-open): a member designated mid-period is judged on the
 *   meetings since their designation only.
 * - **Unmarked** rows (« à saisir ») are not absences: they are left out of both sides.
 * - A titular member **replaced by a substitute** (a suppléant standing in for them) counts
 *   as excused for that meeting, unless marked present or remote: the seat was held. The
 *   substitute's own presence counts on the substitute's seat.
 * So the denominator is `present + remote + absent`; with nothing to count the rate is `null`.
 *
 * « k absences de suite »: the current run of absences (unexcused): the counted absences
 * dated after the last day the member was present (or remote); excused and unmarked
 * meetings neither end nor extend it. `alert` when it reaches `k` (per body, default 3).
 */

/** One attendance row of the seat, as the sheet holds it. */
export interface AttendanceFact {
  /** The meeting's Paris date, YYYY-MM-DD. */
  heldOn: string;
  meetingStatus: MeetingStatus;
  /** `null`: not marked yet (« à saisir »). */
  presence: Presence | null;
  /** A substitute stood in for this seat's holder at that meeting. */
  replaced?: boolean;
}

export interface Tenure {
  startOn: string;
  /** Excluded; `null` while the seat runs. */
  endOn: string | null;
}

/** The chosen window, half-open `[from, to)`; either side may be open. */
export interface Window {
  from?: string | null;
  to?: string | null;
}

export interface Indicator {
  present: number;
  remote: number;
  excused: number;
  absent: number;
  /** Held meetings in the tenure and window whose row is not marked yet. */
  unmarked: number;
  /** Held meetings in the tenure and window (marked or not). */
  held: number;
  /** `(present + remote) / (present + remote + absent)`, between 0 and 1, or null when nothing counts. */
  rate: number | null;
  /** Current run of absences. */
  streak: number;
  /** `streak >= k`. */
  alert: boolean;
}

/** What a row counts as, once replacement is taken into account (`null`: unmarked). */
export function effectivePresence(fact: Pick<AttendanceFact, 'presence' | 'replaced'>): Presence | null {
  if (fact.replaced && fact.presence !== 'present' && fact.presence !== 'remote') return 'excused';
  return fact.presence;
}

/** Is the Paris date `day` inside `[start, end)` (open ends allowed)? Dates compare as YYYY-MM-DD strings. */
export function withinRange(day: string, start: string | null | undefined, end: string | null | undefined): boolean {
  return (start == null || day >= start) && (end == null || day < end);
}

/**
 * The indicator of one seat over a window (pure; the SQL in queries/indicators.ts computes
 * the same, and tests check they agree). `k` is the body's « absences de suite » threshold.
 */
export function attendanceIndicator(facts: readonly AttendanceFact[], tenure: Tenure, window: Window = {}, k = 3): Indicator {
  const counted = facts
    .filter((f) => f.meetingStatus === 'held')
    .filter((f) => withinRange(f.heldOn, tenure.startOn, tenure.endOn) && withinRange(f.heldOn, window.from, window.to));
  const result = { present: 0, remote: 0, excused: 0, absent: 0, unmarked: 0, held: counted.length, streak: 0 };
  let lastAttended = '';
  for (const fact of counted) {
    const presence = effectivePresence(fact);
    if (presence === null) result.unmarked += 1;
    else result[presence] += 1;
    if ((presence === 'present' || presence === 'remote') && fact.heldOn > lastAttended) lastAttended = fact.heldOn;
  }
  result.streak = counted.filter((f) => effectivePresence(f) === 'absent' && f.heldOn > lastAttended).length;
  const attended = result.present + result.remote;
  const denominator = attended + result.absent;
  return { ...result, rate: denominator === 0 ? null : attended / denominator, alert: result.streak >= k };
}

/**
 * The rate (0..1) as members read it, written as every percentage of the portal (the shared
 * `frenchPercent`, one decimal, no-break space): « 66,7 % », « 75 % », or « — » when nothing
 * counts yet.
 */
export function rateLabel(rate: number | null): string {
  return shareLabel(rate);
}
