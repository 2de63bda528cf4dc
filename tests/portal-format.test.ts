import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, wholeNumberOf } from '../src/portal/lib/format';

/** What the portal writes of dates and times: French, in Paris time whatever the device's zone. */
describe('the portal’s dates and times', () => {
  it('writes an instant the French way, « 1er mars 2026 à 18 h 05 », in Paris time', () => {
    expect(formatDateTime('2026-03-01T17:05:00Z')).toBe('1er mars 2026 à 18 h 05'); // winter: UTC+1
    expect(formatDateTime('2026-07-14T20:00:00Z')).toBe('14 juillet 2026 à 22 h 00'); // summer: UTC+2
    expect(formatDateTime('2026-12-31T23:30:00Z')).toBe('1er janvier 2027 à 00 h 30'); // already next year in Paris
    expect(formatDateTime(null)).toBe('');
  });

  it('writes a calendar date as its Paris day', () => {
    expect(formatDate('2026-03-01')).toBe('1er mars 2026');
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('1er janvier 2027');
  });
});

/** What a number field sends: a JSON number when the text is a whole number, else the text for the API's French refusal. */
describe('the portal’s number fields', () => {
  it('sends digits as a number, a negative one too (so the API tells the range, not « un nombre entier »), anything else as typed', () => {
    expect(wholeNumberOf('12')).toBe(12);
    expect(wholeNumberOf(' 1 000 ')).toBe(1000);
    expect(wholeNumberOf('-3')).toBe(-3);
    expect(wholeNumberOf('−3')).toBe(-3); // the minus sign some keyboards type
    expect(wholeNumberOf('douze')).toBe('douze');
    expect(wholeNumberOf('2,5')).toBe('2,5');
    expect(wholeNumberOf('--3')).toBe('--3');
  });
});
