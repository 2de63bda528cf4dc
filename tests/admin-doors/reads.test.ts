import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';

/**
 * Issue 23, item 2: the Content Manager's reads at every depth. A federation staff member's
 * `populate`, `filters` and `sort` are checked along the whole relation path; login accounts
 * and roles are never reachable; helper routes answer 403/404, never 500.
 */
let w: World;
let staff: string;
let superToken: string;
let due: any;
const CM = '/content-manager/collection-types';
const DUE = 'plugin::membership.due';
const MEMBER = 'plugin::membership.member';

beforeAll(async () => {
  w = await createWorld();
  staff = await adminToken(`reads.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  superToken = await adminToken(`reads.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
  const strapi = await bootStrapi();
  due = await strapi.db.query(DUE).findOne({ where: { member: { id: w.member.member.id } } });
  expect(due).toBeTruthy();
});

describe('reads at every depth (federation staff)', () => {
  it('refuses a nested populate that reaches login accounts through a due’s member', async () => {
    const res = await (await api())
      .get(`${CM}/${DUE}/${due.documentId}?populate[member][populate][user][populate][role][populate][users]=*`)
      .set(bearer(staff));
    expectError(res, 403, 'member.user');
    expect(JSON.stringify(res.body)).not.toContain(w.member.user.email);
  });

  it('refuses every shape of populate reaching the account: string, array, star', async () => {
    const http = await api();
    for (const query of ['populate=member.user', 'populate[0]=member.user', 'populate[member][populate]=*', 'populate[member][populate][0]=user', 'populate[member][fields][0]=user']) {
      const res = await http.get(`${CM}/${DUE}/${due.documentId}?${query}`).set(bearer(staff));
      expectError(res, 403);
    }
  });

  it('refuses a filter used as an oracle on accounts’ emails, at any depth and inside $or/$not', async () => {
    const http = await api();
    for (const query of [
      `filters[member][user][email][$startsWith]=${encodeURIComponent(w.member.user.email.slice(0, 3))}`,
      'filters[$or][0][member][user][id][$gt]=0',
      'filters[$and][0][$not][member][user][blocked]=false',
      'filters[user][role][type][$eq]=member',
    ]) {
      const model = query.startsWith('filters[user]') ? MEMBER : DUE;
      expectError(await http.get(`${CM}/${model}?${query}`).set(bearer(staff)), 403);
    }
  });

  it('refuses sorting along a forbidden path', async () => {
    const http = await api();
    expectError(await http.get(`${CM}/${DUE}?sort=member.user.email:asc`).set(bearer(staff)), 403);
    expectError(await http.get(`${CM}/${DUE}?sort[0][member][user][email]=asc`).set(bearer(staff)), 403);
  });


  it('still lets staff read along allowed paths (a due’s member, a document’s category)', async () => {
    const http = await api();
    const res = await http.get(`${CM}/${DUE}/${due.documentId}?populate[member][fields][0]=lastName`).set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const list = await http.get(`${CM}/${DUE}?filters[member][lastName][$eq]=${encodeURIComponent(w.member.member.lastName)}&sort=member.lastName:asc`).set(bearer(staff));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.results.map((d: any) => d.documentId)).toContain(due.documentId);
  });

  it('accepts what the list view sends: status sort and filter, a relation’s main field, the author filter', async () => {
    const http = await api();
    for (const query of [
      'page=1&pageSize=10&sort=status:ASC',
      'filters[$and][0][__status][$eq]=published',
      `filters[$and][0][section][name][$eq]=${encodeURIComponent('Section A')}&sort=section.name:ASC`,
      'filters[$and][0][createdBy][id][$ne]=1',
    ]) {
      const res = await http.get(`${CM}/api::document.document?${query}`).set(bearer(staff));
      expect(res.status, `${query} ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('refuses a filter on an admin author’s email (a name is fine)', async () => {
    const http = await api();
    expectError(await http.get(`${CM}/api::document.document?filters[createdBy][email][$startsWith]=a`).set(bearer(staff)), 403);
    expectError(await http.get(`${CM}/api::document.document?filters[createdBy][roles][code][$startsWith]=a`).set(bearer(staff)), 403);
    expect((await http.get(`${CM}/api::document.document?filters[createdBy][id][$eq]=1`).set(bearer(staff))).status).toBe(200);
  });

  it('shows an entry’s author by name, without the author’s email', async () => {
    const http = await api();
    const created = await http.post(`${CM}/api::document.document`).set(bearer(superToken)).send({
      title: 'Note nationale pour la fédération', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await http.get(`${CM}/api::document.document/${created.body.data.documentId}`).set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.createdBy).toMatchObject({ firstname: 'Test', lastname: 'Admin' });
    expect(JSON.stringify(res.body)).not.toContain('reads.super.');
  });

  it('keeps full access for a national super admin', async () => {
    const res = await (await api())
      .get(`${CM}/${DUE}/${due.documentId}?populate[member][populate][user][fields][0]=email`)
      .set(bearer(superToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.member.user.email).toBe(w.member.user.email);
  });
});

describe('the Content Manager’s helper routes', () => {
  it('answers 403, not 500, for a relation field staff may not read', async () => {
    const http = await api();
    expectError(await http.get(`/content-manager/relations/${MEMBER}/user`).set(bearer(staff)), 403);
    expectError(await http.get(`/content-manager/relations/${MEMBER}/${w.member.member.documentId}/user`).set(bearer(staff)), 403);
    expectError(await http.get(`/content-manager/relations/plugin::users-permissions.user/role`).set(bearer(staff)), 403);
  });

  it('lists as relation candidates only entries staff may read', async () => {
    const res = await (await api()).get(`/content-manager/relations/${DUE}/member?pageSize=100&_q=`).set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.results.map((m: any) => m.documentId);
    expect(ids).toContain(w.member.member.documentId);
    expect(ids).not.toContain(w.otherMember.member.documentId);
  });

  it('answers a bulk lookup of another federation’s entries as one of unknown ids', async () => {
    const http = await api();
    const res = await http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).set(bearer(staff)).send({ documentIds: [w.otherMember.member.documentId] });
    const unknown = await http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).set(bearer(staff)).send({ documentIds: ['zzzzzzzzzzzzzzzzzzzzzzzz'] });
    expect([res.status, res.body]).toEqual([unknown.status, unknown.body]);
    expect(JSON.stringify(res.body)).not.toContain(w.otherMember.member.documentId);
    const own = await http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).set(bearer(staff)).send({ documentIds: [w.member.member.documentId] });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain(w.member.user.email);
  });

  it('counts over another federation’s entries as over unknown ones (404)', async () => {
    const res = await (await api()).get(`${CM}/${MEMBER}/actions/countManyEntriesDraftRelations?documentIds[0]=${w.otherMember.member.documentId}`).set(bearer(staff));
    expectError(res, 404, 'Contenu introuvable.');
  });

  it('refuses types staff cannot read at all', async () => {
    const http = await api();
    expectError(await http.get(`${CM}/plugin::users-permissions.user`).set(bearer(staff)), 403);
    expectError(await http.get(`${CM}/admin::user`).set(bearer(staff)), 403);
  });
});
