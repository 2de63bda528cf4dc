import { addDays } from '@intranet-militant/shared';
import { describe, expect, it } from 'vitest';
import { compositionOf, seniorityOf, type CompositionProfile } from '../server/src/domain/composition';
import { timelinessOf } from '../server/src/domain/report';
import { pdfText } from '../server/src/domain/report-pdf';
import { rateLabel } from '../server/src/domain/indicator';

const ON = '2026-12-02';
const person = (sex: CompositionProfile['sex'], birthYear: number | null, joinedOn = '2015-01-01'): CompositionProfile => ({ sex, birthYear, joinedOn });
const times = (n: number, p: CompositionProfile) => Array.from({ length: n }, () => p);
const cell = <C extends { key: string }>(cells: C[], key: string) => cells.find((c) => c.key === key);

describe('minutes published on time: the first publication within 60 days of the meeting', () => {
  const cases: [string, string | null, string, string][] = [
    ['published on the 60th day', '2026-03-02', '2026-06-01', 'on-time'], // 2026-01-01 + 60 days = 2026-03-02
    ['published on the 61st day', '2026-03-03', '2026-06-01', 'late'],
    ['not published, the 60th day is today', null, '2026-03-02', 'pending'],
    ['not published, the delay is over', null, '2026-03-03', 'late'],
  ];
  for (const [name, publishedOn, today, expected] of cases) {
    it(name, () => expect(timelinessOf('2026-01-01', publishedOn, today)).toBe(expected));
  }
  it('counts calendar days across months and leap years', () => {
    expect(addDays('2028-01-31', 29)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('composition: aggregates only, every count under 5 masked', () => {
  it('masks counts under 5 (0 included) and gives shares of the total for the rest', () => {
    const c = compositionOf([...times(6, person('F', 1990)), ...times(5, person('M', 1970)), ...times(2, person(null, null))], ON);
    expect(c.total).toBe(13);
    expect(cell(c.sex, 'F')).toMatchObject({ count: 6, countLabel: '6', shareLabel: '46,2\u00a0%' });
    expect(cell(c.sex, 'F')!.share).toBeCloseTo(6 / 13);
    // « Non renseigné » (2) is under 5; alone masked, 13 − 6 − 5 would give it away: the
    // smallest other cell (men, 5) is masked too.
    expect(cell(c.sex, 'unknown')).toMatchObject({ count: null, share: null, countLabel: 'moins de 5', shareLabel: '—' });
    expect(cell(c.sex, 'M')).toMatchObject({ count: null, share: null, countLabel: 'masqué' });
    // Ages: 30–44 (6) and 45–59 (5) shown; under 30 and 60 and over (0) and « non renseigné » (2) masked.
    expect(c.age.map((x) => x.countLabel)).toEqual(['moins de 5', '6', '5', 'moins de 5', 'moins de 5']);
  });
});

describe('composition: secondary masking', () => {
  it('when one cell only is under 5, the smallest other cell is masked too (the total would give it away)', () => {
    const c = compositionOf([...times(6, person('F', 1990)), ...times(5, person('M', 1970)), ...times(5, person(null, 1990))], ON);
    // sex: F 6, M 5, unknown 5: nothing under 5, nothing masked.
    expect(c.sex.map((x) => x.count)).toEqual([6, 5, 5]);
    const d = compositionOf([...times(6, person('F', 1990)), ...times(7, person('M', 1970)), person('F', null)], ON);
    // sex: F 7, M 7, unknown 0 → unknown masked (primary), and the smallest other (F or M, 7) masked as well.
    expect(d.sex.filter((x) => x.count === null)).toHaveLength(2);
    expect(d.sex.map((x) => x.countLabel).sort()).toEqual(['7', 'masqué', 'moins de 5']);
  });

  it('a body of fewer than 5 shows nothing but its total', () => {
    const c = compositionOf(times(4, person('F', 1990)), ON);
    expect(c.total).toBe(4);
    for (const list of [c.sex, c.age, c.seniority]) expect(list.every((x) => x.count === null && x.share === null)).toBe(true);
  });
});

describe('composition: socio-professional category of those who consented only', () => {
  it('counts a category only where membership gave one (consent), the rest as « Non communiquée », masked alike', () => {
    const categories = [
      { key: 'cadres', label: 'Cadres' },
      { key: 'employes', label: 'Employés' },
      { key: 'ouvriers', label: 'Ouvriers' },
    ];
    const withCategory = (key: string | null) => ({ ...person('F', 1990), socioProfessionalCategory: key });
    const c = compositionOf([...times(6, withCategory('employes')), ...times(5, withCategory('cadres')), ...times(7, withCategory(null)), withCategory('inconnue')], ON, categories);
    // « Ouvriers » (0) alone under 5: the smallest other cell (cadres, 5) is masked too.
    expect(c.socioProfessional.map((x) => [x.key, x.count, x.countLabel])).toEqual([
      ['cadres', null, 'masqué'], ['employes', 6, '6'], ['ouvriers', null, 'moins de 5'], ['unknown', 8, '8'],
    ]);
    expect(cell(c.socioProfessional, 'unknown')!).toMatchObject({ label: 'Non communiquée' });
    // Without any consent, everyone is « Non communiquée ».
    expect(compositionOf(times(6, person('M', 1980)), ON, categories).socioProfessional.at(-1)).toMatchObject({ key: 'unknown', count: 6 });
  });
});

describe('composition: brackets', () => {
  it('age by the year reached in the year of the day: under 30, 30–44, 45–59, 60 and over', () => {
    const years = [1997, 1996, 1982, 1981, 1967, 1966]; // ages in 2026: 29, 30, 44, 45, 59, 60
    const c = compositionOf([...years.flatMap((y) => times(5, person('F', y))), person('F', 1930)], ON);
    // « Non renseigné » (0) alone is under 5: the smallest other cell (under 30, 5) is masked too.
    expect(c.age.map((x) => [x.key, x.count, x.countLabel])).toEqual([
      ['under-30', null, 'masqué'], ['30-44', 10, '10'], ['45-59', 10, '10'], ['60-plus', 6, '6'], ['unknown', null, 'moins de 5'],
    ]);
  });

  it('seniority: under 2 years, 2 to 5 years, more than 5 years, from the join date', () => {
    expect(seniorityOf('2024-12-03', ON)).toBe('under-2');
    expect(seniorityOf('2024-12-02', ON)).toBe('2-5'); // exactly two years
    expect(seniorityOf('2021-12-03', ON)).toBe('2-5');
    expect(seniorityOf('2021-12-02', ON)).toBe('over-5'); // exactly five years
  });
});

describe('report PDF text', () => {
  it('keeps French letters and typography pdfkit’s standard fonts know, and replaces the rest', () => {
    expect(pdfText('Présent·e « œuvre » – 3 €')).toBe('Présent·e « œuvre » – 3 €');
    expect(pdfText('Ōsaka, Łódź ✓')).toBe('Osaka, ?ódz ?'); // Ł has no decomposition
  });
  it('writes a rate as the portal does, its no-break space kept (cp1252 has it): « présence 66,7 % »', () => {
    expect(pdfText(`présence ${rateLabel(2 / 3)}`)).toBe('présence 66,7\u00a0%');
  });
});
