import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { adminToken, federationStaffRole, superAdminRole } from '../../../tests/support/admin';
import { bearer, expectError } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';

/**
 * The status action of a member's page in the admin panel (issue 23: the Content Manager
 * shows the status read-only; a clear action leads to the command): the same rules as
 * `POST /api/membership/members/:id/status`.
 */
let w: World;
let staff: string;
let otherStaff: string;
let author: string;
let own: string;
let national: string;
const path = (documentId: string) => `/membership/members/${documentId}/status`;
const tomorrowPlus = parisDay;

beforeAll(async () => {
  w = await createWorld();
  const strapi = await bootStrapi();
  const code = w.federation.departmentCode;
  staff = await adminToken(`statut.${code.toLowerCase()}@admin.test`, [await federationStaffRole(code)]);
  otherStaff = await adminToken(`statut.autre.${code.toLowerCase()}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
  const authorRole = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } });
  author = await adminToken(`statut.auteur.${code.toLowerCase()}@admin.test`, [authorRole.id]);
  // The staff member's own admin-panel account: the same address as their login account.
  own = await adminToken(w.staff.user.email, [await federationStaffRole(code)]);
  national = await adminToken(`statut.national.${code.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('the status action in the admin panel', () => {
  it('answers 401 without an admin session, 403 without the permission', async () => {
    const http = await api();
    expect((await http.post(path(w.member.member.documentId)).send({ status: 'suspended', reason: 'Test' })).status).toBe(401);
    expect((await http.post(path(w.member.member.documentId)).set(bearer(w.staff.token)).send({ status: 'suspended', reason: 'Test' })).status).toBe(401); // a portal token is no admin session
    expectError(await http.post(path(w.member.member.documentId)).set(bearer(author)).send({ status: 'suspended', reason: 'Test' }), 403);
  });

  it('hides another federation’s member (404 as unknown), refuses one’s own profile and a member of one’s rank, in French', async () => {
    const http = await api();
    // Another federation's member answers as an unknown id: 404, the same body.
    const unknown = await http.post(path('zzzzzzzzzzzzzzzzzzzzzzzz')).set(bearer(otherStaff)).send({ status: 'suspended', reason: 'Test' });
    expectError(unknown, 404, 'Adhérent introuvable.');
    const outside = await http.post(path(w.member.member.documentId)).set(bearer(otherStaff)).send({ status: 'suspended', reason: 'Test' });
    expect({ status: outside.status, body: outside.body }).toEqual({ status: unknown.status, body: unknown.body });
    expectError(await http.post(path(w.staff.member.documentId)).set(bearer(own)).send({ status: 'suspended', reason: 'Test' }), 403, 'votre propre statut');
    expectError(await http.post(path(w.staff.member.documentId)).set(bearer(staff)).send({ status: 'excluded', reason: 'Test' }), 403);
    await expect((await bootStrapi()).db.query('plugin::membership.member').findOne({ where: { id: w.staff.member.id } })).resolves.toMatchObject({ membershipStatus: 'active' });
  });

  it('refuses bad input with a French 400 and an unknown member with a 404', async () => {
    const http = await api();
    expectError(await http.post(path(w.member.member.documentId)).set(bearer(staff)).send({ status: 'paused', reason: 'Test' }), 400, 'Statut inconnu');
    expectError(await http.post(path(w.member.member.documentId)).set(bearer(staff)).send({ status: 'excluded', reason: 'Test', until: tomorrowPlus(3) }), 400, 'ne s’applique qu’à une suspension');
    expectError(await http.post(path(w.member.member.documentId)).set(bearer(staff)).send({ status: 'suspended', reason: 'Test', admin: true }), 400, 'Champ inconnu');
    expectError(await http.post(path('inconnu123')).set(bearer(staff)).send({ status: 'suspended', reason: 'Test' }), 404, 'Adhérent introuvable');
  });

  it('suspends and reinstates a member of the federation, audited as an admin-panel action', async () => {
    const http = await api();
    const until = tomorrowPlus(30);
    const res = await http.post(path(w.member.member.documentId)).set(bearer(staff)).send({ status: 'suspended', reason: 'Propos injurieux en réunion', until });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'suspended', suspendedUntil: until });
    expectError(await http.post(path(w.member.member.documentId)).set(bearer(staff)).send({ status: 'suspended', reason: 'Encore', until }), 409, 'déjà suspendu');
    const strapi = await bootStrapi();
    const entry = await strapi.db.connection('audit_log').where({ action: 'plugin::membership.member.suspend', subject_id: w.member.member.documentId }).first();
    expect(entry).toMatchObject({ actor_kind: 'admin' });
    expect(entry.actor_label).toContain('panneau d’administration');
    const back = await http.post(path(w.member.member.documentId)).set(bearer(national)).send({ status: 'active', reason: 'Fin anticipée' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.data.status).toBe('active');
  });
});
