import { describe, expect, it } from 'vitest';
import { attendanceIndicator, effectivePresence, rateLabel, type AttendanceFact } from '../server/src/domain/indicator';

const held = (heldOn: string, presence: AttendanceFact['presence'], replaced = false): AttendanceFact => ({ heldOn, meetingStatus: 'held', presence, replaced });
const always = { startOn: '2020-01-01', endOn: null };

describe('attendance indicator: (present + remote) ÷ (held meetings during the tenure − excused)', () => {
  const cases: { name: string; facts: AttendanceFact[]; tenure?: { startOn: string; endOn: string | null }; window?: { from?: string; to?: string }; k?: number; expected: Partial<ReturnType<typeof attendanceIndicator>> }[] = [
    { name: 'nothing held: no rate (never 0 %, never a division by zero)', facts: [], expected: { rate: null, held: 0, streak: 0, alert: false } },
    { name: 'all present', facts: [held('2026-01-10', 'present'), held('2026-02-10', 'present')], expected: { rate: 1, present: 2 } },
    { name: 'remote counts as present', facts: [held('2026-01-10', 'remote'), held('2026-02-10', 'absent')], expected: { rate: 0.5, remote: 1, absent: 1 } },
    {
      name: 'excused leaves the denominator',
      facts: [held('2026-01-10', 'present'), held('2026-02-10', 'excused'), held('2026-03-10', 'absent')],
      expected: { rate: 0.5, excused: 1, held: 3 },
    },
    { name: 'only excused: no rate', facts: [held('2026-01-10', 'excused')], expected: { rate: null, excused: 1 } },
    {
      name: 'cancelled and planned meetings never count',
      facts: [held('2026-01-10', 'present'), { heldOn: '2026-02-10', meetingStatus: 'cancelled', presence: 'absent' }, { heldOn: '2026-03-10', meetingStatus: 'planned', presence: null }],
      expected: { rate: 1, held: 1, absent: 0 },
    },
    {
      name: 'unmarked rows (« à saisir ») are not absences',
      facts: [held('2026-01-10', 'present'), held('2026-02-10', null), held('2026-03-10', null)],
      expected: { rate: 1, unmarked: 2, held: 3, streak: 0 },
    },
    {
      name: 'designated mid-period: meetings before the start do not count',
      facts: [held('2026-01-10', 'absent'), held('2026-02-10', 'absent'), held('2026-03-10', 'present'), held('2026-04-10', 'present')],
      tenure: { startOn: '2026-03-01', endOn: null },
      expected: { rate: 1, held: 2, absent: 0 },
    },
    {
      name: 'the end of the tenure is excluded (half-open)',
      facts: [held('2026-01-10', 'present'), held('2026-02-10', 'absent')],
      tenure: { startOn: '2026-01-10', endOn: '2026-02-10' },
      expected: { rate: 1, held: 1 },
    },
    {
      name: 'the window is half-open too',
      facts: [held('2025-12-31', 'absent'), held('2026-01-01', 'present'), held('2026-06-30', 'absent'), held('2026-07-01', 'absent')],
      window: { from: '2026-01-01', to: '2026-07-01' },
      expected: { rate: 0.5, held: 2 },
    },
    {
      name: 'a titular replaced by a substitute counts as excused',
      facts: [held('2026-01-10', 'present'), held('2026-02-10', 'absent', true), held('2026-03-10', null, true)],
      expected: { rate: 1, excused: 2, absent: 0, unmarked: 0, streak: 0 },
    },
    {
      name: 'a replaced titular who came anyway is present',
      facts: [held('2026-01-10', 'present', true)],
      expected: { rate: 1, present: 1, excused: 0 },
    },
    {
      name: 'three absences in a row: alert (k = 3)',
      facts: [held('2026-01-10', 'present'), held('2026-02-10', 'absent'), held('2026-03-10', 'absent'), held('2026-04-10', 'absent')],
      expected: { streak: 3, alert: true, rate: 0.25 },
    },
    {
      name: 'a presence ends the run',
      facts: [held('2026-01-10', 'absent'), held('2026-02-10', 'absent'), held('2026-03-10', 'absent'), held('2026-04-10', 'present'), held('2026-05-10', 'absent')],
      expected: { streak: 1, alert: false },
    },
    {
      name: 'excused and unmarked neither end nor extend the run (facts in any order)',
      facts: [held('2026-05-10', 'absent'), held('2026-02-10', 'absent'), held('2026-03-10', 'excused'), held('2026-04-10', null), held('2026-01-10', 'remote')],
      expected: { streak: 2, alert: false },
    },
    {
      name: 'k is per body',
      facts: [held('2026-02-10', 'absent'), held('2026-03-10', 'absent')],
      k: 2,
      expected: { streak: 2, alert: true },
    },
  ];

  it.each(cases)('$name', ({ facts, tenure, window, k, expected }) => {
    expect(attendanceIndicator(facts, tenure ?? always, window ?? {}, k ?? 3)).toMatchObject(expected);
  });

  it('effective presence and the French label', () => {
    expect(effectivePresence({ presence: 'absent', replaced: true })).toBe('excused');
    expect(effectivePresence({ presence: 'remote', replaced: true })).toBe('remote');
    expect(effectivePresence({ presence: null })).toBeNull();
    expect(rateLabel(null)).toBe('—');
    expect(rateLabel(2 / 3)).toBe('66,7\u00a0%'); // one decimal, no-break space: as the portal's frenchPercent
    expect(rateLabel(1)).toBe('100\u00a0%');
  });
});
