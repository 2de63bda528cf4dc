import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { advance, consultationInVote } from '../../consultations/tests/support/consultations';
import { createCourse } from '../../training/tests/support/courses';

/**
 * Retention and erasure (issue 22, item 4): staff record a departure and erase a member who
 * left, a member asks for their own erasure, the retention job applies the table. Every
 * route from 401 to success; after an erasure no table the tests can reach holds the
 * member's address, name or number (a scan of every text column), except the dues'
 * accounting record and the append-only audit log, while the consultation's provenance,
 * counts and results read exactly as before.
 */
const load = createRequire(__filename);
const retention = load('../dist/server/commands/apply-retention.js') as typeof import('../server/src/commands/apply-retention');

let strapi: Core.Strapi;
let w: World;
let leaver: TestMember;
let consultation: string;

const depart = (id: string) => `/api/membership/members/${id}/departure`;
const erase = (id: string) => `/api/membership/members/${id}/erasure`;
const SELF = '/api/membership/me/erasure';
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/** Every text-like column of every table: [table, column]. */
async function textColumns(): Promise<[string, string][]> {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    const { rows } = await knex.raw(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`
    );
    return rows.map((r: any) => [r.table_name, r.column_name]);
  }
  const tables = await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const found: [string, string][] = [];
  for (const { name } of tables) {
    for (const column of await knex.raw(`PRAGMA table_info("${name}")`)) {
      if (!column.type || /char|text|json|clob|varchar/i.test(column.type)) found.push([name, column.name]);
    }
  }
  return found;
}

/** Where (table.column) any of `needles` appears, case-insensitive. */
async function whereFound(needles: string[]): Promise<string[]> {
  const knex = strapi.db.connection;
  const cast = (c: string) => (strapi.db.dialect.client === 'postgres' ? `lower("${c}"::text)` : `lower("${c}")`);
  const hits: string[] = [];
  for (const [table, column] of await textColumns()) {
    for (const needle of needles) {
      const rows = await knex.raw(`SELECT count(*) AS n FROM "${table}" WHERE ${cast(column)} LIKE ?`, [`%${needle.toLowerCase()}%`]);
      const n = Number((rows.rows ?? rows)[0].n);
      if (n > 0) hits.push(`${table}.${column}`);
    }
  }
  return [...new Set(hits)].sort();
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  leaver = await createMember({ federation: w.federation, section: w.sectionA });
  const switches = strapi.plugin('modules').service('switches');
  for (const module of ['consultations', 'training', 'bodies']) await switches.set(w.federation.id, module, true);
  const http = await api();
  const ok = (res: { status: number; body: any }, status: number) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body.data;
  };
  // A consultation the leaver contributed to, graded and voted in, with its results out.
  const { id } = await consultationInVote(
    w.staff,
    [
      [leaver, 'Des réunions en soirée', 'Tenir les réunions de section après 19 h pour les salariés.'],
      [w.member, 'Un covoiturage', 'Organiser le covoiturage vers les réunions fédérales.'],
    ],
    [leaver, w.member]
  );
  consultation = id;
  ok(await http.post(`/api/consultations/${id}/vote`).set(bearer(leaver.token)).send({ choice: 'for' }), 201);
  ok(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'against' }), 201);
  await advance(w.staff, id, 'vote');
  // Training: enrolled, a lesson done. Bodies: a seat. Notifications: a preference, a calendar
  // address, and another member's notification naming the leaver.
  const course = await createCourse({ title: 'Animer une réunion', federation: w.federation });
  ok(await http.post(`/api/training/courses/${course.documentId}/enrolment`).set(bearer(leaver.token)).send({}), 201);
  ok(await http.post(`/api/training/courses/${course.documentId}/lessons/${course.lessons[0]}/done`).set(bearer(leaver.token)).send({}), 200);
  const bureau = ok(
    await http.post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 12 }),
    201
  );
  ok(
    await http.post(`/api/bodies/bodies/${bureau.documentId}/seats`).set(bearer(w.staff.token)).send({ member: leaver.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: '2026-01-15' }),
    201
  );
  ok(await http.put('/api/membership/me/socio-professional').set(bearer(leaver.token)).send({ category: 'employes', consent: true }), 200);
  await strapi.plugin('notifications').service('calendar').issue(leaver.member.id);
  const knex = strapi.db.connection;
  await knex('notifications_preferences').insert({ member_id: leaver.member.id, kind: 'consultations.phase-opened', mode: 'digest', updated_at: Date.now() });
  // Their invitation record, with the address it was sent to (newcomer finding: it stayed).
  await strapi.db.query('plugin::notifications.invitation').deleteMany({ where: { memberId: leaver.member.id } });
  await strapi.db.query('plugin::notifications.invitation').create({
    data: { memberId: leaver.member.id, userId: leaver.user.id, sentTo: leaver.user.email, sentCount: 1, issuedAt: new Date(), activatedAt: new Date() },
  });
  await knex('notifications_messages').insert({
    event_key: `test:${leaver.member.id}`, recipient_key: `m${w.member.member.id}`, kind: 'training.sponsorship', member_id: w.member.member.id, user_id: w.member.user.id,
    federation_id: w.federation.id, email: w.member.user.email, title: `${leaver.member.firstName} ${leaver.member.lastName} vous parraine`, link: null, payload: '{}',
    in_inbox: true, email_status: 'none', attempts: 0, available_at: Date.now(), created_at: Date.now(),
  });
  // An import whose file names the leaver (its staging rows), and their « Mes données » export.
  const dir = mkdtempSync(join(tmpdir(), 'erasure-'));
  const file = join(dir, 'adherents.csv');
  writeFileSync(
    file,
    `N° adhérent;Nom;Prénom;E-mail;Date d’adhésion\n${leaver.member.membershipNumber};${leaver.member.lastName};${leaver.member.firstName};${leaver.user.email};01/02/2020\n`
  );
  ok(await http.post('/api/membership/imports').set(bearer(w.staff.token)).attach('file', file), 201);
  ok(await http.post('/api/membership/me/export').set(bearer(leaver.token)).send({}), 202);
});

describe('erasure routes refuse what they must', () => {
  it('401 for anonymous callers', async () => {
    const http = await api();
    expectError(await http.post(depart(leaver.member.documentId)).send({ on: today(), reason: 'Démission' }), 401);
    expectError(await http.post(erase(leaver.member.documentId)).send({}), 401);
    expectError(await http.post(SELF).send({ confirmation: 'EFFACER', password: 'x' }), 401);
  });

  it('403 for a wrong role, an officer of one’s rank, oneself; 404 (as unknown) to another federation’s staff', async () => {
    const http = await api();
    expectError(await http.post(depart(leaver.member.documentId)).set(bearer(w.member.token)).send({ on: today(), reason: 'Démission' }), 403);
    expectError(await http.post(erase(leaver.member.documentId)).set(bearer(w.secretary.token)).send({}), 403);
    expectError(await http.post(erase(leaver.member.documentId)).set(bearer(w.otherStaff.token)).send({}), 404, 'Adhérent introuvable.');
    expectError(await http.post(depart(leaver.member.documentId)).set(bearer(w.otherStaff.token)).send({ on: today(), reason: 'Démission' }), 404, 'Adhérent introuvable.');
    expectError(await http.post(erase(w.staff.member.documentId)).set(bearer(w.staff.token)).send({}), 403, 'Mes données');
    expectError(await http.post(SELF).set(bearer(w.outsider.token)).send({ confirmation: 'EFFACER', password: 'x' }), 403);
  });

  it('400 in French for bad input', async () => {
    const http = await api();
    expect(badRequest(await http.post(depart(leaver.member.documentId)).set(bearer(w.staff.token)).send({ on: '31/12/2025', reason: 'Démission' })).on).toMatch(/AAAA-MM-JJ/);
    expect(badRequest(await http.post(depart(leaver.member.documentId)).set(bearer(w.staff.token)).send({ on: '2099-01-01', reason: 'Démission' })).on).toMatch(/ne peut pas dépasser/);
    expect(badRequest(await http.post(depart(leaver.member.documentId)).set(bearer(w.staff.token)).send({ on: today() })).reason).toMatch(/motif/i);
    badRequest(await http.post(erase(leaver.member.documentId)).set(bearer(w.staff.token)).send({ now: true }));
    expect(badRequest(await http.post(SELF).set(bearer(w.memberB.token)).send({ confirmation: 'oui', password: 'x' })).confirmation).toBe('Pour confirmer, saisissez EFFACER en majuscules.');
    badRequest(await http.post(SELF).set(bearer(w.memberB.token)).send({}));
  });

  it('404 for an unknown member, and for an account without a member profile', async () => {
    const http = await api();
    expectError(await http.post(erase('inconnu0000000000000000')).set(bearer(w.staff.token)).send({}), 404);
    expectError(await http.post(depart('inconnu0000000000000000')).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' }), 404);
    expectError(await http.post(SELF).set(bearer(w.national.token)).send({ confirmation: 'EFFACER', password: 'x' }), 404, 'Aucune fiche');
  });

  it('409 while the member is still a member', async () => {
    const http = await api();
    expectError(await http.post(erase(leaver.member.documentId)).set(bearer(w.staff.token)).send({}), 409, 'toujours adhérent');
  });
});

describe('erasing a member who left', () => {
  const before: Record<string, unknown> = {};
  const reads = ['', '/proposals', '/results', '/statistics', '/synthesis', '/ballots'];

  it('« Mes données » listed the import rows naming them and their search documents before', async () => {
    const subject = { memberId: leaver.member.id, memberDocumentId: leaver.member.documentId, userId: leaver.user.id };
    const own = await strapi.plugin('membership').service('personal-data').personalData(subject);
    const rows = own.sections.find((x: any) => x.title === 'Lignes de fichiers d’import vous nommant').rows;
    expect(rows).toEqual([expect.objectContaining({ Fichier: 'adherents.csv', Ligne: 2, Résultat: expect.any(String) })]);
    expect(rows[0]['Contenu lu'].label).toContain(`N° adhérent : ${leaver.member.membershipNumber}`);
    await strapi.plugin('search').service('indexer').drain();
    const search = await strapi.plugin('search').service('personal-data').personalData(subject);
    expect(search.sections[1].rows.map((r: any) => r.Type.value)).toContain('contribution');
  });

  it('staff record the departure: the account is blocked at once; a second one is a 409', async () => {
    const http = await api();
    for (const path of reads) {
      const res = await http.get(`/api/consultations/${consultation}${path}`).set(bearer(w.staff.token));
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
      before[path] = res.body;
    }
    const res = await http.post(depart(leaver.member.documentId)).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission par courrier' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual({ documentId: leaver.member.documentId, leftOn: today() });
    expect((await http.get('/api/membership/me').set(bearer(leaver.token))).status).toBe(401);
    const eligibility = strapi.plugin('membership').service('eligibility');
    expect((await eligibility.ofMember(leaver.member.id)).reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'left' })]));
    expect(await eligibility.eligibleMemberIds({ audience: 'federation', federationId: w.federation.id })).not.toContain(leaver.member.id);
    expect(await eligibility.eligibleMemberIds({ audience: 'federation', federationId: w.federation.id })).toContain(w.member.member.id);
    expectError(await http.post(depart(leaver.member.documentId)).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' }), 409, 'déjà quitté');
    expect((await auditEntriesFor(leaver.member.documentId)).map((e: any) => e.action)).toContain('plugin::membership.member.depart');
  });

  it('staff erase them: every plugin reports its part, the audit entry holds counts only', async () => {
    const http = await api();
    const found = await whereFound([leaver.user.email, leaver.member.lastName, leaver.member.membershipNumber]);
    expect(found).toEqual(expect.arrayContaining(['membership_members.last_name', 'up_users.email', 'membership_import_rows.cells', 'notifications_messages.title', 'notifications_invitations.sent_to']));

    const indexer = strapi.plugin('search').service('indexer');
    const owned = () => strapi.db.connection('search_documents').where({ owner_user_id: leaver.user.id }).count({ n: '*' }).then(([r]: any) => Number(r.n));
    await indexer.drain();
    expect(await owned()).toBe(1); // their contribution, which they find in search

    const res = await http.post(erase(leaver.member.documentId)).set(bearer(w.staff.token)).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { parts } = res.body.data;
    expect(parts.search).toEqual({ documentsReindexed: 1 });
    await indexer.drain();
    expect(await owned()).toBe(0);
    expect(parts.membership).toMatchObject({ profile: 1, account: 1, dues: 1, importRows: 1, dataExports: 1 });
    expect(parts.consultations).toMatchObject({ contributionsKept: 1, gradesKept: 4, votesKept: 1, rollsKept: 1 });
    expect(parts.training).toMatchObject({ enrolmentsKept: 1 });
    expect(parts.bodies).toMatchObject({ seatsKept: 1 });
    expect(parts.notifications.messages).toBeGreaterThanOrEqual(1);
    expect(parts.notifications).toMatchObject({ preferences: 1, feeds: 1, invitations: 1 });
    expect(await strapi.db.query('plugin::notifications.invitation').count({ where: { memberId: leaver.member.id } })).toBe(0);
    expect(parts).toHaveProperty('search');
    expect(parts).toHaveProperty('audit');

    const [entry] = (await auditEntriesFor(leaver.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erase');
    expect(entry).toBeTruthy();
    for (const needle of [leaver.user.email, leaver.member.lastName, leaver.member.membershipNumber]) {
      expect(`${entry.details} ${entry.actor_label}`.toLowerCase()).not.toContain(needle.toLowerCase());
    }
    expectError(await http.post(erase(leaver.member.documentId)).set(bearer(w.staff.token)).send({}), 409, 'déjà effacées');
  });

  it('leaves the address, name and number nowhere but the dues’ accounting record', async () => {
    const found = await whereFound([leaver.user.email, leaver.member.lastName, leaver.member.membershipNumber]);
    expect(found).toEqual(['membership_dues.payer']);
    const profile = await strapi.db.query('plugin::membership.member').findOne({ where: { id: leaver.member.id } });
    expect(profile).toMatchObject({
      firstName: 'Ancien', lastName: 'adhérent', membershipNumber: `EFF-${leaver.member.id}`, phone: null, erasedOn: today(), leftOn: today(),
      socioProfessionalCategory: null, socioProfessionalConsentedAt: null, socioProfessionalConsentVersion: null,
    });
    const account = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: leaver.user.id } });
    expect(account).toMatchObject({ blocked: true, email: `efface-${leaver.member.documentId.toLowerCase()}@adherent.invalid` });
  });

  it('blanks the audit entries about them or written by them, and the chain still verifies', async () => {
    const knex = strapi.db.connection;
    const rows = await knex('audit_log').select('seq', 'actor_label', 'details', 'action', 'redacted_by');
    const needles = [leaver.user.email, leaver.member.lastName, leaver.member.membershipNumber, `${leaver.member.firstName} ${leaver.member.lastName}`].map((n) => n.toLowerCase());
    for (const row of rows) {
      for (const needle of needles) expect(`${row.actor_label} ${row.details}`.toLowerCase(), `entry ${row.seq}`).not.toContain(needle);
    }
    // Their departure (recorded about them, naming nobody) is kept as it was; what their account wrote is blanked.
    const about = await auditEntriesFor(leaver.member.documentId);
    const departure = about.find((e: any) => e.action === 'plugin::membership.member.depart');
    expect(departure.redacted_by).toBeNull();
    expect(JSON.parse(departure.details).reason).toBe('Démission par courrier');
    const theirs = await knex('audit_log').where({ actor_kind: 'user', actor_id: leaver.user.id }).whereNot({ action: 'plugin::membership.member.erase' });
    expect(theirs.length).toBeGreaterThan(0);
    for (const entry of theirs) {
      expect(entry.actor_label).toBe('ancien adhérent (effacé)');
      const vouch = await knex('audit_log').where({ seq: entry.redacted_by }).first();
      expect(vouch.action).toBe('plugin::audit.entry.redact');
      expect(JSON.parse(vouch.details).entries).toEqual(expect.arrayContaining([expect.objectContaining({ seq: entry.seq, hash: entry.hash })]));
    }
    const [erased] = about.filter((e: any) => e.action === 'plugin::membership.member.erase');
    expect(JSON.parse(erased.details).parts.audit.entriesRedacted).toBeGreaterThanOrEqual(2);
    const res = await (await api()).get('/api/audit/verify').set(bearer(w.national.token));
    expect(res.body.data, JSON.stringify(res.body.data)).toMatchObject({ valid: true, firstBreak: null });
  });

  it('keeps the consultation’s provenance, counts and results exactly as they were', async () => {
    const http = await api();
    for (const path of reads) {
      const res = await http.get(`/api/consultations/${consultation}${path}`).set(bearer(w.staff.token));
      expect(res.status).toBe(200);
      expect(res.body, path).toEqual(before[path]);
    }
    const contributions = await http.get(`/api/consultations/${consultation}/contributions`).set(bearer(w.staff.token));
    const theirs = contributions.body.data.find((c: any) => c.title === 'Des réunions en soirée');
    expect(theirs.author).toMatchObject({ label: 'Contribution d’un ancien adhérent', formerMember: true, lastName: 'adhérent', membershipNumber: null, section: null });
    expect(theirs.proposal).not.toBeNull();
  });
});

describe('erasing a member who acted as staff', () => {
  it('leaves their name and address in no other plugin’s rows: the checks, designations, criteria, censuses and imports they made name « Ancien adhérent (Équipe fédérale) »', async () => {
    const http = await api();
    const ok = (res: { status: number; body: any }, status = 200) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.data;
    };
    const clerk = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    const candidate = await createMember({ federation: w.federation, section: w.sectionA });
    const switches = strapi.plugin('modules').service('switches');
    for (const module of ['investitures', 'skills']) await switches.set(w.federation.id, module, true);
    const I = '/api/investitures';
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    // Investitures: a designation they created, a check they made, criteria they saved.
    const d = ok(await http.post(`${I}/designations`).set(bearer(clerk.token)).send({ title: 'Premier secrétariat fédéral', kind: 'premier-secretaire-federal', decidedBy: 'body', candidaciesOpenOn: day(-5), candidaciesCloseOn: day(5), checksBy: day(10), decisionOn: day(20) }), 201);
    const c = ok(await http.post(`${I}/designations/${d.documentId}/candidacies`).set(bearer(candidate.token)).send({ statement: 'Ma candidature.' }), 201);
    ok(await http.post(`${I}/candidacies/${c.documentId}/checks/standing`).set(bearer(clerk.token)).send({}));
    const name = `${clerk.member.firstName} ${clerk.member.lastName} (Équipe fédérale)`;
    const standing = () => http.get(`${I}/candidacies/${c.documentId}`).set(bearer(candidate.token)).then((res) => ok(res).criteria.find((x: any) => x.key === 'standing'));
    expect((await standing()).checkedBy).toBe(name);
    const kinds = ok(await http.get(`${I}/criteria`).set(bearer(clerk.token))).kinds;
    ok(await http.put(`${I}/criteria/sieges-instance`).set(bearer(clerk.token)).send(kinds.find((k: any) => k.kind === 'sieges-instance').criteria));
    // Skills: a census they opened. Membership: an import they started.
    ok(await http.post('/api/skills/censuses').set(bearer(clerk.token)).send({ title: 'Recensement des talents', closesOn: '2099-01-01' }), 201);
    const file = join(mkdtempSync(join(tmpdir(), 'erasure-clerk-')), 'nouveaux.csv');
    writeFileSync(file, `N° adhérent;Nom;Prénom;E-mail;Date d’adhésion\nT-CLERK-1;Durand;Jeanne;jeanne.durand.${Date.now()}@test.intranet;01/02/2020\n`);
    const job = ok(await http.post('/api/membership/imports').set(bearer(clerk.token)).attach('file', file), 201);
    const needles = [clerk.user.email, clerk.member.lastName, clerk.member.membershipNumber];
    expect(await whereFound(needles)).toEqual(expect.arrayContaining(['investitures_candidacies.checks', 'investitures_designations.created_by_label', 'investitures_criteria_configs.updated_by_label', 'skills_censuses.created_by', 'membership_import_jobs.actor']));

    ok(await http.post(depart(clerk.member.documentId)).set(bearer(w.national.token)).send({ on: today(), reason: 'Démission par courrier' }));
    const { parts } = ok(await http.post(erase(clerk.member.documentId)).set(bearer(w.national.token)).send({}));
    expect(parts.investitures).toMatchObject({ checksUnsigned: 1, designationsUnsigned: 1, criteriaUnsigned: 1 });
    expect(parts.skills).toMatchObject({ censusesAnonymised: 1 });
    expect(parts.membership).toMatchObject({ importJobs: 1 });

    expect(await whereFound(needles)).toEqual(['membership_dues.payer']);
    expect((await standing()).checkedBy).toBe('Ancien adhérent (Équipe fédérale)');
    const designation = await strapi.db.query('plugin::investitures.designation').findOne({ where: { documentId: d.documentId } });
    expect(designation).toMatchObject({ createdByLabel: 'Ancien adhérent (Équipe fédérale)', createdByMember: null });
    const census = await strapi.db.connection('skills_censuses').where({ title: 'Recensement des talents' }).first();
    expect(census.created_by).toBe('Ancien adhérent (Équipe fédérale)');
    const { actor } = await strapi.db.query('plugin::membership.import-job').findOne({ where: { documentId: job.id } });
    expect(actor).toEqual({ kind: actor.kind, userId: clerk.user.id, label: 'Ancien adhérent (Équipe fédérale)', role: 'federation-staff', memberId: null, memberDocumentId: null, federationId: w.federation.id, sectionId: w.sectionA.id, status: 'active' });
    expect(actor.kind ?? 'user').toBe('user');
  });
});

describe('a member asks for their own erasure', () => {
  it('records their departure today, closes the account at once (202) and erases just after the answer; they cannot sign in any more', async () => {
    const http = await api();
    const asker = await createMember({ federation: w.federation, section: w.sectionB, password: 'Mot-de-passe-1' });
    const res = await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER', password: 'Mot-de-passe-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.data).toMatchObject({ state: 'recorded', requestedOn: today() });
    expect((await http.post(SELF).set(bearer(asker.token)).send({ confirmation: 'EFFACER', password: 'Mot-de-passe-1' })).status).toBe(401);
    let profile: any;
    for (let i = 0; i < 150; i += 1) {
      profile = await strapi.db.query('plugin::membership.member').findOne({ where: { id: asker.member.id } });
      if (profile.erasedOn) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(profile).toMatchObject({ lastName: 'adhérent', leftOn: today(), erasedOn: today() });
    const [entry] = (await auditEntriesFor(asker.member.documentId)).filter((e: any) => e.action === 'plugin::membership.member.erase');
    expect(entry.actor_label).toBe('ancien adhérent (à sa demande)');
    expect(JSON.parse(entry.details)).toMatchObject({ reason: 'request' });
    expect(await whereFound([asker.user.email, asker.member.lastName])).toEqual(expect.not.arrayContaining(['membership_members.last_name', 'up_users.email']));
  });
});

describe('the retention job', () => {
  it('erases members who left more than the period ago, purges old rows; a dry run changes nothing', async () => {
    const old = await createMember({ federation: w.federation, joinedOn: '2015-03-01' });
    const recent = await createMember({ federation: w.federation, joinedOn: '2015-03-01' });
    await strapi.db.query('plugin::membership.member').update({ where: { id: old.member.id }, data: { leftOn: '2021-06-30' } });
    await strapi.db.query('plugin::membership.member').update({ where: { id: recent.member.id }, data: { leftOn: '2025-06-30' } });
    const knex = strapi.db.connection;
    const longAgo = Date.now() - 400 * 86_400_000;
    await knex('notifications_messages').insert({
      event_key: 'test:old', recipient_key: `m${w.memberB.member.id}`, kind: 'test', member_id: w.memberB.member.id, user_id: null, federation_id: null, email: null,
      title: 'Ancienne notification', link: null, payload: '{}', in_inbox: true, email_status: 'none', attempts: 0, available_at: longAgo, created_at: longAgo,
    });
    const later = new Date(Date.now() + 40 * 86_400_000); // past the import rows' 30 days

    const dry = await retention.applyRetention(strapi, { now: later, dryRun: true });
    expect(dry.members).toContain(old.member.documentId);
    expect(dry.members).not.toContain(recent.member.documentId);
    expect(dry.purged.find((p) => p.source === 'notifications')?.counts.messages).toBeGreaterThanOrEqual(1);
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: old.member.id } })).erasedOn).toBeNull();

    const run = await retention.applyRetention(strapi, { now: later });
    expect(run.failed).toEqual({});
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: old.member.id } })).erasedOn).not.toBeNull();
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: recent.member.id } })).erasedOn).toBeNull();
    expect(await knex('notifications_messages').where({ event_key: 'test:old' }).first()).toBeUndefined();
    const [entry] = await knex('audit_log').where({ action: 'plugin::membership.retention.apply' }).orderBy('seq', 'desc');
    expect(JSON.parse(entry.details)).toMatchObject({ erased: 1, failed: 0 });
    const again = await retention.applyRetention(strapi, { now: later, dryRun: true });
    expect(again.members).not.toContain(old.member.documentId);
  });
});

describe('exclusion traces’ period', () => {
  it('the job deletes traces older than EXCLUSION_TRACE_YEARS (5) and keeps the others; a dry run counts them', async () => {
    const knex = strapi.db.connection;
    const tag = Date.now().toString(16).padStart(16, '0');
    const hash = (n: number) => `${tag}${String(n).padStart(48, '0')}`; // 64 hex characters, ours only
    const now = new Date();
    const { todayInParis } = load('@intranet-militant/shared') as typeof import('@intranet-militant/shared');
    const { yearsBefore } = load('../dist/server/services/erasure.js') as typeof import('../server/src/services/erasure');
    const limit = yearsBefore(todayInParis(now), 5); // the day 5 years ago (Paris)
    const shift = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    await knex('membership_exclusion_traces').insert([
      { email_hash: hash(1), number_hash: hash(2), excluded_on: shift(limit, -1), federation_id: null }, // 5 years and a day
      { email_hash: hash(3), number_hash: hash(4), excluded_on: limit, federation_id: null }, // exactly 5 years: due
      { email_hash: hash(5), number_hash: hash(6), excluded_on: shift(limit, 1), federation_id: null }, // a day short
    ]);
    const ours = async () => (await knex('membership_exclusion_traces').whereIn('email_hash', [hash(1), hash(3), hash(5)]).select('email_hash')).map((r: any) => r.email_hash).sort();

    const dry = await retention.applyRetention(strapi, { now, dryRun: true });
    expect(dry.purged.find((p) => p.source === 'membership')?.counts.exclusionTraces).toBeGreaterThanOrEqual(2);
    expect(await ours()).toEqual([hash(1), hash(3), hash(5)]);

    const run = await retention.applyRetention(strapi, { now });
    expect(run.purged.find((p) => p.source === 'membership')?.counts.exclusionTraces).toBeGreaterThanOrEqual(2);
    expect(await ours()).toEqual([hash(5)]);
  });
});

describe('the retention table', () => {
  it('is the README’s: every rule of every installed plugin is listed there with its period', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const { retentionTable } = load('@intranet-militant/shared') as typeof import('@intranet-militant/shared');
    const table = retentionTable(strapi as any);
    expect(table.map((r) => r.id)).toEqual(expect.arrayContaining(['membership.profile', 'membership.dues', 'membership.import-rows', 'membership.exclusion-traces', 'consultations.voters', 'consultations.rolls', 'notifications.messages', 'audit.log']));
    for (const rule of table) expect(readme, rule.id).toContain(`| \`${rule.id}\` | ${rule.what} | ${rule.period} | ${rule.then} | ${rule.basis} |`);
  });
});

describe('« Mes données »: the notifications part', () => {
  it('lists preferences and whether a calendar address exists, never its secret', async () => {
    const member = w.memberB;
    const { url } = await strapi.plugin('notifications').service('calendar').issue(member.member.id);
    const part = await strapi.plugin('notifications').service('personal-data').personalData({ memberId: member.member.id, memberDocumentId: member.member.documentId, userId: member.user.id });
    expect(part.source).toBe('notifications');
    const agenda = part.sections.find((s: any) => s.title === 'Agenda');
    expect(agenda.rows[0]['Adresse d’agenda créée']).toBe(true);
    const token = new URL(url).searchParams.get('token') ?? url.split('/').pop();
    expect(JSON.stringify(part)).not.toContain(token);
  });
});
