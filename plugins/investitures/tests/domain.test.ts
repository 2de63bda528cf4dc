import { describe, expect, it } from 'vitest';
import { checkAlternation, checkBinomes, checkDelegation, fundingGap } from '../server/src/domain/parity';
import {
  criminalRecordVerdict, criteriaStatus, cumulVerdict, defaultCriteria, erasedChecks, MATE_AGREEMENT_LABEL, mateAgreementVerdict, meetsCriteria, pledgeHash, pledgeVerdict, standingVerdict, type Checks,
} from '../server/src/domain/criteria';
import { indicatorsOf, MASK_BELOW, type CandidateProfile } from '../server/src/domain/indicators';
import { calendarError, periodOf } from '../server/src/domain/calendar';
import { countMajorityJudgment, countSingleChoice, normaliseBallot } from '../../consultations/server/src/domain/candidate-tally';

/**
 * Issue 19's rules without a database: each criterion, the parity rules (alternation with the
 * first breach named, binômes, delegations, the legislative funding penalty), the masked
 * indicators, and the count among candidates (single choice in two rounds, majority judgment
 * with the evaluation's tie-break).
 */
const sexes = (s: string) => s.split('').map((x, i) => ({ position: i + 1, sex: x as 'F' | 'M' }));

describe('parity: strict alternation of lists (code électoral L. 264)', () => {
  it('accepts a list that alternates, either sex first', () => {
    expect(checkAlternation(sexes('FMFMFMFM'))).toMatchObject({ ok: true, firstBreach: null, pairsRuleMet: true, gap: 0 });
    expect(checkAlternation(sexes('MFMFMFM'))).toMatchObject({ ok: true, gap: 1 });
  });

  it('names the first breach: position 7 after position 6 of the same sex', () => {
    const list = sexes('FMFMFMMFMF').map((e) => ({ ...e, name: `Candidat ${e.position}` }));
    const r = checkAlternation(list);
    expect(r.ok).toBe(false);
    expect(r.firstBreach).toEqual({ position: 7, message: 'Position 7 (Candidat 7) : un homme après un homme en position 6 — l’alternance est rompue.' });
    expect(r.pairsRuleMet).toBe(true); // every pair (1–2 … 9–10) is mixed: L. 264's pairs hold, strict alternation does not
    expect(r.source).toMatch(/L\. 264/);
  });

  it('tells apart strict alternation and L. 264’s pairs (F M | M F keeps each pair mixed)', () => {
    const r = checkAlternation(sexes('FMMF'));
    expect(r.ok).toBe(false);
    expect(r.firstBreach?.position).toBe(3);
    expect(r.pairsRuleMet).toBe(true);
  });

  it('reports missing positions and unregistered sexes as breaches, never guesses', () => {
    const r = checkAlternation([{ position: 1, sex: 'F' }, { position: 3, sex: 'M' }, { position: 4, sex: null }]);
    expect(r.missingPositions).toEqual([2]);
    expect(r.breaches.map((b) => b.position)).toEqual([2, 4]);
    expect(r.firstBreach?.message).toBe('Position 2 : aucune candidature, l’alternance ne peut être vérifiée.');
  });
});

describe('parity: binômes (L. 191), delegations, legislative funding (loi 88-227 art. 9-1)', () => {
  it('a binôme is a woman and a man', () => {
    expect(checkBinomes([{ label: 'A et B', a: 'F', b: 'M' }]).ok).toBe(true);
    const r = checkBinomes([{ label: 'C et D', a: 'M', b: 'M' }, { label: 'E et —', a: 'F', b: null }]);
    expect(r.ok).toBe(false);
    expect(r.breaches.map((b) => b.message)).toEqual(['C et D : deux hommes, un binôme réunit une femme et un homme.', 'E et — : binôme incomplet ou sexe non enregistré.']);
  });

  it('a delegation keeps |women − men| ≤ 1', () => {
    expect(checkDelegation(['F', 'M', 'F']).ok).toBe(true);
    expect(checkDelegation(['F', 'F', 'F', 'M'])).toMatchObject({ ok: false, gap: 2, message: '3 femmes, 1 homme : écart de 2, au plus 1 est admis.' });
    expect(checkDelegation(['F', null]).ok).toBe(false);
  });

  it('no penalty at 2 % or less; above it, the first fraction is reduced by 150 % of the gap', () => {
    // 100 candidates, 51 / 49: gap 2 = 2 % → no penalty (the law says « dépasse 2 % »).
    const even = fundingGap([...Array(51).fill('F'), ...Array(49).fill('M')]);
    expect(even).toMatchObject({ gap: 2, gapPercent: 2, penalised: false, reductionPercent: 0 });
    // 100 candidates, 40 women / 60 men: gap 20 % → reduction 30 %.
    const r = fundingGap([...Array(40).fill('F'), ...Array(60).fill('M')], 1_000_000_00);
    expect(r).toMatchObject({ women: 40, men: 60, gap: 20, gapPercent: 20, penalised: true, reductionPercent: 30, reductionCents: 30_000_000 });
    expect(r.message).toContain('réduite de 30 %');
    // Only men: gap 100 % → reduction capped at 100 %.
    expect(fundingGap(['M', 'M', 'M']).reductionPercent).toBe(100);
    // 3 candidates, 2 / 1: gap 33.33 % → 50 %.
    expect(fundingGap(['F', 'F', 'M'])).toMatchObject({ gapPercent: 33.33, reductionPercent: 50 });
  });
});

