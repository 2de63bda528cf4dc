import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../support/factories';
import { bearer } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { staffReadableTypes } from '../../src/admin-doors/staff';

/**
 * What the Content Manager answers federation staff: only the fields their role reads. Strapi
 * sends every `visible: false` attribute to any reader and applies field permissions to the
 * fields it lists; the doors strip the rest from every answer, at every depth: a member's
 * socio-professional category (shared with the member's consent, for aggregates only), an
 * erased member's payer on their dues (the accounting record, visible to no one in the
 * intranet), the copies that serve the scope (`federationCode`, `memberYear`…).
 */
let w: World;
let staff: string;
let superToken: string;
let roleId: number;
let consenting: TestMember;
let leaver: TestMember;
let payer: string;
let leaverDue: string;
const CM = '/content-manager/collection-types';
const MEMBER = 'plugin::membership.member';
const DUE = 'plugin::membership.due';
const SOCIO = ['socioProfessionalCategory', 'socioProfessionalConsentedAt', 'socioProfessionalConsentVersion'];
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

beforeAll(async () => {
  const strapi = await bootStrapi();
  w = await createWorld();
  roleId = await federationStaffRole(w.federation.departmentCode);
  staff = await adminToken(`answers.${w.federation.departmentCode.toLowerCase()}@admin.test`, [roleId]);
  superToken = await adminToken(`answers.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
  const http = await api();
  consenting = await createMember({ federation: w.federation, section: w.sectionA });
  const consent = await http.put('/api/membership/me/socio-professional').set(bearer(consenting.token)).send({ category: 'cadres', consent: true });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);
  // A member who left and whose data was erased: their dues keep who paid.
  leaver = await createMember({ federation: w.federation, section: w.sectionA });
  const depart = await http.post(`/api/membership/members/${leaver.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' });
  expect(depart.status, JSON.stringify(depart.body)).toBe(200);
  const erase = await http.post(`/api/membership/members/${leaver.member.documentId}/erasure`).set(bearer(w.staff.token)).send({});
  expect(erase.status, JSON.stringify(erase.body)).toBe(200);
  const due = await strapi.db.query(DUE).findOne({ where: { member: { id: leaver.member.id } } });
  expect(due.payer).toContain(leaver.member.membershipNumber);
  payer = due.payer;
  leaverDue = due.documentId;
}, 240_000);

describe('a member’s socio-professional category, shared with consent', () => {
  it('is in no Content Manager answer to staff: the entry, the list view, a due’s populated member', async () => {
    const http = await api();
    const one = await http.get(`${CM}/${MEMBER}/${consenting.member.documentId}`).set(bearer(staff));
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.data).toMatchObject({ documentId: consenting.member.documentId, lastName: consenting.member.lastName });
    for (const field of [...SOCIO, 'federationCode']) expect(one.body.data).not.toHaveProperty(field);
    expect(JSON.stringify(one.body)).not.toContain('cadres');

    const list = await http.get(`${CM}/${MEMBER}?page=1&pageSize=100&sort=lastName:ASC`).set(bearer(staff));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.results.map((m: any) => m.documentId)).toContain(consenting.member.documentId);
    expect(JSON.stringify(list.body)).not.toMatch(/socioProfessional|"cadres"|federationCode/);

    const strapi = await bootStrapi();
    const due = await strapi.db.query(DUE).findOne({ where: { member: { id: consenting.member.id } } });
    const nested = await http.get(`${CM}/${DUE}/${due.documentId}?populate[member]=true`).set(bearer(staff));
    expect(nested.status, JSON.stringify(nested.body)).toBe(200);
    expect(nested.body.data.member).toMatchObject({ documentId: consenting.member.documentId });
    expect(JSON.stringify(nested.body)).not.toMatch(/socioProfessional|"cadres"|federationCode|memberYear/);
  });
});

