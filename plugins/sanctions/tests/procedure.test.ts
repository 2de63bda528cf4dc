import { describe, expect, it } from 'vitest';
import { sanctionsModule } from '../server/src/manifest';
import { addDays } from '@intranet-militant/shared';
import {
  appealEnds,
  checkAppeal,
  checkDecide,
  checkDefence,
  checkFinalize,
  checkHearing,
  checkInvestigate,
  checkNationalDecision,
  checkNotify,
  checkPrecautionary,
  DEFAULT_SETTINGS as S,
  dueBy,
  effectiveAtDecision,
  isOverdue,
  suspensionEnd,
  type CaseDates,
  type State,
} from '../server/src/domain/procedure';
import { categoryOf, levelAllowed, rangeLabel, SCALE_V1, scaleProblems, suggestedLevel } from '../server/src/domain/scale';
import { uniformity } from '../server/src/domain/uniformity';

const today = '2026-06-15';
const at = (state: State, extra: Partial<CaseDates> = {}): CaseDates => ({ state, gravity: 'moyenne', receivedOn: '2026-05-01', ...extra });
const scale = { ...SCALE_V1, adoptedOn: '2020-01-01' };
const cat = (key: string) => categoryOf(scale, key)!;

describe('the procedure’s transitions (state machine)', () => {
  const ALL: State[] = ['received', 'investigation', 'notified', 'hearing', 'decided', 'appeal', 'final'];
  it.each([
    ['investigate', (s: State) => checkInvestigate(at(s)), ['received']],
    ['notify', (s: State) => checkNotify(at(s), addDays(today, 15), today, S), ['investigation', 'notified']],
    ['record the hearing', (s: State) => checkHearing(at(s, { hearingOn: today }), today), ['notified']],
    ['decide', (s: State) => checkDecide(at(s)), ['hearing']],
    ['defend', (s: State) => checkDefence(at(s), today), ['notified', 'hearing']],
    ['defend during a precautionary suspension', (s: State) => checkDefence(at(s, { precautionaryUntil: today }), today), ['received', 'investigation', 'notified', 'hearing']],
    ['appeal', (s: State) => checkAppeal(at(s, { decidedOn: today }), today, S), ['decided']],
    ['decide on appeal', (s: State) => checkNationalDecision(at(s)), ['appeal']],
    ['finalize', (s: State) => checkFinalize(at(s, { decidedOn: addDays(today, -31) }), today, S), ['decided']],
  ] as const)('%s: allowed only from %j', (_name, check, allowed) => {
    for (const state of ALL) {
      const refusal = check(state);
      if ((allowed as readonly State[]).includes(state)) expect(refusal, state).toBeNull();
      else expect(refusal?.kind, state).toBe('conflict');
    }
  });

  it('notice: the hearing at least 15 days after the notification (400 naming the earliest date); configurable', () => {
    expect(checkNotify(at('investigation'), addDays(today, 14), today, S)).toEqual({ kind: 'invalid', field: 'hearingOn', message: 'L’audition doit avoir lieu au moins 15 jours après la notification : le 30 juin 2026 au plus tôt.' });
    expect(checkNotify(at('investigation'), '2026-06-30', today, S)).toBeNull();
    expect(checkNotify(at('investigation'), addDays(today, 8), today, { ...S, noticeDays: 8 })).toBeNull();
  });

  it('a precautionary suspension can be contested while it runs, not after it ended', () => {
    expect(checkDefence(at('investigation', { precautionaryUntil: addDays(today, -1) }), today)?.kind).toBe('conflict');
    expect(checkDefence(at('received', { precautionaryUntil: addDays(today, 30) }), today)).toBeNull();
  });

  it('the hearing is recorded on or after its date, never before', () => {
    expect(checkHearing(at('notified', { hearingOn: addDays(today, 1) }), today)?.kind).toBe('conflict');
    expect(checkHearing(at('notified', { hearingOn: today }), today)).toBeNull();
  });

  it('a decision before notification and hearing is a 409 explaining why', () => {
    for (const s of ['received', 'investigation', 'notified'] as const) expect(checkDecide(at(s))?.message).toMatch(/Aucune décision sans notification/);
    expect(checkDecide(at('decided'))?.message).toMatch(/déjà été rendue/);
  });

  it('appeal: within 30 days of the decision inclusive, 409 after; finalization only after the window', () => {
    const decidedOn = '2026-05-16';
    expect(appealEnds(decidedOn, S)).toBe('2026-06-15');
    expect(checkAppeal(at('decided', { decidedOn }), '2026-06-15', S)).toBeNull();
    expect(checkAppeal(at('decided', { decidedOn }), '2026-06-16', S)).toEqual({ kind: 'conflict', message: 'Le délai d’appel a pris fin le 15 juin 2026.' });
    expect(checkFinalize(at('decided', { decidedOn }), '2026-06-15', S)?.kind).toBe('conflict');
    expect(checkFinalize(at('decided', { decidedOn }), '2026-06-16', S)).toBeNull();
    expect(checkAppeal(at('appeal', { decidedOn }), '2026-06-01', S)?.message).toBe('Un appel est déjà en cours.');
  });

  it('an appeal suspends the sanction unless the act is grave', () => {
    expect(effectiveAtDecision('grave')).toBe(true);
    for (const g of ['lourde', 'moyenne', 'legere'] as const) expect(effectiveAtDecision(g)).toBe(false);
  });

  it('precautionary suspension: grave acts only, before the decision, ending after today and within 180 days', () => {
    const grave = (state: State) => ({ ...at(state), gravity: 'grave' as const });
    expect(checkPrecautionary(grave('received'), addDays(today, 30), today, S)).toBeNull();
    expect(checkPrecautionary(at('received'), addDays(today, 30), today, S)?.message).toMatch(/réservée aux actes graves/);
    expect(checkPrecautionary(grave('decided'), addDays(today, 30), today, S)?.kind).toBe('conflict');
    expect(checkPrecautionary(grave('received'), today, today, S)).toEqual({ kind: 'invalid', field: 'until', message: 'La suspension conservatoire doit finir après le 15 juin 2026.' });
    expect(checkPrecautionary(grave('received'), addDays(today, 181), today, S)).toMatchObject({ kind: 'invalid', field: 'until' });
  });

  it('deadlines: each state’s due date, overdue the day after', () => {
    expect(dueBy(at('received'), S)).toBe('2026-05-16');
    expect(isOverdue(at('received'), '2026-05-16', S)).toBe(false);
    expect(isOverdue(at('received'), '2026-05-17', S)).toBe(true);
    expect(dueBy(at('investigation', { investigationOn: '2026-05-10' }), S)).toBe('2026-07-09');
    expect(dueBy(at('notified', { hearingOn: '2026-06-20' }), S)).toBe('2026-06-20');
    expect(dueBy(at('hearing', { heardOn: '2026-06-20' }), S)).toBe('2026-07-20');
    expect(dueBy(at('decided', { decidedOn: '2026-05-16' }), S)).toBe('2026-06-16');
    expect(dueBy(at('appeal', { appealedOn: '2026-06-01' }), S)).toBe('2026-07-31');
    expect(dueBy(at('final'), S)).toBeNull();
  });

  it('a suspension of n months runs to the day before the same date n months later (month ends clamp)', () => {
    expect(suspensionEnd('2026-01-15', 1)).toBe('2026-02-14');
    expect(suspensionEnd('2026-01-31', 1)).toBe('2026-02-28');
    expect(suspensionEnd('2026-03-01', 24)).toBe('2028-02-29');
  });
});

