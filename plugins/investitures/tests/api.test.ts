import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createFederation, createMember, createSection, createWorld, recordDues, thisYear, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { countCandidateBallots } from '../../consultations/server/src/domain/candidate-tally';
import { sameResult } from '../../../src/portal/lib/recount';
import { parisDay } from '../../../tests/support/dates';
import { frenchDate, frenchDateTime, getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/mandates';
import { ok, routes } from '../../../tests/support/http';

/** INSEE's current communes, from the official lists the mandates plugin reads. */
const communes = () =>
  (require('@etalab/decoupage-administratif/data/communes.json') as { code: string; nom: string; departement: string; type: string }[]).filter((c) => c.type === 'commune-actuelle');
/** A current commune of that department (code and name): its `nth` (0: the first). */
const communeIn = (department: string, nth = 0): { code: string; nom: string } => communes().filter((c) => c.departement === department)[nth]!;
/** A code of the form of that department's communes (« 30 » → 30xxx, « 971 » → 971xx) that names no current commune. */
const noCommuneIn = (department: string): string => {
  const taken = new Set(communes().map((c) => c.code));
  const width = 5 - department.length;
  return Array.from({ length: 10 ** width }, (_, i) => `${department}${String(10 ** width - 1 - i).padStart(width, '0')}`).find((code) => !taken.has(code))!;
};

/**
 * Issue 19 through the API: a designation from creation to decision — candidacies in their
 * period, positions, the pledge, every criterion with who and when (a criminal-record file
 * deleted at once and never served back), parity, indicators, the members' vote through the
 * consultations ballot box (eligibility with reasons, one vote, two rounds, receipts,
 * published ballots and recount), a body's decision. Each route from 401 to success.
 */
let strapi: Core.Strapi;
let w: World;
const I = '/api/investitures';
const DESIGNATION_UID = 'plugin::investitures.designation';
const day = parisDay;

const { send, get, post } = routes(I);
const open = { candidaciesOpenOn: day(-5), candidaciesCloseOn: day(5), checksBy: day(10), decisionOn: day(20) };
const setSex = (m: TestMember, sex: 'F' | 'M', birthYear = 1980) => strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { sex, birthYear } });
/** Moves a designation past its candidacies (the calendar reads dates, not clocks). */
const closeCandidacies = (documentId: string) => strapi.db.query(DESIGNATION_UID).update({ where: { documentId }, data: { candidaciesOpenOn: day(-20), candidaciesCloseOn: day(-1), checksBy: day(-1), decisionOn: day(0) } });

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'investitures', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'investitures', true);
  }
}

/** Staff check standing and cumul (the internal offices' default criteria). */
async function checkInternal(candidacy: string) {
  ok(await post(`/candidacies/${candidacy}/checks/standing`, w.staff.token));
  ok(await post(`/candidacies/${candidacy}/checks/cumul`, w.staff.token));
}

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('criteria configured by a federation', () => {
  it('GET/PUT /criteria: staff only, own federation; a French 400; the defaults before any choice', async () => {
    expectError(await get('/criteria'), 401);
    expectError(await get('/criteria', w.member.token), 403);
    const defaults = ok(await get('/criteria', w.staff.token));
    expect(defaults.kinds.find((k: any) => k.kind === 'municipales').criteria).toEqual({ pledge: true, criminalRecord: true, standing: true, cumul: true, checklist: [] });
    expect(defaults.kinds.find((k: any) => k.kind === 'premier-secretaire-federal').criteria).toMatchObject({ pledge: false, criminalRecord: false });
    const body = { pledge: true, criminalRecord: true, standing: true, cumul: true, checklist: [{ key: 'parrainages', label: 'Parrainages de dix adhérents' }] };
    expectError(await send('put', '/criteria/municipales', w.member.token, body), 403);
    expect(badRequest(await send('put', '/criteria/inconnu', w.staff.token, body)).kind).toMatch(/^Type de désignation : « municipales »/);
    expect(badRequest(await send('put', '/criteria/municipales', w.staff.token, { ...body, checklist: [{ key: 'A B', label: '' }] }))['checklist.0.key']).toMatch(/^Clé du critère/);
    expectError(await send('put', '/criteria/municipales', w.staff.token, { ...body, federation: w.other.documentId }), 403, 'Cette fédération n’est pas la vôtre.');
    await withModuleOff(async () => expectError(await send('put', '/criteria/municipales', w.staff.token, body), 403, 'Investitures et désignations'));
    expect(ok(await send('put', '/criteria/municipales', w.staff.token, body)).criteria.checklist).toHaveLength(1);
  });
});