describe('an erased member’s dues', () => {
  it('never show the payer to staff: not on the due, nor listed by member, nor under the member', async () => {
    const http = await api();
    const answers = [
      await http.get(`${CM}/${DUE}/${leaverDue}`).set(bearer(staff)),
      await http.get(`${CM}/${DUE}?filters[member][documentId][$eq]=${leaver.member.documentId}`).set(bearer(staff)),
      await http.get(`${CM}/${DUE}?page=1&pageSize=100`).set(bearer(staff)),
      await http.get(`${CM}/${MEMBER}/${leaver.member.documentId}?populate[dues]=true`).set(bearer(staff)),
      await http.post(`${CM}/${DUE}/actions/bulkFindForValidation`).set(bearer(staff)).send({ documentIds: [leaverDue] }),
    ];
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(payer);
      expect(JSON.stringify(res.body)).not.toMatch(/"payer"|memberYear|federationCode/);
    }
    expect(answers[1].body.results.map((d: any) => d.documentId)).toEqual([leaverDue]);
  });

  it('are not found by searching the payer’s name (the list search looks into readable fields only)', async () => {
    const http = await api();
    const res = await http.get(`${CM}/${DUE}?page=1&pageSize=100&_q=${encodeURIComponent(leaver.member.membershipNumber)}`).set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((d: any) => d.documentId)).not.toContain(leaverDue);
    // The search still finds by what staff read.
    const byName = await http.get(`${CM}/${MEMBER}?page=1&pageSize=100&_q=${encodeURIComponent(consenting.member.lastName)}`).set(bearer(staff));
    expect(byName.body.results.map((m: any) => m.documentId)).toContain(consenting.member.documentId);
  });
});