describe('criteria, each a pure predicate', () => {
  const current = { version: 2, sha256: pledgeHash('texte v2') };
  it('pledge: signed on the text in force; an older version asks again', () => {
    expect(pledgeVerdict(null, current).verdict).toBe('missing');
    expect(pledgeVerdict({ version: 1, sha256: pledgeHash('texte v1'), signedOn: '2026-01-10', at: 'x' }, current)).toMatchObject({ verdict: 'outdated', detail: 'Engagement signé sur la version 1 ; la version 2 en vigueur doit être signée.' });
    expect(pledgeVerdict({ version: 2, sha256: pledgeHash('texte v2'), signedOn: '2026-02-01', at: 'x' }, current)).toEqual({ verdict: 'ok', detail: 'Engagement (version 2) signé le 1er février 2026.' });
    expect(pledgeHash('texte v2')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('criminal record: clean and recent (three months) is ok; never says more than « not clean »', () => {
    const check = (clean: boolean, issuedOn: string) => ({ clean, issuedOn, fileDeleted: true, by: 'staff', at: 'x' });
    expect(criminalRecordVerdict(null, '2026-03-01').verdict).toBe('missing');
    expect(criminalRecordVerdict(check(true, '2026-01-15'), '2026-03-01')).toEqual({ verdict: 'ok', detail: 'Bulletin n° 3 vierge du 15 janvier 2026.' });
    expect(criminalRecordVerdict(check(false, '2026-02-15'), '2026-03-01')).toEqual({ verdict: 'failed', detail: 'Le bulletin n° 3 présenté n’est pas vierge.' });
    expect(criminalRecordVerdict(check(true, '2025-10-01'), '2026-03-01')).toEqual({ verdict: 'outdated', detail: 'Bulletin n° 3 du 1er octobre 2025 : plus de trois mois, un bulletin récent est demandé.' });
  });

  it('standing and cumul carry their reasons', () => {
    expect(standingVerdict({ eligible: false, reasons: [{ code: 'dues-unpaid', message: 'cotisation 2026 non réglée' }], by: 's', at: 'x' }).detail).toBe('Pas à jour : cotisation 2026 non réglée.');
    expect(cumulVerdict({ ruleVersion: 1, violations: [{ rule: 'L46-1', label: 'Pas plus de deux mandats', source: 'Code électoral, article L. 46-1', text: '', giveUp: ['Conseiller régional — Occitanie'] }], by: 's', at: 'x' }))
      .toEqual({ verdict: 'failed', detail: 'Pas plus de deux mandats (Code électoral, article L. 46-1) — à quitter : Conseiller régional — Occitanie' });
    expect(cumulVerdict({ ruleVersion: 1, violations: [], by: 's', at: 'x' }).verdict).toBe('ok');
  });

  it('an erased candidate’s checks keep the verdicts, without free text nor mandates (erasedChecks)', () => {
    const checks: Checks = {
      criminalRecord: { clean: true, issuedOn: '2026-01-01', fileDeleted: false, by: 's', at: 'x' },
      standing: { eligible: false, reasons: [{ code: 'dues-unpaid', message: 'cotisation 2026 non réglée' }], by: 's', at: 'x' },
      cumul: { ruleVersion: 2, violations: [{ rule: 'L46-1', label: 'Pas plus de deux mandats', source: 'Code électoral, article L. 46-1', text: 'Conseiller régional — Occitanie depuis le 27 juin 2021', giveUp: ['Conseiller régional — Occitanie'] }], by: 's', at: 'x' },
      checklist: { parrainages: { done: true, note: 'Vu avec Mme la conseillère régionale', by: 's', at: 'x' } },
    };
    const kept = erasedChecks(checks);
    expect(kept).toEqual({
      standing: { eligible: false, reasons: [], by: 's', at: 'x' },
      cumul: { ruleVersion: 2, violations: [{ rule: 'L46-1', label: 'Pas plus de deux mandats', source: 'Code électoral, article L. 46-1', text: '', giveUp: [] }], by: 's', at: 'x' },
      checklist: { parrainages: { done: true, note: null, by: 's', at: 'x' } },
    });
    expect(checks.cumul!.violations[0].giveUp).toHaveLength(1); // the input is left as it was
    expect(standingVerdict(kept.standing)).toEqual({ verdict: 'failed', detail: 'Pas à jour.' });
    expect(cumulVerdict(kept.cumul)).toEqual({ verdict: 'failed', detail: 'Pas plus de deux mandats (Code électoral, article L. 46-1)' });
    expect(erasedChecks(null)).toEqual({});
  });

  it('a designation requires its configured criteria and checklist, each with who and when', () => {
    const config = { ...defaultCriteria(true), checklist: [{ key: 'parrainages', label: 'Parrainages recueillis' }] };
    const checks: Checks = {
      pledge: { version: 2, sha256: current.sha256, signedOn: '2026-02-01', at: '2026-02-01T10:00:00Z' },
      criminalRecord: { clean: true, issuedOn: '2026-02-01', fileDeleted: false, by: 'Équipe', at: '2026-02-02T10:00:00Z' },
      standing: { eligible: true, reasons: [], by: 'Équipe', at: 'x' },
      cumul: { ruleVersion: 1, violations: [], by: 'Équipe', at: 'x' },
    };
    const status = criteriaStatus(checks, config, current, '2026-03-01');
    expect(status.map((s) => [s.key, s.verdict])).toEqual([['pledge', 'ok'], ['criminalRecord', 'ok'], ['standing', 'ok'], ['cumul', 'ok'], ['checklist:parrainages', 'missing']]);
    expect(status[1]).toMatchObject({ checkedBy: 'Équipe', checkedAt: '2026-02-02T10:00:00Z' });
    expect(meetsCriteria(status)).toBe(false);
    const done = criteriaStatus({ ...checks, checklist: { parrainages: { done: true, note: null, by: 'Équipe', at: 'x' } } }, config, current, '2026-03-01');
    expect(meetsCriteria(done)).toBe(true);
    // An internal office: no pledge, no criminal record by default.
    expect(criteriaStatus({}, defaultCriteria(false), current, '2026-03-01').map((s) => s.key)).toEqual(['standing', 'cumul']);
  });

  it('a binôme’s running mate’s agreement: required while there is a running mate, met once they accepted', () => {
    expect(mateAgreementVerdict(null)).toBeNull();
    expect(mateAgreementVerdict({ runningMateId: null, mateConfirmedOn: null })).toBeNull();
    expect(mateAgreementVerdict({ runningMateId: 7, mateConfirmedOn: null })).toEqual({ verdict: 'missing', detail: 'Le ou la colistier·ère n’a pas encore donné son accord.' });
    expect(mateAgreementVerdict({ runningMateId: 7, mateConfirmedOn: '2026-02-03' })).toEqual({ verdict: 'ok', detail: 'Accord donné le 3 février 2026.' });
    const checks: Checks = { standing: { eligible: true, reasons: [], by: 'Équipe', at: 'x' }, cumul: { ruleVersion: 1, violations: [], by: 'Équipe', at: 'x' } };
    const config = defaultCriteria(false);
    // Every other criterion met: the running mate's agreement alone keeps the candidacy from a decision or a ballot.
    const awaited = criteriaStatus(checks, config, current, '2026-03-01', { runningMateId: 7, mateConfirmedOn: null });
    expect(awaited.map((s) => [s.key, s.label, s.verdict])).toEqual([['runningMate', MATE_AGREEMENT_LABEL, 'missing'], ['standing', 'Adhérent·e à jour', 'ok'], ['cumul', 'Règles de cumul des mandats', 'ok']]);
    expect(MATE_AGREEMENT_LABEL).toBe('Accord du ou de la colistier·ère');
    expect(meetsCriteria(awaited)).toBe(false);
    const given = criteriaStatus(checks, config, current, '2026-03-01', { runningMateId: 7, mateConfirmedOn: '2026-02-03' });
    expect(given[0]).toMatchObject({ verdict: 'ok', checkedBy: 'le ou la colistier·ère', checkedAt: '2026-02-03' });
    expect(meetsCriteria(given)).toBe(true);
    // No running mate (a single candidacy, a list): not a criterion.
    expect(criteriaStatus(checks, config, current, '2026-03-01', { runningMateId: null, mateConfirmedOn: null }).map((s) => s.key)).toEqual(['standing', 'cumul']);
  });

  it('the calendar', () => {
    const c = { candidaciesOpenOn: '2026-01-01', candidaciesCloseOn: '2026-01-31', checksBy: '2026-02-15', decisionOn: '2026-03-01' };
    expect(['2025-12-31', '2026-01-01', '2026-01-31', '2026-02-01', '2026-02-16'].map((d) => periodOf(c, d))).toEqual(['upcoming', 'candidacies', 'candidacies', 'checks', 'decision']);
    expect(calendarError({ ...c, checksBy: '2026-01-15' })?.field).toBe('checksBy');
  });
});

describe('indicators: aggregated, small counts masked', () => {
  const p = (more: Partial<CandidateProfile>): CandidateProfile => ({ sex: 'F', birthYear: 1980, previousMandates: 0, formerCollaborator: false, outgoing: false, consecutiveTerms: 0, ...more });
  it('masks counts under 5 (zero included) and the cell that would give them away', () => {
    const profiles = [...Array(6).fill(p({})), ...Array(7).fill(p({ sex: 'M', previousMandates: 2, birthYear: 1960 })), p({ sex: 'M', formerCollaborator: true, outgoing: true, consecutiveTerms: 3 })];
    const r = indicatorsOf(profiles, 2026);
    expect(r.total).toBe(14);
    // No unknown sex: 0 is masked (zero included), so the smallest other cell is masked too.
    expect(r.sex.map((c) => c.countLabel)).toEqual(['masqué', '8', `moins de ${MASK_BELOW}`]);
    expect(r.sex[1].shareLabel).toBe('57,1\u00a0%');
    // One former collaborator: masked, and « other parcours » masked too (13 would reveal 1).
    expect(r.collaborators.map((c) => c.countLabel)).toEqual(['moins de 5', 'masqué']);
    expect(r.renewal.map((c) => c.count)).toEqual([7, 7]);
    expect(r.outgoing.map((c) => c.count)).toEqual([null, null]);
    expect(r.age.find((c) => c.key === '60-plus')?.count).toBe(7);
  });

  it('a designation with fewer than 5 candidacies shows nothing', () => {
    const r = indicatorsOf([p({}), p({ sex: 'M' })], 2026);
    expect(r.masked).toBe(true);
    expect([...r.sex, ...r.age, ...r.renewal].every((c) => c.count === null)).toBe(true);
  });
});

describe('a choice among candidates (consultations’ count)', () => {
  const single = (choices: string) => choices.split('').map((c) => ({ choice: c === '0' ? 'blank' : c }));
  it('single choice: elected in round 1 with an absolute majority of the votes expressed (blank not expressed)', () => {
    const r = countSingleChoice(['a', 'b', 'c'], single('aaab00'));
    expect(r).toMatchObject({ cast: 6, blank: 2, expressed: 4, winner: 'a', runoff: null });
  });

  it('single choice: no absolute majority → the two leading candidates go to round 2, which the most votes win', () => {
    const r = countSingleChoice(['a', 'b', 'c'], single('aaabbbbc'));
    expect(r).toMatchObject({ winner: null, runoff: ['b', 'a'] });
    expect(countSingleChoice(['b', 'a'], single('aab'), 2)).toMatchObject({ winner: 'a', round: 2 });
    expect(countSingleChoice(['b', 'a'], single('ab'), 2)).toMatchObject({ winner: null, tie: ['a', 'b'] });
  });

  it('majority judgment: the best lower median wins, ties broken by the majority gauge as in the evaluation', () => {
    const g = (a: number, b: number, c: number) => ({ grades: { a, b, c } });
    // a: 3,3,4 → median 3 (+); b: 3,3,2 → median 3 (−); c: 2,2,5 → median 2.
    const r = countMajorityJudgment(['a', 'b', 'c'], [g(3, 3, 2), g(3, 3, 2), g(4, 2, 5)]);
    expect(r.ranking.map((x) => [x.candidate, x.median, x.gauge, x.rank])).toEqual([['a', 3, '+', 1], ['b', 3, '-', 2], ['c', 2, '+', 3]]);
    expect(r.winner).toBe('a');
    expect(r.ranking[0].medianLabel).toBe('Assez bien');
    const tie = countMajorityJudgment(['a', 'b'], [{ grades: { a: 4, b: 4 } }]);
    expect(tie).toMatchObject({ winner: null, tie: ['a', 'b'] });
  });

  it('a ballot answers the question asked', () => {
    expect(normaliseBallot('single', ['a'], { choice: 'z' })).toMatchObject({ ok: false, field: 'choice' });
    expect(normaliseBallot('majority-judgment', ['a', 'b'], { grades: { a: 5 } })).toMatchObject({ ok: false, message: 'Donnez une mention à chaque candidature (1 manquante).' });
    expect(normaliseBallot('majority-judgment', ['b', 'a'], { grades: { b: 2, a: 6 } })).toMatchObject({ ok: false, message: 'Chaque mention va de 1 (insuffisant) à 5 (très bien).' });
    expect(normaliseBallot('majority-judgment', ['b', 'a'], { grades: { b: 2, a: 5 } })).toEqual({ ok: true, ballot: { grades: { a: 5, b: 2 } } });
  });
});

describe('territory of a public election (INSEE codes, code électoral)', () => {
  it('takes a code of the running federation’s department, in the form of its kind', async () => {
    const { territoryError } = await import('../server/src/domain/territory');
    expect(territoryError('municipales', '30189', '30')).toBeNull();
    expect(territoryError('municipales', '2a004', '2A')).toBeNull();
    expect(territoryError('municipales', '97101', '971')).toBeNull();
    expect(territoryError('municipales', '34172', '30')).toMatch(/n’est pas dans le département de la fédération \(30\)/);
    expect(territoryError('municipales', '3018', '30')).toMatch(/n’est pas un code INSEE de commune/);
    expect(territoryError('legislatives', '30-01', '30')).toBeNull();
    expect(territoryError('legislatives', '3401', '30')).toMatch(/n’est pas une circonscription/);
    expect(territoryError('legislatives', '30-00', '30')).toMatch(/n’est pas une circonscription/);
    expect(territoryError('legislatives', '34-01', '30')).toMatch(/^La circonscription 34-01 n’est pas dans le département/);
    expect(territoryError('departementales', '30', '30')).toBeNull();
    expect(territoryError('departementales', '30-05', '30')).toBeNull();
    expect(territoryError('departementales', '34-05', '30')).toMatch(/Le canton 34-05/);
    expect(territoryError('departementales', '34', '30')).toBe('Les départementales de cette fédération se tiennent dans son département (30).');
    expect(territoryError('senatoriales', '30', '30')).toBeNull();
    expect(territoryError('senatoriales', '34', '30')).toMatch(/dans son département \(30\)/);
    expect(territoryError('regionales', '76', '30')).toBeNull();
    expect(territoryError('regionales', 'Occitanie', '30')).toMatch(/code INSEE de région/);
    expect(territoryError('europeennes', 'fr', null)).toBeNull();
    expect(territoryError('presidentielle', '30', null)).toMatch(/toute la France/);
    // A national designation: the form only.
    expect(territoryError('legislatives', '34-01', null)).toBeNull();
  });

  it('takes a canton within its département’s count (the 2014 redistricting: the Gard has 23)', async () => {
    const { cantonCountError } = await import('../server/src/domain/territory');
    expect(cantonCountError('30-23', { code: '30', name: 'Gard', cantons: 23 })).toBeNull();
    expect(cantonCountError('30-24', { code: '30', name: 'Gard', cantons: 23 })).toBe('Le code du territoire : le canton « 30-24 » n’existe pas ; Gard (30) en compte 23, de 30-01 à 30-23.');
    expect(cantonCountError('90-10', { code: '90', name: 'Territoire de Belfort', cantons: 9 })).toBe('Le code du territoire : le canton « 90-10 » n’existe pas ; Territoire de Belfort (90) en compte 9, de 90-01 à 90-09.');
  });
});
