import { addDays, shareLabel } from '@intranet-militant/shared';

/** Days after a reporting period ends until its report is due (the due day included). */
export const REPORT_DUE_DAYS = 30;
/** The compliance indicator's window: the last 24 months. */
export const COMPLIANCE_MONTHS = 24;

/** `YYYY-MM-DD` plus `months` calendar months (the day clamped to the month's end). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Period {
  periodStart: string;
  /** Excluded. */
  periodEnd: string;
  /** Last day on time (included): `periodEnd + REPORT_DUE_DAYS - 1`. */
  dueOn: string;
}

/**
 * The reporting periods of a mandate `[startOn, endOn)` every `months` months from its start,
 * the last one cut at its end, up to those that have started by `until` (included). None
 * when `months` is 0 (collaborators owe no report).
 */
export function periodsOf(mandate: { startOn: string; endOn: string }, months: number, until: string): Period[] {
  if (months <= 0) return [];
  const out: Period[] = [];
  for (let k = 0; k < 200; k++) {
    const periodStart = addMonths(mandate.startOn, k * months);
    if (periodStart >= mandate.endOn || periodStart > until) break;
    const next = addMonths(mandate.startOn, (k + 1) * months);
    const periodEnd = next < mandate.endOn ? next : mandate.endOn;
    out.push({ periodStart, periodEnd, dueOn: addDays(periodEnd, REPORT_DUE_DAYS - 1) });
  }
  return out;
}

export interface Compliance {
  /** Reports due in the window (due day passed, or submitted). */
  due: number;
  onTime: number;
  /** Submitted after their due day (counted apart, not on time). */
  late: number;
  missing: number;
  /** onTime ÷ due, null when nothing was due. */
  rate: number | null;
}

/**
 * The compliance indicator over the 24 months before `today` (issue 16): reports whose due
 * day falls in `[today − 24 months, today)` are due; on time when submitted on or before
 * their due day, late after it, missing when not submitted. Rate: on time ÷ due.
 */
export function compliance<P extends Period>(periods: P[], submitted: Map<string, string>, today: string, key: (p: P) => string): Compliance {
  const from = addMonths(today, -COMPLIANCE_MONTHS);
  let due = 0;
  let onTime = 0;
  let late = 0;
  for (const p of periods) {
    if (p.dueOn < from || p.dueOn >= today) continue;
    due++;
    const on = submitted.get(key(p));
    if (on === undefined) continue;
    if (on <= p.dueOn) onTime++;
    else late++;
  }
  return { due, onTime, late, missing: due - onTime - late, rate: due ? onTime / due : null };
}

/**
 * The compliance rate (0..1) as members read it, written as every percentage of the portal (the
 * shared `frenchPercent`, one decimal, no-break space): « 66,7 % », « 75 % », or « — » when nothing was due.
 */
export const rateLabel = (rate: number | null): string => shareLabel(rate);
