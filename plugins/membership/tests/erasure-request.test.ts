import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createAccount, createFederation, createMember, createSection, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';

/**
 * A member's own erasure request must not tell them that a disciplinary investigation about
 * them exists (commands/request-erasure.ts): every accepted request gets the same 202 with the
 * same words, and the same things happen at once — the account is closed (blocked, password
 * unusable, sessions revoked, departure today). The erasure follows just after the answer when
 * nothing holds the data, otherwise the retention job completes it once the hold ends; a case
 * notified to them (or a precautionary suspension) refuses the request and reopens the account.
 * Staff who are no party to a case read « Conservation requise (motif confidentiel) ».
 */
const load = createRequire(__filename);
const retention = load('../dist/server/commands/apply-retention.js') as typeof import('../server/src/commands/apply-retention');

const PASSWORD = 'Mot-de-passe-1';
const SELF = '/api/membership/me/erasure';
const CONFIDENTIAL = 'Conservation requise (motif confidentiel)';
const MESSAGE =
  'Votre demande d’effacement est enregistrée et votre compte est fermé dès maintenant. Cette demande ne peut pas être retirée. Elle est traitée dans un délai d’un mois au plus (RGPD, art. 12.3). Vos inscriptions à venir (événements, places aux séances et délégations de l’université d’été) sont annulées dès maintenant et ne seront pas rétablies.';
const today = () => parisDay(0);
let strapi: Core.Strapi;
let w: World;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
});

const memberRow = (id: number) =>
  strapi.db.query('plugin::membership.member').findOne({ where: { id }, populate: { user: { select: ['id', 'blocked', 'password', 'email'] } } });

/** Signs in with a password: a real session (refresh-token mode), as the portal has. */
async function signIn(email: string, password = PASSWORD) {
  return (await api()).post('/api/auth/local').send({ identifier: email, password });
}

async function sessionOf(member: TestMember): Promise<string> {
  const res = await signIn(member.user.email);
  expect(res.status, res.text).toBe(200);
  return res.body.jwt;
}

