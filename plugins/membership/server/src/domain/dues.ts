import { addDays, frenchDate } from '@intranet-militant/shared';

/**
 * Days a due may be paid before the recorded join date: the payment often comes with the
 * membership form, and the federation records the join date when it validates the form,
 * days or weeks later.
 */
export const PAID_BEFORE_JOINING_DAYS = 31;

/**
 * Why a due's payment day cannot be right, in French, or null when it can (issue 22 newcomer
 * pass: a 2001 due « paid » in 1990, before the member joined). A due for year N is paid
 * from 1 January of N − 1 (renewals collected ahead, at the end of the year before) onwards —
 * late payments of past years are fine; never in the future; never more than
 * `PAID_BEFORE_JOINING_DAYS` before the member joined. Dates are Paris days (YYYY-MM-DD). Pure.
 * @param joinedOn the member's join date (the row's own in an import); null when unknown
 */
export function paidOnRefusal(due: { year: number; paidOn: string }, joinedOn: string | null, today: string): string | null {
  if (due.paidOn > today) return `La date de paiement ne peut pas dépasser le ${frenchDate(today)}.`;
  const earliestForYear = `${due.year - 1}-01-01`;
  if (due.paidOn < earliestForYear) {
    return `Une cotisation ${due.year} se paie à partir du ${frenchDate(earliestForYear)} : la date de paiement (${frenchDate(due.paidOn)}) est trop ancienne.`;
  }
  if (joinedOn) {
    const joined = String(joinedOn).slice(0, 10);
    if (due.paidOn < addDays(joined, -PAID_BEFORE_JOINING_DAYS)) {
      return `La date de paiement (${frenchDate(due.paidOn)}) précède l’adhésion (${frenchDate(joined)}) de plus de ${PAID_BEFORE_JOINING_DAYS} jours.`;
    }
  }
  return null;
}

/** « 25,00 € »: an amount in cents written in euros, French style. Pure. */
export const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;

/**
 * The smallest due recorded, in cents: `DUES_MINIMUM_CENTS` (default 500, 5 €). Any standing
 * due makes a member eligible to vote, so an amount typed in the wrong unit (25 meaning 25 €,
 * saved as 0,25 €) must not pass as a payment (newcomer pass on the admin panel).
 * @throws Error when the variable is set to something other than a whole number ≥ 1
 */
export function duesMinimumCents(): number {
  const raw = process.env.DUES_MINIMUM_CENTS;
  if (raw === undefined || raw.trim() === '') return 500;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error('DUES_MINIMUM_CENTS must be a whole number of cents, 1 or more.');
  return value;
}

/** Why a due's amount is refused (« La cotisation minimale est de 5,00 € »), or null. Reads `DUES_MINIMUM_CENTS`. */
export function amountRefusal(amountCents: number): string | null {
  const minimum = duesMinimumCents();
  return amountCents < minimum ? `La cotisation minimale est de ${euros(minimum)}.` : null;
}