describe('the rule is the role’s read permission', () => {
  it('no answer to staff, for any type they read, holds an attribute their role’s read permission leaves out', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const permissions = await strapi.db.query('admin::permission').findMany({ where: { role: { id: roleId }, action: 'plugin::content-manager.explorer.read' } });
    const system = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'firstPublishedAt']);
    const leaks: string[] = [];
    let checked = 0;
    for (const uid of staffReadableTypes(strapi)) {
      const permission = permissions.find((p: any) => p.subject === uid);
      expect(permission, uid).toBeTruthy();
      const readable = new Set<string>((permission.properties?.fields ?? []).map((f: string) => f.split('.')[0]));
      const attributes = (strapi.contentTypes as any)[uid].attributes as Record<string, unknown>;
      const list = await http.get(`${CM}/${uid}?page=1&pageSize=20`).set(bearer(staff));
      expect(list.status, `${uid} ${JSON.stringify(list.body)}`).toBe(200);
      const entries = [...list.body.results];
      if (entries[0]) {
        const one = await http.get(`${CM}/${uid}/${entries[0].documentId}`).set(bearer(staff));
        expect(one.status, `${uid} ${JSON.stringify(one.body)}`).toBe(200);
        entries.push(one.body.data);
      }
      for (const entry of entries) {
        checked += 1;
        for (const key of Object.keys(entry)) if (key in attributes && !system.has(key) && !readable.has(key)) leaks.push(`${uid}.${key}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect([...new Set(leaks)]).toEqual([]);
  });
});

describe('national admins', () => {
  it('keep what Strapi answers them (the login account, other federations), all but what nobody reads', async () => {
    const http = await api();
    const member = await http.get(`${CM}/${MEMBER}/${w.otherMember.member.documentId}?populate[user][fields][0]=email`).set(bearer(superToken));
    expect(member.status, JSON.stringify(member.body)).toBe(200);
    expect(member.body.data.user.email).toBe(w.otherMember.user.email);
    expect(member.body.data).toHaveProperty('lastName', w.otherMember.member.lastName);
    // `private` and `visible: false`: the erased member's payer, the consented category and its
    // consent, the scope copies — in no Content Manager answer, to national admins either.
    const answers = [
      await http.get(`${CM}/${DUE}/${leaverDue}?populate[member]=true`).set(bearer(superToken)),
      await http.get(`${CM}/${DUE}?page=1&pageSize=100&filters[member][documentId][$eq]=${leaver.member.documentId}`).set(bearer(superToken)),
      await http.get(`${CM}/${MEMBER}/${consenting.member.documentId}?populate[dues]=true`).set(bearer(superToken)),
      await http.get(`${CM}/${MEMBER}?page=1&pageSize=10&filters[documentId][$eq]=${consenting.member.documentId}`).set(bearer(superToken)),
    ];
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(payer);
      expect(JSON.stringify(res.body)).not.toMatch(/"payer"|socioProfessional|"cadres"|federationCode|memberYear/);
    }
    expect(answers[0].body.data).toMatchObject({ documentId: leaverDue, member: { documentId: leaver.member.documentId } });
    expect(answers[3].body.results.map((m: any) => m.documentId)).toEqual([consenting.member.documentId]);
  });

  it('never open a type hidden from the Content Manager that its screens do not reach: as absent as an unknown one, for staff too', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const absent = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Contenu introuvable.', details: {} } };
    // A row to find in each of two of them: an admin session, and a member's « Mes données » export.
    const session = await strapi.db.query('admin::session').findOne({ where: {} });
    expect(session?.documentId).toBeTruthy();
    const asked = await http.post('/api/membership/me/export').set(bearer(consenting.token)).send({});
    expect(asked.status, JSON.stringify(asked.body)).toBeLessThan(300);
    const dump = await strapi.db.query('plugin::membership.data-export').findOne({ where: {} });
    expect(dump?.documentId).toBeTruthy();
    const closed = ['plugin::skills.profile', 'plugin::sanctions.case', 'plugin::membership.data-export', 'plugin::training.quiz-attempt', 'plugin::events.registration', 'admin::session', 'admin::api-token'];
    for (const token of [superToken, staff]) {
      const probes = [
        ...closed.map((uid) => http.get(`${CM}/${uid}?page=1&pageSize=10`)),
        http.get(`${CM}/admin::session/${session.documentId}`),
        http.get(`${CM}/plugin::membership.data-export/${dump.documentId}`),
        http.put(`${CM}/plugin::skills.profile/zzzzzzzzzzzzzzzzzzzzzzzz`).send({ listed: true }),
        http.post(`${CM}/plugin::sanctions.case`).send({ facts: 'x' }),
      ];
      for (const probe of probes) {
        const res = await probe.set(bearer(token));
        expect({ url: res.request.url, status: res.status, body: res.body }).toEqual({ url: res.request.url, status: 404, body: absent });
      }
    }
    // What the panel's screens reach through a hidden type still answers: an account's role picker, an entry's authors.
    const roles = await http.get('/content-manager/relations/plugin::users-permissions.user/role').set(bearer(superToken));
    expect(roles.status, JSON.stringify(roles.body)).toBe(200);
    expect(roles.body.results.length).toBeGreaterThan(0);
    const member = await http.get(`${CM}/${MEMBER}/${consenting.member.documentId}`).set(bearer(superToken));
    expect(member.status, JSON.stringify(member.body)).toBe(200);
  });

  it('do not find an erased member’s dues by the payer’s name either', async () => {
    const http = await api();
    const res = await http.get(`${CM}/${DUE}?page=1&pageSize=100&_q=${encodeURIComponent(leaver.member.membershipNumber)}`).set(bearer(superToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((d: any) => d.documentId)).not.toContain(leaverDue);
  });

  it('may not filter, sort, select or populate on what nobody reads: 403 in French, not an oracle', async () => {
    const http = await api();
    const prefix = encodeURIComponent(payer.slice(0, 4));
    const probes = [
      `${CM}/${DUE}?page=1&pageSize=10&filters[payer][$startsWith]=${prefix}`,
      `${CM}/${DUE}?page=1&pageSize=10&filters[$or][0][payer][$null]=false`,
      `${CM}/${DUE}?page=1&pageSize=10&sort=payer:ASC`,
      `${CM}/${MEMBER}?page=1&pageSize=10&filters[dues][payer][$containsi]=${prefix}`,
      `${CM}/${MEMBER}?page=1&pageSize=10&filters[socioProfessionalCategory][$eq]=cadres`,
      `${CM}/${MEMBER}/${consenting.member.documentId}?populate[dues][fields][0]=payer`,
      `${CM}/${DUE}/${leaverDue}?fields[0]=payer`,
    ];
    for (const probe of probes) {
      const res = await http.get(probe).set(bearer(superToken));
      expect(res.status, `${probe} ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body.error.message).toMatch(/n’est lisible par personne dans le panneau d’administration/);
      expect(JSON.stringify(res.body)).not.toContain(payer);
    }
    // A shape the database would choke on answers 400 to them too, never 500.
    const bad = await http.get(`${CM}/${DUE}?page=1&pageSize=10&filters[amountCents][$eq]=beaucoup`).set(bearer(superToken));
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.error.message).toMatch(/nombre entier/);
    // What they may read still filters and sorts.
    const fine = await http.get(`${CM}/${DUE}?page=1&pageSize=10&sort=year:DESC&filters[member][documentId][$eq]=${leaver.member.documentId}`).set(bearer(superToken));
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect(fine.body.results.map((d: any) => d.documentId)).toContain(leaverDue);
  });
});
