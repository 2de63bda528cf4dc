import { addDays } from '@intranet-militant/shared';
import { describe, expect, it } from 'vitest';
import { CATEGORY_CATALOGUE } from '../server/src/domain/catalogue';
import { DEFAULT_RULE_SET, EMPLOYER_RULE, SEEDED_RULE_SET_V2 } from '../server/src/domain/default-rules';
import { chainsOf, evaluateAll, evaluateEmployer, evaluateMember, previewHolding, type Holding, type RuleSet, type Waiver } from '../server/src/domain/rules';
import { CANTONS_PER_DEPARTEMENT, CONSTITUENCIES_PER_DEPARTEMENT, DEPARTEMENTS, electionPlace, isKnownTerritory, loadOfficialLists, officialLists, officialTerritoryName, territoryNameFor } from '../server/src/domain/territories';

const catalogue = new Map(CATEGORY_CATALOGUE.map((c) => [c.code, c]));
const M = 7;
let n = 0;
const mandate = (category: string, territory: string, startOn: string, endOn: string | null = null, memberId = M): Holding => ({
  id: `${category}-${territory}-${startOn}-${++n}`, memberId, kind: 'mandate', category, territory, startOn, endOn,
});
const seat = (level: string, bodyKind: string, role: string, startOn: string, endOn: string | null = null): Holding => ({
  id: `seat:${++n}`, memberId: M, kind: 'function', category: 'party', territory: 'body', startOn, endOn, function: { level, bodyKind, role },
});
const only = (ruleId: string): RuleSet => ({ ...DEFAULT_RULE_SET, rules: DEFAULT_RULE_SET.rules.filter((r) => r.id === ruleId) });
const evalRule = (ruleId: string, holdings: Holding[], on: string, waivers: Waiver[] = []) => evaluateMember(M, holdings, only(ruleId), catalogue, on, waivers);

describe('L. 46-1: at most two local mandates at once; 30 days, then the oldest ends', () => {
  const cm = mandate('conseiller-municipal', '30189', '2020-06-28', '2026-03-22');
  const cd = mandate('conseiller-departemental', '30', '2021-07-01', '2028-03-01');
  const cr = mandate('conseiller-regional', '76', '2021-07-02', '2028-03-01');

  it('two are fine; a third is a breach from its first day, deadline 30 days later, the oldest flagged', () => {
    expect(evalRule('L46-1', [cm, cd], '2022-01-01')).toEqual([]);
    const [v] = evalRule('L46-1', [cm, cd, cr], '2021-07-02');
    expect(v).toMatchObject({ ruleId: 'L46-1', ruleVersion: 1, since: '2021-07-02', deadline: '2021-08-01', overdue: false, toEnd: cm.id, waiver: null });
    expect(v.mandates).toEqual([cm.id, cd.id, cr.id]);
    expect(evalRule('L46-1', [cm, cd, cr], '2021-08-01')[0].overdue).toBe(true);
  });

  it('boundary: a mandate ending on the day the third starts is no overlap; the day before is', () => {
    const ending = mandate('conseiller-municipal', '30189', '2014-03-30', '2021-07-02');
    expect(evalRule('L46-1', [ending, cd, cr], '2021-07-02')).toEqual([]);
    expect(evalRule('L46-1', [ending, cd, cr], '2021-07-01')).toEqual([]); // cr not started yet
    const endingLater = { ...ending, endOn: '2021-07-03' };
    expect(evalRule('L46-1', [endingLater, cd, cr], '2021-07-02')).toHaveLength(1);
  });

  it('a mayor counts as the municipal councillor of the commune (one mandate), a councillor elsewhere counts apart', () => {
    const maire = mandate('maire', '30189', '2020-07-04');
    const cmSame = mandate('conseiller-municipal', '30189', '2020-06-28');
    expect(evalRule('L46-1', [maire, cmSame, cd], '2022-01-01')).toEqual([]);
    const cmOther = mandate('conseiller-municipal', '30007', '2020-06-28');
    expect(evalRule('L46-1', [maire, cmOther, cd], '2022-01-01')).toHaveLength(1);
  });

  it('executive functions other than those listed (EPCI, deputy) do not count', () => {
    expect(evalRule('L46-1', [cm, cd, mandate('president-epci', '200066918', '2020-07-15'), mandate('depute', '30-01', '2022-06-22')], '2023-01-01')).toEqual([]);
  });

  it('evaluated on a date after the breach was resolved: nothing', () => {
    const resolved = { ...cm, endOn: '2021-07-20' };
    expect(evalRule('L46-1', [resolved, cd, cr], '2021-07-20')).toEqual([]);
    expect(evalRule('L46-1', [resolved, cd, cr], '2021-07-19')).toHaveLength(1);
  });
});

