import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createAccount, createMember, createWorld, tokenFor, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';
import { indexSettled } from '../../search/tests/support/index-state';
import { frenchDate } from '@intranet-militant/shared';
import { parisDay } from '../../../tests/support/dates';
import { ok, routes } from '../../../tests/support/http';

/**
 * Issue 17 through the API: the scale, referrals and confidential reports, every step of
 * the procedure with its deadlines, decisions within the scale, appeals, effects on
 * membership and bodies, publication and search, the uniformity table — each route from
 * 401 to success, and the reporter's identity never in what the respondent can get.
 * Time is moved by setting a case's dates back (the procedure reads dates, not clocks).
 */
let strapi: Core.Strapi;
let w: World;
let national: { user: any; token: string };
let otherCommission: TestMember;
const S = '/api/sanctions';
const CASE_UID = 'plugin::sanctions.case';
const day = parisDay;

const { get, post } = routes(S);
const setDates = (documentId: string, data: Record<string, unknown>) => strapi.db.query(CASE_UID).update({ where: { documentId }, data });
const memberRow = (id: number) => strapi.db.query('plugin::membership.member').findOne({ where: { id }, populate: { user: { select: ['id', 'blocked', 'email'] } } });

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'sanctions', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'sanctions', true);
  }
}

/** A case referred by staff and brought to the hearing (dates moved back as needed). */
async function heardCase(respondent: TestMember, category: string) {
  const c = ok(await post('/cases', w.staff.token, { respondent: respondent.member.documentId, category, facts: 'Faits exposés par l’équipe fédérale.' }), 201);
  ok(await post(`/cases/${c.documentId}/investigation`, w.commission.token));
  ok(await post(`/cases/${c.documentId}/notification`, w.commission.token, { hearingOn: day(15) }));
  await setDates(c.documentId, { hearingOn: day(0), notifiedOn: day(-15) });
  ok(await post(`/cases/${c.documentId}/hearing`, w.commission.token, { attended: false }));
  return c.documentId as string;
}

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  national = await createAccount('conflicts-commission');
  otherCommission = await createMember({ federation: w.other, section: w.otherSection, role: 'conflicts-commission' });
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('the scale', () => {
  it('GET /scale: 401, then version 1 for every role, ranges in words; unknown version 404', async () => {
    expectError(await get('/scale'), 401);
    expectError(await get('/scale', w.outsider.token), 403);
    const scale = ok(await get('/scale', w.member.token));
    expect(scale.version).toBe(1);
    expect(scale.namedLevels).toEqual(['exclusion']);
    expect(scale.categories.find((c: any) => c.key === 'harcelement')).toMatchObject({ gravity: 'grave', range: 'exclusion seulement', precautionarySuspension: true });
    expect(scale.levels.map((l: any) => l.label)).toEqual(['rappel à l’ordre', 'avertissement', 'blâme', 'suspension', 'exclusion']);
    expect(ok(await get('/scale/versions/1', w.staff.token)).version).toBe(1);
    expectError(await get('/scale/versions/99', w.staff.token), 404, 'Version du barème introuvable.');
  });

  it('POST /scale/versions: national admins only; an incoherent scale is a French 400; a new version does not rewrite the old', async () => {
    const v = { adoptedOn: '2099-01-01', namedLevels: ['exclusion', 'suspension'], categories: [{ key: 'harcelement', label: 'Harcèlement', gravity: 'grave', minLevel: 'exclusion', maxLevel: 'exclusion', article: 'Statuts, art. 30' }] };
    expectError(await post('/scale/versions', undefined, v), 401);
    expectError(await post('/scale/versions', w.commission.token, v), 403);
    expect(badRequest(await post('/scale/versions', w.national.token, { ...v, categories: [{ ...v.categories[0], maxLevel: 'blame', minLevel: 'rappel' }] })).categories).toBe('« Harcèlement » : un acte grave conduit à l’exclusion.');
    const created = ok(await post('/scale/versions', w.national.token, v), 201);
    expect(created.version).toBe(2);
    expect(ok(await get('/scale', w.member.token)).version).toBe(1); // in force from 2099
    expectError(await post('/scale/versions', w.national.token, { ...v, adoptedOn: '2098-06-01' }), 409, 'La version 2 est en vigueur depuis le 1er janvier 2099 : une nouvelle version commence ce jour-là ou après.');
    // Erasure of the admin who recorded it (no profile: matched by the address in their label):
    // the version names « Ancien adhérent (Rôle) »; the seeded version 1 is left as it was.
    const rows = () => strapi.db.query('plugin::sanctions.scale-version').findMany({ orderBy: { version: 'asc' } });
    expect((await rows())[1].adoptedBy).toContain(`<${w.national.user.email}>`);
    const erasure = strapi.plugin('sanctions').service('erasure');
    const subject = { memberId: -1, memberDocumentId: 'none', userId: w.national.user.id, federationId: null, email: w.national.user.email, membershipNumber: null, firstName: 'x', lastName: 'y' };
    expect((await erasure.erase(subject)).counts.scaleVersionsUnsigned).toBe(1);
    const [v1, v2] = await rows();
    expect(v2.adoptedBy).toMatch(/^Ancien adhérent \([^()<@]+\)$/);
    expect(v1.adoptedBy).toBe('Conseil national');
    expect((await erasure.erase(subject)).counts.scaleVersionsUnsigned).toBe(0);
  });
});