describe('the scale', () => {
  it('version 1: grave acts lead to exclusion, ranges in words', () => {
    expect(scaleProblems(scale)).toEqual([]);
    expect(cat('discrimination')).toMatchObject({ gravity: 'grave', minLevel: 'exclusion', maxLevel: 'exclusion' });
    expect(cat('harcelement').gravity).toBe('grave');
    expect(rangeLabel(cat('violation-statuts'))).toBe('de l’avertissement à l’exclusion');
    expect(rangeLabel(cat('denigrement-public'))).toBe('du rappel à l’ordre à la suspension');
    expect(rangeLabel(cat('discrimination'))).toBe('exclusion seulement');
    expect(levelAllowed(cat('denigrement-public'), 'exclusion')).toBe(false);
    expect(levelAllowed(cat('denigrement-public'), 'blame')).toBe(true);
  });

  it('repeat offences: one level above the highest earlier sanction, within the range', () => {
    expect(suggestedLevel(cat('denigrement-public'), [])).toBe('rappel');
    expect(suggestedLevel(cat('denigrement-public'), ['avertissement', 'rappel'])).toBe('blame');
    expect(suggestedLevel(cat('denigrement-public'), ['suspension'])).toBe('suspension');
    expect(suggestedLevel(cat('violence'), ['rappel'])).toBe('suspension');
  });

  it('refuses an incoherent version', () => {
    expect(scaleProblems({ namedLevels: [], categories: [{ ...cat('harcelement'), maxLevel: 'blame', minLevel: 'rappel' }, { ...cat('violence'), key: 'harcelement', minLevel: 'exclusion', maxLevel: 'blame' }] })).toHaveLength(3);
  });
});

describe('the uniformity table', () => {
  it('masks counts under 5, compares each federation with the national distribution and flags outliers', () => {
    const rows = [
      { federationId: 1, category: 'denigrement-public', level: 'rappel' as const, count: 10 },
      { federationId: 1, category: 'denigrement-public', level: 'avertissement' as const, count: 2 },
      { federationId: 2, category: 'denigrement-public', level: 'suspension' as const, count: 6 },
      { federationId: 3, category: 'denigrement-public', level: 'rappel' as const, count: 3 },
    ];
    const t = uniformity(rows);
    expect(t.national).toEqual([{ category: 'denigrement-public', total: 21, shares: { rappel: 13 / 21, avertissement: 2 / 21, blame: 0, suspension: 6 / 21, exclusion: 0 } }]);
    const [f1, f2, f3] = t.federations;
    expect(f1).toMatchObject({ federationId: 1, total: 12, counts: { rappel: 10, avertissement: null, blame: null }, flagged: false });
    expect(f2).toMatchObject({ federationId: 2, total: 6, counts: { suspension: 6 }, flagged: true });
    expect(f2.distance).toBeCloseTo(1 - 6 / 21, 3);
    expect(f3).toMatchObject({ federationId: 3, total: null, counts: { rappel: null }, distance: null, flagged: false });
  });
});

describe('a published decision as a search document', () => {
  const decisions = sanctionsModule.searchable[0];
  const finalCase = { documentId: 'd1', state: 'final', finalLevel: 'blame', categoryLabel: 'Injures', article: 'Article 12', reference: '2026-030-001', decision: { summary: 'Des propos injurieux en réunion.' } };
  it('gives its date in words, and no date at all when none is recorded (never a crash)', () => {
    expect(decisions.toDocument({ ...finalCase, finalOn: '2026-12-03' })?.body).toContain('Décision définitive le 3 décembre 2026, affaire 2026-030-001.');
    expect(decisions.toDocument({ ...finalCase, finalOn: null })?.body).toContain('Décision définitive, affaire 2026-030-001.');
  });
  it('is not a document before the case is final', () => {
    expect(decisions.toDocument({ ...finalCase, state: 'decided', finalOn: null })).toBeNull();
  });
});