describe('LO. 141-1: deputy or senator vs local executive functions', () => {
  const depute = mandate('depute', '30-01', '2022-06-22', '2027-06-22');
  it('deputy and deputy mayor: one violation, since the later start, the oldest to end', () => {
    const adjoint = mandate('adjoint-maire', '30189', '2020-07-04', '2026-03-22');
    const [v] = evalRule('LO141-1', [depute, adjoint], '2022-07-01');
    expect(v).toMatchObject({ since: '2022-06-22', deadline: '2022-07-22', toEnd: adjoint.id });
    expect(v.mandates).toEqual([adjoint.id, depute.id]);
  });
  it('deputy and plain municipal councillor: fine; senator and president of a region: breach', () => {
    expect(evalRule('LO141-1', [depute, mandate('conseiller-municipal', '30189', '2020-07-04')], '2023-01-01')).toEqual([]);
    expect(evalRule('LO141-1', [mandate('senateur', '30', '2023-10-01'), mandate('president-conseil-regional', '76', '2021-07-02')], '2024-01-01')).toHaveLength(1);
  });
  it('one violation per pair: two executive functions are two violations', () => {
    expect(evalRule('LO141-1', [depute, mandate('maire', '30189', '2020-07-04'), mandate('vice-president-epci', '200066918', '2020-07-15')], '2023-01-01')).toHaveLength(2);
  });
  it('the function ended on the deputy’s first day: no overlap', () => {
    expect(evalRule('LO141-1', [depute, mandate('maire', '30189', '2020-07-04', '2022-06-22')], '2022-06-22')).toEqual([]);
  });
});

describe('party rules: first secretary vs executive mandate, collaborator with a party function', () => {
  it('president of the federation bureau and mayor: breach; a plain seat, or a section bureau, is fine', () => {
    const maire = mandate('maire', '30189', '2020-07-04');
    expect(evalRule('PARTI-PREMIER-SECRETAIRE', [seat('federation', 'bureau', 'president', '2023-01-01'), maire], '2024-01-01')).toHaveLength(1);
    expect(evalRule('PARTI-PREMIER-SECRETAIRE', [seat('federation', 'bureau', 'titulaire', '2023-01-01'), maire], '2024-01-01')).toEqual([]);
    expect(evalRule('PARTI-PREMIER-SECRETAIRE', [seat('section', 'bureau', 'president', '2023-01-01'), maire], '2024-01-01')).toEqual([]);
    expect(evalRule('PARTI-PREMIER-SECRETAIRE', [seat('federation', 'bureau', 'president', '2023-01-01'), mandate('conseiller-municipal', '30189', '2020-07-04')], '2024-01-01')).toEqual([]);
  });
  it('a collaborator who is the treasurer of a bureau: breach until the seat ends', () => {
    const collab = mandate('collaborateur-parlementaire', '30', '2022-07-01');
    const tresorier = seat('federation', 'bureau', 'tresorier', '2023-01-01', '2024-01-01');
    expect(evalRule('PARTI-COLLABORATEUR', [collab, tresorier], '2023-06-01')[0]).toMatchObject({ since: '2023-01-01', deadline: '2023-04-01', toEnd: null });
    expect(evalRule('PARTI-COLLABORATEUR', [collab, tresorier], '2024-01-01')).toEqual([]);
  });
});

