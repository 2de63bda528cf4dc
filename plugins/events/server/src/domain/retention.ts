/**
 * How long events keep citizens' personal data (issue 22 item 4, for the people issue 20
 * lets register without an account). Pure dates; the purge (services/erasure.ts) applies them.
 *
 * - A pending registration (never confirmed by email) lapses after `confirmationHours`: it
 *   never counted, so it is deleted.
 * - A confirmed, waiting or cancelled citizen's name, email and door code are kept
 *   `citizenRetentionMonths` (3) after the event's day: long enough for the report, the
 *   feedback and questions about the list; then the row stays without them (the event's
 *   counts and attendance, members and non-members, are unchanged).
 * - A citizen who consented to be contacted again keeps name, email and consent
 *   `contactConsentYears` (3) after the event — CNIL's guidance for prospects (3 years from
 *   the last contact) — unless they withdraw it earlier (their cancel link).
 */
import { monthsBefore } from './summer-university';

/** What an erased or lapsed registration keeps: its event, state, member link (counts) and check-in time (attendance). */
export const PERSONAL_FIELDS_CLEARED = { name: null, email: null, contactConsent: false, tokenHash: null, checkInCode: null } as const;

/** What a citizen's own cancellation removes: the same, but the link's hash stays so that the link still answers « annulée ». */
export const CANCELLED_CITIZEN_FIELDS = { name: null, email: null, contactConsent: false, checkInCode: null } as const;

export interface CitizenRetention {
  confirmationHours: number;
  citizenRetentionMonths: number;
  contactConsentYears: number;
}

/** Pending registrations asked before this instant have lapsed. */
export function pendingLapsedBefore(now: Date, confirmationHours: number): Date {
  return new Date(now.getTime() - confirmationHours * 3_600_000);
}

/**
 * The Paris day (YYYY-MM-DD) before which an event's citizens lose their name and email:
 * events held on an earlier day are past the period (`months` months before `today`).
 */
export function citizensKeptSince(today: string, months: number): string {
  return monthsBefore(today, months);
}

/** What the purge does to one citizen's registration at `today` (Paris), given its event's Paris day. */
export function citizenOutcome(
  r: { memberId: number | null; state: string; contactConsent: boolean; email: string | null; name: string | null; askedAt: Date },
  eventDay: string,
  now: Date,
  today: string,
  s: CitizenRetention
): 'delete' | 'pseudonymise' | null {
  if (r.memberId != null) return null;
  if (r.state === 'pending') return r.askedAt.getTime() < pendingLapsedBefore(now, s.confirmationHours).getTime() ? 'delete' : null;
  if (r.email == null && r.name == null) return null;
  const months = r.contactConsent ? s.contactConsentYears * 12 : s.citizenRetentionMonths;
  return eventDay < citizensKeptSince(today, months) ? 'pseudonymise' : null;
}
