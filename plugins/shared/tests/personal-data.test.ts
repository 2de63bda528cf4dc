import { describe, expect, it } from 'vitest';
import { labelled, readablePersonalValue } from '../src';

/** « Mes données »: what the readable HTML page and PDF write for each value (the JSON keeps it raw). */
describe('readablePersonalValue', () => {
  it('words dates in French: calendar days as they are, instants in Paris time', () => {
    expect(readablePersonalValue('2019-03-02')).toBe('2 mars 2019');
    expect(readablePersonalValue('2026-03-01')).toBe('1er mars 2026');
    // Winter: UTC+1; summer: UTC+2; an instant late in the UTC evening is the next day in Paris.
    expect(readablePersonalValue('2026-12-06T03:18:42.233Z')).toBe('6 décembre 2026 à 04 h 18');
    expect(readablePersonalValue('2026-07-01T22:05:00Z')).toBe('2 juillet 2026 à 00 h 05');
    expect(readablePersonalValue('2026-07-01T22:05:00+02:00')).toBe('1er juillet 2026 à 22 h 05');
    expect(readablePersonalValue(new Date('2026-12-06T03:18:42.233Z'))).toBe('6 décembre 2026 à 04 h 18');
  });

  it('shows a labelled value’s label, never its code', () => {
    expect(readablePersonalValue(labelled('bodies.minutes-published', 'Publication d’un compte rendu'))).toBe('Publication d’un compte rendu');
    expect(readablePersonalValue(labelled({ 'N° adhérent': '30-00001' }, 'N° adhérent : 30-00001'))).toBe('N° adhérent : 30-00001');
  });

  it('oui/non, « — » for nothing, other text and numbers as they are', () => {
    expect(readablePersonalValue(true)).toBe('oui');
    expect(readablePersonalValue(false)).toBe('non');
    for (const nothing of [null, undefined, '']) expect(readablePersonalValue(nothing)).toBe('—');
    expect(readablePersonalValue(2026)).toBe('2026');
    expect(readablePersonalValue('30,00 €')).toBe('30,00 €');
    // Not dates: kept as written.
    for (const text of ['2026-13-01', '2026-02-30T25:99:00Z', 'le 2026-03-01', '30-00001']) expect(readablePersonalValue(text)).toBe(text);
  });
});
