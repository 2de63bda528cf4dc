import { describe, expect, it } from 'vitest';
import { assessEligibility, effectiveStatus, type MemberStanding } from '../server/src/domain/eligibility';

const standing = (over: Partial<MemberStanding> = {}): MemberStanding => ({
  status: 'active',
  statusChangedOn: null,
  suspendedUntil: null,
  joinedOn: '2019-03-02',
  paidYears: [2026],
  ...over,
});

describe('assessEligibility', () => {
  it('accepts an active member paid up for the year who joined before the cut-off', () => {
    expect(assessEligibility(standing(), '2026-05-10', '2026-03-01')).toEqual({
      eligible: true,
      on: '2026-05-10',
      cutoff: '2026-03-01',
      reasons: [],
    });
  });

  it('refuses unpaid dues for the current year, naming the year', () => {
    const result = assessEligibility(standing({ paidYears: [2025] }), '2026-05-10');
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([{ code: 'dues-unpaid', message: 'cotisation 2026 non réglée' }]);
  });

  it('does not let a later year cover an earlier one (no two-year catch-up)', () => {
    const result = assessEligibility(standing({ paidYears: [2027] }), '2026-11-24');
    expect(result.reasons.map((r) => r.message)).toEqual(['cotisation 2026 non réglée']);
  });

  it('refuses members who joined after the cut-off (against entryism)', () => {
    const result = assessEligibility(standing({ joinedOn: '2026-03-02' }), '2026-05-10', '2026-03-01');
    expect(result.reasons).toEqual([{ code: 'joined-after-cutoff', message: 'adhésion postérieure au 1er mars 2026' }]);
    expect(assessEligibility(standing({ joinedOn: '2026-03-01' }), '2026-05-10', '2026-03-01').eligible).toBe(true);
  });

  it('refuses a suspended member until the end of the suspension, then accepts', () => {
    const suspended = standing({ status: 'suspended', suspendedUntil: '2026-06-15' });
    expect(assessEligibility(suspended, '2026-06-15').reasons).toEqual([
      { code: 'suspended', message: 'adhérent suspendu jusqu’au 15 juin 2026' },
    ]);
    expect(assessEligibility(suspended, '2026-06-16').eligible).toBe(true);
    expect(assessEligibility(standing({ status: 'suspended' }), '2026-06-16').reasons[0].message).toBe(
      'adhérent suspendu jusqu’à nouvel ordre'
    );
  });

  it('refuses an excluded member, and gives every reason at once', () => {
    const result = assessEligibility(
      standing({ status: 'excluded', statusChangedOn: '2026-02-03', paidYears: [], joinedOn: '2026-04-01' }),
      '2026-05-10',
      '2026-03-01'
    );
    expect(result.reasons.map((r) => r.message)).toEqual([
      'adhérent exclu depuis le 3 février 2026',
      'cotisation 2026 non réglée',
      'adhésion postérieure au 1er mars 2026',
    ]);
  });
});

describe('effectiveStatus', () => {
  it('ends a dated suspension the day after its end', () => {
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: '2026-01-31', leftOn: null }, '2026-01-31')).toBe('suspended');
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: '2026-01-31', leftOn: null }, '2026-02-01')).toBe('active');
    expect(effectiveStatus({ status: 'excluded', suspendedUntil: null, leftOn: null }, '2030-01-01')).toBe('excluded');
  });
});

describe('a member who has not joined yet on that date', () => {
  it('is not eligible, and is told when the membership starts', () => {
    const result = assessEligibility(standing({ joinedOn: '2026-09-15' }), '2026-06-01');
    expect(result.reasons).toEqual([
      { code: 'not-yet-member', message: 'adhésion au 15 septembre 2026, postérieure au 1er juin 2026' },
    ]);
  });
});