describe('referrals and visibility', () => {
  let caseId: string;
  it('POST /cases: 401, 403 role, module off, French 400s, outside the referrer’s place as unknown, then 201 audited', async () => {
    const input = { respondent: w.memberB.member.documentId, category: 'denigrement-public', facts: 'Messages publics dénigrant la fédération.' };
    expectError(await post('/cases', undefined, input), 401);
    expectError(await post('/cases', w.outsider.token, input), 403);
    expectError(await post('/cases', w.member.token, input), 403, 'Votre rôle ne vous donne pas accès à cette fonction.');
    await withModuleOff(async () => expectError(await post('/cases', w.staff.token, input), 403, 'Le module « Commission des conflits » n’est pas activé pour votre fédération.'));
    expect(badRequest(await post('/cases', w.staff.token, { ...input, facts: '', category: 'Inconnue' }))).toMatchObject({ facts: 'L’exposé des faits est obligatoire.', category: 'Catégorie inconnue.' });
    expect(badRequest(await post('/cases', w.staff.token, { ...input, category: 'vol' })).category).toMatch(/^Catégorie inconnue du barème \(version 1\) : discrimination, harcelement/);
    expect(badRequest(await post('/cases', w.staff.token, { ...input, respondent: 'inconnu' })).respondent).toBe('Adhérent introuvable.');
    // A member the referrer may not read (another federation's; another section's for a secretary)
    // looks absent: exactly an unknown member's answer.
    for (const referrer of [w.otherStaff, w.secretary]) {
      const hidden = await post('/cases', referrer.token, input);
      const unknown = await post('/cases', referrer.token, { ...input, respondent: 'inconnu' });
      expect(badRequest(hidden).respondent).toBe('Adhérent introuvable.');
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    }
    expectError(await post('/cases', w.staff.token, { ...input, precautionaryUntil: day(30) }), 403, 'Seule la commission des conflits prononce une suspension conservatoire.');
    const created = ok(await post('/cases', w.staff.token, input), 201);
    expect(created).toMatchObject({ state: 'received', stateLabel: 'Saisine reçue', view: 'referrer', category: { key: 'denigrement-public', article: 'Statuts, art. 25' } });
    expect(created.reference).toMatch(new RegExp(`^CC-${w.federation.departmentCode}-\\d{4}-\\d{5}$`));
    caseId = created.documentId;
    expect((await auditEntriesFor(caseId))[0]).toMatchObject({ action: 'plugin::sanctions.case.refer' });
  });

  it('GET /cases/:id: the commission sees all, the referrer their part, the respondent nothing before notification, others 404, another federation’s commission 403', async () => {
    expectError(await get(`/cases/${caseId}`), 401);
    const full = ok(await get(`/cases/${caseId}`, w.commission.token));
    // Who referred, as the commission reads it: the role's French name, never its code.
    expect(full.history[0]).toMatchObject({ step: 'Saisine reçue', by: 'équipe fédérale' });
    expect(full).toMatchObject({ view: 'commission', origin: 'referral', referrer: { role: 'federation-staff' }, range: { label: 'du rappel à l’ordre à la suspension' }, repeat: { suggestedLevel: 'rappel', earlier: [] } });
    expect(ok(await get(`/cases/${caseId}`, national.token)).view).toBe('national');
    const referrer = ok(await get(`/cases/${caseId}`, w.staff.token));
    expect(referrer.view).toBe('referrer');
    expect(referrer).not.toHaveProperty('facts');
    expectError(await get(`/cases/${caseId}`, w.memberB.token), 404, 'Affaire introuvable.'); // the respondent, before notification
    expectError(await get(`/cases/${caseId}`, w.member.token), 404, 'Affaire introuvable.');
    expectError(await get(`/cases/${caseId}`, w.secretary.token), 404);
    expectError(await get(`/cases/${caseId}`, w.otherStaff.token), 404);
    expectError(await get(`/cases/${caseId}`, otherCommission.token), 403, 'Cette affaire relève de la commission d’une autre fédération.');
    expectError(await get('/cases/inconnu', w.commission.token), 404);
    expect(ok(await get('/cases', w.member.token))).toEqual([]);
    expect(ok(await get('/cases', w.staff.token)).map((c: any) => c.documentId)).toContain(caseId);
    expect(ok(await get('/cases', otherCommission.token)).map((c: any) => c.documentId)).not.toContain(caseId);
    expect(badRequest(await get('/cases?state=perdu', w.commission.token)).state).toMatch(/^Étape : « received » \(Saisine reçue\), « investigation » \(Instruction\)/);
  });

  it('commission steps: 403 for staff and for another federation’s commission; 409 for a decision before notification and hearing', async () => {
    const decision = { level: 'rappel', reasoning: 'Motifs.', summary: 'Rappel à l’ordre.' };
    expectError(await post(`/cases/${caseId}/investigation`, w.staff.token), 403);
    expectError(await post(`/cases/${caseId}/investigation`, otherCommission.token), 403);
    expectError(await post(`/cases/${caseId}/decision`, w.commission.token, decision), 409, 'Aucune décision sans notification des faits et audition');
    ok(await post(`/cases/${caseId}/investigation`, w.commission.token));
    expectError(await post(`/cases/${caseId}/investigation`, w.commission.token), 409);
    expectError(await post(`/cases/${caseId}/decision`, w.commission.token, decision), 409, 'Aucune décision sans notification');
    expectError(await post(`/cases/${caseId}/hearing`, w.commission.token, { attended: true }), 409);
  });

  it('overdue cases are listed to the commission', async () => {
    const late = ok(await post('/cases', w.staff.token, { respondent: w.elected.member.documentId, category: 'violation-statuts', facts: 'Faits anciens.' }), 201);
    await setDates(late.documentId, { receivedOn: day(-16) });
    const overdue = ok(await get('/cases?overdue=true', w.commission.token));
    expect(overdue.map((c: any) => c.documentId)).toContain(late.documentId);
    expect(overdue.find((c: any) => c.documentId === late.documentId)).toMatchObject({ overdue: true, dueBy: day(-1) });
    expect(overdue.map((c: any) => c.documentId)).not.toContain(caseId);
    expect(ok(await get('/cases?overdue=true', w.staff.token))).toEqual([]);
  });
});

