import { describe, expect, it } from 'vitest';
import { addDays, frenchDate, frenchDateTime, parisDate, todayInParis } from '../src';

describe('todayInParis remembers its last answer by UTC minute', () => {
  it('still answers the right date when asked around Paris midnight, in any order', () => {
    // 21:59 UTC in summer is 23:59 in Paris; 22:00 UTC is the next day there.
    const before = new Date('2026-07-01T21:59:59.999Z');
    const after = new Date('2026-07-01T22:00:00.000Z');
    expect(todayInParis(before)).toBe('2026-07-01');
    expect(todayInParis(before)).toBe('2026-07-01');
    expect(todayInParis(after)).toBe('2026-07-02');
    expect(todayInParis(before)).toBe('2026-07-01');
    // Winter: 23:00 UTC is midnight in Paris.
    expect(todayInParis(new Date('2026-12-31T22:59:30Z'))).toBe('2026-12-31');
    expect(todayInParis(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(parisDate('2026-02-28T23:30:00Z')).toBe('2026-03-01');
  });

  it('throws on an invalid date rather than answering a remembered one', () => {
    todayInParis(new Date('2026-07-01T10:00:00Z'));
    expect(() => todayInParis(new Date('not a date'))).toThrow(RangeError);
  });

  it('words dates in French', () => {
    expect(frenchDate('2026-03-01')).toBe('1er mars 2026');
    expect(frenchDate('2026-03-15T10:00:00Z')).toBe('15 mars 2026');
  });
});

describe('addDays counts calendar days', () => {
  it('across daylight-saving changes, month and year ends, leap days, and backwards', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29'); // the night the clocks go forward
    expect(addDays('2026-12-04', 180)).toBe('2027-06-02'); // spans it: never a day more
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26'); // the clocks go back
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
  });
});

describe('frenchDateTime', () => {
  it('reads an instant in Paris time, winter and summer', () => {
    expect(frenchDateTime('2026-03-02T09:05:00Z')).toBe('2 mars 2026 à 10 h 05');
    expect(frenchDateTime('2026-07-01T22:30:00Z')).toBe('2 juillet 2026 à 00 h 30');
    expect(frenchDateTime(new Date('2026-12-31T23:00:00Z'))).toBe('1er janvier 2027 à 00 h 00');
    expect(frenchDateTime('2026-03-01T17:00:00Z')).toBe('1er mars 2026 à 18 h 00');
    expect(frenchDateTime(new Date('2026-10-25T00:30:00Z'))).toBe('25 octobre 2026 à 02 h 30'); // the autumn change's first 02:30
    expect(() => frenchDateTime('pas une date')).toThrow(RangeError);
  });
});
