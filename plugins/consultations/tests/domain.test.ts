import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { effortImpactChart } from '../server/src/domain/chart';
import { toCsv } from '@intranet-militant/shared';
import { frenchTerms } from '../server/src/domain/french-text';
import { axisResult, compareMajority, lowerMedian, type Distribution } from '../server/src/domain/grades';
import { calendarProblems, phaseByClock, type Calendar } from '../server/src/domain/phases';
import { voteReminderAt } from '../server/src/notifications';
import { quadrantOf, rankProposals } from '../server/src/domain/ranking';
import { SimilarityIndex } from '../server/src/domain/similarity';
import { tallyChoices, type Choice } from '../server/src/domain/tally';

const d = (...counts: number[]) => counts as Distribution;

describe('majority judgment', () => {
  it('takes the lower median', () => {
    expect(lowerMedian(d(0, 0, 0, 0, 0))).toBeNull();
    expect(lowerMedian(d(1, 1, 1, 1, 0))).toBe(2); // 1 2 3 4 → lower median 2
    expect(lowerMedian(d(0, 0, 3, 0, 0))).toBe(3);
    expect(lowerMedian(d(2, 0, 0, 0, 3))).toBe(5);
  });

  it('reports count, distribution, gauge and mean', () => {
    expect(axisResult(d(1, 1, 2, 3, 1))).toEqual({
      count: 8,
      distribution: [1, 1, 2, 3, 1],
      median: 3,
      above: 0.5,
      below: 0.25,
      gauge: '+',
      mean: 3.25,
    });
  });

  it('ranks by median, then gauge, then majority value', () => {
    const r = (x: Distribution) => axisResult(x);
    expect(compareMajority(r(d(0, 0, 1, 2, 0)), r(d(0, 0, 2, 1, 0)))).toBeGreaterThan(0); // median 4 vs 3
    // Same median 3: "3+" (more above than below) beats "3-".
    expect(compareMajority(r(d(0, 1, 2, 2, 0)), r(d(0, 2, 2, 1, 0)))).toBeGreaterThan(0);
    // Both 3+: the larger share above wins.
    expect(compareMajority(r(d(0, 0, 2, 3, 0)), r(d(0, 1, 2, 2, 0)))).toBeGreaterThan(0);
    // Both 3-: the smaller share below wins.
    expect(compareMajority(r(d(1, 1, 3, 0, 1)), r(d(2, 1, 3, 0, 0)))).toBeGreaterThan(0);
    // Same median and gauge shares: the majority value decides (here the higher extreme).
    expect(compareMajority(r(d(1, 0, 2, 0, 1)), r(d(1, 0, 2, 1, 0)))).toBeGreaterThan(0);
    expect(compareMajority(r(d(0, 2, 2, 2, 0)), r(d(0, 2, 2, 2, 0)))).toBe(0);
  });
});

describe('majority judgment on shares (issue 10)', () => {
  const cmp = (a: number[], b: number[]) => Math.sign(compareMajority(axisResult(a as Distribution), axisResult(b as Distribution)));
  // [a, b, expected sign of compare(a, b), why] — worked cases of Balinski & Laraki's
  // majority gauge (p = share above the median, q = share below), read on shares.
  const table: [number[], number[], -1 | 0 | 1, string][] = [
    [[1, 0, 1, 0, 1], [2, 0, 2, 0, 2], 0, 'same shares, 3 vs 6 graders: tie (issue 10)'],
    [[0, 1, 1, 1, 0], [0, 3, 3, 3, 0], 0, 'same shares, 3 vs 9 graders'],
    [[0, 0, 1, 1, 0], [0, 0, 5, 5, 0], 0, 'even counts, same shares'],
    [[0, 0, 1, 2, 0], [0, 0, 2, 1, 0], 1, 'higher median wins'],
    [[0, 1, 2, 2, 0], [0, 2, 2, 1, 0], 1, '3+ beats 3-'],
    [[0, 0, 2, 3, 0], [0, 1, 2, 2, 0], 1, 'both +: larger share above wins'],
    [[1, 1, 3, 0, 1], [2, 1, 3, 0, 0], 1, 'both -: smaller share below wins'],
    [[0, 0, 1, 2, 0], [0, 0, 4, 5, 0], 1, '4 (p = 0, q = 1/3) vs 4- (q = 4/9): fewer below wins whatever the counts'],
    [[0, 0, 3, 0, 2], [0, 0, 1, 0, 1], -1, 'both 3+: 1/2 above (2 graders) beats 2/5 above (5 graders)'],
    [[1, 0, 2, 0, 1], [1, 0, 2, 1, 0], 1, 'same median and gauge: the higher grade above decides'],
    [[1, 0, 2, 0, 1], [2, 0, 4, 2, 0], 1, 'same, with different counts'],
    [[0, 2, 2, 2, 0], [0, 1, 1, 1, 0], 0, 'identical shares'],
    [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], -1, 'no grade ranks last'],
  ];
  it.each(table)('%j vs %j → %i (%s)', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });

  it('is unchanged when every count is multiplied (replication invariance)', () => {
    const samples: number[][] = [[1, 0, 2, 0, 1], [0, 1, 2, 2, 0], [1, 1, 3, 0, 1], [2, 1, 3, 0, 0], [0, 0, 1, 2, 0], [3, 1, 0, 1, 3]];
    for (const a of samples)
      for (const b of samples)
        for (const k of [2, 3, 7]) expect(cmp(a.map((x) => x * k), b)).toBe(cmp(a, b));
  });

  it('ranks two proposals with proportional grades by their effort/impact as equals (then by number)', () => {
    const ranked = rankProposals([
      { id: 1, number: 1, effort: d(0, 0, 2, 0, 0), impact: d(2, 0, 2, 0, 2) },
      { id: 2, number: 2, effort: d(0, 0, 1, 0, 0), impact: d(1, 0, 1, 0, 1) },
    ]);
    expect(ranked.map((p) => p.id)).toEqual([1, 2]);
    expect(compareMajority(ranked[0].impact, ranked[1].impact)).toBe(0);
  });
});