describe('party rule PARTI-EMPLOYEUR-COLLABORATEUR: an official employing a collaborator who holds a bureau function (cross-member)', () => {
  const E = 11; // the employer (an elected official)
  const employs: RuleSet = { ...SEEDED_RULE_SET_V2, rules: [EMPLOYER_RULE] };
  const post = (startOn: string, endOn: string | null = null, employerId: number | null = E): Holding => ({ ...mandate('collaborateur-parlementaire', '30', startOn, endOn), employerId });
  const waiver = (over: Partial<Waiver> = {}): Waiver => ({ id: 'w-e', ruleId: EMPLOYER_RULE.id, memberId: E, grantedOn: '2025-01-01', expiresOn: '2026-01-01', reason: 'Contrat en fin de période d’essai', ...over });

  it('version 2 is version 1 plus this rule: version 1 is not rewritten', () => {
    expect(SEEDED_RULE_SET_V2.rules.slice(0, -1)).toEqual(DEFAULT_RULE_SET.rules);
    expect(DEFAULT_RULE_SET.rules.map((r) => r.id)).not.toContain(EMPLOYER_RULE.id);
    expect(SEEDED_RULE_SET_V2.rules.at(-1)).toBe(EMPLOYER_RULE);
  });

  it('the breach is the employer’s, found among the collaborator’s holdings, since the later start; the collaborator is named', () => {
    const p = post('2024-09-01');
    const secretary = seat('federation', 'bureau', 'secretaire', '2023-05-01');
    const [v, ...rest] = evaluateMember(M, [p, secretary], employs, catalogue, '2025-06-01');
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: EMPLOYER_RULE.id, ruleVersion: 2, memberId: E, employee: M, since: '2024-09-01', deadline: addDays('2024-09-01', 90), overdue: true, toEnd: null, waiver: null });
    expect(v.mandates).toEqual([secretary.id, p.id]);
    // The employer's own evaluation sees it from their collaborators' holdings; one of another employer does not.
    expect(evaluateEmployer(E, [p, secretary], employs, catalogue, '2025-06-01')).toEqual([v]);
    expect(evaluateEmployer(99, [p, secretary], employs, catalogue, '2025-06-01')).toEqual([]);
    // The national view attributes it to the employer.
    expect(evaluateAll([p, secretary], employs, catalogue, '2025-06-01').map((x) => [x.memberId, x.employee])).toEqual([[E, M]]);
  });

  it('boundaries: a seat ended the day the contract starts, or starting the day it ends, is no breach; the day before is', () => {
    expect(evaluateMember(M, [post('2024-09-01'), seat('federation', 'bureau', 'president', '2020-01-01', '2024-09-01')], employs, catalogue, '2024-09-01')).toEqual([]);
    const overlapping = [post('2024-09-01'), seat('federation', 'bureau', 'president', '2020-01-01', '2024-09-02')];
    expect(evaluateMember(M, overlapping, employs, catalogue, '2024-09-01')).toHaveLength(1);
    expect(evaluateMember(M, overlapping, employs, catalogue, '2024-09-02')).toEqual([]);
    expect(evaluateMember(M, [post('2022-01-01', '2024-01-01'), seat('federation', 'bureau', 'tresorier', '2024-01-01')], employs, catalogue, '2024-06-01')).toEqual([]);
  });

  it('no employer recorded (not a member), a seat that is no bureau function, or a post that is not a collaborator’s: no breach', () => {
    const secretary = seat('federation', 'bureau', 'secretaire', '2023-05-01');
    expect(evaluateMember(M, [post('2024-09-01', null, null), secretary], employs, catalogue, '2025-06-01')).toEqual([]);
    expect(evaluateMember(M, [post('2024-09-01'), seat('federation', 'conseil', 'membre', '2023-05-01')], employs, catalogue, '2025-06-01')).toEqual([]);
    expect(evaluateMember(M, [{ ...mandate('conseiller-municipal', '30189', '2024-09-01'), employerId: E }, secretary], employs, catalogue, '2025-06-01')).toEqual([]);
  });

  it('a waiver of the employer covers it until it expires; the collaborator’s own waiver does not', () => {
    const holdings = [post('2024-09-01'), seat('federation', 'bureau', 'secretaire', '2023-05-01')];
    expect(evaluateMember(M, holdings, employs, catalogue, '2025-06-01', [waiver()])[0].waiver).toMatchObject({ id: 'w-e', expiresOn: '2026-01-01' });
    expect(evaluateMember(M, holdings, employs, catalogue, '2026-01-01', [waiver()])[0].waiver).toBeNull();
    expect(evaluateMember(M, holdings, employs, catalogue, '2025-06-01', [waiver({ memberId: M })])[0].waiver).toBeNull();
    expect(evaluateAll(holdings, employs, catalogue, '2025-06-01', [waiver()])[0].waiver).not.toBeNull();
  });

  it('the preview of a collaborator’s post names the employer’s breach it would bring', () => {
    const proposed = post('2026-12-15');
    const [v] = previewHolding([seat('federation', 'bureau', 'secretaire', '2023-05-01')], proposed, employs, catalogue);
    expect(v).toMatchObject({ memberId: E, employee: M, since: '2026-12-15' });
  });
});