describe('a municipal list: candidacies, criteria, parity, indicators, a body’s decision', () => {
  let designation: string;
  const candidacies: Record<string, string> = {};
  const list: TestMember[] = [];
  const input = () => ({ title: 'Municipales 2026 — liste de la ville', kind: 'municipales', territoryCode: communeIn(w.federation.departmentCode).code, territoryName: 'Nîmes', seats: 8, decidedBy: 'body', ...open });

  it('POST /designations: 401, 403 role, module off, French 400s, 403 elsewhere, then 201 audited with its federation’s criteria', async () => {
    expectError(await post('/designations', undefined, input()), 401);
    expectError(await post('/designations', w.member.token, input()), 403);
    await withModuleOff(async () => expectError(await post('/designations', w.staff.token, input()), 403));
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), checksBy: day(1) })).checksBy).toBe('Les vérifications se terminent après la clôture des candidatures.');
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), decidedBy: 'members' })).voteMethod).toMatch(/mode de scrutin/);
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), territoryCode: undefined })).territoryCode).toMatch(/code INSEE/);
    // Another department's territory, or a code of the wrong form, is no territory of this federation.
    const elsewhere = communeIn(w.other.departmentCode).code;
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), territoryCode: elsewhere })).territoryCode)
      .toBe(`La commune ${elsewhere} n’est pas dans le département de la fédération (${w.federation.departmentCode}) : son code commence par ${w.federation.departmentCode}.`);
    // A code of the right form and department that names no commune (INSEE's current communes).
    const nowhere = noCommuneIn(w.federation.departmentCode);
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), territoryCode: nowhere })).territoryCode).toBe(
      `Le code du territoire : aucune commune n’a le code INSEE « ${nowhere} » (ex. 30189 pour Nîmes, 30007 pour Alès, 34172 pour Montpellier).`
    );
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), kind: 'legislatives', territoryCode: `${w.other.departmentCode}01` })).territoryCode).toMatch(/n’est pas une circonscription/);
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), kind: 'legislatives', territoryCode: `${w.other.departmentCode}-01` })).territoryCode).toMatch(/^La circonscription .* n’est pas dans le département de la fédération/);
    expectError(await post('/designations', w.staff.token, { ...input(), federation: w.other.documentId }), 403);
    // Another federation's section looks absent: exactly an unknown section's answer.
    const ofSection = (section: string) => ({ ...input(), kind: 'secretaire-section', scope: 'section', section, territoryCode: undefined, territoryName: undefined, seats: 1 });
    const hidden = await post('/designations', w.staff.token, ofSection(w.otherSection.documentId));
    const unknown = await post('/designations', w.staff.token, ofSection('zzzzzzzzzzzzzzzzzzzzzzzz'));
    expect(badRequest(hidden).section).toBe('Section introuvable.');
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    expectError(await post('/designations', w.staff.token, { ...input(), kind: 'presidentielle', scope: 'national', territoryCode: 'FR' }), 403, 'administration nationale');
    const d = ok(await post('/designations', w.staff.token, input()), 201);
    expect(d).toMatchObject({ kind: 'municipales', shape: 'list', period: 'candidacies', manages: true, criteria: { checklist: [{ key: 'parrainages' }] } });
    expect(d.criteria.national.map((c: any) => c.key)).toEqual(['pledge', 'criminalRecord', 'standing', 'cumul']);
    designation = d.documentId;
    expect((await auditEntriesFor(designation))[0]).toMatchObject({ action: 'plugin::investitures.designation.create' });
  });

  it('POST /designations names its territory: a commune by its official name (whatever was typed), a constituency too, a canton in French from its code', async () => {
    const commune = communeIn(w.federation.departmentCode);
    const named = async (over: Record<string, unknown>) => ok(await post('/designations', w.staff.token, { ...input(), title: 'Territoire nommé', ...over }), 201).territory;
    expect(await named({ territoryCode: commune.code, territoryName: undefined })).toEqual({ code: commune.code, name: commune.nom });
    expect(await named({ territoryCode: commune.code, territoryName: 'Ville mal nommée' })).toEqual({ code: commune.code, name: commune.nom });
    const dept = w.federation.departmentCode;
    // In the other federation: this one's legislative designations are counted for its parity below.
    const legislative = ok(await post('/designations', w.otherStaff.token, { ...input(), title: 'Territoire nommé', kind: 'legislatives', territoryCode: `${w.other.departmentCode}-01`, territoryName: undefined }), 201);
    expect(legislative.territory.name).toMatch(/^1re circonscription — \S/);
    expect(await named({ kind: 'departementales', territoryCode: `${dept}-05`, territoryName: undefined })).toEqual({ code: `${dept}-05`, name: `Canton ${dept}-05` });
    // A whole number is a JSON number: « "8" » is text.
    expect(badRequest(await post('/designations', w.staff.token, { ...input(), seats: '8' })).seats).toBe('Nombre de places : un nombre entier.');
  });

  it('POST /designations: a territory exists — a constituency within its department’s count, one of the 18 régions and the federation’s own, a canton’s and a senatorial department among INSEE’s', async () => {
    const dept = w.federation.departmentCode;
    const departement = (require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string; region: string }[]).find((d) => d.code === dept)!;
    const regions = require('@etalab/decoupage-administratif/data/regions.json') as { code: string; nom: string }[];
    const region = regions.find((r) => r.code === departement.region)!;
    const count = (await getService(strapi, 'mandates', 'territories').departement(dept))!.constituencies;
    const refused = async (token: string, over: Record<string, unknown>) => badRequest(await post('/designations', token, { ...input(), territoryName: undefined, ...over })).territoryCode;
    const national = { scope: 'national' };
    // A constituency past its department's count (the Gard has 6: 30-07 does not exist).
    expect(await refused(w.staff.token, { kind: 'legislatives', territoryCode: `${dept}-${String(count + 1).padStart(2, '0')}` })).toMatch(
      new RegExp(`^Le code du territoire : la circonscription « ${dept}-${String(count + 1).padStart(2, '0')} » n’existe pas ; ${departement.nom} \\(${dept}\\) en compte `)
    );
    expect(await refused(w.national.token, { ...national, kind: 'legislatives', territoryCode: '30-07' })).toBe('Le code du territoire : la circonscription « 30-07 » n’existe pas ; Gard (30) en compte 6, de 30-01 à 30-06.');
    expect(await refused(w.national.token, { ...national, kind: 'legislatives', territoryCode: '23-02' })).toBe('Le code du territoire : la circonscription « 23-02 » n’existe pas ; Creuse (23) en compte une seule, 23-01.');
    const noDepartement = (code: string) => `Le code du territoire : aucun département n’a le code « ${code} » (ex. 30 pour le Gard, 2A pour la Corse-du-Sud, 974 pour La Réunion).`;
    expect(await refused(w.national.token, { ...national, kind: 'legislatives', territoryCode: '96-01' })).toBe(noDepartement('96'));
    // A région is one of the 18, and a federation's regional election is in its own région.
    expect(await refused(w.staff.token, { kind: 'regionales', territoryCode: '99' })).toBe('Le code du territoire : « 99 » n’est pas l’une des 18 régions (code INSEE, ex. 76 pour l’Occitanie, 11 pour l’Île-de-France).');
    expect(await refused(w.national.token, { ...national, kind: 'regionales', territoryCode: '99' })).toMatch(/n’est pas l’une des 18 régions/);
    const elsewhere = region.code === '11' ? '76' : '11';
    expect(await refused(w.staff.token, { kind: 'regionales', territoryCode: elsewhere })).toBe(
      `Les régionales de cette fédération se tiennent dans sa région : ${region.nom.replace("'", '’')} (${region.code}), celle de son département (${dept}, ${departement.nom}).`
    );
    expect(ok(await post('/designations', w.staff.token, { ...input(), title: 'Territoire nommé', kind: 'regionales', territoryCode: region.code, territoryName: undefined }), 201).territory).toEqual({ code: region.code, name: region.nom.replace("'", '’') });
    // A canton's department, and a senatorial one, are INSEE's; a canton's number is within its department's count (the 2014 redistricting).
    expect(await refused(w.national.token, { ...national, kind: 'departementales', territoryCode: '99-05' })).toBe(noDepartement('99'));
    expect(await refused(w.national.token, { ...national, kind: 'departementales', territoryCode: '30-99' })).toBe('Le code du territoire : le canton « 30-99 » n’existe pas ; Gard (30) en compte 23, de 30-01 à 30-23.');
    const cantons = (await getService(strapi, 'mandates', 'territories').departement(dept))!.cantons;
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(await refused(w.staff.token, { kind: 'departementales', territoryCode: `${dept}-${pad(cantons + 1)}` })).toBe(
      `Le code du territoire : le canton « ${dept}-${pad(cantons + 1)} » n’existe pas ; ${departement.nom} (${dept}) en compte ${cantons}, de ${dept}-01 à ${dept}-${pad(cantons)}.`
    );
    expect(ok(await post('/designations', w.national.token, { ...input(), ...national, title: 'Canton 30-23', kind: 'departementales', territoryCode: '30-23', territoryName: undefined }), 201).territory).toEqual({ code: '30-23', name: 'Canton 30-23' });
    expect(await refused(w.national.token, { ...national, kind: 'senatoriales', territoryCode: '96' })).toBe(noDepartement('96'));
  });

  it('POST /designations: territories beyond the départements are real (overseas collectivités, the French abroad, PLM arrondissements); places without the council are refused, saying why', async () => {
    const national = { scope: 'national' };
    const named = async (over: Record<string, unknown>) => ok(await post('/designations', w.national.token, { ...input(), ...national, title: `Outre-mer ${over.kind} ${over.territoryCode}`, territoryName: undefined, ...over }), 201).territory.name;
    const refused = async (token: string, over: Record<string, unknown>) => badRequest(await post('/designations', token, { ...input(), territoryName: undefined, ...over })).territoryCode;
    // Législatives: the 19 seats outside départements (Code électoral, tableaux n° 1 bis and 1 ter).
    expect(await named({ kind: 'legislatives', territoryCode: '975-01' })).toBe('1re circonscription — Saint-Pierre-et-Miquelon');
    expect(await named({ kind: 'legislatives', territoryCode: '977-01' })).toBe('1re circonscription — Saint-Barthélemy et Saint-Martin');
    expect(await named({ kind: 'legislatives', territoryCode: '987-03' })).toBe('3e circonscription — Polynésie française');
    expect(await named({ kind: 'legislatives', territoryCode: '99-11' })).toBe('11e circonscription — Français établis hors de France');
    expect(await refused(w.national.token, { ...national, kind: 'legislatives', territoryCode: '988-03' })).toBe('Le code du territoire : la circonscription « 988-03 » n’existe pas ; Nouvelle-Calédonie (988) en compte 2, de 988-01 à 988-02.');
    // Sénatoriales: Saint-Barthélemy (977) and Saint-Martin (978) one senator each, the French abroad (99).
    expect(await named({ kind: 'senatoriales', territoryCode: '978' })).toBe('Saint-Martin');
    expect(await named({ kind: 'senatoriales', territoryCode: '99' })).toBe('Français établis hors de France');
    // Municipales: Saint-Pierre-et-Miquelon, Polynésie; an arrondissement of Paris, Lyon, Marseille by its secteur.
    expect(await named({ kind: 'municipales', territoryCode: '97502' })).toBe('Saint-Pierre');
    expect(await named({ kind: 'municipales', territoryCode: '98735' })).toBe('Papeete');
    expect(await named({ kind: 'municipales', territoryCode: '13207' })).toBe('Marseille 7e arrondissement (1er secteur)');
    expect(await refused(w.national.token, { ...national, kind: 'municipales', territoryCode: '97701' })).toBe('Le code du territoire : Saint-Barthélemy (97701) n’élit plus de conseil municipal depuis 2007 (conseil territorial de Saint-Barthélemy).');
    // No conseil départemental in Paris, Corsica, Martinique, Guyane (a canton there neither); Mayotte has one.
    expect(await refused(w.national.token, { ...national, kind: 'departementales', territoryCode: '75' })).toBe('Le code du territoire : Paris (75) n’élit plus de conseil départemental depuis 2019 (Ville de Paris).');
    expect(await refused(w.national.token, { ...national, kind: 'departementales', territoryCode: '2A-03' })).toBe('Le code du territoire : Corse-du-Sud (2A) n’élit plus de conseil départemental depuis 2018 (Collectivité de Corse).');
    expect(await refused(w.national.token, { ...national, kind: 'departementales', territoryCode: '973' })).toBe('Le code du territoire : Guyane (973) n’élit plus de conseil départemental depuis 2015 (Collectivité territoriale de Guyane).');
    expect(await named({ kind: 'departementales', territoryCode: '976' })).toBe('Mayotte');
    // No conseil régional in Martinique, Guyane, Corse, Mayotte.
    expect(await refused(w.national.token, { ...national, kind: 'regionales', territoryCode: '02' })).toBe('Le code du territoire : Martinique (02) n’élit plus de conseil régional depuis 2015 (Assemblée de Martinique, élections territoriales).');
    expect(await refused(w.national.token, { ...national, kind: 'regionales', territoryCode: '94' })).toBe('Le code du territoire : Corse (94) n’élit pas de conseil régional (Assemblée de Corse, élections territoriales).');
    expect(await refused(w.national.token, { ...national, kind: 'regionales', territoryCode: '06' })).toBe('Le code du territoire : Mayotte (06) n’élit pas de conseil régional (son conseil départemental en exerce les compétences).');
    expect(await named({ kind: 'regionales', territoryCode: '04' })).toBe('La Réunion');
    // A leading zero is a slip of form, said as such (for a federation's staff as for a national admin).
    const dept = w.federation.departmentCode;
    expect(await refused(w.staff.token, { kind: 'legislatives', territoryCode: `0${dept}-01` })).toBe(`« 0${dept}-01 » : un code de département s’écrit sans zéro devant (${dept}, non 0${dept}) ; écrivez « ${dept}-01 ».`);
    expect(await refused(w.national.token, { ...national, kind: 'legislatives', territoryCode: '030-01' })).toBe('« 030-01 » : un code de département s’écrit sans zéro devant (30, non 030) ; écrivez « 30-01 ».');
    expect(await refused(w.national.token, { ...national, kind: 'senatoriales', territoryCode: '030' })).toBe('« 030 » : un code de département s’écrit sans zéro devant (30, non 030) ; écrivez « 30 ».');
  });

  it('GET /designations(/:id): members of the federation see it, another federation’s staff 403, its members 404', async () => {
    expectError(await get(`/designations/${designation}`), 401);
    expect(ok(await get(`/designations/${designation}`, w.member.token))).toMatchObject({ manages: false, mine: null, candidacies: [] });
    expectError(await get(`/designations/${designation}`, w.otherStaff.token), 403, 'autre fédération');
    expectError(await get(`/designations/${designation}`, w.otherMember.token), 404);
    expect(ok(await get('/designations', w.member.token)).map((d: any) => d.documentId)).toContain(designation);
    expect(ok(await get('/designations', w.otherMember.token)).map((d: any) => d.documentId)).not.toContain(designation);
    expect(badRequest(await get('/designations?kind=x', w.member.token)).kind).toMatch(/Type de désignation/);
  });

  it('POST /designations/:id/candidacies: position required, position taken 409, twice 409, outside the period 409, sex as registered', async () => {
    const sexes = ['F', 'M', 'F', 'M', 'F', 'M', 'M', 'F'] as const;
    for (let i = 0; i < 8; i++) {
      const m = await createMember({ federation: w.federation, section: w.sectionA });
      await setSex(m, sexes[i], 1950 + i * 8);
      list.push(m);
    }
    const apply = (m: TestMember, position?: number) => post(`/designations/${designation}/candidacies`, m.token, { position, statement: 'Je m’engage pour Nîmes.' });
    expectError(await post(`/designations/${designation}/candidacies`, undefined, {}), 401);
    expectError(await post(`/designations/${designation}/candidacies`, w.national.token, { position: 1, statement: 'x' }), 403);
    expect(badRequest(await apply(list[0])).position).toBe('Indiquez votre position sur la liste.');
    expect(badRequest(await apply(list[0], 9)).position).toBe('La liste compte 8 places.');
    // A position is a JSON number: « "1" » is text, refused as such (it was read as 1).
    expect(badRequest(await post(`/designations/${designation}/candidacies`, list[0].token, { position: '1', statement: 'Je m’engage pour Nîmes.' })).position).toBe('Position sur la liste : un nombre entier.');
    expect(badRequest(await post(`/designations/${designation}/candidacies`, list[0].token, { position: 1 })).statement).toBe('La déclaration de candidature est obligatoire.');
    await withModuleOff(async () => expectError(await apply(list[0], 1), 403));
    for (let i = 0; i < 8; i++) {
      const c = ok(await apply(list[i], i + 1), 201);
      candidacies[i + 1] = c.documentId;
    }
    expect(ok(await get(`/candidacies/${candidacies[1]}`, list[0].token))).toMatchObject({ view: 'candidate', position: 1, state: 'submitted', meetsCriteria: false });
    expect(ok(await get(`/candidacies/${candidacies[1]}`, w.staff.token))).toMatchObject({ view: 'staff', sex: 'F', birthYear: 1950 });
    expectError(await apply(w.member, 3), 409, 'Cette position de la liste est déjà prise.');
    expectError(await apply(list[0], 2), 409);
    const later = ok(await post('/designations', w.staff.token, { ...input(), candidaciesOpenOn: day(3), candidaciesCloseOn: day(6) }), 201);
    expectError(await post(`/designations/${later.documentId}/candidacies`, w.member.token, { position: 1, statement: 'Trop tôt.' }), 409, 'Les candidatures sont ouvertes du');
    expectError(await get(`/candidacies/${candidacies[1]}`, w.memberB.token), 404);
    expectError(await get(`/candidacies/${candidacies[1]}`, w.otherStaff.token), 403);
  });

  it('the pledge: the exact text in force, signed with its version and sha256; a new version asks again', async () => {
    expectError(await get('/pledge'), 401);
    const pledge = ok(await get('/pledge', list[0].token));
    expect(pledge).toMatchObject({ article: 'Statuts, article 5.1.7', version: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(pledge.text).toContain('démissionner');
    const sign = (m: TestMember, id: string, body: object) => post(`/candidacies/${id}/pledge`, m.token, body);
    expect(badRequest(await sign(list[0], candidacies[1], { version: pledge.version, sha256: 'abc', accept: true })).sha256).toMatch(/sha256/);
    expect(badRequest(await sign(list[0], candidacies[1], { version: pledge.version, sha256: pledge.sha256 })).accept).toBe('Cochez « J’accepte » pour signer l’engagement.');
    expectError(await sign(list[0], candidacies[1], { version: pledge.version, sha256: '0'.repeat(64), accept: true }), 409, 'Le texte de l’engagement a changé');
    expectError(await sign(list[1], candidacies[1], { version: pledge.version, sha256: pledge.sha256, accept: true }), 404);
    expectError(await post(`/candidacies/${candidacies[1]}/pledge`, w.staff.token, { version: pledge.version, sha256: pledge.sha256, accept: true }), 403);
    const signed = ok(await sign(list[0], candidacies[1], { version: pledge.version, sha256: pledge.sha256, accept: true }));
    expect(signed.criteria.find((c: any) => c.key === 'pledge')).toMatchObject({ verdict: 'ok', checkedBy: 'la personne candidate' });
    // Signed again (a double click, another tab): nothing changes, one audit entry.
    const stored = async () => (await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { documentId: candidacies[1] } })).checks.pledge;
    const first = await stored();
    const again = ok(await sign(list[0], candidacies[1], { version: pledge.version, sha256: pledge.sha256, accept: true }));
    expect(again.criteria.find((c: any) => c.key === 'pledge')).toEqual(signed.criteria.find((c: any) => c.key === 'pledge'));
    expect(await stored()).toEqual(first);
    expect((await auditEntriesFor(candidacies[1])).filter((e: any) => e.action === 'plugin::investitures.candidacy.pledge')).toHaveLength(1);
    // A new version: national admins only; every signature is then outdated.
    expectError(await post('/pledge/versions', w.staff.token, { text: 'Nouveau texte' }), 403);
    const v2 = ok(await post('/pledge/versions', w.national.token, { text: `${pledge.text}\nVersion révisée.` }), 201);
    expect(v2.version).toBe(pledge.version + 1);
    expect(ok(await get(`/candidacies/${candidacies[1]}`, list[0].token)).criteria.find((c: any) => c.key === 'pledge').verdict).toBe('outdated');
    for (let i = 0; i < 8; i++) ok(await sign(list[i], candidacies[i + 1], { version: v2.version, sha256: v2.sha256, accept: true }));
  });

  it('criminal record: staff record a bulletin n° 3 seen; an uploaded file is deleted at once and never served back (RGPD art. 10)', async () => {
    const marker = `BULLETIN-N3-${Date.now()}-${Math.random()}`;
    const path = `${I}/candidacies/${candidacies[1]}/checks/criminal-record`;
    const before = await strapi.db.query('plugin::upload.file').count({});
    const multipart = (token: string, issuedOn: string) => api().then((a) => a.post(path).set(bearer(token)).field('clean', 'true').field('issuedOn', issuedOn).attach('files', Buffer.from(marker), 'bulletin.pdf'));
    expectError(await multipart(list[0].token, day(-2)), 403); // the candidate does not check their own
    expectError(await multipart(w.otherStaff.token, day(-2)), 403);
    expect(badRequest(await multipart(w.staff.token, day(3))).issuedOn).toBe('Le bulletin est daté au plus tard d’aujourd’hui.');
    const res = ok(await multipart(w.staff.token, day(-2)));
    // Who checked, as the candidate reads it: name and role in French, never an address nor a role's code.
    expect(res.criteria.find((c: any) => c.key === 'criminalRecord')).toMatchObject({ verdict: 'ok', checkedBy: `${w.staff.member.firstName} ${w.staff.member.lastName} (Équipe fédérale)` });
    expect(JSON.stringify(res)).not.toContain(marker);
    // Gone from the temporary folder (refused requests' files too, by Strapi's body parser), never in the media library, never in what anyone reads.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const recent = readdirSync(tmpdir()).map((f) => join(tmpdir(), f)).filter((f) => {
      try {
        const s = statSync(f);
        return s.isFile() && Date.now() - s.mtimeMs < 120_000 && s.size < 10_000;
      } catch {
        return false;
      }
    });
    expect(recent.filter((f) => readFileSync(f, 'utf8').includes(marker))).toEqual([]);
    expect(await strapi.db.query('plugin::upload.file').count({})).toBe(before);
    const stored = await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { documentId: candidacies[1] } });
    expect(JSON.stringify(stored)).not.toContain(marker);
    expect(stored.checks.criminalRecord).toMatchObject({ clean: true, fileDeleted: true });
    expect(JSON.stringify(await auditEntriesFor(candidacies[1]))).not.toContain('"clean"');
    // JSON too (no file), for the others; one bulletin not clean.
    for (let i = 2; i <= 8; i++) ok(await post(`/candidacies/${candidacies[i]}/checks/criminal-record`, w.staff.token, { clean: i !== 8, issuedOn: day(-10) }));
    expect(ok(await get(`/candidacies/${candidacies[8]}`, w.staff.token)).criteria.find((c: any) => c.key === 'criminalRecord').verdict).toBe('failed');
  });

  it('standing, cumul (the mandates plugin’s rules, with what to give up) and the federation’s checklist', async () => {
    // Position 2 already holds two local mandates: a third breaks L. 46-1.
    for (const [category, territoryCode, territoryName] of [['conseiller-departemental', '30', 'Gard'], ['conseiller-regional', '76', 'Occitanie']]) {
      const r = await (await api()).post('/api/mandates/mandates').set(bearer(w.staff.token)).send({ member: list[1].member.documentId, category, territoryCode, territoryName, startOn: '2021-06-27' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    for (let i = 1; i <= 8; i++) {
      ok(await post(`/candidacies/${candidacies[i]}/checks/standing`, w.staff.token));
      ok(await post(`/candidacies/${candidacies[i]}/checks/cumul`, w.staff.token));
      ok(await post(`/candidacies/${candidacies[i]}/checks/checklist`, w.staff.token, { key: 'parrainages', done: true }));
    }
    const cumul = ok(await get(`/candidacies/${candidacies[2]}`, w.staff.token)).criteria.find((c: any) => c.key === 'cumul');
    expect(cumul).toMatchObject({ verdict: 'failed', checkedBy: expect.any(String), checkedAt: expect.any(String) });
    expect(cumul.detail).toMatch(/L\. 46-1.*à quitter : /);
    expect(badRequest(await post(`/candidacies/${candidacies[1]}/checks/checklist`, w.staff.token, { key: 'inconnu', done: true })).key).toMatch(/^Critère inconnu ; ceux de la fédération : parrainages/);
    expect(badRequest(await post(`/candidacies/${candidacies[1]}/checks/standing`, w.staff.token, { extra: 1 }))).toBeTruthy();
    expectError(await post(`/candidacies/${candidacies[1]}/checks/standing`, w.member.token), 403);
    const first = ok(await get(`/candidacies/${candidacies[1]}`, list[0].token));
    expect(first.meetsCriteria).toBe(true);
    expect(first.criteria.every((c: any) => c.checkedAt)).toBe(true);
  });

  it('parity: the list’s first breach is named (position 7); indicators are aggregated and masked', async () => {
    expectError(await get(`/designations/${designation}/parity`, w.member.token), 403);
    expectError(await get(`/designations/${designation}/parity`, w.otherStaff.token), 403);
    const parity = ok(await get(`/designations/${designation}/parity`, w.staff.token));
    expect(parity.rule).toBe('alternation');
    expect(parity.list.firstBreach.position).toBe(7);
    expect(parity.list.firstBreach.message).toMatch(/^Position 7 \(Prénom Nom\d+\) : un homme après un homme en position 6/);
    const indicators = ok(await get(`/indicators?designation=${designation}`, w.staff.token));
    expect(indicators.total).toBe(8);
    // 8 candidacies: 4 women (under 5, masked, and so the men), one already elected (masked, and so the 7 others).
    expect(indicators.sex.map((c: any) => c.count)).toEqual([null, null, null]);
    expect(indicators.renewal.map((c: any) => c.countLabel)).toEqual(['masqué', 'moins de 5']);
    expectError(await get(`/indicators?designation=${designation}`, w.member.token), 403);
    expect(ok(await get('/indicators', w.staff.token)).federation.departmentCode).toBe(w.federation.departmentCode);
  });

  it('a withdrawal frees the position; a body’s decision from its minutes designates candidacies meeting their criteria', async () => {
    expectError(await post(`/candidacies/${candidacies[8]}/withdrawal`, w.staff.token), 403);
    ok(await post(`/candidacies/${candidacies[8]}/withdrawal`, list[7].token));
    expectError(await post(`/candidacies/${candidacies[8]}/withdrawal`, list[7].token), 409);
    const decision = { minutesReference: 'PV du conseil fédéral', decidedOn: day(-1), designated: [candidacies[1], candidacies[3]] };
    expectError(await post(`/designations/${designation}/decision`, w.member.token, decision), 403);
    // Candidacies are open until day(5): no decision before they close (members could still apply).
    expectError(
      await post(`/designations/${designation}/decision`, w.staff.token, decision),
      409,
      `Les candidatures sont ouvertes jusqu’au ${frenchDate(day(5))} : la décision de l’instance s’enregistre à partir du ${frenchDate(day(6))}.`
    );
    expect(await strapi.db.query('plugin::investitures.candidacy').count({ where: { documentId: candidacies[1], state: 'submitted' } })).toBe(1);
    // Closed three days ago, the decision planned in ten days: the body met early.
    await strapi.db.query(DESIGNATION_UID).update({ where: { documentId: designation }, data: { candidaciesOpenOn: day(-20), candidaciesCloseOn: day(-3), checksBy: day(-2), decisionOn: day(10) } });
    expect(badRequest(await post(`/designations/${designation}/decision`, w.staff.token, { ...decision, decidedOn: day(-3) })).decidedOn).toBe(
      `La décision est datée après la clôture des candidatures (le ${frenchDate(day(-3))}) : au plus tôt le ${frenchDate(day(-2))}.`
    );
    expectError(await post(`/designations/${designation}/decision`, w.staff.token, { ...decision, designated: [candidacies[2]] }), 409, 'ne remplit pas encore tous les critères');
    expect(badRequest(await post(`/designations/${designation}/decision`, w.staff.token, { ...decision, designated: [] })).designated).toBe('Au moins une candidature désignée.');
    const d = ok(await post(`/designations/${designation}/decision`, w.staff.token, decision));
    expect(d).toMatchObject({ decided: true, period: 'decided', bodyDecision: { minutesReference: 'PV du conseil fédéral' } });
    // The day it was made, beside the day it was planned.
    expect(d).toMatchObject({ decidedOn: day(-1), calendar: { decisionOn: day(10) } });
    expect(ok(await get(`/designations/${designation}`, list[0].token)).decidedOn).toBe(day(-1));
    expect(ok(await get(`/candidacies/${candidacies[3]}`, list[2].token)).state).toBe('designated');
    expect(ok(await get(`/candidacies/${candidacies[2]}`, list[1].token)).state).toBe('not-designated');
    expectError(await post(`/designations/${designation}/decision`, w.staff.token, decision), 409, 'déjà faite');
    expectError(await post(`/designations/${designation}/vote/open`, w.staff.token), 409);
  });
});

describe('a members’ vote: eligible members only, secret ballot, two rounds, receipts and recount', () => {
  let designation: string;
  const ids: string[] = [];
  const candidates: TestMember[] = [];
  const voters: TestMember[] = [];
  const input = { title: 'Premier·ère secrétaire fédéral·e', kind: 'premier-secretaire-federal', decidedBy: 'members', voteMethod: 'single', eligibilityCutoff: day(-30), ...open };

  it('three candidacies meet their criteria; the vote opens after the candidacies close', async () => {
    designation = ok(await post('/designations', w.staff.token, input), 201).documentId;
    for (let i = 0; i < 3; i++) {
      const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
      candidates.push(m);
      ids.push(ok(await post(`/designations/${designation}/candidacies`, m.token, { statement: `Candidature ${i + 1}` }), 201).documentId);
      await checkInternal(ids[i]);
    }
    expectError(await post(`/designations/${designation}/vote/open`, w.staff.token), 409, 'après la clôture des candidatures');
    await closeCandidacies(designation);
    // The voters exist before the vote opens: the roll is closed then.
    for (let i = 0; i < 4; i++) voters.push(await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) }));
    expectError(await post(`/designations/${designation}/vote/open`, undefined), 401);
    expectError(await post(`/designations/${designation}/vote/open`, w.member.token), 403);
    expectError(await post(`/designations/${designation}/vote/open`, w.otherStaff.token), 403);
    const opened = ok(await post(`/designations/${designation}/vote/open`, w.staff.token));
    expect(opened.ballot).toMatchObject({ round: 1, state: 'open' });
    expect(opened.ballot.candidates.map((c: any) => c.documentId).sort()).toEqual([...ids].sort());
    expectError(await post(`/designations/${designation}/vote/open`, w.staff.token), 409, 'déjà ouvert');
    // The roll (« liste électorale arrêtée »): the round's electorate is its size, and the voters are on it.
    const d = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation } });
    const roll = await strapi.db.connection('consultations_box_roll').where({ box: `investitures:${designation}:1` }).select('member_id');
    expect(d.rounds[0].eligible).toBe(roll.length);
    expect(d.rounds[0].rollClosedAt).toBeTruthy();
    for (const m of [...voters, ...candidates]) expect(roll.map((r: any) => Number(r.member_id))).toContain(m.member.id);
  });

  it('a member who was not on the roll when the round opened may not vote: created since with an old join date, or paid up since (403)', async () => {
    const late = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) });
    const d = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation } });
    const e = expectError(await post(`/designations/${designation}/ballots`, late.token, { choice: ids[0] }), 403, 'Vous ne pouvez pas voter : la liste électorale a été arrêtée à l’ouverture du vote, le ');
    expect(e.message).toContain(frenchDateTime(d.rounds[0].rollClosedAt));
    expect(e.details.reasons.map((r: any) => r.code)).toEqual(['not-on-roll']);
    // Their page says why.
    const page = ok(await get(`/designations/${designation}`, late.token));
    expect(page.ballot.eligible).toMatchObject({ eligible: false, reasons: [expect.objectContaining({ code: 'not-on-roll' })] });
    expect(ok(await get(`/designations/${designation}`, voters[0].token)).ballot.eligible).toMatchObject({ eligible: true });
    expect(await strapi.plugin('consultations').service('ballot-box').turnout(`investitures:${designation}:1`)).toBe(0);
  });

  it('ineligible members are refused with the reason; a second vote is 409; a bad ballot 400', async () => {
    const unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [], joinedOn: day(-400) });
    const recent = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-2) });
    expectError(await post(`/designations/${designation}/ballots`, undefined, { choice: ids[0] }), 401);
    expectError(await post(`/designations/${designation}/ballots`, w.national.token, { choice: ids[0] }), 403);
    const e1 = expectError(await post(`/designations/${designation}/ballots`, unpaid.token, { choice: ids[0] }), 403, `cotisation ${thisYear()} non réglée`);
    expect(e1.details.reasons.map((r: any) => r.code)).toEqual(['dues-unpaid']);
    expectError(await post(`/designations/${designation}/ballots`, recent.token, { choice: ids[0] }), 403, 'adhésion postérieure');
    expectError(await post(`/designations/${designation}/ballots`, w.otherMember.token, { choice: ids[0] }), 404);
    // Paid up during the vote: eligible today, but not on the roll closed at the opening.
    await recordDues(unpaid.member, thisYear());
    expect(expectError(await post(`/designations/${designation}/ballots`, unpaid.token, { choice: ids[0] }), 403).details.reasons.map((r: any) => r.code)).toEqual(['not-on-roll']);
    expect(badRequest(await post(`/designations/${designation}/ballots`, voters[0].token, { choice: 'inconnu' })).choice).toBe('Cette candidature ne fait pas partie du scrutin.');
    expect(badRequest(await post(`/designations/${designation}/ballots`, voters[0].token, { grades: { [ids[0]]: 3 } })).choice).toMatch(/Votre vote/);
    await withModuleOff(async () => expectError(await post(`/designations/${designation}/ballots`, voters[0].token, { choice: ids[0] }), 403));
  });

  it('round 1 without an absolute majority → round 2 between the two leading → a winner; ballots published, receipts found, recount equal', async () => {
    const receipts: string[] = [];
    // Round 1: 3 for A, 2 for B, 1 for C (candidates vote too), no absolute majority of the 6 expressed.
    const round1 = [[voters[0], 0], [voters[1], 0], [candidates[0], 0], [voters[2], 1], [candidates[1], 1], [voters[3], 2]] as const;
    for (const [m, i] of round1) {
      const r = ok(await post(`/designations/${designation}/ballots`, m.token, { choice: ids[i] }), 201);
      expect(r.receipt).toMatch(/^[0-9a-f]{64}$/);
      receipts.push(r.receipt);
    }
    expectError(await post(`/designations/${designation}/ballots`, voters[0].token, { choice: ids[1] }), 409, 'déjà voté');
    const during = ok(await get(`/designations/${designation}/results`, w.member.token));
    expect(during.rounds[0]).toMatchObject({ closed: false, turnout: 6, results: null, ballots: null });
    expectError(await post(`/designations/${designation}/vote/close`, w.member.token), 403);
    if (strapi.db.dialect.client === 'postgres') {
      // Before the close, each ballot shares its transaction id with its register row…
      const before = await strapi.db.connection.raw(`SELECT count(*) AS n FROM consultations_box_ballots b JOIN consultations_box_voters v ON b.xmin::text = v.xmin::text AND b.box = v.box WHERE b.box = ?`, [`investitures:${designation}:1`]);
      expect(Number(before.rows[0].n)).toBe(6);
    }
    const closed = ok(await post(`/designations/${designation}/vote/close`, w.staff.token));
    if (strapi.db.dialect.client === 'postgres') {
      // …sealed at the close: rewritten by the closing transaction, none shares one any more.
      const after = await strapi.db.connection.raw(`SELECT count(*) AS n FROM consultations_box_ballots b JOIN consultations_box_voters v ON b.xmin::text = v.xmin::text AND b.box = v.box WHERE b.box = ?`, [`investitures:${designation}:1`]);
      expect(Number(after.rows[0].n)).toBe(0);
    }
    const r1 = closed.rounds[0];
    expect(r1.results).toMatchObject({ method: 'single', winner: null, expressed: 6, counts: { [ids[0]]: 3 }, runoff: [ids[0], ids[1]] });
    expect(r1.ballots.map((b: any) => b.receipt).sort()).toEqual([...receipts].sort());
    expect(JSON.stringify(r1.ballots)).not.toMatch(/memberId|member_id/);
    const recount = countCandidateBallots('single', r1.candidates.map((c: any) => c.documentId), r1.ballots.map((b: any) => b.ballot), 1);
    expect(recount).toEqual(r1.results);
    // The portal's own comparison agrees too (on PostgreSQL the stored result's keys come back in jsonb's order).
    expect(sameResult(recount, r1.results)).toBe(true);
    // Round 2: its own ballot box; everyone may vote again, on the list closed for round 1
    // (a member made in between is not on it).
    const between = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) });
    const second = ok(await post(`/designations/${designation}/vote/open`, w.staff.token));
    expect(second.ballot.round).toBe(2);
    const rollOf = async (round: number) => (await strapi.db.connection('consultations_box_roll').where({ box: `investitures:${designation}:${round}` }).select('member_id')).map((r: any) => Number(r.member_id)).sort((a: number, b: number) => a - b);
    expect(await rollOf(2)).toEqual(await rollOf(1));
    expect(await rollOf(2)).not.toContain(between.member.id);
    expectError(await post(`/designations/${designation}/ballots`, between.token, { choice: r1.results.runoff[0] }), 403, 'liste électorale');
    const [first, runner] = r1.results.runoff;
    for (const m of [voters[0], voters[1], candidates[0], voters[3]]) ok(await post(`/designations/${designation}/ballots`, m.token, { choice: first }), 201);
    ok(await post(`/designations/${designation}/ballots`, voters[2].token, { choice: runner }), 201);
    expect(badRequest(await post(`/designations/${designation}/ballots`, candidates[2].token, { choice: ids.find((x) => x !== first && x !== runner) })).choice).toBe('Cette candidature ne fait pas partie du scrutin.');
    const final = ok(await post(`/designations/${designation}/vote/close`, w.staff.token));
    expect(final.rounds[1].results).toMatchObject({ round: 2, winner: first });
    expect(closed.designation).toMatchObject({ decided: false, decidedOn: null });
    expect(final.designation).toMatchObject({ decided: true, period: 'decided', decidedOn: day(0) });
    expect(ok(await get(`/candidacies/${first}`, w.staff.token)).state).toBe('designated');
    expect((await auditEntriesFor(designation)).map((e: any) => e.action)).toContain('plugin::investitures.vote.close');
    expectError(await post(`/designations/${designation}/vote/open`, w.staff.token), 409);
    // « Mes données »: the voter finds both rounds they voted in, named by the designation, never their choice.
    const part = await strapi.plugin('consultations').service('personal-data').personalData({ memberId: voters[2].member.id, memberDocumentId: voters[2].member.documentId, userId: voters[2].user.id });
    const votes = part.sections.find((x: any) => x.title === 'Participation aux votes').rows;
    const named = `Désignation : ${input.title} (Premier·ère secrétaire fédéral·e)`;
    expect(votes).toEqual([{ Scrutin: `${named}, tour 1`, 'A voté': true }, { Scrutin: `${named}, tour 2`, 'A voté': true }]);
    for (const id of ids) expect(JSON.stringify(part)).not.toContain(id);
    // And the rolls they were on (who may vote; nothing of the vote).
    const rolls = part.sections.find((x: any) => x.title === 'Listes électorales').rows;
    expect(rolls.map((r: any) => r.Scrutin)).toEqual(expect.arrayContaining([`${named}, tour 1`, `${named}, tour 2`]));
  });

  it('majority judgment: a grade per candidate, the evaluation’s ranking', async () => {
    const mj = ok(await post('/designations', w.staff.token, { ...input, title: 'Premier·ère secrétaire (jugement majoritaire)', voteMethod: 'majority-judgment' }), 201).documentId;
    const mjIds: string[] = [];
    for (const m of candidates) {
      mjIds.push(ok(await post(`/designations/${mj}/candidacies`, m.token, { statement: 'Au jugement majoritaire.' }), 201).documentId);
      await checkInternal(mjIds[mjIds.length - 1]);
    }
    await closeCandidacies(mj);
    // Two openings at once: one opens the round and closes its roll, the other finds it open (409); the roll is written once.
    const openings = await Promise.all([0, 1].map(() => post(`/designations/${mj}/vote/open`, w.staff.token)));
    expect(openings.map((r) => r.status).sort()).toEqual([200, 409]);
    const opened = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: mj } });
    expect(opened.rounds).toHaveLength(1);
    const [{ n }] = await strapi.db.connection('consultations_box_roll').where({ box: `investitures:${mj}:1` }).count({ n: '*' });
    expect(Number(n)).toBe(opened.rounds[0].eligible);
    const grades = (a: number, b: number, c: number) => ({ grades: { [mjIds[0]]: a, [mjIds[1]]: b, [mjIds[2]]: c } });
    expect(badRequest(await post(`/designations/${mj}/ballots`, voters[0].token, { grades: { [mjIds[0]]: 3 } })).grades).toMatch(/Donnez une mention à chaque candidature/);
    expect(badRequest(await post(`/designations/${mj}/ballots`, voters[0].token, { grades: { [mjIds[0]]: 7 } }))['grades.' + mjIds[0]]).toBe('Mention : au plus 5.');
    ok(await post(`/designations/${mj}/ballots`, voters[0].token, grades(3, 3, 2)), 201);
    ok(await post(`/designations/${mj}/ballots`, voters[1].token, grades(3, 3, 2)), 201);
    ok(await post(`/designations/${mj}/ballots`, voters[2].token, grades(4, 2, 5)), 201);
    const results = ok(await post(`/designations/${mj}/vote/close`, w.staff.token)).rounds[0].results;
    expect(results).toMatchObject({ method: 'majority-judgment', cast: 3, winner: mjIds[0] });
    expect(results.ranking.map((r: any) => [r.candidate, r.medianLabel, r.rank])).toEqual([[mjIds[0], 'Assez bien', 1], [mjIds[1], 'Assez bien', 2], [mjIds[2], 'Passable', 3]]);
  });

  it('a leader who no longer meets the criteria at the close is not designated (the reason unpublished); staff open a new round among those who do', async () => {
    const revised = ok(await post('/designations', w.staff.token, { ...input, title: 'Premier·ère secrétaire (critères revus)' }), 201).documentId;
    const revisedIds: string[] = [];
    for (const m of candidates) {
      revisedIds.push(ok(await post(`/designations/${revised}/candidacies`, m.token, { statement: 'Critères revus.' }), 201).documentId);
      await checkInternal(revisedIds[revisedIds.length - 1]);
    }
    await closeCandidacies(revised);
    ok(await post(`/designations/${revised}/vote/open`, w.staff.token));
    for (const m of voters.slice(0, 3)) ok(await post(`/designations/${revised}/ballots`, m.token, { choice: revisedIds[0] }), 201);
    ok(await post(`/designations/${revised}/ballots`, voters[3].token, { choice: revisedIds[1] }), 201);
    // During the vote, the leader's standing is checked again while they are suspended.
    const member = () => strapi.db.query('plugin::membership.member');
    await member().update({ where: { id: candidates[0].member.id }, data: { membershipStatus: 'suspended', suspendedUntil: null } });
    try {
      expect(ok(await post(`/candidacies/${revisedIds[0]}/checks/standing`, w.staff.token)).criteria.find((c: any) => c.key === 'standing').verdict).toBe('failed');
    } finally {
      await member().update({ where: { id: candidates[0].member.id }, data: { membershipStatus: 'active' } });
    }
    const closed = ok(await post(`/designations/${revised}/vote/close`, w.staff.token));
    expect(closed.rounds[0]).toMatchObject({ withheld: true, results: { winner: revisedIds[0] } });
    expect(closed.designation).toMatchObject({ decided: false });
    expect(ok(await get(`/candidacies/${revisedIds[0]}`, w.staff.token)).state).toBe('submitted');
    // Members read that it is withheld, never why.
    const read = ok(await get(`/designations/${revised}/results`, w.member.token));
    expect(read.rounds[0].withheld).toBe(true);
    expect(JSON.stringify(read.rounds)).not.toMatch(/standing|cotisation|suspen|failed|critère/i);
    // A new round among the candidacies that meet every criterion that day.
    const again = ok(await post(`/designations/${revised}/vote/open`, w.staff.token));
    expect(again.ballot.round).toBe(2);
    expect(again.ballot.candidates.map((c: any) => c.documentId).sort()).toEqual([revisedIds[1], revisedIds[2]].sort());
  });

  it('the criteria are judged at the close as they stood on the round’s opening day: a bulletin n° 3 valid then, older than three months since, does not withhold the designation', async () => {
    const dated = ok(await post('/designations', w.staff.token, { ...input, title: 'Premier·ère secrétaire (bulletin daté)' }), 201).documentId;
    // This designation asks for a bulletin n° 3 too (a designation keeps the criteria copied at its creation).
    const row = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: dated } });
    await strapi.db.query(DESIGNATION_UID).update({ where: { id: row.id }, data: { criteria: { ...row.criteria, criminalRecord: true } } });
    const datedIds: string[] = [];
    for (const m of candidates) {
      datedIds.push(ok(await post(`/designations/${dated}/candidacies`, m.token, { statement: 'Bulletin daté.' }), 201).documentId);
      await checkInternal(datedIds[datedIds.length - 1]);
      ok(await post(`/candidacies/${datedIds[datedIds.length - 1]}/checks/criminal-record`, w.staff.token, { clean: true, issuedOn: day(-80) }));
    }
    await closeCandidacies(dated);
    ok(await post(`/designations/${dated}/vote/open`, w.staff.token));
    for (const m of voters.slice(0, 3)) ok(await post(`/designations/${dated}/ballots`, m.token, { choice: datedIds[0] }), 201);
    ok(await post(`/designations/${dated}/ballots`, voters[3].token, { choice: datedIds[1] }), 201);
    // The round opened ten days ago, the leader's bulletin was then 85 days old (valid: at most
    // 92); it is 95 days old at today's close. Written as the calendar would have left them.
    const opened = await strapi.db.query(DESIGNATION_UID).findOne({ where: { id: row.id } });
    const tenDaysAgo = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000).toISOString();
    await strapi.db.query(DESIGNATION_UID).update({ where: { id: row.id }, data: { rounds: opened.rounds.map((r: any) => (r.round === opened.round ? { ...r, rollClosedAt: tenDaysAgo } : r)) } });
    const leader = await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { documentId: datedIds[0] } });
    await strapi.db.query('plugin::investitures.candidacy').update({ where: { id: leader.id }, data: { checks: { ...leader.checks, criminalRecord: { ...leader.checks.criminalRecord, issuedOn: day(-95) } } } });
    // Read today, the bulletin is too old (what a close judged on its own day would have seen).
    const today = ok(await get(`/candidacies/${datedIds[0]}`, w.staff.token));
    expect(today.criteria.find((c: any) => c.key === 'criminalRecord').verdict).toBe('outdated');
    const closed = ok(await post(`/designations/${dated}/vote/close`, w.staff.token));
    expect(closed.rounds[0].withheld).toBeFalsy();
    expect(closed.rounds[0].results.winner).toBe(datedIds[0]);
    expect(closed.designation).toMatchObject({ decided: true });
    expect(ok(await get(`/candidacies/${datedIds[0]}`, w.staff.token)).state).toBe('designated');
  });
});