/** A case referred by the federation's section secretary (the staff are no party to it), not notified. */
async function referCase(respondent: TestMember, category = 'denigrement-public'): Promise<string> {
  const res = await (await api())
    .post('/api/sanctions/cases')
    .set(bearer(w.secretary.token))
    .send({ respondent: respondent.member.documentId, category, facts: 'Propos publics contre la section.' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.documentId;
}

/** A certificate code of training's form (`XXXX-XXXX-XXXX`, no 0/O/1/I), new each time. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('')).join('-');

/** A completed course with its certificate, as training writes it at completion; returns its code. */
async function giveCertificate(who: TestMember): Promise<string> {
  const code = newCode();
  const courseDocumentId = `cours-${who.member.id}-${Date.now()}`;
  await strapi.db.query('plugin::training.enrolment').create({
    data: {
      member: who.member.id, courseDocumentId, enrolmentKey: `${who.member.id}:${courseDocumentId}`, origin: 'self', enrolledAt: new Date(), completedAt: new Date(),
      certificateCode: code, certificate: { holder: 'Prénom Nom', course: 'Cours', level: 'federation', organiser: 'Fédération' },
    },
  });
  return code;
}

/** An admin-panel account with that address (as a national admin creates one), active or not; returns its id. */
async function adminAccount(email: string, isActive: boolean): Promise<number> {
  return (await strapi.db.query('admin::user').create({ data: { email, firstname: 'Même', lastname: 'Adresse', isActive, blocked: false } })).id;
}
const adminActive = async (id: number) => Boolean((await strapi.db.query('admin::user').findOne({ where: { id }, select: ['isActive'] })).isActive);

/** The conflicts commission opens the investigation and notifies the case to its respondent. */
async function notifyCase(caseId: string): Promise<void> {
  const http = await api();
  expect((await http.post(`/api/sanctions/cases/${caseId}/investigation`).set(bearer(w.commission.token)).send({})).status).toBe(200);
  const notified = await http.post(`/api/sanctions/cases/${caseId}/notification`).set(bearer(w.commission.token)).send({ hearingOn: parisDay(16) });
  expect(notified.status, notified.text).toBe(200);
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('one answer for every accepted request', () => {
  let free: TestMember;
  let respondent: TestMember;
  let importer: TestMember;
  let jobId: number;
  const answers: Record<string, { status: number; text: string; body: any }> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    free = await createMember({ federation: w.federation, section: w.sectionB, password: PASSWORD });
    respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    await referCase(respondent);
    const federation = await createFederation();
    importer = await createMember({ federation, section: await createSection(federation), password: PASSWORD });
    jobId = (await strapi.db.query('plugin::membership.import-job').create({ data: { federationId: federation.id, actor: { label: 'test' }, format: 'csv', state: 'running' } })).id;
    for (const [name, who] of Object.entries({ free, respondent, importer })) tokens[name] = await sessionOf(who);
    // What anyone could see of them without their account: an admin-panel account with their
    // address, a certificate's public check, an activation link (all gone once erased).
    for (const [n, who] of [free, respondent].entries()) {
      await strapi.db.query('admin::user').create({ data: { email: who.user.email, firstname: 'Même', lastname: 'Adresse', isActive: true, blocked: false } });
      await strapi.db.query('plugin::training.enrolment').create({
        data: { member: who.member.id, courseDocumentId: `cours-${n}-${Date.now()}`, enrolmentKey: `${who.member.id}:erasure-${n}`, origin: 'self', enrolledAt: new Date(), completedAt: new Date(), certificateCode: `K7Q${n + 2}-M9XA-3FTD`, certificate: { holder: 'X Y', course: 'Cours', level: 'federation', organiser: 'Fédération' } },
      });
      await strapi.plugin('notifications').service('invitations').onMemberJoined(who.member.id);
    }
  });

  it('202 with the same bytes for a member nothing holds, the respondent of an unnotified case and a member held by a running import', async () => {
    const http = await api();
    // The case is not the respondent's to see yet.
    expect((await http.get('/api/sanctions/cases').set(bearer(tokens.respondent))).body.data).toEqual([]);
    for (const name of ['free', 'respondent', 'importer']) {
      const res = await http.post(SELF).set(bearer(tokens[name])).send({ confirmation: 'EFFACER', password: PASSWORD });
      answers[name] = { status: res.status, text: res.text, body: res.body };
    }
    for (const name of ['free', 'respondent', 'importer']) expect(answers[name].status, answers[name].text).toBe(202);
    expect(answers.free.body).toEqual({ data: { state: 'recorded', requestedOn: today(), answerBy: expect.any(String), message: MESSAGE } });
    expect(answers.respondent.text).toBe(answers.free.text);
    expect(answers.importer.text).toBe(answers.free.text);
    expect(answers.free.body.data.answerBy > today()).toBe(true);
    expect(answers.free.text).not.toMatch(/procédure|commission|import|sanction|effacées/i);
  });

  it('every account is closed at once: blocked, its password no longer works, its token is refused, its departure recorded today', async () => {
    const http = await api();
    for (const [name, who] of Object.entries({ free, respondent, importer })) {
      expectError(await http.get('/api/membership/me').set(bearer(tokens[name])), 401);
      const row = await memberRow(who.member.id);
      if (name === 'free') continue; // erased just after: its account is anonymised (below)
      expect(row).toMatchObject({ leftOn: today(), erasedOn: null, erasureRequestedOn: today() });
      expect(row.user.blocked).toBe(true);
      // The old password no longer matches anything: the same refusal as any wrong password.
      expectError(await signIn(who.user.email), 400, 'Identifiant ou mot de passe incorrect.');
    }
    // Sessions are gone from the table too.
    expect(await strapi.db.query('admin::session').count({ where: { userId: String(respondent.user.id), origin: 'users-permissions' } })).toBe(0);
  });

  it('what anyone sees without their account is closed at once, held or not: admin-panel account, certificate check, activation link', async () => {
    const http = await api();
    await waitFor(() => memberRow(free.member.id), (row) => row.erasedOn != null);
    for (const [n, who] of [free, respondent].entries()) {
      expect(await strapi.db.query('admin::user').count({ where: { email: { $eqi: who.user.email }, isActive: true } })).toBe(0);
      expectError(await http.get(`/api/training/certificates/K7Q${n + 2}-M9XA-3FTD`), 404);
      expect(await strapi.db.connection('notifications_invitations').where({ member_id: who.member.id }).count({ n: '*' }).then((r: any) => Number(r[0].n))).toBe(0);
    }
  });

  it('the member nothing holds is erased just after the answer (not inside it); the held ones are not', async () => {
    const erased = await waitFor(() => memberRow(free.member.id), (row) => row.erasedOn != null);
    expect(erased).toMatchObject({ firstName: 'Ancien', lastName: 'adhérent', leftOn: today(), erasedOn: today() });
    const [entry] = (await auditEntriesFor(free.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erase');
    expect(entry.actor_label).toBe('ancien adhérent (à sa demande)');
    expect(JSON.parse(entry.details)).toMatchObject({ reason: 'request' });
    expect((await memberRow(respondent.member.id)).erasedOn).toBeNull();
    expect((await memberRow(importer.member.id)).erasedOn).toBeNull();
  });

  it('the audit entry of the request reads the same whatever holds the data', async () => {
    const details = async (who: TestMember) => {
      const entries = (await auditEntriesFor(who.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erasure-request');
      expect(entries).toHaveLength(1);
      return entries[0].details;
    };
    const held = await details(respondent);
    expect(JSON.parse(held)).toEqual({ requestedOn: today(), leftOn: today(), accountClosed: true });
    expect(await details(importer)).toBe(held);
    expect(held).not.toMatch(/procédure|commission|import|deferred/i);
  });

  it('staff who are no party to the case read the confidential words, on the departures screen and in the staff erasure’s 409; the secretary who referred it is not staff here', async () => {
    const http = await api();
    const row = async (token: string) => {
      const res = await http.get(`/api/membership/departures?pageSize=100&federation=${w.federation.documentId}`).set(bearer(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.find((m: any) => m.documentId === respondent.member.documentId);
    };
    const seen = await row(w.staff.token);
    expect(seen).toMatchObject({ cause: 'request', leftOn: today(), erasureRequestedOn: today(), hold: CONFIDENTIAL });
    expect(seen.erasureDue).toBe(seen.answerBy);
    expect((await row(w.national.token)).hold).toBe(CONFIDENTIAL);
    expectError(await http.post(`/api/membership/members/${respondent.member.documentId}/erasure`).set(bearer(w.staff.token)).send({}), 409, CONFIDENTIAL);
    // A running import's reason names no case: staff read it.
    const importerRow = (await http.get(`/api/membership/departures?pageSize=100&federation=${importer.federation.documentId}`).set(bearer(w.national.token))).body.data.find((m: any) => m.documentId === importer.member.documentId);
    expect(importerRow.hold).toMatch(/import d’adhérents de sa fédération est en cours/);
  });

  it('the retention job erases a request once nothing holds it any more, with the account closed; the held one waits', async () => {
    await strapi.db.query('plugin::membership.import-job').update({ where: { id: jobId }, data: { state: 'done', finishedAt: new Date() } });
    const run = await retention.applyRetention(strapi);
    expect(run.members).toContain(importer.member.documentId);
    expect(run.members).not.toContain(respondent.member.documentId);
    expect(await memberRow(importer.member.id)).toMatchObject({ lastName: 'adhérent', leftOn: today(), erasedOn: today() });
    expect((await memberRow(respondent.member.id)).erasedOn).toBeNull();
  });
});

describe('who may read a case’s reason among staff', () => {
  it('the federation staff member who referred the case reads it; another one reads the confidential words', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA });
    const referrer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    const res = await http.post('/api/sanctions/cases').set(bearer(referrer.token)).send({ respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Propos publics.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await http.post(`/api/membership/members/${respondent.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' })).status).toBe(200);
    const hold = async (token: string) =>
      (await http.get('/api/membership/departures?pageSize=100').set(bearer(token))).body.data.find((m: any) => m.documentId === respondent.member.documentId).hold;
    expect(await hold(referrer.token)).toMatch(/^Une procédure de la commission des conflits est en cours/);
    expect(await hold(w.staff.token)).toBe(CONFIDENTIAL);
    expectError(await http.post(`/api/membership/members/${respondent.member.documentId}/erasure`).set(bearer(referrer.token)).send({}), 409, 'procédure de la commission des conflits est en cours');
    expectError(await http.post(`/api/membership/members/${respondent.member.documentId}/erasure`).set(bearer(w.staff.token)).send({}), 409, CONFIDENTIAL);
  });
});

describe('told of the case, the respondent gets their account back', () => {
  const reopened = async (who: TestMember) => {
    const row = await memberRow(who.member.id);
    expect(row).toMatchObject({ leftOn: null, erasedOn: null, erasureRequestedOn: null });
    expect(row.user.blocked).toBe(false);
    const [entry] = (await auditEntriesFor(who.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erasure-refuse');
    // No cause: staff who may not see the case read this entry too.
    expect(JSON.parse(entry.details)).toEqual({ requestedOn: today(), departureCleared: true });
  };

  it('a notification reopens the account and refuses the request; « mot de passe oublié » gives them a password again', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const caseId = await referCase(respondent);
    // Their consented skills profile: unlisted by the request's departure, listed again at the reopening.
    const session = await sessionOf(respondent);
    const term = await http.post('/api/skills/terms').set(bearer(w.national.token)).send({ label: `Trésorerie ${Date.now()}`, kind: 'skill', parent: null, synonyms: [] });
    expect(term.status, term.text).toBe(201);
    const profile = { visibility: 'all', fieldLevels: {}, skills: [{ term: term.body.data.slug, level: 2 }], networks: [], interests: [], sector: null, willingness: [], hoursPerMonth: null, languages: [] };
    expect((await http.put('/api/skills/me/profile').set(bearer(session)).send(profile)).status).toBe(200);
    expect((await http.post('/api/skills/me/consent').set(bearer(session)).send({ version: '2026-12-v1' })).status).toBe(200);
    const listed = async () => (await strapi.db.query('plugin::skills.profile').findOne({ where: { memberId: respondent.member.id }, select: ['listed'] })).listed;
    expect(await listed()).toBe(true);
    expect((await http.post(SELF).set(bearer(session)).send({ confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    expect((await memberRow(respondent.member.id)).user.blocked).toBe(true);
    expect(await listed()).toBe(false);
    expect((await http.post(`/api/sanctions/cases/${caseId}/investigation`).set(bearer(w.commission.token)).send({})).status).toBe(200);
    const notified = await http.post(`/api/sanctions/cases/${caseId}/notification`).set(bearer(w.commission.token)).send({ hearingOn: parisDay(16) });
    expect(notified.status, notified.text).toBe(200);
    await reopened(respondent);
    expect(await listed()).toBe(true);
    // The retention job leaves them alone: the request no longer stands.
    expect((await retention.applyRetention(strapi, { dryRun: true })).members).not.toContain(respondent.member.documentId);
    // Their old password stays unusable: they choose a new one.
    expectError(await signIn(respondent.user.email), 400, 'Identifiant ou mot de passe incorrect.');
    expect((await http.post('/api/auth/forgot-password').send({ email: respondent.user.email })).status).toBe(200);
    // The reset is prepared once the answer is out (src/extensions/users-permissions).
    const { resetPasswordToken: code } = await waitFor(
      () => strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: respondent.user.id }, select: ['resetPasswordToken'] }),
      (row: any) => Boolean(row?.resetPasswordToken)
    );
    expect(code).toBeTruthy();
    const reset = await http.post('/api/auth/reset-password').send({ code, password: 'Nouveau-passe-2', passwordConfirmation: 'Nouveau-passe-2' });
    expect(reset.status, reset.text).toBe(200);
    const again = await signIn(respondent.user.email, 'Nouveau-passe-2');
    expect(again.status, again.text).toBe(200);
    expect((await http.get('/api/sanctions/cases').set(bearer(again.body.jwt))).body.data.map((c: any) => c.documentId)).toEqual([caseId]);
    // Now that they know of the case, a new request is refused with its reason, nothing recorded.
    expectError(await http.post(SELF).set(bearer(again.body.jwt)).send({ confirmation: 'EFFACER', password: 'Nouveau-passe-2' }), 409, 'procédure de la commission des conflits est en cours');
    expect((await memberRow(respondent.member.id)).erasureRequestedOn).toBeNull();
  });

  it('a precautionary suspension does the same (the suspended member signs in to contest it); their admin-panel account stays closed, as any suspension closes it', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const admin = await adminAccount(respondent.user.email, true);
    const caseId = await referCase(respondent, 'harcelement');
    expect((await http.post(SELF).set(bearer(await sessionOf(respondent))).send({ confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    const res = await http.post(`/api/sanctions/cases/${caseId}/precautionary-suspension`).set(bearer(w.commission.token)).send({ until: parisDay(30) });
    expect(res.status, res.text).toBe(200);
    await reopened(respondent);
    expect((await memberRow(respondent.member.id)).membershipStatus).toBe('suspended');
    expect(await adminActive(admin)).toBe(false);
  });

  it('the request withdrawn, their certificates are checked again under the same code and the admin-panel account it closed is active again — not one closed before it, nor one changed since', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const closedBefore = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const changedSince = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const code = await giveCertificate(respondent);
    const admin = await adminAccount(respondent.user.email, true);
    const inactive = await adminAccount(closedBefore.user.email, false);
    const touched = await adminAccount(changedSince.user.email, true);
    const cases = [await referCase(respondent), await referCase(closedBefore), await referCase(changedSince)];
    const checked = await http.get(`/api/training/certificates/${code}`);
    expect(checked.status, checked.text).toBe(200);
    for (const who of [respondent, closedBefore, changedSince]) {
      expect((await http.post(SELF).set(bearer(await sessionOf(who))).send({ confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    }
    // While the request stands (held by the case they may not be told of): the unknown code's
    // « not found », byte for byte, and the admin-panel account closed.
    const pending = await http.get(`/api/training/certificates/${code}`);
    expectError(pending, 404);
    expect(pending.text).toBe((await http.get(`/api/training/certificates/${newCode()}`)).text);
    for (const id of [admin, inactive, touched]) expect(await adminActive(id)).toBe(false);
    // A national admin decides about one account meanwhile (reactivated, then deactivated again).
    await strapi.db.query('admin::user').update({ where: { id: touched }, data: { isActive: true } });
    await strapi.db.query('admin::user').update({ where: { id: touched }, data: { isActive: false } });
    for (const caseId of cases) await notifyCase(caseId);
    const again = await http.get(`/api/training/certificates/${code}`);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toEqual(checked.body);
    expect(again.body.data).toMatchObject({ code, valid: true });
    expect(await adminActive(admin)).toBe(true);
    expect(await adminActive(inactive)).toBe(false);
    expect(await adminActive(touched)).toBe(false);
    const reactivations = async (id: number) => (await auditEntriesFor(String(id))).filter((e: any) => e.action === 'admin::user.reactivate');
    const [entry] = await reactivations(admin);
    expect(JSON.parse(entry.details)).toEqual({ effectOf: { type: 'plugin::membership.member', id: respondent.member.documentId, action: 'plugin::membership.member.erasure-refuse' }, isActive: { before: false, after: true } });
    const journal = await http.get('/api/audit/entries').query({ action: 'admin::user.reactivate', subjectId: String(admin) }).set(bearer(w.national.token));
    expect(journal.body.data.map((e: any) => e.actionLabel)).toEqual(['Réactivation — compte du panneau d’administration']);
    expect(await reactivations(inactive)).toHaveLength(0);
    expect(await reactivations(touched)).toHaveLength(0);
    // Nothing was blanked: the enrolment kept its code all along; the record of closed accounts is spent.
    expect((await strapi.db.query('plugin::training.enrolment').findOne({ where: { member: { id: respondent.member.id } }, select: ['certificateCode'] })).certificateCode).toBe(code);
    expect((await memberRow(respondent.member.id)).erasureClosedAdmins).toBeNull();
  });

  it('the admin-panel account a request closes is audited (admin::user.deactivate, in the member’s name, nothing of a hold), labelled in French in the audit journal', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const admin = await adminAccount(respondent.user.email, true);
    await referCase(respondent); // a hold the member is not told of: the entry must not tell it either
    expect((await http.post(SELF).set(bearer(await sessionOf(respondent))).send({ confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    expect(await adminActive(admin)).toBe(false);
    const deactivations = (await auditEntriesFor(String(admin))).filter((e: any) => e.action === 'admin::user.deactivate');
    expect(deactivations).toHaveLength(1);
    expect(deactivations[0]).toMatchObject({ subject_type: 'admin::user', actor_kind: 'user', actor_id: respondent.user.id, federation_id: w.federation.id });
    expect(JSON.parse(deactivations[0].details)).toEqual({
      effectOf: { type: 'plugin::membership.member', id: respondent.member.documentId, action: 'plugin::membership.member.erasure-request' },
      isActive: { before: true, after: false },
      sessions: 'admin',
    });
    // The journal national admins read names it in French.
    const journal = await http.get('/api/audit/entries').query({ action: 'admin::user.deactivate', subjectId: String(admin) }).set(bearer(w.national.token));
    expect(journal.status, journal.text).toBe(200);
    expect(journal.body.data.map((e: any) => e.actionLabel)).toEqual(['Désactivation — compte du panneau d’administration']);
  });

  it('a return recorded by staff withdraws a pending request the same way: certificate checked again, admin-panel account active again', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const code = await giveCertificate(respondent);
    const admin = await adminAccount(respondent.user.email, true);
    await referCase(respondent);
    expect((await http.post(SELF).set(bearer(await sessionOf(respondent))).send({ confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    expectError(await http.get(`/api/training/certificates/${code}`), 404);
    expect(await adminActive(admin)).toBe(false);
    const back = await http.post(`/api/membership/members/${respondent.member.documentId}/return`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Réadhésion' });
    expect(back.status, back.text).toBe(200);
    expect(await memberRow(respondent.member.id)).toMatchObject({ erasureRequestedOn: null, leftOn: null, user: { blocked: false } });
    const again = await http.get(`/api/training/certificates/${code}`);
    expect(again.status, again.text).toBe(200);
    expect(again.body.data.code).toBe(code);
    expect(await adminActive(admin)).toBe(true);
  });
});

describe('a repeat request', () => {
  it('two requests at once: the same 202, one audit entry', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    await referCase(respondent);
    const token = await sessionOf(respondent);
    const send = () => http.post(SELF).set(bearer(token)).send({ confirmation: 'EFFACER', password: PASSWORD });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.text).toBe(b.text);
    expect((await auditEntriesFor(respondent.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erasure-request')).toHaveLength(1);
  });

  it('a request recorded earlier (its account left open by an older version) answers with its first day, closes the account, and is not audited again', async () => {
    const http = await api();
    const respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    await referCase(respondent);
    const first = parisDay(-10);
    await strapi.db.query('plugin::membership.member').update({ where: { id: respondent.member.id }, data: { erasureRequestedOn: first } });
    const res = await http.post(SELF).set(bearer(await sessionOf(respondent))).send({ confirmation: 'EFFACER', password: PASSWORD });
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ requestedOn: first, message: MESSAGE });
    expect(res.body.data.answerBy < parisDay(31)).toBe(true);
    expect(await memberRow(respondent.member.id)).toMatchObject({ erasureRequestedOn: first, leftOn: today(), user: { blocked: true } });
    expect((await auditEntriesFor(respondent.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erasure-request')).toHaveLength(0);
  });

  it('refusals keep their own answers: 400 wrong password (nothing changes), 404 without a profile', async () => {
    const http = await api();
    const asker = await createMember({ federation: w.federation, section: w.sectionB, password: PASSWORD });
    expect(badRequest(await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER', password: 'faux' })).password).toBe('Mot de passe incorrect.');
    expect(await memberRow(asker.member.id)).toMatchObject({ leftOn: null, erasureRequestedOn: null, user: { blocked: false } });
    const account = await createAccount('national-admin');
    expectError(await http.post(SELF).set(bearer(account.token)).send({ confirmation: 'EFFACER', password: 'x' }), 404, 'Aucune fiche');
  });
});

describe('the departures screen', () => {
  it('lists the soonest due first, in the database, across pages: requests by their answer day, departures and exclusions by the end of the retention period', async () => {
    const federation = await createFederation();
    const section = await createSection(federation);
    const staff = await createMember({ federation, section, role: 'federation-staff' });
    const make = () => createMember({ federation, section, joinedOn: '2015-03-01' });
    const set = async (who: TestMember, data: Record<string, unknown>) => strapi.db.query('plugin::membership.member').update({ where: { id: who.member.id }, data });
    const [y] = today().split('-').map(Number);
    // Due days (MEMBER_RETENTION_YEARS = 3): a request answers one month later, clamped to the month's end.
    const endOfJanuaryRequest = await make(); // due 28 February two years ago
    await set(endOfJanuaryRequest, { erasureRequestedOn: `${y - 2}-01-31`, leftOn: `${y - 2}-01-31` });
    const firstOfMarch = await make(); // left 1 March five years ago: due 1 March two years ago
    await set(firstOfMarch, { leftOn: `${y - 5}-03-01` });
    const requestToday = await make(); // due in a month
    await set(requestToday, { erasureRequestedOn: today(), leftOn: today() });
    const excluded = await make(); // due in about 300 days
    await set(excluded, { membershipStatus: 'excluded', statusChangedOn: parisDay(-3 * 365 + 300) });
    const leftLastYear = await make(); // due in about two years
    await set(leftLastYear, { leftOn: parisDay(-365) });
    const leftLongAgo = await make(); // due in about 200 days
    await set(leftLongAgo, { leftOn: parisDay(-3 * 365 + 200) });
    const expected = [endOfJanuaryRequest, firstOfMarch, requestToday, leftLongAgo, excluded, leftLastYear].map((m) => m.member.documentId);
    try {
      const http = await api();
      const seen: any[] = [];
      for (const page of [1, 2, 3]) {
        const res = await http.get(`/api/membership/departures?page=${page}&pageSize=2`).set(bearer(staff.token));
        expect(res.status, res.text).toBe(200);
        seen.push(...res.body.data);
      }
      expect(seen.map((m) => m.documentId)).toEqual(expected);
      expect(seen.map((m) => m.erasureDue)).toEqual([...seen.map((m) => m.erasureDue)].sort());
      expect(seen[0]).toMatchObject({ cause: 'request', erasureDue: `${y - 2}-02-${(y - 2) % 4 === 0 ? 29 : 28}`, answerBy: `${y - 2}-02-${(y - 2) % 4 === 0 ? 29 : 28}` });
      expect(seen[1]).toMatchObject({ cause: 'departure', erasureDue: `${y - 2}-03-01` });
      expect(seen[4]).toMatchObject({ cause: 'exclusion' });
    } finally {
      // Out of the way of other files' retention runs (these rows were written by hand).
      for (const documentId of expected) await strapi.db.query('plugin::membership.member').update({ where: { documentId }, data: { erasedOn: today() } });
    }
  });
});