describe('over time: at most three consecutive terms in the same category and territory', () => {
  const terms = (starts: [string, string | null][], category = 'maire', territory = '30189') => starts.map(([s, e]) => mandate(category, territory, s, e));
  const four = terms([['2001-03-18', '2008-03-16'], ['2008-03-16', '2014-03-30'], ['2014-03-30', '2020-07-04'], ['2020-07-04', '2026-03-22']]);

  it('a fourth consecutive term: breach since its start; three are fine', () => {
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', four.slice(0, 3), '2019-01-01')).toEqual([]);
    const [v] = evalRule('PARTI-MANDATS-SUCCESSIFS', four, '2021-01-01');
    expect(v).toMatchObject({ since: '2020-07-04', deadline: addDays('2020-07-04', 90) });
    expect(v.mandates).toHaveLength(4);
  });
  it('within the tolerance the chain holds (a delayed election); beyond it, it breaks', () => {
    const delayed = terms([['2001-03-18', '2008-03-16'], ['2008-03-16', '2014-03-30'], ['2014-03-30', '2020-03-15'], ['2021-03-01', null]]);
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', delayed, '2022-01-01')).toHaveLength(1);
    const gap = terms([['2001-03-18', '2008-03-16'], ['2008-03-16', '2014-03-30'], ['2014-03-30', '2020-03-15'], ['2021-03-16', null]]);
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', gap, '2022-01-01')).toEqual([]);
    expect(chainsOf(gap, 365).map((c) => c.length)).toEqual([3, 1]);
  });
  it('another territory or category starts another chain; a past breach no longer held is not reported', () => {
    const mixed = [...four.slice(0, 3), mandate('maire', '30007', '2020-07-04')];
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', mixed, '2021-01-01')).toEqual([]);
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', four, '2026-03-22')).toEqual([]);
  });
  it('collaborator posts are not terms', () => {
    const c = terms([['2001-01-01', '2006-01-01'], ['2006-01-01', '2011-01-01'], ['2011-01-01', '2016-01-01'], ['2016-01-01', null]], 'collaborateur-parlementaire', '30');
    expect(evalRule('PARTI-MANDATS-SUCCESSIFS', c, '2017-01-01')).toEqual([]);
  });
  it('N is configurable: with N = 2 the third term breaches', () => {
    const set: RuleSet = { version: 2, effectiveFrom: '2020-01-01', rules: [{ ...(only('PARTI-MANDATS-SUCCESSIFS').rules[0] as any), max: 2 }] };
    const [v] = evaluateMember(M, four.slice(0, 3), set, catalogue, '2015-01-01');
    expect(v).toMatchObject({ ruleVersion: 2, since: '2014-03-30' });
  });
});

describe('waivers: national admins, a reason, an expiry', () => {
  const holdings = [mandate('depute', '30-01', '2022-06-22'), mandate('maire', '30189', '2020-07-04')];
  const waiver: Waiver = { id: 'w1', ruleId: 'LO141-1', memberId: M, grantedOn: '2022-07-01', expiresOn: '2023-01-01', reason: 'Transition' };
  it('covers the rule for the member while it runs, then no more; another rule or member is not covered', () => {
    expect(evalRule('LO141-1', holdings, '2022-12-31', [waiver])[0].waiver).toEqual({ id: 'w1', expiresOn: '2023-01-01', reason: 'Transition' });
    expect(evalRule('LO141-1', holdings, '2023-01-01', [waiver])[0].waiver).toBeNull();
    expect(evalRule('LO141-1', holdings, '2022-06-30', [waiver])[0].waiver).toBeNull();
    expect(evalRule('LO141-1', holdings, '2022-12-01', [{ ...waiver, ruleId: 'L46-1' }])[0].waiver).toBeNull();
    expect(evalRule('LO141-1', holdings, '2022-12-01', [{ ...waiver, memberId: 8 }])[0].waiver).toBeNull();
  });
});

