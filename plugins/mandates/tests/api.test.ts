import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, ruleSetDayFrom, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { addDays, frenchDate, parisDate, todayInParis } from '@intranet-militant/shared';
import { routes } from '../../../tests/support/http';

let w: World;
let official: TestMember; // a member of the federation who declares mandates
const M = '/api/mandates';
const today = () => todayInParis();
const yearsAgo = (n: number, plusDays = 0) => parisDate(new Date(Date.now() - n * 365.25 * 86_400_000 + plusDays * 86_400_000));

const { send, get, post, put, del } = routes(M);

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(w.federation.id, 'mandates', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'mandates', true);
  }
}

/**
 * Runs `check` while the official has left the party, once by a departure recorded today and
 * once erased (as membership records them: `leftOn`, `erasedOn`), then brings them back (a
 * return), whatever `check` threw. `left` names the case, for the assertions' messages.
 */
async function whileOfficialLeft(check: (left: string) => Promise<void>) {
  const strapi = await bootStrapi();
  const set = (data: Record<string, unknown>) => strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data });
  for (const [left, back] of [
    [{ leftOn: todayInParis() }, { leftOn: null }],
    [{ erasedOn: todayInParis() }, { erasedOn: null }],
  ]) {
    await set(left);
    try {
      await check(JSON.stringify(left));
    } finally {
      await set(back);
    }
  }
}

/** The highest rule-set version number ever given, a withdrawn version's included: the next publication takes the one after. */
const highestVersion = async (): Promise<number> =>
  (await (await bootStrapi()).db.query('plugin::mandates.rule-set').findOne({ orderBy: { version: 'desc' }, select: ['version'] })).version;

/** The first current commune of a département, from the official lists the plugin reads. */
/** The département's `nth` commune (0: the first). */
const communeIn = (departement: string, nth = 0): { code: string; nom: string } =>
  (require('@etalab/decoupage-administratif/data/communes.json') as { code: string; nom: string; departement: string; type: string }[]).filter((c) => c.type === 'commune-actuelle' && c.departement === departement)[nth]!;
const mandate = (over: Record<string, unknown> = {}) => ({ category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: yearsAgo(3), ...over });
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await createWorld();
  official = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
});

