import { beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, recordDues, thisYear, type TestMember, type World } from '../../../tests/support/factories';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { bearer, expectError } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';

/**
 * « What one may not see looks absent »: on every route that names a member (or one of their
 * dues) by id, a member the caller may not read — another federation's, another section's for
 * a secretary — answers exactly as an id that names nothing (same status, same body), before
 * any other check could tell them apart; a member the caller reads but may not act on still
 * answers 403 with the reason.
 */
let w: World;
/** Another federation's member who has left (the erasure would otherwise proceed). */
let leftElsewhere: TestMember;
/** A due of another federation's member. */
let dueElsewhere: string;
let adminStaff: string;
const UNKNOWN = 'zzzzzzzzzzzzzzzzzzzzzzzz';
const M = '/api/membership/members';
const today = () => parisDay(0);
const due = () => ({ year: thisYear(), amountCents: 3600, paidOn: `${thisYear()}-02-10`, method: 'cheque' });

beforeAll(async () => {
  w = await createWorld();
  const strapi = await bootStrapi();
  leftElsewhere = await createMember({ federation: w.other, section: w.otherSection });
  await strapi.db.query('plugin::membership.member').update({ where: { id: leftElsewhere.member.id }, data: { leftOn: parisDay(-3) } });
  dueElsewhere = ((await recordDues(w.otherMember.member, thisYear() - 1)) as { documentId: string }).documentId;
  adminStaff = await adminToken(`absents.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
});

type Send = (http: Awaited<ReturnType<typeof api>>, id: string) => any;
interface Route {
  route: string;
  send: Send;
  /** The caller and the member they may not read. */
  by: () => string;
  hidden: () => string;
}

const routes: Route[] = [
  { route: 'GET /members/:id', send: (h, id) => h.get(`${M}/${id}`), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'PUT /members/:id', send: (h, id) => h.put(`${M}/${id}`).send({ firstName: 'Pris' }), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'PUT /members/:id (secretary, another section)', send: (h, id) => h.put(`${M}/${id}`).send({ firstName: 'Pris' }), by: () => w.secretary.token, hidden: () => w.memberB.member.documentId },
  { route: 'POST /members/:id/status', send: (h, id) => h.post(`${M}/${id}/status`).send({ status: 'suspended', reason: 'Motif' }), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'PUT /members/:id/role', send: (h, id) => h.put(`${M}/${id}/role`).send({ role: 'elected-official' }), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'PUT /members/:id/role (a role they hold already)', send: (h, id) => h.put(`${M}/${id}/role`).send({ role: 'member' }), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'POST /members/:id/departure', send: (h, id) => h.post(`${M}/${id}/departure`).send({ on: today(), reason: 'Démission' }), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'POST /members/:id/departure (already left)', send: (h, id) => h.post(`${M}/${id}/departure`).send({ on: today(), reason: 'Démission' }), by: () => w.staff.token, hidden: () => leftElsewhere.member.documentId },
  { route: 'POST /members/:id/erasure (still a member)', send: (h, id) => h.post(`${M}/${id}/erasure`).send({}), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'POST /members/:id/erasure (has left)', send: (h, id) => h.post(`${M}/${id}/erasure`).send({}), by: () => w.staff.token, hidden: () => leftElsewhere.member.documentId },
  { route: 'GET /members/:id/eligibility', send: (h, id) => h.get(`${M}/${id}/eligibility`), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'GET /members/:id/dues', send: (h, id) => h.get(`${M}/${id}/dues`), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'POST /members/:id/dues', send: (h, id) => h.post(`${M}/${id}/dues`).send(due()), by: () => w.otherStaff.token, hidden: () => w.member.member.documentId },
  { route: 'POST /members/:id/dues (secretary, another section)', send: (h, id) => h.post(`${M}/${id}/dues`).send(due()), by: () => w.secretary.token, hidden: () => w.memberB.member.documentId },
  { route: 'POST /dues/:id/cancel', send: (h, id) => h.post(`/api/membership/dues/${id}/cancel`).send({ reason: 'Chèque rejeté' }), by: () => w.staff.token, hidden: () => dueElsewhere },
  { route: 'POST /membership/members/:id/status (admin panel)', send: (h, id) => h.post(`/membership/members/${id}/status`).send({ status: 'suspended', reason: 'Motif' }), by: () => adminStaff, hidden: () => w.otherMember.member.documentId },
];

const answer = (res: Response) => ({ status: res.status, body: res.body });

describe('a member the caller may not read answers as an unknown id', () => {
  it.each(routes)('$route: 404, the same status and body as an unknown documentId, and nothing changes', async ({ send, by, hidden }) => {
    const http = await api();
    const strapi = await bootStrapi();
    const before = await strapi.db.query('plugin::membership.member').findOne({ where: { documentId: hidden() }, populate: { user: { populate: ['role'] } } });
    const unknown = await send(http, UNKNOWN).set(bearer(by()));
    expectError(unknown, 404, /^(Adhérent|Cotisation) introuvable\.$/);
    const res = await send(http, hidden()).set(bearer(by()));
    expect(answer(res)).toEqual(answer(unknown));
    if (before) {
      const after = await strapi.db.query('plugin::membership.member').findOne({ where: { documentId: hidden() }, populate: { user: { populate: ['role'] } } });
      expect(after).toEqual(before);
    }
  });

  it('a cancelled due stays as it was', async () => {
    const row = await (await bootStrapi()).db.query('plugin::membership.due').findOne({ where: { documentId: dueElsewhere } });
    expect(row.cancelledOn).toBeNull();
  });
});

describe('a member the caller reads but may not act on still answers 403, with the reason', () => {
  it('their own profile and someone of their rank', async () => {
    const http = await api();
    const self = w.staff.member.documentId;
    expectError(await http.put(`${M}/${self}`).set(bearer(w.staff.token)).send({ joinedOn: '2019-01-01' }), 403, 'vous-même');
    expectError(await http.put(`${M}/${self}/role`).set(bearer(w.staff.token)).send({ role: 'member' }), 403, 'Vous ne pouvez pas changer votre propre rôle.');
    expectError(await http.post(`${M}/${self}/departure`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' }), 403, 'Mes données');
    expectError(await http.post(`${M}/${self}/erasure`).set(bearer(w.staff.token)).send({}), 403, 'Mes données');
    expectError(await http.post(`${M}/${self}/status`).set(bearer(w.staff.token)).send({ status: 'suspended', reason: 'Motif' }), 403, 'votre propre statut');
    expectError(await http.post(`${M}/${w.secretary.member.documentId}/dues`).set(bearer(w.secretary.token)).send(due()), 403, 'votre propre cotisation');
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    expectError(await http.put(`${M}/${officer.member.documentId}`).set(bearer(w.staff.token)).send({ phone: '01 02 03 04 05' }), 403, 'seule l’administration nationale');
    expectError(await http.post(`${M}/${officer.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' }), 403, 'seule l’administration nationale');
    expectError(await http.put(`${M}/${w.member.member.documentId}/role`).set(bearer(w.staff.token)).send({ role: 'national-admin' }), 403, 'administration nationale');
  });

  it('a section of another federation reads as an unknown section (400), not by its name', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const path = `${M}/${target.member.documentId}`;
    const unknown = await http.put(path).set(bearer(w.staff.token)).send({ section: UNKNOWN });
    expectError(unknown, 400, 'Section inconnue.');
    const elsewhere = await http.put(path).set(bearer(w.staff.token)).send({ section: w.otherSection.documentId });
    expect(answer(elsewhere)).toEqual(answer(unknown));
    const create = (section: string) =>
      http.post(M).set(bearer(w.staff.token)).send({
        firstName: 'Inès', lastName: 'Ailleurs', email: `ines.${Math.random().toString(36).slice(2, 8)}@exemple.fr`,
        membershipNumber: `S-${Math.random().toString(36).slice(2, 8).toUpperCase()}`, joinedOn: '2024-05-02', section,
      });
    const unknownOnCreate = await create(UNKNOWN);
    expectError(unknownOnCreate, 400, 'Section inconnue.');
    expect(answer(await create(w.otherSection.documentId))).toEqual(answer(unknownOnCreate));
    // A national admin reads every section: they are told whose it is.
    expectError(await http.put(path).set(bearer(w.national.token)).send({ section: w.otherSection.documentId }), 400, 'n’appartient pas à la fédération');
  });
});