describe('the procedure, a non-grave act, with an appeal', () => {
  let respondent: TestMember;
  let caseId: string;
  beforeAll(async () => {
    respondent = await createMember({ federation: w.federation, section: w.sectionA, password: 'Mot-de-passe-1' });
    caseId = ok(await post('/cases', w.secretary.token, { respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Tribune publique contre la trésorière.' }), 201).documentId;
    ok(await post(`/cases/${caseId}/investigation`, w.commission.token));
  });

  it('notification: the hearing at least 15 days later (400 naming the date), then the respondent is told by email and sees the file', async () => {
    expect(badRequest(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(14) })).hearingOn).toBe(`L’audition doit avoir lieu au moins 15 jours après la notification : le ${frenchDate(day(15))} au plus tôt.`);
    expect(badRequest(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: '2026-02-30' })).hearingOn).toMatch(/n’existe pas/);
    ok(await post(`/cases/${caseId}/documents`, w.commission.token, { title: 'Tribune', content: 'Texte de la tribune publiée.' }), 201);
    const notified = ok(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(16) }));
    expect(notified).toMatchObject({ state: 'notified', dates: { hearingOn: day(16), notifiedOn: day(0) } });
    expect(notified.history.at(-1).step).toBe(`Notification, audition le ${frenchDate(day(16))}`);
    await strapi.plugin('notifications').service('outbox').drain();
    const mails = mailTo(respondent.user.email).filter((m) => /Procédure disciplinaire/.test(m.subject));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/commission/affaires/${caseId}`);
    const mine = ok(await get(`/cases/${caseId}`, respondent.token));
    expect(mine).toMatchObject({ view: 'respondent', facts: 'Tribune publique contre la trésorière.', documents: [{ title: 'Tribune' }], may: { defend: true, appeal: false } });
    expect(mine.rights[0]).toMatch(/au moins 15 jours/);
    expect(ok(await get('/cases', respondent.token)).map((c: any) => c.documentId)).toEqual([caseId]);
  });

  it('an open procedure keeps the respondent’s data: neither they nor staff can erase it (409), nothing is recorded', async () => {
    const erase = async (path: string, token: string, body: object) => (await api()).post(`/api/membership${path}`).set(bearer(token)).send(body);
    expectError(await erase('/me/erasure', respondent.token, { confirmation: 'EFFACER', password: 'Mot-de-passe-1' }), 409, 'procédure de la commission des conflits est en cours');
    const row = await memberRow(respondent.member.id);
    expect(row.leftOn ?? null).toBeNull(); // the departure was not recorded either
    expect(row.user.blocked).toBe(false);
    // Another respondent who leaves during their procedure: staff record the departure, the erasure waits.
    const leaving = await createMember({ federation: w.federation, section: w.sectionA });
    const other = ok(await post('/cases', w.secretary.token, { respondent: leaving.member.documentId, category: 'denigrement-public', facts: 'Propos publics contre la section.' }), 201).documentId;
    ok(await post(`/cases/${other}/investigation`, w.commission.token));
    ok(await erase(`/members/${leaving.member.documentId}/departure`, w.staff.token, { on: day(0), reason: 'Démission' }));
    // w.staff is no party to that case (the secretary referred it): they read that the data is kept, not why.
    expectError(await erase(`/members/${leaving.member.documentId}/erasure`, w.staff.token, {}), 409, 'Conservation requise (motif confidentiel)');
    expect((await memberRow(leaving.member.id)).erasedOn ?? null).toBeNull();
  });

  it('defence: the respondent only (French 400, 403 for others), before the decision', async () => {
    expectError(await post(`/cases/${caseId}/defence`, undefined, { text: 'x' }), 401);
    expect(badRequest(await post(`/cases/${caseId}/defence`, respondent.token, { text: ' ' })).text).toBe('La défense est obligatoire.');
    expectError(await post(`/cases/${caseId}/defence`, w.secretary.token, { text: 'Défense.' }), 403, 'Seule la personne mise en cause dépose sa défense.');
    expectError(await post(`/cases/${caseId}/defence`, w.member.token, { text: 'Défense.' }), 404);
    expect(ok(await post(`/cases/${caseId}/defence`, respondent.token, { text: 'Je conteste le caractère public.' })).defence.text).toBe('Je conteste le caractère public.');
  });

  it('hearing: not before its date (409), then recorded; a decision outside the range is a 400 naming it', async () => {
    expectError(await post(`/cases/${caseId}/hearing`, w.commission.token, { attended: true }), 409, `L’audition est fixée au ${frenchDate(day(16))} : elle ne peut être consignée avant.`);
    await setDates(caseId, { hearingOn: day(0) });
    expect(ok(await post(`/cases/${caseId}/hearing`, w.commission.token, { attended: true, notes: 'Présent, assisté.' })).state).toBe('hearing');
    const decide = (body: object) => post(`/cases/${caseId}/decision`, w.commission.token, { reasoning: 'Motivation interne.', summary: 'Résumé public.', ...body });
    expect(badRequest(await decide({ level: 'exclusion' })).level).toBe('Niveau hors du barème pour « Dénigrement public du parti ou de ses membres » (version 1) : du rappel à l’ordre à la suspension.');
    expect(badRequest(await decide({ level: 'suspension' })).months).toBe('Une suspension dure de 1 à 24 mois.');
    expect(badRequest(await decide({ level: 'suspension', months: 25 })).months).toBe('Une suspension dure de 1 à 24 mois.');
    expect(badRequest(await decide({ level: 'blame', months: 2 })).months).toBe('Seule une suspension a une durée.');
    expect(badRequest(await decide({ level: 'amende' })).level).toMatch(/^Niveau : « rappel » \(rappel à l’ordre\), « avertissement »/);
    const decided = ok(await decide({ level: 'suspension', months: 2 }));
    expect(decided).toMatchObject({ state: 'decided', decision: { level: 'suspension', months: 2, scaleVersion: 1, article: 'Statuts, art. 25', reasoning: 'Motivation interne.' } });
    // Not grave: the appeal window suspends the sanction.
    expect((await memberRow(respondent.member.id)).membershipStatus).toBe('active');
    const seen = ok(await get(`/cases/${caseId}`, respondent.token));
    expect(seen.decision).toMatchObject({ level: 'suspension', months: 2, summary: 'Résumé public.', appealUntil: day(30) });
    expect(seen.decision).not.toHaveProperty('reasoning');
    expect(JSON.stringify(seen)).not.toContain('Motivation interne');
    expect(seen.may.appeal).toBe(true);
    expectError(await post(`/cases/${caseId}/finalization`, w.commission.token), 409, `Le délai d’appel court jusqu’au ${frenchDate(day(30))} inclus.`);
  });

  it('appeal by the respondent within the window; national decision by the national commission only, final and published', async () => {
    expectError(await post(`/cases/${caseId}/appeal`, w.staff.token, { grounds: 'x' }), 404);
    const appealed = ok(await post(`/cases/${caseId}/appeal`, respondent.token, { grounds: 'La sanction est disproportionnée.' }));
    expect(appealed).toMatchObject({ state: 'appeal', appeal: { grounds: 'La sanction est disproportionnée.' } });
    expectError(await post(`/cases/${caseId}/appeal`, respondent.token, { grounds: 'Encore.' }), 409, 'Un appel est déjà en cours.');
    const decision = { level: 'blame', reasoning: 'Réformée : premier manquement.', summary: 'Blâme pour dénigrement public.' };
    expectError(await post(`/cases/${caseId}/national-decision`, w.commission.token, decision), 403, 'Seule la commission nationale des conflits juge les appels.');
    const final = ok(await post(`/cases/${caseId}/national-decision`, national.token, decision));
    expect(final).toMatchObject({ state: 'final', final: { level: 'blame', published: true, named: false }, nationalDecision: { level: 'blame' } });
    expect((await memberRow(respondent.member.id)).membershipStatus).toBe('active'); // a blâme has no effect on membership
    const published = ok(await get('/decisions?category=denigrement-public', w.otherMember.token));
    const mine = published.find((d: any) => d.documentId === caseId);
    expect(mine).toMatchObject({ level: 'blame', levelLabel: 'blâme', article: 'Statuts, art. 25', name: null, onAppeal: true, summary: 'Blâme pour dénigrement public.' });
    expect(mine.federation).toContain(w.federation.departmentCode);
    expect(JSON.stringify(published)).not.toContain('Tribune publique');
    expectError(await get('/decisions'), 401);
    expect(badRequest(await get('/decisions?level=amende', w.member.token)).level).toBeDefined();
  });
});

describe('appeal deadline and finalization of a non-grave suspension: membership and bodies seats', () => {
  it('an appeal after 30 days is a 409; the decision becomes final, suspends the member until the end date and ends their seats', async () => {
    const respondent = await createMember({ federation: w.federation, section: w.sectionB });
    const body = ok(await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 5 }), 201);
    ok(await (await api()).post(`/api/bodies/bodies/${body.documentId}/seats`).set(bearer(w.staff.token)).send({ member: respondent.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-100) }), 201);
    const caseId = await heardCase(respondent, 'violation-statuts');
    ok(await post(`/cases/${caseId}/decision`, w.commission.token, { level: 'suspension', months: 3, reasoning: 'Motifs.', summary: 'Suspension de trois mois.' }));
    const row = await strapi.db.query(CASE_UID).findOne({ where: { documentId: caseId } });
    await setDates(caseId, { decidedOn: day(-31), decision: { ...row.decision, decidedOn: day(-31), appealUntil: day(-1) } });
    expectError(await post(`/cases/${caseId}/appeal`, respondent.token, { grounds: 'Trop tard ?' }), 409, `Le délai d’appel a pris fin le ${frenchDate(day(-1))}.`);
    const final = ok(await post(`/cases/${caseId}/finalization`, w.commission.token));
    expect(final).toMatchObject({ state: 'final', final: { level: 'suspension', months: 3, named: false } });
    expect(final.effects[0]).toMatchObject({ status: 'suspended', cause: 'sanction', seatsEnded: [expect.any(String)] });
    const member = await memberRow(respondent.member.id);
    expect(member.membershipStatus).toBe('suspended');
    expect(member.suspendedUntil).toBe(final.effects[0].until);
    expect(member.suspendedUntil > day(85) && member.suspendedUntil < day(95)).toBe(true);
    expect(await strapi.plugin('bodies').service('bodies').seatsOfMember(respondent.member.id)).toEqual([]);
    const seatAudit = await strapi.db.connection('audit_log').where({ action: 'plugin::bodies.seat.end' }).orderBy('seq', 'desc').first();
    expect(JSON.parse(seatAudit.details ?? '{}').reason ?? seatAudit.details?.reason).toMatch(/Commission des conflits, affaire CC-/);
    expect((await auditEntriesFor(respondent.member.documentId))[0]).toMatchObject({ action: 'plugin::membership.member.suspend' });
  });
});

describe('a confidential report of harassment: precautionary suspension, exclusion, the reporter’s identity never reaches the respondent', () => {
  let reporter: TestMember;
  let respondent: TestMember;
  let caseId: string;
  const secrets = () => [reporter.member.lastName, reporter.member.membershipNumber, reporter.user.email, reporter.member.documentId, `"reporterMemberId"`, `"${reporter.member.id}"`];
  const expectNoReporter = (res: any) => {
    const text = JSON.stringify(res.body);
    for (const secret of secrets()) expect(text, `${res.req?.path}: ${secret}`).not.toContain(secret);
    expect(text).not.toContain('"reporter"');
  };

  beforeAll(async () => {
    reporter = await createMember({ federation: w.federation, section: w.sectionA });
    respondent = await createMember({ federation: w.federation, section: w.sectionB, role: 'elected-official' });
    // A party function the exclusion ends (a precautionary suspension keeps it).
    const body = ok(await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Conseil fédéral (signalement)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 5 }), 201);
    ok(await (await api()).post(`/api/bodies/bodies/${body.documentId}/seats`).set(bearer(w.staff.token)).send({ member: respondent.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-100) }), 201);
  });

  it('POST /reports: any member, grave acts only (French 400), audited without naming the reporter', async () => {
    const input = { respondent: respondent.member.documentId, category: 'harcelement', facts: 'Propos déplacés répétés après les réunions.' };
    expectError(await post('/reports', undefined, input), 401);
    await withModuleOff(async () => expectError(await post('/reports', reporter.token, input), 403));
    expect(badRequest(await post('/reports', reporter.token, { ...input, category: 'violence' })).category).toMatch(/^Le signalement confidentiel concerne les actes graves : « Discrimination .*», « Harcèlement moral ou sexuel »/);
    // No lookup of other federations' members through a report: same answer as an unknown id.
    // Another federation's member looks absent: the whole answer is an unknown member's.
    const elsewhere = await post('/reports', reporter.token, { ...input, respondent: w.otherMember.member.documentId });
    const unknown = await post('/reports', reporter.token, { ...input, respondent: 'inconnu0000000000000000000' });
    expect(badRequest(unknown).respondent).toBe('Adhérent introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(badRequest(await post('/reports', reporter.token, { ...input, respondent: reporter.member.documentId })).respondent).toBe('Vous ne pouvez pas vous mettre vous-même en cause.');
    expectError(await post('/reports', w.national.token, input), 403, 'Un signalement est fait par un adhérent.');
    const created = ok(await post('/reports', reporter.token, input), 201);
    expect(created.view).toBe('reporter');
    caseId = created.documentId;
    const [entry] = await auditEntriesFor(caseId);
    expect(entry).toMatchObject({ action: 'plugin::sanctions.case.report', actor_label: 'signalement confidentiel' });
    expect(JSON.stringify(entry)).not.toContain(reporter.user.email);
    const seen = ok(await get(`/cases/${caseId}`, w.commission.token));
    expect(seen.reporter).toEqual({ name: `${reporter.member.firstName} ${reporter.member.lastName}`, membershipNumber: reporter.member.membershipNumber });
    expectError(await get(`/cases/${caseId}`, respondent.token), 404);
  });

  it('precautionary suspension: the commission only, grave acts, ≤ 180 days; the respondent then sees the case, without the reporter', async () => {
    expectError(await post(`/cases/${caseId}/precautionary-suspension`, w.staff.token, { until: day(30) }), 403);
    expect(badRequest(await post(`/cases/${caseId}/precautionary-suspension`, w.commission.token, { until: day(181) })).until).toBe(`La suspension conservatoire dure au plus 180 jours : jusqu’au ${frenchDate(day(180))}.`);
    const suspended = ok(await post(`/cases/${caseId}/precautionary-suspension`, w.commission.token, { until: day(60) }));
    expect(suspended.precautionaryUntil).toBe(day(60));
    const member = await memberRow(respondent.member.id);
    expect(member).toMatchObject({ membershipStatus: 'suspended', suspendedUntil: day(60) });
    // The respondent is told at once, by a mandatory email naming the end date — and no one else.
    await strapi.plugin('notifications').service('outbox').drain();
    const notices = mailTo(respondent.user.email).filter((m) => m.subject.startsWith('Suspension conservatoire — affaire '));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(`jusqu’au ${frenchDate(day(60))}`);
    expect(notices[0]!.text).toContain('Ce n’est pas une sanction.');
    for (const secret of secrets()) expect(notices[0]!.text).not.toContain(secret);
    expect(mailTo(reporter.user.email).filter((m) => m.subject.startsWith('Suspension conservatoire'))).toHaveLength(0);
    // A precautionary suspension keeps party functions until the decision; a non-grave case cannot have one.
    expectError(await post(`/cases/${(ok(await post('/cases', w.staff.token, { respondent: respondent.member.documentId, category: 'violence', facts: 'Autre affaire.' }), 201)).documentId}/precautionary-suspension`, w.commission.token, { until: day(30) }), 409, 'réservée aux actes graves');
    // Suspension revokes every session: the respondent signs in again.
    expectError(await get(`/cases/${caseId}`, respondent.token), 401);
    respondent.token = await tokenFor(strapi, respondent.user);
    const mine = await get(`/cases/${caseId}`, respondent.token);
    expect(ok(mine).view).toBe('respondent');
    expectNoReporter(mine);
    // « Mes données »: the respondent's part lists the case (now restricted), never the reporter; the reporter's lists the report.
    const part = (m: TestMember) => strapi.plugin('sanctions').service('personal-data').personalData({ memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id });
    const theirs = await part(respondent);
    expect(theirs.sections[0].rows.map((r: any) => r.Affaire)).toContain(ok(mine).reference);
    for (const secret of secrets()) expect(JSON.stringify(theirs)).not.toContain(secret);
    expect((await part(reporter)).sections[1].rows).toEqual([expect.objectContaining({ Affaire: ok(mine).reference, Catégorie: 'Harcèlement moral ou sexuel' })]);
  });

  it('on every route the respondent can call, no trace of the reporter', async () => {
    ok(await post(`/cases/${caseId}/investigation`, w.commission.token));
    ok(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(15) }));
    await strapi.plugin('notifications').service('outbox').drain();
    await indexSettled();
    const http = await api();
    const responses = [
      await get(`/cases/${caseId}`, respondent.token),
      await get('/cases', respondent.token),
      await get(`/cases?state=notified`, respondent.token),
      await post(`/cases/${caseId}/defence`, respondent.token, { text: 'Je conteste ces faits.' }),
      await get('/scale/versions/1', respondent.token),
      await http.get('/api/notifications/inbox').set(bearer(respondent.token)),
      await http.get('/api/search').query({ q: reporter.member.lastName }).set(bearer(respondent.token)),
      await http.get('/api/search').query({ q: 'harcèlement' }).set(bearer(respondent.token)),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(JSON.stringify(responses[5].body)).toContain('Procédure disciplinaire');
    await setDates(caseId, { hearingOn: day(0) });
    ok(await post(`/cases/${caseId}/hearing`, w.commission.token, { attended: true }));
    expect(badRequest(await post(`/cases/${caseId}/decision`, w.commission.token, { level: 'suspension', months: 6, reasoning: 'r', summary: 's' })).level).toMatch(/exclusion seulement\.$/);
    ok(await post(`/cases/${caseId}/decision`, w.commission.token, { level: 'exclusion', reasoning: `Témoignage de ${reporter.member.lastName} jugé crédible.`, summary: 'Exclusion pour harcèlement.' }));
    await strapi.plugin('notifications').service('outbox').drain();
    // The decision reaches the respondent once — a formal notice: sent although they are now
    // excluded, and without any one-click unsubscribe.
    const decisions = mailTo(respondent.user.email).filter((m) => m.subject.startsWith('Décision — affaire'));
    expect(decisions).toHaveLength(1);
    expect(decisions[0].parsed.headers.has('list-unsubscribe')).toBe(false);
    expect(decisions[0].text).toMatch(/a rendu sa décision dans l’affaire .* : exclusion/i);
    responses.push(await get(`/cases/${caseId}`, respondent.token)); // excluded: refused, but still checked
    responses.push(await post(`/cases/${caseId}/appeal`, respondent.token, { grounds: 'Appel.' }));
    responses.push(await get('/decisions', respondent.token));
    responses.push(await get('/scale', respondent.token));
    for (const res of responses) expectNoReporter(res);
    for (const mail of mailTo(respondent.user.email)) for (const secret of secrets()) expect(mail.text).not.toContain(secret);
  });

  it('a grave act’s exclusion takes effect at once: account blocked, sessions revoked, trace recorded; an appeal by letter does not suspend it', async () => {
    const member = await memberRow(respondent.member.id);
    expect(member.membershipStatus).toBe('excluded');
    expect(member.user.blocked).toBe(true);
    expectError(await get(`/cases/${caseId}`, respondent.token), 401);
    const status = strapi.plugin('membership').service('status');
    // The trace matches the address (whatever its case) or the number, and names the federation.
    const email = respondent.user.email.toUpperCase();
    const found = await status.excludedAmong([
      { email, membershipNumber: 'autre' },
      { email: 'personne@ailleurs.test', membershipNumber: respondent.member.membershipNumber },
      { email: 'personne2@ailleurs.test', membershipNumber: 'X-1' },
    ]);
    expect([...found.emails]).toEqual([[email, [w.federation.id]]]);
    expect([...found.numbers]).toEqual([[respondent.member.membershipNumber, [w.federation.id]]]);
    const actions = (await auditEntriesFor(respondent.member.documentId)).map((e: any) => e.action);
    expect(actions).toContain('plugin::membership.member.exclude');
    // The seat ends that day under the case's reference — once (bodies' own end on membership's
    // status event finds nothing left to end), the reporter named nowhere.
    const [seat] = await strapi.db.query('plugin::bodies.seat').findMany({ where: { member: { id: respondent.member.id } } });
    expect([String(seat.endOn).slice(0, 10), seat.endReason]).toEqual([day(0), expect.stringMatching(/^Commission des conflits, affaire CC-/)]);
    const seatEnds = (await auditEntriesFor(seat.documentId)).filter((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(seatEnds).toHaveLength(1);
    for (const secret of secrets()) expect(JSON.stringify(seatEnds)).not.toContain(secret);
    // The excluded member writes to the national commission, which records the appeal within the window.
    expect(ok(await post(`/cases/${caseId}/appeal`, national.token, { grounds: 'Appel reçu par courrier.' })).state).toBe('appeal');
    expect((await memberRow(respondent.member.id)).membershipStatus).toBe('excluded');
    const final = ok(await post(`/cases/${caseId}/national-decision`, national.token, { level: 'exclusion', reasoning: 'Confirmée.', summary: 'Exclusion confirmée pour harcèlement.' }));
    expect(final.final).toMatchObject({ level: 'exclusion', named: true });
    const published = ok(await get('/decisions?level=exclusion', w.member.token)).find((d: any) => d.documentId === caseId);
    expect(published.name).toBe(`${respondent.member.firstName} ${respondent.member.lastName}`);
    // Erasure (issue 22): the case and its publication are kept, linked to the pseudonymous profile.
    const erasure = strapi.plugin('sanctions').service('erasure');
    const subject = { memberId: respondent.member.id, memberDocumentId: respondent.member.documentId, userId: respondent.user.id, federationId: w.federation.id, email: respondent.user.email, membershipNumber: respondent.member.membershipNumber, firstName: 'x', lastName: 'y' };
    expect(await erasure.erase(subject)).toEqual({ source: 'sanctions', counts: { casesKept: 2, reportsKept: 0, publishedKept: 1, scaleVersionsUnsigned: 0 } });
    expect(await erasure.erase(subject)).toEqual(await erasure.erase(subject));
  });

  it('a re-registration of the excluded person by staff is flagged in the audit log', async () => {
    const email = respondent.user.email;
    // The old profile and account erased (retention), the person comes back under the same address.
    await strapi.db.query('plugin::membership.member').delete({ where: { id: respondent.member.id } });
    await strapi.db.query('plugin::users-permissions.user').delete({ where: { id: respondent.user.id } });
    const res = await (await api()).post('/api/membership/members').set(bearer(w.staff.token)).send({
      email, firstName: 'Revenu', lastName: 'Nom', membershipNumber: `R-${Date.now()}`, federation: w.federation.documentId, joinedOn: day(0),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.meta.warnings).toEqual(['Une exclusion prononcée par la commission des conflits correspond à cette adresse ou à ce numéro d’adhérent : voir le journal d’audit.']);
    const actions = (await auditEntriesFor(res.body.data.documentId)).map((e: any) => e.action);
    expect(actions).toContain('plugin::membership.member.re-registration-flagged');
  });
});

describe('a report describing someone the reporter cannot point to', () => {
  it('is received without a profile, identified by the commission (its federation only), then notified', async () => {
    const reporter = await createMember({ federation: w.federation, section: w.sectionA });
    const target = await createMember({ federation: w.federation, section: w.sectionB });
    expect(badRequest(await post('/reports', reporter.token, { category: 'discrimination', facts: 'Propos racistes en réunion.' })).respondentDescription).toBe('Indiquez qui est mis en cause (nom, prénom, section).');
    expect(badRequest(await post('/reports', reporter.token, { respondentDescription: '\u3164\u200b', category: 'discrimination', facts: 'Propos racistes en réunion.' })).respondentDescription).toBe('Indiquez qui est mis en cause (nom, prénom, section).');
    const created = ok(await post('/reports', reporter.token, { respondentDescription: 'Un homme de la section B, prénommé Jean', category: 'discrimination', facts: 'Propos racistes en réunion.' }), 201);
    expect(created.respondent).toEqual({ name: 'Un homme de la section B, prénommé Jean' });
    const caseId = created.documentId;
    expect(ok(await get(`/cases/${caseId}`, w.commission.token)).respondent).toMatchObject({ name: null, description: 'Un homme de la section B, prénommé Jean' });
    ok(await post(`/cases/${caseId}/investigation`, w.commission.token));
    expectError(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(20) }), 409, 'Identifiez d’abord la personne mise en cause.');
    expectError(await post(`/cases/${caseId}/precautionary-suspension`, w.commission.token, { until: day(20) }), 409, 'Identifiez d’abord');
    expectError(await post(`/cases/${caseId}/respondent`, w.staff.token, { respondent: target.member.documentId }), 403);
    // Another federation's member looks absent to a federation's commission: an unknown member's answer.
    const elsewhere = await post(`/cases/${caseId}/respondent`, w.commission.token, { respondent: w.otherMember.member.documentId });
    const unknown = await post(`/cases/${caseId}/respondent`, w.commission.token, { respondent: 'inconnu' });
    expect(badRequest(elsewhere).respondent).toBe('Adhérent introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(badRequest(await post(`/cases/${caseId}/respondent`, w.commission.token, { respondent: reporter.member.documentId })).respondent).toMatch(/ne peut être mise en cause/);
    const identified = ok(await post(`/cases/${caseId}/respondent`, w.commission.token, { respondent: target.member.documentId }));
    expect(identified.respondent.name).toBe(`${target.member.firstName} ${target.member.lastName}`);
    expectError(await get(`/cases/${caseId}`, target.token), 404); // not notified yet
    ok(await post(`/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(20) }));
    const seen = await get(`/cases/${caseId}`, target.token);
    expect(ok(seen).view).toBe('respondent');
    for (const secret of [reporter.member.lastName, reporter.user.email, reporter.member.membershipNumber, 'prénommé Jean']) expect(JSON.stringify(seen.body)).not.toContain(secret);
    expectError(await post(`/cases/${caseId}/respondent`, w.commission.token, { respondent: target.member.documentId }), 409);
  });
});