describe('catalogue and rules', () => {
  it('GET /categories: 401, 403 without role, the seeded French catalogue', async () => {
    expectError(await get('/categories'), 401);
    expectError(await get('/categories', w.outsider.token), 403);
    const res = await get('/categories', w.member.token);
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: any) => c.code)).toEqual(expect.arrayContaining(['maire', 'adjoint-maire', 'depute', 'senateur', 'depute-europeen', 'president-epci', 'collaborateur-parlementaire']));
    expect(res.body.data.find((c: any) => c.code === 'maire')).toMatchObject({ label: 'Maire', executive: true, levelLabel: 'Communal', reportingPeriodMonths: 12 });
  });

  it('GET /rule-sets/current and POST /rule-sets: everyone reads; only national admins publish a version (400 in French, unknown category 400)', async () => {
    const current = await get('/rule-sets/current', w.member.token);
    // Version 2 (seeded at boot, in force from 2026-12-01): version 1 plus the party rule on employers.
    expect(current.body.data).toMatchObject({ version: 2 });
    expect(current.body.data.rules.map((r: any) => r.id)).toEqual(['L46-1', 'LO141-1', 'PARTI-PREMIER-SECRETAIRE', 'PARTI-COLLABORATEUR', 'PARTI-MANDATS-SUCCESSIFS', 'PARTI-EMPLOYEUR-COLLABORATEUR']);
    expect((await get('/rule-sets/current?on=2026-11-30', w.member.token)).body.data.version).toBe(1);
    // The database is shared by the test files of a process: another file may already have
    // published a later version (tests/request-caches.test.ts does), so the day is one the history allows.
    const from = await ruleSetDayFrom('2099-01-01');
    const next = { effectiveFrom: from, rules: current.body.data.rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max: 2 } : r)), note: 'Deux mandats successifs' };
    expectError(await post('/rule-sets', undefined, next), 401);
    expectError(await post('/rule-sets', w.staff.token, next), 403);
    expect(badRequest(await post('/rule-sets', w.national.token, { ...next, rules: [{ id: 'x', type: 'mystere' }] }))).toBeDefined();
    expect(badRequest(await post('/rule-sets', w.national.token, { ...next, rules: [{ ...next.rules[0], categories: ['roi'] }] })).rules).toMatch(/Catégories inconnues du catalogue : roi/);
    expect(badRequest(await post('/rule-sets', w.national.token, { ...next, rules: [] })).rules).toMatch(/^Au moins une règle/);
    const latest = await highestVersion();
    const res = await post('/rule-sets', w.national.token, next);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.version).toBe(latest + 1);
    // Not yet in force: today's rules are still version 2; from its day, the new version.
    expect((await get('/rule-sets/current', w.member.token)).body.data.version).toBe(2);
    expect((await get(`/rule-sets/current?on=${from}`, w.member.token)).body.data.version).toBe(latest + 1);
  });

  it('POST /rule-sets: a version never takes effect in the past (400) nor before the version planned last (409), each naming the day allowed; past days keep their rules', async () => {
    const yesterday = addDays(today(), -1);
    const versionOn = async (on: string) => (await get(`/rule-sets/current?on=${on}`, w.member.token)).body.data.version as number;
    const yesterdays = await versionOn(yesterday);
    const rules = (await get('/rule-sets/current', w.member.token)).body.data.rules;
    const withMax = (max: number) => rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max } : r));
    const planned = await ruleSetDayFrom('2099-01-01');
    const first = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: withMax(2), note: 'Prévue' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const version = first.body.data.version;
    for (const effectiveFrom of ['1900-01-01', yesterday]) {
      expect(badRequest(await post('/rule-sets', w.national.token, { effectiveFrom, rules: withMax(1) })).effectiveFrom, effectiveFrom).toBe(
        `Date d’effet : au plus tôt le ${frenchDate(planned)}, date de la version ${version} déjà prévue ; une version ne prend jamais effet dans le passé, les évaluations des jours passés restent celles des règles alors en vigueur.`
      );
    }
    for (const effectiveFrom of [today(), addDays(planned, -1)]) {
      expectError(
        await post('/rule-sets', w.national.token, { effectiveFrom, rules: withMax(1) }),
        409,
        `La version ${version} des règles est prévue à partir du ${frenchDate(planned)} : une nouvelle version prend effet ce jour-là au plus tôt (elle la remplace alors), jamais avant.`
      );
    }
    // Nothing was published: yesterday, today and the planned day keep their versions.
    expect(await versionOn('2100-12-31')).toBe(version);
    expect([await versionOn(yesterday), await versionOn(today()), await versionOn(planned)]).toEqual([yesterdays, 2, version]);
    // On the planned day itself, a new version replaces the planned one.
    const replacing = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: withMax(1), note: 'Remplace la version prévue' });
    expect(replacing.status, JSON.stringify(replacing.body)).toBe(201);
    expect(await versionOn(planned)).toBe(version + 1);
  });

  it('DELETE /rule-sets/:version: national admins withdraw a planned version (audited; its day gets the earlier rules back); one in effect or already withdrawn is a 409; 401, 403, 400 and 404 in French', async () => {
    const versionOn = async (on: string) => (await get(`/rule-sets/current?on=${on}`, w.member.token)).body.data.version as number;
    const rules = (await get('/rule-sets/current', w.member.token)).body.data.rules;
    const planned = await ruleSetDayFrom('2099-06-01');
    const before = await versionOn(planned);
    const published = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max: 4 } : r)), note: 'À retirer' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const version = published.body.data.version as number;
    const { documentId } = await (await bootStrapi()).db.query('plugin::mandates.rule-set').findOne({ where: { version }, select: ['documentId'] });

    expectError(await del(`/rule-sets/${version}`), 401);
    for (const who of [w.staff, w.member, official]) expectError(await del(`/rule-sets/${version}`, who.token), 403);
    expectError(await del(`/rule-sets/${version}`, w.outsider.token), 403);
    // The federation's switch: staff stay refused; national admins act for every federation.
    await withModuleOff(async () => {
      expectError(await del(`/rule-sets/${version}`, w.staff.token), 403);
      expectError(await del('/rule-sets/999999', w.national.token), 404, 'La version 999999 des règles de cumul n’existe pas.');
    });
    for (const bad of ['abc', '0', '1.5', '-2', '01']) {
      expect(badRequest(await del(`/rule-sets/${bad}`, w.national.token)).version, bad).toMatch(/^La version des règles : un numéro de version/);
    }
    // Version 1 took effect long ago: the history of the rules in force never changes.
    const first = (await get('/rule-sets/current?on=2026-11-30', w.member.token)).body.data;
    expectError(
      await del(`/rule-sets/${first.version}`, w.national.token),
      409,
      `La version ${first.version} des règles est en vigueur depuis le ${frenchDate(first.effectiveFrom)} : seule une version prévue pour une date à venir se retire. Pour changer les règles, publiez une nouvelle version.`
    );
    expect(await versionOn(planned)).toBe(version);

    const withdrawn = await del(`/rule-sets/${version}`, w.national.token);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.data).toEqual({ version, effectiveFrom: planned, withdrawn: true });
    expect(await versionOn(planned)).toBe(before);
    expect(await versionOn('2100-12-31')).toBe(before);
    const [entry] = await auditEntriesFor(documentId);
    expect(entry).toMatchObject({ action: 'plugin::mandates.rules.withdraw', actor_kind: 'user' });
    expect(JSON.parse(entry.details)).toMatchObject({ version, effectiveFrom: planned });
    expectError(await del(`/rule-sets/${version}`, w.national.token), 409, `La version ${version} des règles a déjà été retirée, le ${frenchDate(today())}.`);
  });

  it('POST, DELETE, POST /rule-sets: a withdrawn version keeps its number — the next publication takes the one after, so « version N » never names two rule sets', async () => {
    const strapi = await bootStrapi();
    const versionOn = async (on: string) => (await get(`/rule-sets/current?on=${on}`, w.member.token)).body.data.version as number;
    const rules = (await get('/rule-sets/current', w.member.token)).body.data.rules;
    const withMax = (max: number) => rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max } : r));
    const planned = await ruleSetDayFrom('2099-09-01');
    const before = await versionOn(planned);
    const first = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: withMax(5), note: 'Retirée ensuite' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const version = first.body.data.version as number;
    expect(version).toBe(await highestVersion());
    const withdrawn = await del(`/rule-sets/${version}`, w.national.token);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(await versionOn(planned)).toBe(before);

    const second = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: withMax(6), note: 'Après le retrait' });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.data.version).toBe(version + 1);
    expect(await versionOn(planned)).toBe(version + 1);
    expect((await get(`/rule-sets/current?on=${planned}`, w.member.token)).body.data.rules.find((r: any) => r.id === 'PARTI-MANDATS-SUCCESSIFS').max).toBe(6);
    // The withdrawn version stays on record under its number, with its rules, marked withdrawn.
    const rows = (await strapi.db.query('plugin::mandates.rule-set').findMany({ where: { version: { $in: [version, version + 1] } }, orderBy: { version: 'asc' } })) as any[];
    expect(rows.map((r) => [r.version, r.note, r.withdrawnOn ? String(r.withdrawnOn).slice(0, 10) : null])).toEqual([
      [version, 'Retirée ensuite', today()],
      [version + 1, 'Après le retrait', null],
    ]);
    expect(rows[0].rules.find((r: any) => r.id === 'PARTI-MANDATS-SUCCESSIFS').max).toBe(5);
    // Each publication's audit entry names its own number.
    const published = await Promise.all(rows.map(async (r) => (await auditEntriesFor(r.documentId)).find((e: any) => e.action === 'plugin::mandates.rules.publish')));
    expect(published.map((e: any) => JSON.parse(e.details).version)).toEqual([version, version + 1]);
    // The withdrawn number cannot be withdrawn again, nor the new one confused with it.
    expectError(await del(`/rule-sets/${version}`, w.national.token), 409, `La version ${version} des règles a déjà été retirée, le ${frenchDate(today())}.`);
    expect((await del(`/rule-sets/${version + 1}`, w.national.token)).body.data).toEqual({ version: version + 1, effectiveFrom: planned, withdrawn: true });
    const third = await post('/rule-sets', w.national.token, { effectiveFrom: planned, rules: withMax(7) });
    expect(third.body.data?.version, JSON.stringify(third.body)).toBe(version + 2);
  });
});