describe('erasure and « Mes données »', () => {
  it('a member’s candidacies stay pseudonymous, without free text nor criminal-record check; « Mes données » lists them', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const d = ok(await post('/designations', w.staff.token, { title: 'Premier secrétariat', kind: 'premier-secretaire-federal', decidedBy: 'body', ...open }), 201);
    const c = ok(await post(`/designations/${d.documentId}/candidacies`, m.token, { statement: 'Texte libre de la candidature.' }), 201);
    ok(await post(`/candidacies/${c.documentId}/checks/criminal-record`, w.staff.token, { clean: false, issuedOn: day(-1) }));
    const part = await strapi.plugin('investitures').service('personal-data').personalData({ memberId: m.member.id });
    expect(part.sections[0].rows[0]).toMatchObject({ Désignation: 'Premier secrétariat (Premier·ère secrétaire fédéral·e)', 'Bulletin n° 3 vu le': expect.any(String) });
    expect(JSON.stringify(part)).not.toMatch(/vierge|clean/);
    const report = await strapi.plugin('investitures').service('erasure').erase({ memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id, federationId: w.federation.id, email: null, membershipNumber: m.member.membershipNumber, firstName: 'x', lastName: 'y' });
    // Still standing, it is withdrawn (an erased member keeps no live candidacy: tests/erasure-running.test.ts).
    expect(report).toEqual({
      source: 'investitures',
      counts: { candidaciesKept: 1, candidaciesWithdrawn: 1, candidaciesOnBallot: 0, binomesAsRunningMate: 0, binomesWithdrawn: 0, binomesOnBallot: 0, criminalRecordChecksRemoved: 1, checksUnsigned: 0, designationsUnsigned: 0, criteriaUnsigned: 0, pledgeVersionsUnsigned: 0 },
    });
    const row = await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { documentId: c.documentId } });
    expect(row).toMatchObject({ statement: null, sex: null, birthYear: null, state: 'withdrawn', withdrawnOn: day(0) });
    expect(row.checks.criminalRecord).toBeUndefined();
  });

  it('an erased candidate’s checks keep their verdicts without the mandates that named her (cumul violations’ text and seats to give up, standing reasons, checklist notes); no count nor record of her mandates; a cumul check run again during her erasure lists none', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    // Already departmental and regional councillor: a third local mandate breaks L. 46-1.
    for (const [category, territoryCode, territoryName] of [['conseiller-departemental', '30', 'Gard'], ['conseiller-regional', '76', 'Occitanie']]) {
      const r = await (await api()).post('/api/mandates/mandates').set(bearer(w.staff.token)).send({ member: m.member.documentId, category, territoryCode, territoryName, startOn: '2021-06-27' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const commune = communeIn(w.federation.departmentCode);
    const opened = { title: 'Municipales — liste de la ville (effacement)', kind: 'municipales', territoryCode: commune.code, territoryName: commune.nom, seats: 8, decidedBy: 'body', ...open };
    const [gone, again] = [ok(await post('/designations', w.staff.token, opened), 201).documentId, ok(await post('/designations', w.staff.token, opened), 201).documentId];
    const checked: Record<string, string> = {};
    for (const d of [gone, again]) {
      const c = ok(await post(`/designations/${d}/candidacies`, m.token, { position: 1, statement: 'Je me présente.', previousMandates: 3, formerCollaborator: true }), 201).documentId;
      checked[d] = c;
      ok(await post(`/candidacies/${c}/checks/standing`, w.staff.token));
      ok(await post(`/candidacies/${c}/checks/cumul`, w.staff.token));
      const items = ok(await get(`/designations/${d}`, w.staff.token)).criteria.checklist as { key: string }[];
      for (const item of items) ok(await post(`/candidacies/${c}/checks/checklist`, w.staff.token, { key: item.key, done: true, note: 'Vu avec Mme la conseillère régionale' }));
    }
    const seen = async (d: string) => ok(await get(`/designations/${d}`, w.staff.token)).candidacies.find((x: any) => x.documentId === checked[d]);
    const before = await seen(gone);
    expect(before.cumul.violations[0]).toMatchObject({ rule: 'L46-1', giveUp: expect.arrayContaining([expect.stringContaining('Occitanie')]) });
    expect(before).toMatchObject({ previousMandates: 3, formerCollaborator: true });
    // Her erasure under way (as membership records it first): a cumul check run again lists the rules only, her mandates not read again.
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { erasedOn: day(0) } });
    ok(await post(`/candidacies/${checked[again]}/checks/cumul`, w.staff.token));
    expect((await seen(again)).cumul.violations).toEqual([expect.objectContaining({ rule: 'L46-1', text: '', giveUp: [] })]);

    const subject = { memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id, federationId: w.federation.id, email: null, membershipNumber: m.member.membershipNumber, firstName: m.member.firstName, lastName: m.member.lastName };
    expect((await strapi.plugin('investitures').service('erasure').erase(subject)).counts).toMatchObject({ candidaciesKept: 2, candidaciesWithdrawn: 2 });
    for (const d of [gone, again]) {
      const after = await seen(d);
      const text = JSON.stringify(after);
      for (const needle of ['Occitanie', 'Gard', 'départemental·e', 'conseillère régionale', 'Je me présente']) expect(text, `${d} ${needle}`).not.toContain(needle);
      expect(after.cumul.violations).toEqual([{ rule: 'L46-1', label: expect.any(String), source: expect.stringContaining('L. 46-1'), text: '', giveUp: [] }]);
      expect(after.criteria.find((x: any) => x.key === 'cumul')).toMatchObject({ verdict: 'failed', detail: expect.stringMatching(/L\. 46-1\)$/) });
      expect(after).toMatchObject({ previousMandates: null, formerCollaborator: false, record: null, sex: null, birthYear: null, statement: null });
      for (const x of after.criteria.filter((y: any) => y.key.startsWith('checklist:'))) expect(x).toMatchObject({ verdict: 'ok', detail: 'Vérifié.' });
    }
  });

  it('a staff member’s erasure leaves their name nowhere: checks, designation, body decision and criteria name « Ancien adhérent (Équipe fédérale) »', async () => {
    const clerk = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const d = ok(await post('/designations', clerk.token, { title: 'Premier secrétariat (vacance)', kind: 'premier-secretaire-federal', decidedBy: 'body', ...open }), 201);
    const c = ok(await post(`/designations/${d.documentId}/candidacies`, m.token, { statement: 'Candidature.' }), 201);
    ok(await post(`/candidacies/${c.documentId}/checks/standing`, clerk.token));
    ok(await post(`/candidacies/${c.documentId}/checks/cumul`, clerk.token));
    const kinds = ok(await get('/criteria', clerk.token)).kinds;
    ok(await send('put', '/criteria/sieges-instance', clerk.token, kinds.find((k: any) => k.kind === 'sieges-instance').criteria));
    await closeCandidacies(d.documentId);
    ok(await post(`/designations/${d.documentId}/decision`, clerk.token, { minutesReference: 'PV du bureau', decidedOn: day(0), designated: [c.documentId] }));
    const name = `${clerk.member.firstName} ${clerk.member.lastName} (Équipe fédérale)`;
    const checkers = async () => ok(await get(`/candidacies/${c.documentId}`, m.token)).criteria.map((x: any) => x.checkedBy);
    expect(await checkers()).toEqual([name, name]);
    const decision = ok(await get(`/designations/${d.documentId}`, m.token)).bodyDecision;
    expect(decision.recordedBy).toBe(name); // as members read who acted: name and role, never the address
    expect(decision).not.toHaveProperty('recordedByMember');
    // A check written before the profile id was kept beside the name: found by the name.
    const legacy = await createMember({ federation: w.federation, section: w.sectionA });
    const stored = await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { documentId: c.documentId } });
    const at = new Date().toISOString();
    const checklist = { ancien: { done: true, note: null, by: name, at }, autre: { done: true, note: null, by: `${legacy.member.firstName} ${legacy.member.lastName} (Équipe fédérale)`, at } };
    await strapi.db.query('plugin::investitures.candidacy').update({ where: { id: stored.id }, data: { checks: { ...stored.checks, checklist } } });

    const tables = ['investitures_designations', 'investitures_candidacies', 'investitures_criteria_configs', 'investitures_pledge_versions'];
    const scan = async () => JSON.stringify(await Promise.all(tables.map((t) => strapi.db.connection(t).select('*')))).toLowerCase();
    for (const needle of [clerk.user.email, `${clerk.member.lastName} (`]) expect(await scan()).toContain(needle.toLowerCase());
    const subject = { memberId: clerk.member.id, memberDocumentId: clerk.member.documentId, userId: clerk.user.id, federationId: w.federation.id, email: clerk.user.email, membershipNumber: clerk.member.membershipNumber, firstName: clerk.member.firstName, lastName: clerk.member.lastName };
    const erasure = strapi.plugin('investitures').service('erasure');
    expect((await erasure.erase(subject)).counts).toMatchObject({ checksUnsigned: 3, designationsUnsigned: 1, criteriaUnsigned: 1 });
    for (const needle of [clerk.user.email, `${clerk.member.lastName} (`]) expect(await scan()).not.toContain(needle.toLowerCase());
    expect(await checkers()).toEqual(['Ancien adhérent (Équipe fédérale)', 'Ancien adhérent (Équipe fédérale)']);
    expect(ok(await get(`/designations/${d.documentId}`, m.token)).bodyDecision.recordedBy).toBe('Ancien adhérent (Équipe fédérale)');
    const after = await strapi.db.query('plugin::investitures.candidacy').findOne({ where: { id: stored.id } });
    expect(after.checks.checklist.autre.by).toContain(legacy.member.lastName); // another staff member's check stays theirs
    expect(await strapi.db.query('plugin::investitures.designation').findOne({ where: { documentId: d.documentId } })).toMatchObject({ createdByLabel: 'Ancien adhérent (Équipe fédérale)', createdByMember: null });
    expect((await erasure.erase(subject)).counts).toMatchObject({ checksUnsigned: 0, designationsUnsigned: 0, criteriaUnsigned: 0 });
  });
});