describe('published decisions in the search, uniformity', () => {
  it('published decisions are found by members of any federation; cases in progress are not', async () => {
    await indexSettled();
    const hits = async (token: string, q: string) => (await (await api()).get('/api/search').query({ q }).set(bearer(token))).body.data ?? [];
    const found = await hits(w.otherMember.token, 'harcèlement');
    expect(found.map((h: any) => h.type)).toContain('sanction');
    expect(found.find((h: any) => h.type === 'sanction').title).toMatch(/Harcèlement moral ou sexuel : exclusion/);
    expect((await hits(w.otherMember.token, 'trésorière')).filter((h: any) => h.type === 'sanction')).toEqual([]);
    // What a snippet may show of it is written for members: the date in words.
    const indexed: { body: string }[] = await strapi.db.connection('search_documents').where({ type: 'sanction' }).select('body');
    expect(indexed.length).toBeGreaterThan(0);
    for (const { body } of indexed) {
      expect(body).toMatch(/Décision définitive le (1er|\d{1,2}) \p{L}+ \d{4}, affaire/u);
      expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('GET /uniformity: commissions and national admins; counts under 5 masked', async () => {
    expectError(await get('/uniformity'), 401);
    expectError(await get('/uniformity', w.staff.token), 403);
    const table = ok(await get('/uniformity', w.national.token));
    expect(table.national.map((n: any) => n.category)).toEqual(expect.arrayContaining(['denigrement-public', 'harcelement', 'violation-statuts']));
    const row = table.federations.find((f: any) => f.category === 'harcelement' && f.federation?.includes(w.federation.departmentCode));
    expect(row).toMatchObject({ total: null, counts: { exclusion: null }, flagged: false });
    expect(ok(await get('/uniformity', w.commission.token)).federations.length).toBeGreaterThan(0);
  });

  it('the daily clock finalises decisions whose appeal window has passed', async () => {
    const respondent = await createMember({ federation: w.federation, section: w.sectionA });
    const caseId = await heardCase(respondent, 'refus-decision-collective');
    ok(await post(`/cases/${caseId}/decision`, w.commission.token, { level: 'rappel', reasoning: 'r', summary: 'Rappel à l’ordre.' }));
    await setDates(caseId, { decidedOn: day(-31) });
    const { finalizeDue } = await import('../dist/server/commands/cases.js' as string);
    expect(await finalizeDue(strapi)).toBeGreaterThanOrEqual(1);
    expect(ok(await get(`/cases/${caseId}`, w.commission.token)).state).toBe('final');
  });

  it('one step at a time: two decisions sent at once give one decision and a 409, two runs of the clock at once (two instances) finalise once', async () => {
    const respondent = await createMember({ federation: w.federation, section: w.sectionA });
    const caseId = await heardCase(respondent, 'refus-decision-collective');
    const decided = await Promise.all([
      post(`/cases/${caseId}/decision`, w.commission.token, { level: 'rappel', reasoning: 'r', summary: 'Rappel à l’ordre.' }),
      post(`/cases/${caseId}/decision`, w.commission.token, { level: 'avertissement', reasoning: 'r', summary: 'Avertissement.' }),
    ]);
    expect(decided.map((res) => res.status).sort(), JSON.stringify(decided.map((res) => res.body))).toEqual([200, 409]);
    expect(decided.find((res) => res.status === 409)!.body.error.message).toMatch(/déjà été rendue/);
    await setDates(caseId, { decidedOn: day(-31) });
    const { finalizeDue } = await import('../dist/server/commands/cases.js' as string);
    await Promise.all([finalizeDue(strapi), finalizeDue(strapi)]);
    const row = await strapi.db.query(CASE_UID).findOne({ where: { documentId: caseId } });
    expect(row.state).toBe('final');
    const steps = (row.history as { step: string }[]).map((h) => h.step);
    expect(steps.filter((label) => label.startsWith('Décision :')).length, JSON.stringify(steps)).toBe(1);
    expect(steps.filter((label) => label.startsWith('Décision définitive')).length, JSON.stringify(steps)).toBe(1);
    const actions = (await auditEntriesFor(caseId)).map((entry: any) => entry.action);
    expect(actions.filter((action: string) => action === 'plugin::sanctions.case.decide').length, JSON.stringify(actions)).toBe(1);
    expect(actions.filter((action: string) => action === 'plugin::sanctions.case.finalize').length, JSON.stringify(actions)).toBe(1);
  });
});