describe('recording mandates', () => {
  it('POST /mandates: 401, 403 module off, 400 in French (dates, unknown category, unknown territory), 403 for someone else, then 201 declared and audited', async () => {
    expectError(await post('/mandates', undefined, mandate()), 401);
    expectError(await post('/mandates', w.outsider.token, mandate()), 403);
    await withModuleOff(async () => expectError(await post('/mandates', official.token, mandate()), 403, 'Le module « Élus et mandats » n’est pas activé pour votre fédération.'));
    expect(badRequest(await post('/mandates', official.token, mandate({ theoreticalEndOn: yearsAgo(4) }))).theoreticalEndOn).toBe('La fin prévue (exclue) vient après le début.');
    expect(badRequest(await post('/mandates', official.token, mandate({ startOn: '2026-02-30' }))).startOn).toBe('Début : cette date n’existe pas.');
    expect(badRequest(await post('/mandates', official.token, mandate({ startOn: '1930-01-01' }))).startOn).toBe('Début : une date entre 1958 et 2100.');
    expect(badRequest(await post('/mandates', official.token, mandate({ territoryCode: 30189 }))).territoryCode).toBe('Le code du territoire s’écrit entre guillemets, comme un texte (ex. « 30189 »).');
    expect(badRequest(await post('/mandates', official.token, mandate({ category: 'roi' }))).category).toBe('Mandat inconnu du catalogue : « roi ».');
    // A Hangul filler or a zero-width space alone is no code: told as missing, not echoed as unknown.
    expect(badRequest(await post('/mandates', official.token, mandate({ category: '\u3164' }))).category).toBe('Le mandat est obligatoire.');
    expect(badRequest(await post('/mandates', official.token, mandate({ territoryCode: '\u200b\u200b' }))).territoryCode).toBe('Le code du territoire est obligatoire.');
    expect(badRequest(await post('/mandates', official.token, mandate({ territoryCode: '99999' }))).territoryCode).toMatch(/^Code de territoire inconnu : « 99999 » \(attendu : un code INSEE de commune/);
    // Well-formed, of an existing département, but no commune of the official list (@etalab/decoupage-administratif).
    expect(badRequest(await post('/mandates', official.token, mandate({ territoryCode: '30999' }))).territoryCode).toBe('Code de territoire inconnu : « 30999 » (attendu : un code INSEE de commune existante (5 caractères, ex. 30189 pour Nîmes)).');
    expect(badRequest(await post('/mandates/preview', official.token, mandate({ category: 'president-epci', territoryCode: '200000000' }))).territoryCode).toBe('Code de territoire inconnu : « 200000000 » (attendu : le numéro SIREN d’un EPCI existant (9 chiffres, ex. 243000643 pour Nîmes Métropole)).');
    expectError(await post('/mandates', w.member.token, mandate({ member: official.member.documentId })), 403, 'Vous ne déclarez que vos propres mandats.');
    // Another federation's member looks absent to its staff: exactly an unknown official's answer.
    const elsewhere = await post('/mandates', w.otherStaff.token, mandate({ member: official.member.documentId }));
    expectError(elsewhere, 404, 'Élu·e introuvable.');
    const unknown = await post('/mandates', w.otherStaff.token, mandate({ member: 'zzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expectError(await post('/mandates/preview', w.otherStaff.token, mandate({ member: official.member.documentId })), 404, 'Élu·e introuvable.');
    // No name typed (or another one): a commune's official name is stored.
    const res = await post('/mandates', official.token, mandate({ territoryName: '' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ territoryName: 'Nîmes', source: 'declared', verification: 'declared', violations: [] });
    ids.cm = res.body.data.documentId;
    expect((await auditEntriesFor(ids.cm))[0]).toMatchObject({ action: 'plugin::mandates.mandate.record' });
  });

  it('409 on an overlapping mandate of the same category and territory, naming it; the day it ends is free; a single-holder function is taken for everyone', async () => {
    const clash = expectError(await post('/mandates', official.token, mandate({ startOn: yearsAgo(1) })), 409, /chevauche un mandat déjà enregistré : Conseiller·ère municipal·e — Nîmes \(30189\)/);
    expect(clash.details).toEqual({ mandate: ids.cm });
    const first = await get(`/officials/${official.member.documentId}/situation`, official.token);
    const end = first.body.data.mandates[0].theoreticalEndOn;
    const next = await post('/mandates', official.token, mandate({ startOn: end }));
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    // The federation's own commune (test federations take département codes in turn).
    const home = communeIn(w.federation.departmentCode);
    const mayor = await post('/mandates', w.staff.token, mandate({ member: w.elected.member.documentId, category: 'maire', territoryCode: home.code, territoryName: undefined, startOn: yearsAgo(2) }));
    expect(mayor.status, JSON.stringify(mayor.body)).toBe(201);
    expect(mayor.body.data).toMatchObject({ source: 'staff', verification: 'verified' });
    ids.mayor = mayor.body.data.documentId;
    const taken = expectError(await post('/mandates', official.token, mandate({ category: 'maire', territoryCode: home.code, territoryName: undefined, startOn: yearsAgo(1) })), 409, /déjà occupée sur cette période : Maire — /);
    expect(taken.details).toEqual({ mandate: ids.mayor });
    // A member of another federation cannot declare themselves into that post (and lock it for
    // its official): a single-holder function is declared in one's own federation's territory.
    expect(badRequest(await post('/mandates', w.otherMember.token, mandate({ category: 'maire', territoryCode: home.code, territoryName: undefined, startOn: yearsAgo(1) }))).territoryCode).toMatch(
      /n’est pas dans le territoire de votre fédération : une fonction à titulaire unique hors de celui-ci est enregistrée par l’administration nationale\.$/
    );
    expect(badRequest(await post('/mandates', w.otherMember.token, mandate({ category: 'depute', territoryCode: `${w.federation.departmentCode}-01`, territoryName: undefined, startOn: yearsAgo(1) }))).territoryCode).toMatch(/n’est pas dans le territoire de votre fédération/);
    // A single-holder post held by another federation's member (national admins record such
    // posts): the federation's staff read that the post is taken, not the id of a mandate they
    // may not open; national admins get it.
    const second = communeIn(w.federation.departmentCode, 1);
    const away = await post('/mandates', w.national.token, mandate({ member: w.otherMember.member.documentId, category: 'maire', territoryCode: second.code, territoryName: undefined, startOn: yearsAgo(2) }));
    expect(away.status, JSON.stringify(away.body)).toBe(201);
    const hidden = expectError(await post('/mandates', w.staff.token, mandate({ member: w.elected.member.documentId, category: 'maire', territoryCode: second.code, territoryName: undefined, startOn: yearsAgo(1) })), 409, /déjà occupée sur cette période : Maire — /);
    expect(hidden.details).toEqual({});
    const national = expectError(await post('/mandates', w.national.token, mandate({ member: w.elected.member.documentId, category: 'maire', territoryCode: second.code, territoryName: undefined, startOn: yearsAgo(1) })), 409, /déjà occupée/);
    expect(national.details).toEqual({ mandate: away.body.data.documentId });
  });

  it('POST /mandates/preview says which rule a new mandate would break, and writes nothing', async () => {
    expect((await post('/mandates', official.token, mandate({ category: 'conseiller-departemental', territoryCode: w.federation.departmentCode, territoryName: 'Département', startOn: yearsAgo(2) }))).status).toBe(201);
    const body = mandate({ category: 'conseiller-regional', territoryCode: '76', territoryName: 'Occitanie', startOn: yearsAgo(1) });
    expectError(await post('/mandates/preview', undefined, body), 401);
    expectError(await post('/mandates/preview', w.member.token, { ...body, member: official.member.documentId }), 403);
    const res = await post('/mandates/preview', official.token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.violations.map((v: any) => v.rule)).toEqual(['L46-1']);
    expect(res.body.data.violations[0].mandates.map((m: any) => m.label)).toContain('Conseiller·ère régional·e — Occitanie (mandat envisagé)');
    expect(res.body.data.overlap).toBeNull();
    expect((await get(`/officials/${official.member.documentId}/situation`, official.token)).body.data.violations).toEqual([]);
    // The overlap recording would refuse (409) is named: one's own term, or a single-holder function held by someone else; the day it ends is free.
    expect((await post('/mandates/preview', official.token, mandate({ startOn: yearsAgo(1) }))).body.data.overlap).toMatch(/^Conseiller·ère municipal·e — Nîmes \(30189\) du /);
    const home = communeIn(w.federation.departmentCode);
    expect((await post('/mandates/preview', official.token, mandate({ category: 'maire', territoryCode: home.code, territoryName: undefined, startOn: yearsAgo(1) }))).body.data.overlap).toMatch(new RegExp(`^Maire — .+ \\(${home.code}\\) du `));
    const cm = (await get(`/officials/${official.member.documentId}/situation`, official.token)).body.data.mandates.find((m: any) => m.documentId === ids.cm);
    const before = (endOn: string) => post('/mandates/preview', official.token, mandate({ startOn: yearsAgo(9), theoreticalEndOn: endOn }));
    expect((await before(cm.startOn)).body.data.overlap).toBeNull();
    expect((await before(parisDate(new Date(Date.parse(cm.startOn) + 86_400_000)))).body.data.overlap).toMatch(/^Conseiller·ère municipal·e — Nîmes \(30189\) du /);
    // Recording it anyway: the violation comes back with the answer, the oldest flagged.
    const rec = await post('/mandates', official.token, body);
    expect(rec.status).toBe(201);
    expect(rec.body.data.violations[0]).toMatchObject({ rule: 'L46-1', toEnd: { id: ids.cm, label: 'Conseiller·ère municipal·e — Nîmes' } });
  });

  it('POST /mandates/:id/end and /verify: end after start and within the theoretical end (400), only earlier (409); staff verify (403 a member; 404 outside the federation)', async () => {
    expectError(await post(`/mandates/${ids.cm}/end`, w.member.token, { endOn: today() }), 403);
    expect(badRequest(await post(`/mandates/${ids.cm}/end`, official.token, { endOn: yearsAgo(5) })).endOn).toMatch(/après le début/);
    expect(badRequest(await post(`/mandates/${ids.cm}/end`, official.token, { endOn: '2099-01-01' })).endOn).toMatch(/ne dépasse pas la fin prévue/);
    expectError(await post(`/mandates/${ids.cm}/verify`, official.token), 403);
    // Outside the official's federation the mandate looks absent (as its reports do).
    expectError(await post(`/mandates/${ids.cm}/verify`, w.otherStaff.token), 404, 'Mandat introuvable.');
    expectError(await post(`/mandates/${ids.cm}/end`, w.otherMember.token, { endOn: today() }), 404, 'Mandat introuvable.');
    expect((await post(`/mandates/${ids.cm}/verify`, w.staff.token)).body.data.verification).toBe('verified');
    expectError(await post('/mandates/inconnu/verify', w.staff.token), 404, 'Mandat introuvable.');
  });
});

describe('situation, federation table, national counts, waivers', () => {
  it('GET /officials/:id/situation: the official and their staff; 403 a member; 404 another federation (its members and staff alike)', async () => {
    expectError(await get(`/officials/${official.member.documentId}/situation`), 401);
    expectError(await get(`/officials/${official.member.documentId}/situation`, w.member.token), 403);
    expectError(await get(`/officials/${official.member.documentId}/situation`, w.otherMember.token), 404, 'Élu·e introuvable.');
    const elsewhere = await get(`/officials/${official.member.documentId}/situation`, w.otherStaff.token);
    const unknown = await get('/officials/zzzzzzzzzzzzzzzzzzzzzzzz/situation', w.otherStaff.token);
    expectError(elsewhere, 404, 'Élu·e introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    const res = await get(`/officials/${official.member.documentId}/situation`, w.staff.token);
    expect(res.body.data.violations.map((v: any) => v.rule)).toEqual(['L46-1']);
    expect(res.body.data.violations[0].text).toMatch(/^Pas plus de deux mandats locaux .* \(Code électoral, article L\. 46-1\) depuis le /);
  });

  it('GET /officials/:id/situation answers for one who left the party (departure recorded, or erased) as for an unknown id, as their page does — to their staff and national admins too, whatever day is asked', async () => {
    const path = `/officials/${official.member.documentId}/situation`;
    await whileOfficialLeft(async (left) => {
      for (const token of [w.staff.token, w.national.token, w.member.token]) {
        const unknown = await get('/officials/zzzzzzzzzzzzzzzzzzzzzzzz/situation', token);
        for (const asked of [path, `${path}?on=${addDays(todayInParis(), -400)}`]) {
          const gone = await get(asked, token);
          expect([gone.status, gone.body], `${left} ${asked}`).toEqual([unknown.status, unknown.body]);
        }
        const page = await get(`/officials/${official.member.documentId}`, token);
        expect([page.status, page.body]).toEqual([404, (await get('/officials/zzzzzzzzzzzzzzzzzzzzzzzz', token)).body]);
      }
    });
    // Back (a return clears the departure): their staff read it again.
    expect((await get(path, w.staff.token)).status).toBe(200);
  });

  it('GET /federations/:id/breaches: staff of that federation (403 others, 403 members)', async () => {
    expectError(await get(`/federations/${w.federation.documentId}/breaches`, w.member.token), 403);
    expectError(await get(`/federations/${w.federation.documentId}/breaches`, w.otherStaff.token), 403);
    const res = await get(`/federations/${w.federation.documentId}/breaches`, w.staff.token);
    expect(res.status).toBe(200);
    expect(res.body.data.officials.map((o: any) => o.documentId)).toEqual([official.member.documentId]);
    expect(badRequest(await get(`/federations/${w.federation.documentId}/breaches?on=hier`, w.staff.token)).on).toMatch(/AAAA-MM-JJ/);
  });

  it('POST /waivers: 403 anyone but a national admin; 400 unknown rule, past expiry; then 201, audited, and the breach shows as waived', async () => {
    const body = { member: official.member.documentId, ruleId: 'L46-1', reason: 'Fusion de communes en cours', expiresOn: yearsAgo(-1) };
    expectError(await post('/waivers', undefined, body), 401);
    expectError(await post('/waivers', w.staff.token, body), 403);
    expectError(await post('/waivers', official.token, body), 403);
    expect(badRequest(await post('/waivers', w.national.token, { ...body, ruleId: 'NOPE' })).ruleId).toMatch(/Règle inconnue/);
    expect(badRequest(await post('/waivers', w.national.token, { ...body, expiresOn: yearsAgo(1) })).expiresOn).toMatch(/après aujourd’hui/);
    const res = await post('/waivers', w.national.token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await auditEntriesFor(res.body.data.documentId))[0]).toMatchObject({ action: 'plugin::mandates.waiver.grant' });
    const situation = await get(`/officials/${official.member.documentId}/situation`, official.token);
    expect(situation.body.data.violations[0]).toMatchObject({ waived: true, waiver: { reason: 'Fusion de communes en cours' } });
    // A national admin with a member profile grants one; at their erasure the waiver stays, without their name.
    const strapi = await bootStrapi();
    const granter = await createMember({ federation: w.other, role: 'national-admin' });
    const granted = await post('/waivers', granter.token, { ...body, ruleId: 'LO141-1', reason: 'Dérogation de test' });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    const row = () => strapi.db.query('plugin::mandates.waiver').findOne({ where: { documentId: granted.body.data.documentId } });
    expect((await row()).grantedBy).toContain(granter.user.email);
    const subject = { memberId: granter.member.id, memberDocumentId: granter.member.documentId, userId: granter.user.id, federationId: w.other.id, email: granter.user.email, membershipNumber: granter.member.membershipNumber, firstName: granter.member.firstName, lastName: granter.member.lastName };
    const erasure = strapi.plugin('mandates').service('erasure');
    expect((await erasure.erase(subject)).counts).toMatchObject({ waiversUnsigned: 1 });
    expect(await row()).toMatchObject({ grantedBy: 'Ancien adhérent (Administration nationale)', grantedByMember: null });
    expect((await erasure.erase(subject)).counts).toMatchObject({ waiversUnsigned: 0 });
  });

  it('GET /counts: national admins only; counts per federation', async () => {
    expectError(await get('/counts', w.staff.token), 403);
    const res = await get('/counts', w.national.token);
    expect(res.status).toBe(200);
    const row = res.body.data.federations.find((f: any) => f.documentId === w.federation.documentId);
    expect(row).toMatchObject({ officials: 2, inBreach: 0, waived: 1 });
  });
});

describe('directory, reports and questions', () => {
  it('GET /officials and /officials/:id: members of the federation read public facts (no waiver reason); another federation finds nothing', async () => {
    expectError(await get('/officials'), 401);
    const list = await get('/officials', w.memberB.token);
    expect(list.status).toBe(200);
    expect(list.body.data.map((o: any) => o.documentId)).toEqual(expect.arrayContaining([official.member.documentId, w.elected.member.documentId]));
    expect((await get('/officials', w.otherMember.token)).body.data.map((o: any) => o.documentId)).not.toContain(official.member.documentId);
    expectError(await get(`/officials?federation=${w.federation.documentId}`, w.otherMember.token), 403, 'Vous ne voyez que les élu·es de votre fédération.');
    expectError(await get('/officials?federation=zzzzzzzzzzzzzzzzzzzzzzzz', w.otherMember.token), 404, 'Fédération introuvable.');
    expectError(await get(`/officials/${official.member.documentId}`, w.otherMember.token), 404, 'Élu·e introuvable.');
    expectError(await get(`/officials/${w.member.member.documentId}`, w.memberB.token), 404, 'Élu·e introuvable.');
    const page = await get(`/officials/${official.member.documentId}`, w.memberB.token);
    expect(page.status).toBe(200);
    expect(page.body.data.violations[0].waiver).toEqual({ expiresOn: expect.any(String) });
    expect(page.body.data.compliance).toMatchObject({ due: expect.any(Number) });
    expect(page.body.data.reports.length).toBeGreaterThan(0);
    // One who left the party has no page, as no place in the directory: an erased official's
    // mandates would name them again. The answer is an unknown id's, whole.
    const strapi = await bootStrapi();
    const unknown = await get('/officials/zzzzzzzzzzzzzzzzzzzzzzzz', w.memberB.token);
    await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: { erasedOn: todayInParis() } });
    try {
      for (const token of [w.memberB.token, w.staff.token]) {
        const gone = await get(`/officials/${official.member.documentId}`, token);
        expect([gone.status, gone.body]).toEqual([unknown.status, unknown.body]);
      }
    } finally {
      await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: { erasedOn: null } });
    }
  });

  it('POST /mandates/:id/reports: 403 someone else’s mandate, 400 not a period, 201 by the official, 409 twice', async () => {
    const situation = (await get('/me', official.token)).body.data;
    const cm = situation.reports.find((r: any) => r.mandate === ids.cm);
    const period = cm.periods[0];
    const body = { periodStart: period.periodStart, summary: 'Une année de conseil municipal', body: 'Nous avons voté le budget.' };
    expectError(await post(`/mandates/${ids.cm}/reports`, undefined, body), 401);
    expectError(await post(`/mandates/${ids.cm}/reports`, w.memberB.token, body), 403, 'Seul·e l’élu·e rédige le compte rendu de son mandat.');
    expectError(await post(`/mandates/${ids.cm}/reports`, w.staff.token, body), 403);
    expect(badRequest(await post(`/mandates/${ids.cm}/reports`, official.token, { ...body, periodStart: '2001-01-01' })).periodStart).toMatch(/période/);
    expect(badRequest(await post(`/mandates/${ids.cm}/reports`, official.token, { ...body, summary: '' })).summary).toBe('Le résumé public est obligatoire.');
    // Sent twice at once (a double click): one report, the other a 409 in French (never a 500).
    const sent = await Promise.all([post(`/mandates/${ids.cm}/reports`, official.token, body), post(`/mandates/${ids.cm}/reports`, official.token, body)]);
    expect(sent.map((r) => r.status).sort(), JSON.stringify(sent.map((r) => r.body))).toEqual([201, 409]);
    expect(sent.find((r) => r.status === 409)!.body.error.message).toBe('Le compte rendu de cette période est déjà publié.');
    const res = sent.find((r) => r.status === 201)!;
    expect(res.body.data).toMatchObject({ onTime: false, summary: 'Une année de conseil municipal' });
    ids.report = res.body.data.documentId;
    expectError(await post(`/mandates/${ids.cm}/reports`, official.token, body), 409);
    const compliance = (await get('/me', official.token)).body.data.compliance;
    expect(compliance.late + compliance.onTime).toBeGreaterThanOrEqual(0);
  });

  it('questions: members ask (pending), staff moderate, the official answers publicly; others refused', async () => {
    expectError(await post(`/reports/${ids.report}/questions`, w.otherMember.token, { text: 'Et le budget ?' }), 404);
    expectError(await post(`/reports/${ids.report}/questions`, official.token, { text: 'Une question à moi-même ?' }), 403, 'Vous ne posez pas de question sur votre propre compte rendu.');
    const asked = await post(`/reports/${ids.report}/questions`, w.memberB.token, { text: 'Et le budget des écoles ?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const q = asked.body.data.documentId;
    expect((await get(`/reports/${ids.report}`, w.member.token)).body.data.questions).toEqual([]);
    expectError(await post(`/questions/${q}/answer`, official.token, { answer: 'Oui' }), 409, 'Cette question n’est pas publiée.');
    expectError(await post(`/questions/${q}/moderate`, w.member.token, { status: 'published' }), 403);
    // Another federation's staff: the question looks absent, exactly as an unknown one.
    const hidden = await post(`/questions/${q}/moderate`, w.otherStaff.token, { status: 'published' });
    const unknown = await post('/questions/zzzzzzzzzzzzzzzzzzzzzzzz/moderate', w.otherStaff.token, { status: 'published' });
    expectError(hidden, 404, 'Question introuvable.');
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect((await get(`/federations/${w.federation.documentId}/questions`, w.staff.token)).body.data.map((x: any) => x.documentId)).toEqual([q]);
    expect((await post(`/questions/${q}/moderate`, w.staff.token, { status: 'published' })).status).toBe(200);
    expectError(await post(`/questions/${q}/answer`, w.memberB.token, { answer: 'Moi ?' }), 403);
    expect((await post(`/questions/${q}/answer`, official.token, { answer: 'Il augmente de 5 %.' })).status).toBe(200);
    const report = await get(`/reports/${ids.report}`, w.member.token);
    expect(report.body.data.questions).toEqual([expect.objectContaining({ text: 'Et le budget des écoles ?', answer: 'Il augmente de 5 %.' })]);
    expectError(await post(`/questions/${q}/answer`, official.token, { answer: 'Encore ?' }), 409, 'déjà répondu');
    // The member who asked is told, once (in the inbox; by email through the outbox).
    const inbox = await (await api()).get('/api/notifications/inbox').set(bearer(w.memberB.token));
    const told = inbox.body.data.filter((n: any) => n.kind === 'mandates.question-answered');
    expect(told).toHaveLength(1);
    expect(told[0].title).toMatch(/a répondu à votre question$/);
    expect(told[0].link).toContain(`/elus/comptes-rendus/${ids.report}`);
    const audit = await auditEntriesFor(q);
    expect(audit.map((e: any) => e.action)).toContain('plugin::mandates.question.answer');
  });

  it('the reports of one who left the party (departure recorded, or erased) answer as an unknown id, as their page — to members, staff and national admins, reading, asking, moderating, answering, downloading, writing; their pending questions leave the staff list', async () => {
    const attached = await (await api()).post(`${M}/reports/${ids.report}/attachments`).set(bearer(official.token)).attach('file', Buffer.from('Ordre du jour\n'), { filename: 'odj.txt', contentType: 'text/plain' });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    const key = attached.body.data.attachments[0].key;
    const asked = await post(`/reports/${ids.report}/questions`, w.member.token, { text: 'Et la cantine ?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const pending = asked.body.data.documentId;
    const answered = (await get(`/reports/${ids.report}`, w.staff.token)).body.data.questions.find((x: any) => x.answer).documentId;
    const UNKNOWN = 'zzzzzzzzzzzzzzzzzzzzzzzz';
    const same = async (label: string, gone: Promise<any>, unknown: Promise<any>) => {
      const [a, b] = await Promise.all([gone, unknown]);
      expect(b.status, label).toBe(404);
      expect([a.status, a.headers['content-type'], a.text], label).toEqual([b.status, b.headers['content-type'], b.text]);
    };
    await whileOfficialLeft(async (l) => {
      for (const token of [w.memberB.token, w.staff.token, w.national.token]) {
        await same(`${l} read`, get(`/reports/${ids.report}`, token), get(`/reports/${UNKNOWN}`, token));
        await same(`${l} file`, get(`/reports/${ids.report}/files/${key}`, token), get(`/reports/${UNKNOWN}/files/${key}`, token));
      }
      await same(`${l} ask`, post(`/reports/${ids.report}/questions`, w.memberB.token, { text: 'Vous êtes là ?' }), post(`/reports/${UNKNOWN}/questions`, w.memberB.token, { text: 'Vous êtes là ?' }));
      for (const token of [w.staff.token, w.national.token]) {
        await same(`${l} moderate`, post(`/questions/${pending}/moderate`, token, { status: 'published' }), post(`/questions/${UNKNOWN}/moderate`, token, { status: 'published' }));
        expect((await get(`/federations/${w.federation.documentId}/questions`, token)).body.data, l).toEqual([]);
      }
      // The official's own doors (had they still an account): the same absence.
      await same(`${l} answer`, post(`/questions/${answered}/answer`, official.token, { answer: 'Encore moi.' }), post(`/questions/${UNKNOWN}/answer`, official.token, { answer: 'Encore moi.' }));
      await same(`${l} correct`, put(`/reports/${ids.report}`, official.token, { summary: 'Autre', body: 'Autre texte.' }), put(`/reports/${UNKNOWN}`, official.token, { summary: 'Autre', body: 'Autre texte.' }));
      await same(`${l} detach`, del(`/reports/${ids.report}/attachments/${key}`, official.token), del(`/reports/${UNKNOWN}/attachments/${key}`, official.token));
      await same(`${l} submit`, post(`/mandates/${ids.cm}/reports`, official.token, { periodStart: todayInParis(), summary: 'S', body: 'B' }), post(`/mandates/${UNKNOWN}/reports`, official.token, { periodStart: todayInParis(), summary: 'S', body: 'B' }));
    });
    // Back (a return clears the departure): all there again, nothing was written meanwhile.
    const view = await get(`/reports/${ids.report}`, w.staff.token);
    expect(view.status).toBe(200);
    expect(view.body.data.questions.map((x: any) => x.documentId)).toEqual([expect.any(String), pending]);
    expect(view.body.data.attachments.map((a: any) => a.key)).toEqual([key]);
    expect((await get(`/federations/${w.federation.documentId}/questions`, w.staff.token)).body.data.map((x: any) => x.documentId)).toEqual([pending]);
    expect((await post(`/questions/${pending}/moderate`, w.staff.token, { status: 'rejected' })).status).toBe(200);
  });

  it('GET /federations/:id/compliance: staff; GET /me for a member without mandates', async () => {
    expectError(await get(`/federations/${w.federation.documentId}/compliance`, w.member.token), 403);
    const table = await get(`/federations/${w.federation.documentId}/compliance`, w.staff.token);
    expect(table.body.data.length).toBe(2);
    const me = await get('/me', w.member.token);
    expect(me.status).toBe(200);
    expect(me.body.data.mandates).toEqual([]);
    expectError(await get('/me', w.national.token), 403);
  });
});

describe('contact details and « Mes données »', () => {
  it('PUT /me/contact: the official’s own, opt-in; shown to members only when visible; 400 in French', async () => {
    expectError(await send('get', '/me'), 401);
    const put = async (token: string | undefined, body: object) => {
      let req = (await api()).put(`${M}/me/contact`);
      if (token) req = req.set(bearer(token));
      return req.send(body);
    };
    expectError(await put(undefined, { visible: true }), 401);
    expect(badRequest(await put(official.token, { visible: true, publicEmail: 'pas-une-adresse' })).publicEmail).toBe('Adresse e-mail publique : une adresse valide.');
    // Saved for the first time twice at once (a double click): both 200, one row.
    const twice = await Promise.all([1, 2].map(() => put(official.token, { visible: false, publicEmail: 'elue@mairie.test', office: 'Samedi matin, mairie annexe' })));
    expect(twice.map((r) => r.status), JSON.stringify(twice.map((r) => r.body))).toEqual([200, 200]);
    expect(await (await bootStrapi()).db.query('plugin::mandates.contact').count({ where: { memberKey: String(official.member.id) } })).toBe(1);
    expect((await get('/me', official.token)).body.data.contact).toMatchObject({ visible: false, publicEmail: 'elue@mairie.test' });
    expect((await get(`/officials/${official.member.documentId}`, w.memberB.token)).body.data.contact).toBeNull();
    expect((await put(official.token, { visible: true, publicEmail: 'elue@mairie.test', office: 'Samedi matin, mairie annexe' })).status).toBe(200);
    expect((await get(`/officials/${official.member.documentId}`, w.memberB.token)).body.data.contact).toEqual({ publicEmail: 'elue@mairie.test', publicPhone: null, office: 'Samedi matin, mairie annexe' });
    const row = (await get('/officials', w.memberB.token)).body.data.find((o: any) => o.documentId === official.member.documentId);
    expect(row.contact.publicEmail).toBe('elue@mairie.test');
  });

  it('« Mes données »: mandates, reports, waivers, questions asked, contact details', async () => {
    const strapi = await bootStrapi();
    const part = await strapi.plugin('mandates').service('personal-data').personalData({ memberId: official.member.id, userId: official.user.id });
    expect(part.title).toBe('Élus et mandats');
    const section = (title: string) => part.sections.find((s: any) => s.title === title);
    expect(section('Mandats').rows.length).toBe(4);
    expect(section('Comptes rendus de mandat').rows.length).toBe(1);
    // The rule kept as stored for the JSON, with its label for the readable files.
    expect(section('Dérogations').rows[0]).toMatchObject({ Règle: { value: 'L46-1', label: 'Pas plus de deux mandats locaux parmi conseiller municipal, départemental et régional' } });
    expect(section('Comptes rendus de mandat').rows[0]).toMatchObject({ 'Début de la période': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), 'Fin de la période': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(section('Coordonnées publiques').rows[0]).toMatchObject({ Visibles: true });
    const asker = await strapi.plugin('mandates').service('personal-data').personalData({ memberId: w.memberB.member.id, userId: w.memberB.user.id });
    expect(asker.sections.find((s: any) => s.title === 'Questions posées').rows[0]).toMatchObject({ Question: 'Et le budget des écoles ?', Statut: { value: expect.any(String), label: expect.stringMatching(/^(en attente de modération|publiée|refusée)$/) } });
  });
});

describe('the employer of a collaborator', () => {
  it('POST /mandates { employer }: only on a collaborator’s post (400), not oneself (400), a member of the federation (404 otherwise, as unknown), then 201 recorded and audited', async () => {
    const collaborator = await createMember({ federation: w.federation, section: w.sectionA });
    const post_ = (over: Record<string, unknown> = {}) => ({ member: collaborator.member.documentId, category: 'collaborateur-parlementaire', territoryCode: w.federation.departmentCode, startOn: yearsAgo(1), employer: official.member.documentId, ...over });
    expectError(await post('/mandates', undefined, post_()), 401);
    expectError(await post('/mandates', w.otherStaff.token, post_()), 404, 'Élu·e introuvable.');
    await withModuleOff(async () => expectError(await post('/mandates', w.staff.token, post_()), 403));
    expect(badRequest(await post('/mandates', w.staff.token, post_({ employer: 'pas un identifiant !' }))).employer).toBe('L’employeur : identifiant invalide.');
    expect(badRequest(await post('/mandates', w.staff.token, post_({ category: 'conseiller-municipal', territoryCode: '30189' }))).employer).toBe('Seul un poste de collaborateur·rice d’élu·e a un employeur.');
    expect(badRequest(await post('/mandates/preview', w.staff.token, post_({ employer: collaborator.member.documentId }))).employer).toBe('Un·e collaborateur·rice n’est pas son propre employeur.');
    expectError(await post('/mandates', w.staff.token, post_({ employer: w.otherMember.member.documentId })), 404, 'Employeur introuvable parmi les adhérent·es de la fédération.');
    expectError(await post('/mandates', w.staff.token, post_({ employer: 'inconnu' })), 404, 'Employeur introuvable parmi les adhérent·es de la fédération.');
    const res = await post('/mandates', w.staff.token, post_());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ employer: official.member.documentId, territoryName: expect.any(String), violations: [] });
    const details = (await auditEntriesFor(res.body.data.documentId))[0].details;
    expect((typeof details === 'string' ? JSON.parse(details) : details).employer).toBe(official.member.documentId);
    // Optional: an employer who is not a member is not recorded.
    const without = await post('/mandates', w.staff.token, post_({ employer: null, category: 'collaborateur-elu-local', startOn: yearsAgo(2) }));
    expect(without.status, JSON.stringify(without.body)).toBe(201);
    expect(without.body.data.employer).toBeNull();
  });
});

describe('two requests at once (several instances on PostgreSQL): a report, a question, a mandate change one step at a time', () => {
  const REPORT_UID = 'plugin::mandates.report';
  let elected: TestMember;
  let mandateId: string;
  let reportId: string;
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const attach = async (token: string, name: string) => (await api()).post(`${M}/reports/${reportId}/attachments`).set(bearer(token)).attach('file', PDF, { filename: name, contentType: 'application/pdf' });
  const report = async () => (await bootStrapi()).db.query(REPORT_UID).findOne({ where: { documentId: reportId } });
  const statuses = (results: any[]) => JSON.stringify(results.map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })));

  it('a report corrected twice at once keeps both versions (the first is the second’s earlier one)', async () => {
    elected = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
    const recorded = await post('/mandates', elected.token, mandate());
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    mandateId = recorded.body.data.documentId;
    const periods = (await get('/me', elected.token)).body.data.reports.find((r: any) => r.mandate === mandateId).periods;
    const submitted = await post(`/mandates/${mandateId}/reports`, elected.token, { periodStart: periods[0].periodStart, summary: 'Version 1', body: 'Le texte publié.' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    reportId = submitted.body.data.documentId;

    const corrections = await Promise.all(['Version A', 'Version B'].map((summary) => send('put', `/reports/${reportId}`, elected.token, { summary, body: `${summary} : le texte corrigé.` })));
    expect(corrections.map((res) => res.status), statuses(corrections)).toEqual([200, 200]);
    const corrected = await report();
    // The first correction is the second's earlier version: nothing published is lost.
    expect(corrected.versions.map((v: any) => v.summary), statuses(corrections)).toEqual(['Version 1', corrected.summary === 'Version A' ? 'Version B' : 'Version A']);
    const numbers = (await auditEntriesFor(reportId)).filter((e: any) => e.action === 'plugin::mandates.report.correct').map((e: any) => JSON.parse(e.details).version);
    expect(numbers.sort()).toEqual([2, 3]);
  });

  it('two files attached at once, then removed at once: both attached, both removed', async () => {
    const attached = await Promise.all(['bilan-a.pdf', 'bilan-b.pdf'].map((name) => attach(elected.token, name)));
    expect(attached.map((res) => res.status), statuses(attached)).toEqual([201, 201]);
    const files = (await report()).attachments as { key: string; name: string }[];
    expect(files.map((f) => f.name).sort()).toEqual(['bilan-a.pdf', 'bilan-b.pdf']);
    const removed = await Promise.all(files.map((f) => send('delete', `/reports/${reportId}/attachments/${f.key}`, elected.token)));
    expect(removed.map((res) => res.status), statuses(removed)).toEqual([200, 200]);
    expect((await report()).attachments).toEqual([]);
  });

  it('a question moderated twice at once (published, rejected): one moderation, the other 409, one audit entry', async () => {
    const asked = await post(`/reports/${reportId}/questions`, w.member.token, { text: 'Et les subventions ?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const q = asked.body.data.documentId;
    const moderations = await Promise.all((['published', 'rejected'] as const).map((status) => post(`/questions/${q}/moderate`, w.staff.token, { status })));
    expect(moderations.map((res) => res.status).sort(), statuses(moderations)).toEqual([200, 409]);
    expect(moderations.find((res) => res.status === 409)!.body.error.message).toBe('Cette question a déjà été modérée.');
    const kept = moderations.find((res) => res.status === 200)!.body.data.status;
    const row = await (await bootStrapi()).db.query('plugin::mandates.question').findOne({ where: { documentId: q } });
    expect(row.questionStatus).toBe(kept);
    expect((await auditEntriesFor(q)).filter((e: any) => e.action === 'plugin::mandates.question.moderate')).toHaveLength(1);
  });

  it('a mandate ended twice at once: the second is judged on the first’s end (earlier: recorded; later: 409), the earlier end stands', async () => {
    const [later, earlier] = [yearsAgo(1), yearsAgo(2)];
    const ends = await Promise.all([later, earlier].map((endOn) => post(`/mandates/${mandateId}/end`, elected.token, { endOn })));
    const seen = statuses(ends);
    const row = await (await bootStrapi()).db.query('plugin::mandates.mandate').findOne({ where: { documentId: mandateId } });
    expect(row.endOn, seen).toBe(earlier);
    const entries = (await auditEntriesFor(mandateId)).filter((e: any) => e.action === 'plugin::mandates.mandate.end').map((e: any) => JSON.parse(e.details));
    expect(entries.length, seen).toBe(ends.filter((res) => res.status === 200).length);
    // Each end recorded names the one it replaced: at most one replaced none.
    expect(entries.filter((d: any) => d.previousEndOn === null), JSON.stringify(entries)).toHaveLength(1);
    if (ends[1].status === 200 && ends[0].status === 409) expect(ends[0].body.error.message).toMatch(/^Ce mandat prend déjà fin le /);
    else expect(ends.map((res) => res.status), seen).toEqual([200, 200]);
  });

  it('a mandate verified twice at once, then again: verified, one audit entry (a verification that changes nothing records nothing)', async () => {
    const declared = await post('/mandates', elected.token, mandate({ territoryCode: communeIn('30', 1).code, territoryName: communeIn('30', 1).nom }));
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const id = declared.body.data.documentId;
    expect(declared.body.data.verification).toBe('declared');
    const verifications = await Promise.all([1, 2].map(() => post(`/mandates/${id}/verify`, w.staff.token)));
    expect(verifications.map((res) => [res.status, res.body.data?.verification]), statuses(verifications)).toEqual([[200, 'verified'], [200, 'verified']]);
    const again = await post(`/mandates/${id}/verify`, w.national.token);
    expect([again.status, again.body.data?.verification], statuses([again])).toEqual([200, 'verified']);
    const entries = (await auditEntriesFor(id)).filter((e: any) => e.action === 'plugin::mandates.mandate.verify');
    expect(entries, statuses(verifications)).toHaveLength(1);
  });

  it('a rule set published twice at once: one version, the other a 409 naming it (not the route chain’s « envoyée deux fois ? »); another one afterwards, the next version', async () => {
    const current = (await get('/rule-sets/current', w.member.token)).body.data;
    const latest = await highestVersion();
    const body = { effectiveFrom: await ruleSetDayFrom('2100-01-01'), rules: current.rules, note: 'Publiée deux fois à la fois' };
    const sent = await Promise.all([1, 2].map(() => post('/rule-sets', w.national.token, body)));
    const seen = JSON.stringify(sent.map((res) => ({ status: res.status, version: res.body.data?.version ?? null, error: res.body?.error?.message ?? null })));
    // Publications take the rule sets' lock: the second reads the first's version and finds it says the same (both databases).
    expect(sent.map((res) => res.status).sort(), seen).toEqual([201, 409]);
    expect(sent.find((res) => res.status === 201)!.body.data.version, seen).toBe(latest + 1);
    expect(sent.find((res) => res.status === 409)!.body.error.message, seen).toBe(
      `Ces règles sont déjà celles de la version ${latest + 1}, en vigueur à la même date : rien de nouveau à publier.`
    );
    const strapi = await bootStrapi();
    const numbers = ((await strapi.db.query('plugin::mandates.rule-set').findMany({ where: { version: { $gt: latest } }, select: ['version'] })) as { version: number }[]).map((r) => r.version);
    expect(numbers, seen).toEqual([latest + 1]);
    // Two different ones at once (on the same day: whichever comes second replaces the first):
    // two versions, one after the other, never one number twice.
    const effectiveFrom = addDays(body.effectiveFrom, 31);
    const both = await Promise.all([2, 3].map((max) => post('/rule-sets', w.national.token, { ...body, effectiveFrom, rules: body.rules.map((r: any) => (r.id === 'PARTI-MANDATS-SUCCESSIFS' ? { ...r, max } : r)) })));
    expect(both.map((res) => [res.status, res.body.data?.version]).sort(), statuses(both)).toEqual([[201, latest + 2], [201, latest + 3]]);
  });
});