describe('legislative candidacies of a federation: the funding penalty shown to staff', () => {
  it('GET /parity/legislatives: the gap and the reduction of the first fraction', async () => {
    const year = Number(day(20).slice(0, 4));
    // Real constituencies: a federation in a department with four or more (the Gard has 30-01…30-06).
    const territories = getService(strapi, 'mandates', 'territories');
    const federation = await createFederation({ where: async (code) => ((await territories.departement(code))?.constituencies ?? 0) >= 4 });
    const section = await createSection(federation);
    const staff = await createMember({ federation, section, role: 'federation-staff' });
    for (const [i, sex] of (['M', 'M', 'M', 'F'] as const).entries()) {
      const d = ok(await post('/designations', staff.token, { title: `Législatives, ${i + 1}e circonscription`, kind: 'legislatives', territoryCode: `${federation.departmentCode}-0${i + 1}`, decidedBy: 'body', ...open }), 201);
      expect(d.territory.name).toMatch(new RegExp(`^${i + 1}(re|e) circonscription — `));
      const m = await createMember({ federation, section });
      await setSex(m, sex);
      ok(await post(`/designations/${d.documentId}/candidacies`, m.token, { statement: 'Candidature législative.' }), 201);
    }
    expectError(await get('/parity/legislatives'), 401);
    expectError(await get('/parity/legislatives', w.member.token), 403);
    expectError(await get(`/parity/legislatives?federation=${w.other.documentId}`, staff.token), 403);
    const r = ok(await get(`/parity/legislatives?year=${year}&firstFractionCents=100000000`, staff.token));
    expect(r).toMatchObject({ constituencies: 4, provisional: 4, women: 1, men: 3, gapPercent: 50, penalised: true, reductionPercent: 75, reductionCents: 75_000_000 });
    expect(r.message).toContain('réduite de 75 %');
  });
});