describe('preview and the national view', () => {
  it('preview names only the rules the proposed mandate would break', () => {
    const existing = [mandate('conseiller-municipal', '30189', '2020-06-28'), mandate('conseiller-departemental', '30', '2021-07-01')];
    const proposed = mandate('conseiller-regional', '76', '2021-07-02');
    expect(previewHolding(existing, proposed, DEFAULT_RULE_SET, catalogue).map((v) => v.ruleId)).toEqual(['L46-1']);
    expect(previewHolding(existing, mandate('conseiller-municipal', '30007', '2019-01-01', '2020-01-01'), DEFAULT_RULE_SET, catalogue)).toEqual([]);
  });
  it('evaluateAll groups by member', () => {
    const a = [mandate('depute', '30-01', '2022-06-22', null, 1), mandate('maire', '30189', '2020-07-04', null, 1)];
    const b = [mandate('maire', '30007', '2020-07-04', null, 2)];
    expect(evaluateAll([...b, ...a], DEFAULT_RULE_SET, catalogue, '2023-01-01').map((v) => v.memberId)).toEqual([1]);
  });
});

describe('territory codes', () => {
  // First in the file: nothing has read the lists yet in this module instance.
  it('loads the official lists asynchronously, once for every waiter; the synchronous accessor then reuses them', async () => {
    const [a, b] = [loadOfficialLists(), loadOfficialLists()];
    const lists = await a;
    expect(await b).toBe(lists);
    expect(officialLists()).toBe(lists);
    expect(await loadOfficialLists()).toBe(lists);
    expect(lists.communes.get('30189')).toBe('Nîmes');
    expect(lists.communes.has('01039')).toBe(false); // a commune déléguée: not a current commune
  });

  it.each([
    ['commune', '30189', true], ['commune', '2A004', true], ['commune', '97411', true], ['commune', '20004', false], ['commune', '3018', false],
    ['departement', '30', true], ['departement', '2A', true], ['departement', '20', false], ['departement', '99', false],
    ['region', '76', true], ['region', '77', false], ['circonscription', '30-01', true], ['circonscription', '30-00', false], ['circonscription', '30-06', true], ['circonscription', '30-07', false], ['circonscription', '59-21', true], ['circonscription', '974-08', false],
    // Outside départements (tableaux n° 1 bis and 1 ter): the collectivités d'outre-mer, Nouvelle-Calédonie, the French abroad.
    ['circonscription', '975-01', true], ['circonscription', '977-01', true], ['circonscription', '978-01', false], ['circonscription', '986-01', true],
    ['circonscription', '987-03', true], ['circonscription', '987-04', false], ['circonscription', '988-02', true], ['circonscription', '99-11', true], ['circonscription', '99-12', false],
    ['epci', '200066918', true], ['epci', '100066918', false], ['france', 'FR', true], ['france', 'BE', false],
    // Well-formed codes that name nothing in the official lists (@etalab/decoupage-administratif):
    ['commune', '30999', false], ['commune', '01039', false /* Béon: a commune déléguée since 2016 */], ['epci', '200000000', false],
  ] as const)('%s %s → %s', (kind, code, ok) => expect(isKnownTerritory(kind, code)).toBe(ok));

  it('577 constituencies; those outside départements named by their area (Code électoral, tableaux n° 1, 1 bis, 1 ter)', () => {
    expect(Object.values(CONSTITUENCIES_PER_DEPARTEMENT).reduce((a, b) => a + b, 0)).toBe(577);
    expect(officialTerritoryName('circonscription', '977-01')).toBe('1re circonscription — Saint-Barthélemy et Saint-Martin');
    expect(officialTerritoryName('circonscription', '987-03')).toBe('3e circonscription — Polynésie française');
    expect(officialTerritoryName('circonscription', '99-11')).toBe('11e circonscription — Français établis hors de France');
  });

  it('2,054 cantons (the 2014 redistricting, INSEE COG 2025): 23 in the Gard, none in Paris, Martinique, Guyane', () => {
    expect(Object.values(CANTONS_PER_DEPARTEMENT).reduce((a, b) => a + b, 0)).toBe(2054);
    expect(CANTONS_PER_DEPARTEMENT['30']).toBe(23);
    expect(CANTONS_PER_DEPARTEMENT['59']).toBe(41);
    expect(CANTONS_PER_DEPARTEMENT['69']).toBe(13); // outside the Métropole de Lyon
    expect(CANTONS_PER_DEPARTEMENT['976']).toBe(13);
    const without = ['75', '972', '973'];
    for (const code of without) expect(CANTONS_PER_DEPARTEMENT[code]).toBeUndefined();
    for (const code of DEPARTEMENTS.filter((d) => !without.includes(d))) expect(CANTONS_PER_DEPARTEMENT[code]).toBeGreaterThan(0);
    expect(Object.keys(CANTONS_PER_DEPARTEMENT).filter((code) => !DEPARTEMENTS.includes(code))).toEqual([]);
  });

  it('where each election is held: communes and PLM arrondissements, départements and régions with their council, senatorial territories', () => {
    const elects = (name: string) => ({ name, elects: true });
    const not = (name: string, instead: string, since: number | null) => ({ name, elects: false, noCouncil: { instead, since } });
    // Municipales: Saint-Pierre-et-Miquelon, Polynésie, Nouvelle-Calédonie; PLM arrondissements by their secteur.
    expect(electionPlace('municipales', '97501')).toMatchObject(elects('Miquelon-Langlade'));
    expect(electionPlace('municipales', '98735')).toMatchObject(elects('Papeete'));
    expect(electionPlace('municipales', '98818')).toMatchObject(elects('Nouméa'));
    expect(electionPlace('municipales', '75101')).toMatchObject(elects('Paris 1er arrondissement (secteur Paris Centre)'));
    expect(electionPlace('municipales', '75120')).toMatchObject(elects('Paris 20e arrondissement (20e secteur)'));
    expect(electionPlace('municipales', '69389')).toMatchObject(elects('Lyon 9e arrondissement (9e secteur)'));
    expect(electionPlace('municipales', '13207')).toMatchObject(elects('Marseille 7e arrondissement (1er secteur)'));
    expect(electionPlace('municipales', '13216')).toMatchObject(elects('Marseille 16e arrondissement (8e secteur)'));
    expect(electionPlace('municipales', '30189')).toMatchObject(elects('Nîmes'));
    expect(electionPlace('municipales', '97701')).toMatchObject(not('Saint-Barthélemy', 'conseil territorial de Saint-Barthélemy', 2007));
    expect(electionPlace('municipales', '75121')).toBeNull();
    expect(electionPlace('municipales', '98901')).toBeNull(); // Clipperton: no one lives there
    // Départementales: not Paris, Corsica, Martinique, Guyane; Mayotte keeps its conseil départemental.
    expect(electionPlace('departementales', '75')).toMatchObject(not('Paris', 'Ville de Paris', 2019));
    expect(electionPlace('departementales', '2B')).toMatchObject(not('Haute-Corse', 'Collectivité de Corse', 2018));
    expect(electionPlace('departementales', '972')).toMatchObject({ elects: false, noCouncil: { since: 2015 } });
    expect(electionPlace('departementales', '976')).toMatchObject(elects('Mayotte'));
    expect(electionPlace('departementales', '975')).toBeNull();
    // Régionales: the 12 metropolitan régions but Corse, Guadeloupe, La Réunion.
    expect(electionPlace('regionales', '76')).toMatchObject(elects('Occitanie'));
    expect(electionPlace('regionales', '01')).toMatchObject(elects('Guadeloupe'));
    expect(electionPlace('regionales', '04')).toMatchObject(elects('La Réunion'));
    for (const code of ['02', '03', '06', '94']) expect(electionPlace('regionales', code)).toMatchObject({ elects: false });
    // Sénatoriales: départements, collectivités d'outre-mer, Nouvelle-Calédonie, the French abroad.
    for (const [code, name] of [['75', 'Paris'], ['2A', 'Corse-du-Sud'], ['975', 'Saint-Pierre-et-Miquelon'], ['977', 'Saint-Barthélemy'], ['978', 'Saint-Martin'], ['986', 'Wallis-et-Futuna'], ['987', 'Polynésie française'], ['988', 'Nouvelle-Calédonie'], ['99', 'Français établis hors de France']])
      expect(electionPlace('senatoriales', code)).toMatchObject(elects(name));
    for (const code of ['984', '989', '96', '20']) expect(electionPlace('senatoriales', code)).toBeNull();
  });

  it('names a territory from the official lists; a commune or EPCI always by its official name, others as typed when given', () => {
    expect(officialTerritoryName('commune', '30189')).toBe('Nîmes');
    expect(officialTerritoryName('epci', '243000643')).toBe('CA de Nîmes Métropole');
    expect(officialTerritoryName('departement', '30')).toBe('Gard');
    expect(officialTerritoryName('region', '76')).toBe('Occitanie');
    expect(officialTerritoryName('circonscription', '30-01')).toBe('1re circonscription — Gard');
    expect(officialTerritoryName('circonscription', '30-02')).toBe('2e circonscription — Gard');
    expect(officialTerritoryName('commune', '30999')).toBeNull();
    expect(territoryNameFor('commune', '30189', 'Paris')).toBe('Nîmes');
    expect(territoryNameFor('epci', '243000643', undefined)).toBe('CA de Nîmes Métropole');
    expect(territoryNameFor('departement', '30', 'Gard (canton d’Uzès)')).toBe('Gard (canton d’Uzès)');
    expect(territoryNameFor('departement', '30', '  ')).toBe('Gard');
    expect(territoryNameFor('epci', '200000000', 'Nulle part')).toBeNull();
  });
});