describe('ranking and quadrants', () => {
  it('prefers high impact for low effort, then majority judgment breaks ties', () => {
    const ranked = rankProposals([
      { id: 1, number: 1, effort: d(0, 0, 0, 5, 0), impact: d(0, 0, 0, 5, 0) }, // gap 0
      { id: 2, number: 2, effort: d(5, 0, 0, 0, 0), impact: d(0, 0, 0, 0, 5) }, // gap 4
      { id: 3, number: 3, effort: d(0, 5, 0, 0, 0), impact: d(0, 0, 0, 5, 0) }, // gap 2, impact 4
      { id: 4, number: 4, effort: d(0, 0, 5, 0, 0), impact: d(0, 0, 0, 0, 5) }, // gap 2, impact 5
      { id: 5, number: 5, effort: d(0, 0, 0, 0, 0), impact: d(0, 0, 0, 0, 0) }, // not graded
    ]);
    expect(ranked.map((p) => p.id)).toEqual([2, 4, 3, 1, 5]);
    expect(ranked.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('places proposals in the four quadrants by their means', () => {
    const r = (x: Distribution) => axisResult(x);
    expect(quadrantOf(r(d(3, 0, 0, 0, 0)), r(d(0, 0, 0, 0, 3)))).toBe('quick-win');
    expect(quadrantOf(r(d(0, 0, 0, 0, 3)), r(d(0, 0, 0, 0, 3)))).toBe('major-project');
    expect(quadrantOf(r(d(3, 0, 0, 0, 0)), r(d(3, 0, 0, 0, 0)))).toBe('fill-in');
    expect(quadrantOf(r(d(0, 0, 3, 0, 0)), r(d(0, 0, 3, 0, 0)))).toBe('thankless');
  });

  it('draws the chart as self-contained SVG with the quadrants and escaped titles', () => {
    const [p] = rankProposals([{ id: 1, number: 1, effort: d(1, 0, 0, 0, 0), impact: d(0, 0, 0, 0, 1) }]);
    const svg = effortImpactChart('Effort × impact', [{ ...p, title: 'Vélos <& transports>' }], new Set([1]));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Gains rapides');
    expect(svg).toContain('Tâches ingrates');
    expect(svg).toContain('Vélos &lt;&amp; transports&gt;');
    expect(svg).not.toMatch(/<script|href=/);
    // Inserted inline in the admin panel, its style rules style only the chart.
    const rules = /<style>(.*)<\/style>/s.exec(svg)![1].replace(/@media[^{]*\{/g, '').split('}').map((r) => r.trim()).filter((r) => r.includes('{'));
    expect(rules.length).toBeGreaterThan(3);
    for (const rule of rules) expect(rule, rule).toMatch(/^\.effort-impact-chart /);
    expect(svg).toContain('aria-labelledby="effort-impact-chart-title"');
  });
});

describe('phases', () => {
  const calendar: Calendar = {
    kind: 'full',
    opensAt: '2026-01-10T08:00:00.000Z',
    endsAt: {
      contribution: '2026-02-01T00:00:00.000Z',
      analysis: '2026-02-15T00:00:00.000Z',
      evaluation: '2026-03-01T00:00:00.000Z',
      vote: '2026-03-15T00:00:00.000Z',
    },
  };

  const always = () => true;
  const withoutSynthesis = (phase: string) => phase !== 'vote';

  it('moves forward with the clock, never backward, and never out of draft', () => {
    expect(phaseByClock(calendar, 'upcoming', '2026-01-01T00:00:00.000Z', always)).toBe('upcoming');
    expect(phaseByClock(calendar, 'upcoming', '2026-01-20T00:00:00.000Z', always)).toBe('contribution');
    expect(phaseByClock(calendar, 'contribution', '2026-02-03T00:00:00.000Z', always)).toBe('analysis');
    expect(phaseByClock(calendar, 'evaluation', '2026-01-20T00:00:00.000Z', always)).toBe('evaluation');
    expect(phaseByClock(calendar, 'draft', '2027-01-01T00:00:00.000Z', always)).toBe('draft');
  });

  it('waits rather than open a phase that may not open, or that would already be over', () => {
    expect(phaseByClock(calendar, 'evaluation', '2026-03-05T00:00:00.000Z', withoutSynthesis)).toBe('evaluation');
    expect(phaseByClock(calendar, 'evaluation', '2026-03-05T00:00:00.000Z', always)).toBe('vote');
    // The vote's end is past too: it is not opened and closed in one step.
    expect(phaseByClock(calendar, 'evaluation', '2026-04-01T00:00:00.000Z', always)).toBe('evaluation');
    expect(phaseByClock(calendar, 'vote', '2026-04-01T00:00:00.000Z', always)).toBe('results');
    expect(phaseByClock(calendar, 'upcoming', '2026-02-20T00:00:00.000Z', always)).toBe('upcoming');
  });

  it('checks the calendar holds together', () => {
    expect(calendarProblems(calendar)).toEqual([]);
    const broken = { ...calendar, endsAt: { ...calendar.endsAt, analysis: '2026-01-20T00:00:00.000Z', vote: undefined } };
    expect(calendarProblems(broken).map((p) => p.path)).toEqual(['phases.analysis.endsAt', 'phases.vote.endsAt']);
  });
});

describe('vote reminder', () => {
  const hours = (n: number) => n * 3_600_000;
  const end = '2026-06-20T18:00:00.000Z';
  const before = (n: number) => new Date(Date.parse(end) - hours(n)).toISOString();

  it('is due 48 hours before a long vote closes', () => {
    expect(voteReminderAt(before(24 * 7), end)).toBe(Date.parse(end) - hours(48));
    expect(voteReminderAt(before(96), end)).toBe(Date.parse(end) - hours(48));
  });

  it('waits for half of a shorter vote, so that it never follows the opening announcement', () => {
    expect(voteReminderAt(before(24), end)).toBe(Date.parse(end) - hours(12));
    expect(voteReminderAt(before(3), end)).toBe(Date.parse(end) - hours(1.5));
    expect(voteReminderAt(new Date(Date.parse(end) - hours(60)), new Date(end))).toBe(Date.parse(end) - hours(30));
  });

  it('is due 30 minutes before the close at the latest, never before the opening, so that a 15-minute clock meets it', () => {
    expect(voteReminderAt(before(1), end)).toBe(Date.parse(end) - hours(0.5));
    expect(voteReminderAt(before(1 / 3), end)).toBe(Date.parse(end) - hours(1 / 3));
    // Every vote of 15 minutes or more has a clock run (every quarter hour) between its reminder and its close.
    for (let minutes = 15; minutes <= 24 * 60; minutes += 1) {
      for (let offset = 0; offset < 15; offset += 1) {
        const opened = Date.parse('2026-06-20T10:00:00.000Z') + offset * 60_000;
        const closes = opened + minutes * 60_000;
        const due = voteReminderAt(new Date(opened), new Date(closes));
        const run = Math.ceil(Math.max(due, opened) / 900_000) * 900_000;
        expect({ minutes, offset, reminded: run < closes }).toEqual({ minutes, offset, reminded: true });
      }
    }
  });

  it('falls back to 48 hours before the close when the opening is unknown or after the close', () => {
    expect(voteReminderAt(null, end)).toBe(Date.parse(end) - hours(48));
    expect(voteReminderAt('2026-06-21T00:00:00.000Z', end)).toBe(Date.parse(end) - hours(48));
  });
});

describe('tally', () => {
  const ballots = (f: number, a: number, abs: number) =>
    [...Array(f).fill('for'), ...Array(a).fill('against'), ...Array(abs).fill('abstain')] as Choice[];

  it('applies quorum and each majority', () => {
    expect(tallyChoices(ballots(6, 4, 2), { eligible: 40, quorumPercent: 25, majority: 'simple' })).toMatchObject({
      for: 6, against: 4, abstain: 2, cast: 12, quorumReached: true, majorityReached: true, adopted: true,
    });
    expect(tallyChoices(ballots(6, 4, 3), { eligible: 40, quorumPercent: 25, majority: 'absolute' }).adopted).toBe(false); // 6 of 13
    expect(tallyChoices(ballots(20, 10, 5), { eligible: 40, quorumPercent: 25, majority: 'two-thirds' }).adopted).toBe(true); // 20 of 30
    expect(tallyChoices(ballots(19, 10, 0), { eligible: 40, quorumPercent: 25, majority: 'two-thirds' }).adopted).toBe(false);
    expect(tallyChoices(ballots(5, 0, 0), { eligible: 40, quorumPercent: 25, majority: 'simple' })).toMatchObject({ quorumReached: false, adopted: false });
  });
});

describe('CSV for spreadsheets', () => {
  it('writes BOM, semicolons, decimal commas, quoting, and defuses formulas', () => {
    const csv = toCsv(['titre', 'moyenne', 'texte'], [['=SOMME(A1)', 3.25, 'ligne 1\nligne "2"; fin'], ['Vélos', 4, null]]);
    expect(csv.startsWith('\ufefftitre;moyenne;texte\r\n')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.slice(0, 3)).toEqual([
      ['titre', 'moyenne', 'texte'],
      ["'=SOMME(A1)", '3,25', 'ligne 1\nligne "2"; fin'],
      ['Vélos', '4', ''],
    ]);
  });
});

describe('French text', () => {
  it('drops stop words and elisions, stems, and ignores accents', () => {
    expect(frenchTerms('Il faut que les élections soient ouvertes à l’ensemble des adhérents').map((t) => t.key)).toEqual(
      frenchTerms('election ouverte ensemble adherent').map((t) => t.key)
    );
    expect(frenchTerms('les transports en commun').map((t) => t.key)).toEqual(['transport', 'commun']);
  });
});

describe('similarity and grouping', () => {
  const texts = [
    { id: 1, title: 'Transports en commun gratuits', body: 'Rendre les bus gratuits pour les jeunes et les retraités du département.' },
    { id: 2, title: 'Gratuité des bus', body: 'Les transports en commun devraient être gratuits, au moins pour les jeunes.' },
    { id: 3, title: 'Bus gratuits le week-end', body: 'La gratuité des transports le samedi et le dimanche.' },
    { id: 4, title: 'Formation des nouveaux adhérents', body: 'Un parcours d’accueil et de formation pour chaque nouvel adhérent, avec un parrain.' },
    { id: 5, title: 'Parrainage des adhérents', body: 'Chaque nouvel adhérent devrait avoir un parrain et une formation d’accueil.' },
    { id: 6, title: 'Compte rendu des réunions', body: 'Publier le compte rendu de chaque réunion du conseil fédéral.' },
  ];

  it('finds the nearest contributions and says what they share', () => {
    const index = new SimilarityIndex(texts);
    const nearest = index.nearest(1, 3);
    expect(nearest.map((n) => n.id).slice(0, 2).sort()).toEqual([2, 3]);
    expect(nearest[0].shared.length).toBeGreaterThan(0);
    expect(index.nearest(6, 3).map((n) => n.id)).not.toContain(1);
  });

  it('suggests groups of similar contributions, leaving the odd one alone', () => {
    const groups = new SimilarityIndex(texts).groups({ threshold: 0.15 });
    expect(groups.map((g) => g.ids)).toEqual([[1, 2, 3], [4, 5]]);
    expect(groups[0].keywords.join(' ')).toMatch(/gratuit|bus|transport/);
  });
});

describe('the roll as members meet it (domain/roll.ts)', () => {
  it('bars a member absent from the roll during the vote only; a vote without a roll or a member on it is unchanged', async () => {
    const { withRoll, countedElectorate } = await import('../server/src/domain/roll');
    const eligible = { eligible: true, reasons: [] as { code: string; message: string }[] };
    const rolled = { rollClosedAt: '2026-03-02T09:05:00Z', phase: 'vote' };
    expect(withRoll(eligible, rolled, true)).toEqual(eligible);
    const barred = withRoll(eligible, rolled, false);
    expect(barred.eligible).toBe(false);
    expect(barred.reasons[0]).toEqual({ code: 'not-on-roll', message: 'absent de la liste électorale arrêtée à l’ouverture du vote, le 2 mars 2026 à 10 h 05' });
    // Once the vote is over, the consultation reads as closed, not as « absent de la liste ».
    expect(withRoll(eligible, { ...rolled, phase: 'results' }, false)).toEqual(eligible);
    expect(withRoll(eligible, { rollClosedAt: null, phase: 'vote' }, false)).toEqual(eligible);
    // Not eligible anyway: their own reasons say why (as the vote's 403 does).
    const unpaid = { eligible: false, reasons: [{ code: 'dues-unpaid', message: 'cotisation 2026 non réglée' }] };
    expect(withRoll(unpaid, rolled, false)).toEqual(unpaid);
    expect(countedElectorate(10, 12)).toBe(12);
    expect(countedElectorate(null, 3)).toBe(3);
  });
});
