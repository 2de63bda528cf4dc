import { effectiveStatus, frenchDate, yearOf, type MemberStatus } from '@intranet-militant/shared';

/** The one effective-status rule lives in shared; re-exported for membership's callers. */
export { effectiveStatus };

export interface MemberStanding {
  status: MemberStatus;
  statusChangedOn: string | null;
  suspendedUntil: string | null;
  joinedOn: string;
  /** Years whose dues are recorded and not cancelled. */
  paidYears: number[];
  /** The day the member left the party (issue 22: a recorded departure), if any. */
  leftOn?: string | null;
}

export type IneligibilityCode = 'not-a-member' | 'not-yet-member' | 'left' | 'excluded' | 'suspended' | 'dues-unpaid' | 'joined-after-cutoff';

export interface Eligibility {
  eligible: boolean;
  /** The date the question is asked for (YYYY-MM-DD); its year is the dues year. */
  on: string;
  cutoff: string | null;
  reasons: { code: IneligibilityCode; message: string }[];
}

/** A member row (`membershipStatus` in storage) as the rules read it. */
export function standingOf(
  row: { membershipStatus: MemberStatus; statusChangedOn?: string | null; suspendedUntil?: string | null; joinedOn?: string; leftOn?: string | null },
  paidYears: number[] = []
): MemberStanding {
  return {
    status: row.membershipStatus,
    statusChangedOn: row.statusChangedOn ?? null,
    suspendedUntil: row.suspendedUntil ?? null,
    joinedOn: row.joinedOn ?? '',
    paidYears,
    leftOn: row.leftOn ?? null,
  };
}

/**
 * May this member take part on date `on`? Active, paid up for the year of `on` (only that
 * year's dues count: paying for a later year never covers an earlier one), and a member
 * since the cut-off date at the latest (against entryism).
 */
export function assessEligibility(standing: MemberStanding, on: string, cutoff: string | null = null): Eligibility {
  const reasons: Eligibility['reasons'] = [];
  const status = effectiveStatus({ ...standing, leftOn: standing.leftOn ?? null }, on);

  if (standing.leftOn && standing.leftOn <= on) {
    reasons.push({ code: 'left', message: `a quitté le parti le ${frenchDate(standing.leftOn)}` });
  }

  if (status === 'excluded') {
    reasons.push({
      code: 'excluded',
      message: standing.statusChangedOn ? `adhérent exclu depuis le ${frenchDate(standing.statusChangedOn)}` : 'adhérent exclu',
    });
  } else if (status === 'suspended') {
    reasons.push({
      code: 'suspended',
      message: standing.suspendedUntil
        ? `adhérent suspendu jusqu’au ${frenchDate(standing.suspendedUntil)}`
        : 'adhérent suspendu jusqu’à nouvel ordre',
    });
  }

  const year = yearOf(on);
  if (!standing.paidYears.includes(year)) {
    reasons.push({ code: 'dues-unpaid', message: `cotisation ${year} non réglée` });
  }

  if (standing.joinedOn > on) {
    reasons.push({ code: 'not-yet-member', message: `adhésion au ${frenchDate(standing.joinedOn)}, postérieure au ${frenchDate(on)}` });
  } else if (cutoff && standing.joinedOn > cutoff) {
    reasons.push({ code: 'joined-after-cutoff', message: `adhésion postérieure au ${frenchDate(cutoff)}` });
  }

  return { eligible: reasons.length === 0, on, cutoff, reasons };
}