describe('two requests at once (several instances on PostgreSQL): a designation changes one step at a time', () => {
  const CANDIDACY_UID = 'plugin::investitures.candidacy';
  const internal = { title: 'Premier·ère secrétaire (deux clics)', kind: 'premier-secretaire-federal', ...open };
  /** `n` members of the federation apply, their criteria checked. */
  async function standingCandidacies(designation: string, n: number) {
    const members: TestMember[] = [];
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
      members.push(m);
      ids.push(ok(await post(`/designations/${designation}/candidacies`, m.token, { statement: `Candidature ${i + 1}` }), 201).documentId);
      await checkInternal(ids[i]);
    }
    return { members, ids };
  }
  const stateOf = async (documentId: string) => (await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId } })).state;
  const actionsOn = async (documentId: string) => (await auditEntriesFor(documentId)).map((e: any) => e.action);

  it('a body’s decision sent twice at once beside a withdrawal: one decision (one audit entry), the other 409; a withdrawn candidacy is never designated', async () => {
    const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'body' }), 201).documentId;
    const { members, ids } = await standingCandidacies(designation, 2);
    await closeCandidacies(designation);
    const decide = (id: string) => post(`/designations/${designation}/decision`, w.staff.token, { minutesReference: `PV ${id}`, decidedOn: day(0), designated: [id] });
    const [first, second, withdrawal] = await Promise.all([decide(ids[0]), decide(ids[1]), post(`/candidacies/${ids[0]}/withdrawal`, members[0].token)]);
    const all = [first, second, withdrawal].map((res) => ({ status: res.status, error: res.body?.error?.message ?? null }));
    expect([first.status, second.status].sort(), JSON.stringify(all)).toEqual([200, 409]);
    expect([200, 409], JSON.stringify(all)).toContain(withdrawal.status);
    const states = [await stateOf(ids[0]), await stateOf(ids[1])];
    expect(states.filter((s) => s === 'designated'), JSON.stringify({ states, all })).toHaveLength(1);
    expect(states[0], JSON.stringify({ states, all })).toBe(withdrawal.status === 200 ? 'withdrawn' : first.status === 200 ? 'designated' : 'not-designated');
    expect((await actionsOn(designation)).filter((a: string) => a === 'plugin::investitures.designation.decide')).toHaveLength(1);
    expect((await actionsOn(ids[0])).filter((a: string) => a === 'plugin::investitures.candidacy.withdraw')).toHaveLength(withdrawal.status === 200 ? 1 : 0);
  });

  it('withdrawals while the vote opens: a candidacy is withdrawn (and off the ballot) or on the ballot (the withdrawal 409), never both', async () => {
    const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'members', voteMethod: 'single' }), 201).documentId;
    const { members, ids } = await standingCandidacies(designation, 4);
    await closeCandidacies(designation);
    const [opening, ...withdrawals] = await Promise.all([
      post(`/designations/${designation}/vote/open`, w.staff.token),
      ...[1, 2, 3].map((i) => post(`/candidacies/${ids[i]}/withdrawal`, members[i].token)),
    ]);
    expect(opening.status, JSON.stringify(opening.body)).toBe(200);
    const ballot: string[] = (await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation } })).rounds[0].candidates;
    expect(ballot).toContain(ids[0]);
    for (const [n, res] of withdrawals.entries()) {
      const id = ids[n + 1];
      const seen = JSON.stringify({ withdrawal: res.status, ballot, id });
      expect([200, 409], seen).toContain(res.status);
      expect(ballot.includes(id), seen).toBe(res.status === 409);
      expect(await stateOf(id), seen).toBe(res.status === 200 ? 'withdrawn' : 'submitted');
    }
  });

  /** A member with a candidacy on the ballot of an opened vote (`ids[0]`) and one standing elsewhere (`standing`). */
  async function onBallotAndStanding() {
    const onBallot = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'members', voteMethod: 'single' }), 201).documentId;
    const notYet = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'members', voteMethod: 'single' }), 201).documentId;
    const { members, ids } = await standingCandidacies(onBallot, 2);
    await closeCandidacies(onBallot);
    ok(await post(`/designations/${onBallot}/vote/open`, w.staff.token));
    const standing = ok(await post(`/designations/${notYet}/candidacies`, members[0].token, { statement: 'Je me présente.' }), 201).documentId as string;
    return { members, ids, standing };
  }
  const erasureSubjectOf = ({ member: m }: TestMember) => ({ memberId: m.id, memberDocumentId: m.documentId, userId: null, federationId: w.federation.id, email: null, membershipNumber: m.membershipNumber, firstName: m.firstName, lastName: m.lastName });

  it('an erasure withdraws a standing candidacy, but leaves one on the ballot of a vote already opened as it is (the ballots cast name it)', async () => {
    const { members, ids, standing } = await onBallotAndStanding();
    const subject = erasureSubjectOf(members[0]);
    expect((await strapi.plugin('investitures').service('erasure').erase(subject)).counts).toMatchObject({ candidaciesKept: 2, candidaciesWithdrawn: 1, candidaciesOnBallot: 1 });
    expect([await stateOf(ids[0]), await stateOf(standing)]).toEqual(['submitted', 'withdrawn']);
  });

  it('a recorded departure withdraws a standing candidacy (its position freed), leaves one on an opened vote’s ballot as it is', async () => {
    const { members, ids, standing } = await onBallotAndStanding();
    const on = day(-1);
    const left = await (await api()).post(`/api/membership/members/${members[0].member.documentId}/departure`).set(bearer(w.staff.token)).send({ on, reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect([await stateOf(ids[0]), await stateOf(standing)]).toEqual(['submitted', 'withdrawn']);
    const [entry] = (await auditEntriesFor(standing)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw');
    expect(entry).toMatchObject({ actor_kind: 'system' });
    expect(JSON.parse(entry.details)).toEqual({ reason: `Départ du parti (le ${frenchDate(on)})` });
    // The erasure that follows finds nothing more to withdraw.
    const subject = erasureSubjectOf(members[0]);
    expect((await strapi.plugin('investitures').service('erasure').erase(subject)).counts).toMatchObject({ candidaciesWithdrawn: 0, candidaciesOnBallot: 1 });
  });

  it('an exclusion (staff’s status command) withdraws a standing candidacy, leaves one on an opened vote’s ballot as it is; a suspension withdraws none', async () => {
    const { members, ids, standing } = await onBallotAndStanding();
    const status = (body: object) => api().then((http) => http.post(`/api/membership/members/${members[0].member.documentId}/status`).set(bearer(w.staff.token)).send(body));
    const suspended = await status({ status: 'suspended', until: day(10), reason: 'Mesure administrative' });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect(await stateOf(standing)).toBe('submitted');
    const excluded = await status({ status: 'excluded', reason: 'Propos contraires aux statuts' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect([await stateOf(ids[0]), await stateOf(standing)]).toEqual(['submitted', 'withdrawn']);
    const [entry] = (await auditEntriesFor(standing)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw');
    expect([entry.actor_kind, JSON.parse(entry.details)]).toEqual(['system', { reason: 'Exclusion du parti' }]);
  });

  it('a move withdraws the candidacies its new place is out of — a section’s on changing section, a federation’s on changing federation; a national one stays', async () => {
    const byMembers = { ...internal, decidedBy: 'members', voteMethod: 'single' };
    const ofSection = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Secrétaire de section (mutation)', kind: 'secretaire-section', scope: 'section', section: w.sectionB.documentId }), 201).documentId;
    const ofFederation = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Premier·ère secrétaire (mutation)' }), 201).documentId;
    const nationwide = ok(await post('/designations', w.national.token, { ...byMembers, title: 'Primaire (mutation)', kind: 'presidentielle', scope: 'national', territoryCode: 'FR' }), 201).documentId;
    const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const ids: string[] = [];
    for (const d of [ofSection, ofFederation, nationwide]) ids.push(ok(await post(`/designations/${d}/candidacies`, m.token, { statement: 'Je me présente.' }), 201).documentId);
    const reasonOf = async (id: string) => (await auditEntriesFor(id)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw').map((e: any) => [e.actor_kind, JSON.parse(e.details).reason]);
    const moved = await (await api()).put(`/api/membership/members/${m.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionA.documentId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect([await stateOf(ids[0]!), await stateOf(ids[1]!), await stateOf(ids[2]!)]).toEqual(['withdrawn', 'submitted', 'submitted']);
    expect(await reasonOf(ids[0]!)).toEqual([['system', 'Changement de section']]);
    const away = await (await api()).put(`/api/membership/members/${m.member.documentId}`).set(bearer(w.national.token)).send({ federation: w.other.documentId });
    expect(away.status, JSON.stringify(away.body)).toBe(200);
    expect([await stateOf(ids[1]!), await stateOf(ids[2]!)]).toEqual(['withdrawn', 'submitted']);
    expect(await reasonOf(ids[1]!)).toEqual([['system', 'Changement de fédération']]);
  });

  it('a close sent twice while ballots come in: one close (the other 409), every ballot accepted is counted, those after the close refused (409)', async () => {
    const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'members', voteMethod: 'single' }), 201).documentId;
    const { ids } = await standingCandidacies(designation, 2);
    await closeCandidacies(designation);
    const voters: TestMember[] = [];
    for (let i = 0; i < 6; i++) voters.push(await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) }));
    ok(await post(`/designations/${designation}/vote/open`, w.staff.token));
    ok(await post(`/designations/${designation}/ballots`, voters[0].token, { choice: ids[0] }), 201);
    const [close1, close2, ...casts] = await Promise.all([
      post(`/designations/${designation}/vote/close`, w.staff.token),
      post(`/designations/${designation}/vote/close`, w.staff.token),
      ...voters.slice(1).map((v) => post(`/designations/${designation}/ballots`, v.token, { choice: ids[1] })),
    ]);
    const seen = JSON.stringify([close1, close2, ...casts].map((res) => ({ status: res.status, body: res.body?.error ?? null })));
    expect([close1.status, close2.status].sort(), seen).toEqual([200, 409]);
    for (const res of casts) expect([201, 409], seen).toContain(res.status);
    const accepted = 1 + casts.filter((res) => res.status === 201).length;
    const row = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation } });
    expect(row.results, seen).toHaveLength(1);
    const inBox = await strapi.plugin('consultations').service('ballot-box').turnout(`investitures:${designation}:1`);
    expect({ inBox, turnout: row.results[0].turnout, counted: row.results[0].results.cast }, seen).toEqual({ inBox: accepted, turnout: accepted, counted: accepted });
    expect((await actionsOn(designation)).filter((a: string) => a === 'plugin::investitures.vote.close')).toHaveLength(1);
  });

  it('checks recorded at once on one candidacy (two staff members, the candidate’s pledge): every one is kept', async () => {
    const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'body' }), 201).documentId;
    const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const id = ok(await post(`/designations/${designation}/candidacies`, m.token, { statement: 'Tout à la fois.' }), 201).documentId;
    const pledge = ok(await get('/pledge', m.token));
    const results = await Promise.all([
      post(`/candidacies/${id}/pledge`, m.token, { version: pledge.version, sha256: pledge.sha256, accept: true }),
      post(`/candidacies/${id}/checks/standing`, w.staff.token),
      post(`/candidacies/${id}/checks/cumul`, w.staff.token),
      post(`/candidacies/${id}/checks/criminal-record`, w.staff.token, { clean: true, issuedOn: day(-3) }),
    ]);
    for (const res of results) ok(res);
    const row = await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId: id } });
    expect(Object.keys(row.checks).sort()).toEqual(['criminalRecord', 'cumul', 'pledge', 'standing']);
  });

  it('the pledge signed twice at once (a double click): both answered 200 with the one signature, one audit entry', async () => {
    const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'body' }), 201).documentId;
    const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const id = ok(await post(`/designations/${designation}/candidacies`, m.token, { statement: 'Deux clics.' }), 201).documentId;
    const pledge = ok(await get('/pledge', m.token));
    const sent = await Promise.all([1, 2].map(() => post(`/candidacies/${id}/pledge`, m.token, { version: pledge.version, sha256: pledge.sha256, accept: true })));
    const seen = JSON.stringify(sent.map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })));
    expect(sent.map((res) => res.status), seen).toEqual([200, 200]);
    const signatures = sent.map((res) => res.body.data.criteria.find((c: any) => c.key === 'pledge'));
    expect(signatures[0], seen).toEqual(signatures[1]);
    expect((await actionsOn(id)).filter((a: string) => a === 'plugin::investitures.candidacy.pledge'), seen).toHaveLength(1);
  });

  it('candidacies sent as the candidacies close and a body’s decision is recorded: each lands before the decision (and is decided on) or is refused (409); none is left standing', async () => {
    // The last day's candidacies still being written when the close passes (midnight: here the
    // calendar moved by hand) and the decision comes. Sent with the close and the decision, then
    // just before them: refused when the close or the decision is first, found by the decision after.
    for (const decisionFirst of [true, false]) {
      const designation = ok(await post('/designations', w.staff.token, { ...internal, decidedBy: 'body' }), 201).documentId;
      const { ids } = await standingCandidacies(designation, 1);
      const late: TestMember[] = [];
      for (let i = 0; i < 4; i++) late.push(await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) }));
      const closeAndDecide = async () => {
        await closeCandidacies(designation);
        return post(`/designations/${designation}/decision`, w.staff.token, { minutesReference: 'PV du bureau fédéral', decidedOn: day(0), designated: [ids[0]] });
      };
      const [decision, ...applications] = await Promise.all([
        decisionFirst ? closeAndDecide() : new Promise((resolve) => setTimeout(resolve, 0)).then(closeAndDecide),
        ...late.map((m, i) => post(`/designations/${designation}/candidacies`, m.token, { statement: `Candidature de la dernière heure ${i + 1}` })),
      ]);
      const seen = JSON.stringify({ decisionFirst, answers: [decision, ...applications].map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })) });
      expect(decision.status, seen).toBe(200);
      const refusals = ['La désignation est déjà faite : les candidatures sont closes.', `Les candidatures sont ouvertes du ${frenchDate(day(-20))} au ${frenchDate(day(-1))}.`];
      for (const res of applications) {
        expect([201, 409], seen).toContain(res.status);
        if (res.status === 409) expect(refusals, seen).toContain(res.body.error.message);
      }
      const { id: designationId } = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation }, select: ['id'] });
      const rows = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId } })) as { state: string }[];
      // Every candidacy that landed was there for the decision: none still « submitted » after it.
      expect(rows.map((r) => r.state).sort(), seen).toEqual(['designated', ...applications.filter((res) => res.status === 201).map(() => 'not-designated')].sort());
      // Applying once the decision is made: the same 409.
      expectError(await post(`/designations/${designation}/candidacies`, w.member.token, { statement: 'Trop tard.' }), 409, 'La désignation est déjà faite : les candidatures sont closes.');
    }
  });

  it('a new pledge version published twice at once: one version, the other a 409 naming it (not the route chain’s « envoyée deux fois ? »); the same text again afterwards, 409 as before', async () => {
    const before = ok(await get('/pledge', w.member.token));
    const text = `${before.text}\nRévision publiée deux fois à la fois.`;
    const sent = await Promise.all([1, 2].map(() => post('/pledge/versions', w.national.token, { text })));
    const seen = JSON.stringify(sent.map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })));
    expect(sent.map((res) => res.status).sort(), seen).toEqual([201, 409]);
    const version = before.version + 1;
    expect(sent.find((res) => res.status === 201)!.body.data.version, seen).toBe(version);
    // At once: the version's key refuses the second (PostgreSQL); one after the other (SQLite's
    // single writer), the second finds the text in force.
    const refused = sent.find((res) => res.status === 409)!.body.error.message;
    const racing = `La version ${version} de l’engagement vient d’être publiée en même temps que la vôtre : rechargez la page pour lire le texte en vigueur.`;
    expect(refused, seen).toBe(strapi.db.dialect.client === 'postgres' ? racing : `Ce texte est déjà celui de la version ${version}.`);
    expect(await strapi.db.query('plugin::investitures.pledge-version').count({ where: { version } })).toBe(1);
    expectError(await post('/pledge/versions', w.national.token, { text }), 409, `Ce texte est déjà celui de la version ${version}.`);
    expect(ok(await post('/pledge/versions', w.national.token, { text: `${text}\nEt une autre.` }), 201).version).toBe(version + 1);
  });
});