import { addMonths, compliance, periodsOf, rateLabel } from '../server/src/domain/compliance';

describe('reporting periods and the compliance indicator (on time ÷ due over 24 months, late apart)', () => {
  it('periods every 12 months from the start, the last cut at the end; due 30 days after', () => {
    expect(periodsOf({ startOn: '2020-07-04', endOn: '2023-01-01' }, 12, '2030-01-01')).toEqual([
      { periodStart: '2020-07-04', periodEnd: '2021-07-04', dueOn: '2021-08-02' },
      { periodStart: '2021-07-04', periodEnd: '2022-07-04', dueOn: '2022-08-02' },
      { periodStart: '2022-07-04', periodEnd: '2023-01-01', dueOn: '2023-01-30' },
    ]);
    expect(periodsOf({ startOn: '2020-07-04', endOn: '2026-01-01' }, 12, '2021-07-03')).toHaveLength(1);
    expect(periodsOf({ startOn: '2020-07-04', endOn: '2026-01-01' }, 0, '2025-01-01')).toEqual([]);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
  it('counts on time, late and missing among reports due in the window', () => {
    const periods = periodsOf({ startOn: '2020-01-01', endOn: '2026-01-01' }, 12, '2030-01-01');
    const key = (p: { periodStart: string }) => p.periodStart;
    // Today 2025-06-01: due days 2023-01-30 (out: before 2023-06-01), 2024-01-30, 2025-01-30 in; 2026-01-30 not yet.
    const submitted = new Map([['2022-01-01', '2023-01-10'], ['2023-01-01', '2024-01-30'], ['2024-01-01', '2025-02-01']]);
    expect(compliance(periods, submitted, '2025-06-01', key)).toEqual({ due: 2, onTime: 1, late: 1, missing: 0, rate: 0.5 });
    expect(compliance(periods, new Map(), '2025-06-01', key)).toMatchObject({ due: 2, missing: 2, rate: 0 });
    expect(compliance(periods, new Map(), '2020-06-01', key)).toMatchObject({ due: 0, rate: null });
  });
  it('writes the rate as the portal writes every share: one decimal, no-break space, « — » when nothing was due', () => {
    expect(rateLabel(2 / 3)).toBe('66,7\u00a0%');
    expect(rateLabel(0.5)).toBe('50\u00a0%');
    expect(rateLabel(null)).toBe('—');
  });
});
