import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createFederation, createMember, createSection, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';

/**
 * Findings of a newcomer's hostile pass (membership): self-erasure must not reveal an
 * unnotified disciplinary case and asks for the current password; a member who left stands
 * still until their return is recorded; « Mes données » exports are limited to one a day;
 * a due's payment day must be plausible; the import guesses « Mode » and explains a JSON body.
 */
const load = createRequire(__filename);
const retention = load('../dist/server/commands/apply-retention.js') as typeof import('../server/src/commands/apply-retention');
const dues = load('../dist/server/domain/dues.js') as typeof import('../server/src/domain/dues');
const fields = load('../dist/server/import/fields.js') as typeof import('../server/src/import/fields');
const exportsCmd = load('../dist/server/commands/request-data-export.js') as typeof import('../server/src/commands/request-data-export');

const PASSWORD = 'Mot-de-passe-1';
const SELF = '/api/membership/me/erasure';
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
let strapi: Core.Strapi;
let w: World;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
});

const memberRow = (id: number) => strapi.db.query('plugin::membership.member').findOne({ where: { id }, populate: { user: { select: ['id', 'blocked'] } } });

describe('self-erasure: current password', () => {
  it('400 in French without it or with a wrong one (nothing changes), then 429 once the account’s budget is spent', async () => {
    const http = await api();
    const asker = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    expect(badRequest(await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER' })).password).toBe('Saisissez votre mot de passe actuel.');
    for (let i = 0; i < 5; i += 1) {
      expect(badRequest(await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER', password: `faux-${i}` })).password).toBe('Mot de passe incorrect.');
    }
    expect((await memberRow(asker.member.id))).toMatchObject({ leftOn: null, erasedOn: null });
    // The right password no longer helps while the budget is spent: someone holding the token cannot keep guessing.
    expectError(await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER', password: PASSWORD }), 429, 'Trop de tentatives');
    expect((await memberRow(asker.member.id)).erasedOn).toBeNull();
  });
});

describe('self-erasure while a hold the member may not be told of stands', () => {
  let respondent: TestMember;
  let importer: TestMember;
  let jobId: number;

  beforeAll(async () => {
    respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const res = await (await api())
      .post('/api/sanctions/cases')
      .set(bearer(w.staff.token))
      .send({ respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Propos publics contre la section.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Another federation, where an import is running: a neutral hold that names no one.
    const federation = await createFederation();
    importer = await createMember({ federation, section: await createSection(federation), password: PASSWORD });
    jobId = (await strapi.db.query('plugin::membership.import-job').create({ data: { federationId: federation.id, actor: { label: 'test' }, format: 'csv', state: 'running' } })).id;
  });

  it('the respondent of an unnotified case gets byte for byte the answer of a member held by a running import: 202, request recorded, account closed, nothing revealed', async () => {
    const http = await api();
    // The case is not theirs to see yet.
    expect((await http.get('/api/sanctions/cases').set(bearer(respondent.token))).body.data).toEqual([]);
    const a = await http.post(SELF).set(bearer(respondent.token)).send({ confirmation: 'EFFACER', password: PASSWORD });
    const b = await http.post(SELF).set(bearer(importer.token)).send({ confirmation: 'EFFACER', password: PASSWORD });
    expect(a.status, a.text).toBe(202);
    expect(b.status).toBe(202);
    expect(a.text).toBe(b.text);
    expect(a.text).not.toMatch(/procédure|commission|import|sanction/i);
    expect(a.body.data.message).toMatch(/^Votre demande d’effacement est enregistrée et votre compte est fermé dès maintenant\. Cette demande ne peut pas être retirée\./);
    // The account is closed at once, whatever holds the data (plugins/membership/tests/erasure-request.test.ts).
    expect(await memberRow(respondent.member.id)).toMatchObject({ leftOn: today(), erasedOn: null, erasureRequestedOn: today() });
    expect((await memberRow(respondent.member.id)).user.blocked).toBe(true);
  });

  it('staff learn of the request: the departures screen lists it with the day to answer by (the reason for who may see the case), and the audit log has it without the reason', async () => {
    const res = await (await api()).get('/api/membership/departures?pageSize=100').set(bearer(w.staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.data.find((m: any) => m.documentId === respondent.member.documentId);
    expect(row).toMatchObject({ cause: 'request', leftOn: today(), erasureRequestedOn: today() });
    // w.staff referred the case: they may see it.
    expect(row.hold).toMatch(/procédure de la commission des conflits/);
    expect(row.answerBy > today()).toBe(true);
    const [entry] = (await auditEntriesFor(respondent.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erasure-request');
    expect(JSON.parse(entry.details)).toMatchObject({ requestedOn: today(), accountClosed: true });
    expect(entry.details).not.toMatch(/procédure|commission|deferred/);
  });

  it('the retention job erases a request once nothing holds it any more, and leaves the held one', async () => {
    await strapi.db.query('plugin::membership.import-job').update({ where: { id: jobId }, data: { state: 'done', finishedAt: new Date() } });
    const run = await retention.applyRetention(strapi);
    expect(run.members).toContain(importer.member.documentId);
    expect(run.members).not.toContain(respondent.member.documentId);
    expect(await memberRow(importer.member.id)).toMatchObject({ lastName: 'adhérent', leftOn: today(), erasedOn: today() });
    expect((await memberRow(respondent.member.id)).erasedOn).toBeNull();
  });
});

describe('a member who left stands still until their return', () => {
  let leaver: TestMember;
  const member = (path = '') => `/api/membership/members/${leaver.member.documentId}${path}`;

  beforeAll(async () => {
    leaver = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2020-01-15' });
    const res = await (await api()).post(member('/departure')).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await memberRow(leaver.member.id)).user.blocked).toBe(true);
  });

  it('dues, role and status changes are 409 « … a quitté le parti le <date> … »; section and join date too; names and phone may be corrected', async () => {
    const http = await api();
    const left = new RegExp(`a quitté le parti le .*${new Date().getFullYear()}`);
    expectError(await http.post(member('/dues')).set(bearer(w.staff.token)).send({ year: new Date().getFullYear() + 1, amountCents: 3000, paidOn: today(), method: 'cheque' }), 409, left);
    expectError(await http.put(member('/role')).set(bearer(w.staff.token)).send({ role: 'section-secretary' }), 409, left);
    expectError(await http.post(member('/status')).set(bearer(w.staff.token)).send({ status: 'active', reason: 'Retour' }), 409, left);
    expectError(await http.put(member()).set(bearer(w.staff.token)).send({ section: w.sectionB.documentId }), 409, left);
    const fixed = await http.put(member()).set(bearer(w.staff.token)).send({ phone: '04 66 00 00 00' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect((await memberRow(leaver.member.id)).user.blocked).toBe(true);
  });

  it('an import row adding a due for them is refused with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'left-'));
    const file = join(dir, 'adherents.csv');
    const [y, m, d] = today().split('-');
    const row = await strapi.db.query('plugin::membership.member').findOne({ where: { id: leaver.member.id }, populate: { user: true } });
    writeFileSync(file, `N° adhérent;Nom;Prénom;E-mail;Date d’adhésion;Année;Montant;Date de paiement;Mode\n${row.membershipNumber};${row.lastName};${row.firstName};${row.user.email};15/01/2020;${Number(y) + 1};30,00;${d}/${m}/${y};chèque\n`);
    const http = await api();
    const job = await http.post('/api/membership/imports').set(bearer(w.staff.token)).attach('file', file);
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body.data.preview.counts).toMatchObject({ update: 0, refused: 1 });
    const rows = await http.get(`/api/membership/imports/${job.body.data.id}/rows?outcome=refused`).set(bearer(w.staff.token));
    expect(rows.body.data[0].reasons[0].message).toMatch(/a quitté le parti le .*Enregistrez d’abord son retour/);
  });

  it('POST …/return: 401, 403, 404 elsewhere, French 400s, 409 for a member who has not left, then 200: departure cleared, account reopened, audited', async () => {
    const http = await api();
    const body = { on: today(), reason: 'Réadhésion' };
    expectError(await http.post(member('/return')).send(body), 401);
    expectError(await http.post(member('/return')).set(bearer(w.member.token)).send(body), 403);
    expectError(await http.post(member('/return')).set(bearer(w.otherStaff.token)).send(body), 404, 'Adhérent introuvable.');
    expect(badRequest(await http.post(member('/return')).set(bearer(w.staff.token)).send({ on: '2099-01-01', reason: 'Réadhésion' })).on).toMatch(/ne peut pas dépasser/);
    expect(badRequest(await http.post(member('/return')).set(bearer(w.staff.token)).send({ on: '2019-01-01', reason: 'Réadhésion' })).on).toMatch(/précède le départ/);
    badRequest(await http.post(member('/return')).set(bearer(w.staff.token)).send({ on: today() }));
    expectError(await http.post(`/api/membership/members/${w.member.member.documentId}/return`).set(bearer(w.staff.token)).send(body), 409, 'n’a pas quitté le parti');
    const res = await http.post(member('/return')).set(bearer(w.staff.token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.status).toBe('active');
    expect(await memberRow(leaver.member.id)).toMatchObject({ leftOn: null, joinedOn: today() });
    expect((await memberRow(leaver.member.id)).user.blocked).toBe(false);
    const [entry] = (await auditEntriesFor(leaver.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.return');
    expect(JSON.parse(entry.details)).toMatchObject({ previousJoinedOn: '2020-01-15', previousLeftOn: today(), accountReopened: true });
    // A member again: dues are recorded.
    const due = await http.post(member('/dues')).set(bearer(w.staff.token)).send({ year: new Date().getFullYear() + 1, amountCents: 3000, paidOn: today(), method: 'cheque' });
    expect(due.status, JSON.stringify(due.body)).toBe(201);
  });
});

describe('« Mes données »: one export a day', () => {
  it('a second request while the first is ready is a 409 pointing to it and saying when the next is possible', async () => {
    const http = await api();
    const first = await http.post('/api/membership/me/export').set(bearer(w.memberB.token)).send({});
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    for (let i = 0; i < 100; i += 1) {
      const list = await http.get('/api/membership/me/exports').set(bearer(w.memberB.token));
      if (list.body.data[0]?.state !== 'requested') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const again = expectError(await http.post('/api/membership/me/export').set(bearer(w.memberB.token)).send({}), 409, /est prêt : téléchargez-le .* à partir du/);
    expect(again.details.export).toBe(first.body.data.documentId);
    expect(await strapi.db.query('plugin::membership.data-export').count({ where: { memberId: w.memberB.member.id } })).toBe(1);
  });

  it('the rule: a ready export of the last 24 h, or 3 requests of any outcome, refuse; older ones do not', () => {
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    expect(() => exportsCmd.assertNoRecentExport([])).not.toThrow();
    expect(() => exportsCmd.assertNoRecentExport([{ documentId: 'a', state: 'failed', requestedAt: at(1) }, { documentId: 'b', state: 'failed', requestedAt: at(2) }])).not.toThrow();
    expect(() => exportsCmd.assertNoRecentExport(['a', 'b', 'c'].map((id, i) => ({ documentId: id, state: 'failed' as const, requestedAt: at(i + 1) })))).toThrow(/3 exports en moins de 24 heures/);
    expect(() => exportsCmd.assertNoRecentExport([{ documentId: 'a', state: 'ready', requestedAt: at(23) }])).toThrow(/est prêt/);
  });
});

describe('a due’s payment day', () => {
  it('400 in French for a day long before the year, before joining, or in the future; the rule alone', async () => {
    const http = await api();
    const payer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2019-06-01', paidYears: [] });
    const path = `/api/membership/members/${payer.member.documentId}/dues`;
    expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send({ year: 2021, amountCents: 3000, paidOn: '1990-01-01', method: 'cheque' })).paidOn).toMatch(/Une cotisation 2021 se paie à partir du 1er janvier 2020/);
    expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send({ year: 2019, amountCents: 3000, paidOn: '2019-03-01', method: 'cheque' })).paidOn).toMatch(/précède l’adhésion/);
    expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send({ year: 2021, amountCents: 3000, paidOn: '2099-01-01', method: 'cheque' })).paidOn).toMatch(/futur/);
    const ok = await http.post(path).set(bearer(w.staff.token)).send({ year: 2020, amountCents: 3000, paidOn: '2019-05-15', method: 'cheque' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(dues.paidOnRefusal({ year: 2026, paidOn: '2025-01-01' }, null, '2026-06-01')).toBeNull();
    expect(dues.paidOnRefusal({ year: 2026, paidOn: '2024-12-31' }, null, '2026-06-01')).toMatch(/trop ancienne/);
    expect(dues.paidOnRefusal({ year: 2026, paidOn: '2026-01-01' }, '2026-01-31', '2026-06-01')).toBeNull();
    expect(dues.paidOnRefusal({ year: 2026, paidOn: '2025-12-30' }, '2026-01-31', '2026-06-01')).toMatch(/précède l’adhésion/);
  });
});

describe('import: « Mode » and a JSON body', () => {
  it('guesses « Mode » as the payment method; a JSON body naming the file says it goes as multipart', async () => {
    expect(fields.guessMapping(['N° adhérent', 'Nom', 'Mode']).dueMethod).toBe('Mode');
    const res = await (await api()).post('/api/membership/imports').set(bearer(w.staff.token)).send({ file: 'adherents.csv' });
    expect(badRequest(res).file).toMatch(/multipart\/form-data/);
  });

  it('a payment method named after a property every object has (« constructor ») is refused as unknown, not read as a method', () => {
    const cells = { 'N° adhérent': '30-7001', Nom: 'Martin', Prénom: 'Léa', Email: 'lea.martin@test.intranet', Section: 'Centre', 'Date d’adhésion': '2020-01-15', Année: '2026', Montant: '30', 'Payée le': '2026-01-10' };
    for (const word of ['constructor', 'Constructor', '__proto__', 'cheque']) {
      const row = { ...cells, 'Mode de paiement': word };
      const read = fields.readRow(row, fields.guessMapping(Object.keys(row)), '2026-12-06');
      if (word === 'cheque') expect(read.values?.due?.method, JSON.stringify(read.reasons)).toBe('cheque');
      else expect(read.reasons.find((r) => r.field === 'dueMethod')?.message, word).toMatch(/Mode de paiement « .* » inconnu/);
    }
  });
});
