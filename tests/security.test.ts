import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { auditEntriesFor, createFederation, createMember, createWorld, thisYear, type World } from './support/factories';
import { bearer, expectError } from './support/expect';

/** The findings of the platform review, each held by a test. */
let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('officers never change someone of their rank or above', () => {
  it('a secretary cannot change a staff member’s email (account takeover)', async () => {
    const res = await (await api()).put(`/api/membership/members/${w.staff.member.documentId}`).set(bearer(w.secretary.token)).send({ email: 'pirate@exemple.fr' });
    expectError(res, 403);
  });

  it('staff cannot touch a national admin’s profile, nor the commission suspend staff', async () => {
    const national = await createMember({ federation: w.federation, section: w.sectionA, role: 'national-admin' });
    const http = await api();
    expectError(await http.put(`/api/membership/members/${national.member.documentId}`).set(bearer(w.staff.token)).send({ email: 'pirate@exemple.fr' }), 403, 'administration nationale');
    expectError(await http.post(`/api/membership/members/${national.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Coup de force' }), 403);
    expectError(await http.post(`/api/membership/members/${w.staff.member.documentId}/status`).set(bearer(w.commission.token)).send({ status: 'suspended', reason: 'Coup de force' }), 403);
  });

  it('nobody changes their own standing or records their own dues', async () => {
    const http = await api();
    const self = `/api/membership/members/${w.secretary.member.documentId}`;
    expectError(await http.put(self).set(bearer(w.secretary.token)).send({ joinedOn: '2001-01-01' }), 403, 'vous-même');
    expectError(await http.put(self).set(bearer(w.secretary.token)).send({ email: 'autre@exemple.fr' }), 403);
    expect((await http.put(self).set(bearer(w.secretary.token)).send({ phone: '06 00 00 00 00' })).status).toBe(200);
    expectError(
      await http.post(`${self}/dues`).set(bearer(w.secretary.token)).send({ year: thisYear() + 1, amountCents: 1, paidOn: `${thisYear()}-01-02`, method: 'especes' }),
      403,
      'propre cotisation'
    );
  });

  it('an email change closes the sessions opened with the old address and is audited with both', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA, password: 'Motdepasse-123' });
    const login = await http.post('/api/auth/local').send({ identifier: target.user.email, password: 'Motdepasse-123' });
    const res = await http.put(`/api/membership/members/${target.member.documentId}`).set(bearer(w.staff.token)).send({ email: `nouvelle.${target.user.email}` });
    expect(res.status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 401);
    const [entry] = await auditEntriesFor(target.member.documentId);
    expect(JSON.parse(entry.details).email).toEqual({ before: target.user.email, after: `nouvelle.${target.user.email}` });
  });

  it('a suspended officer acts as a plain member until the suspension ends', async () => {
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', status: 'suspended', suspendedUntil: `${thisYear() + 1}-01-01` });
    const http = await api();
    expectError(await http.get('/api/membership/members').set(bearer(officer.token)), 403);
    expect((await http.get('/api/documents').set(bearer(officer.token))).status).toBe(200);
  });

  it('excluding a member closes their admin-panel account too', async () => {
    const strapi = await bootStrapi();
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'section-secretary' });
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${w.federation.departmentCode}` } });
    await (strapi.service('admin::user') as any).create({ email: officer.user.email, firstname: 'A', lastname: 'B', password: 'Admin-Passw0rd!', isActive: true, roles: [role.id], registrationToken: null });
    const res = await (await api()).post(`/api/membership/members/${officer.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Décision du conseil' });
    expect(res.status).toBe(200);
    const admin = await strapi.db.query('admin::user').findOne({ where: { email: officer.user.email } });
    expect(admin.isActive).toBe(false);
  });
});

describe('an admin-panel account and its member profile keep one address', () => {
  const PASSWORD = 'Admin-Passw0rd!';
  async function officerWithPanel() {
    const strapi = await bootStrapi();
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${w.federation.departmentCode}` } });
    await (strapi.service('admin::user') as any).create({ email: officer.user.email, firstname: 'A', lastname: 'B', password: PASSWORD, isActive: true, roles: [role.id], registrationToken: null });
    const login = await (await api()).post('/admin/login').send({ email: officer.user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    return { officer, adminToken: login.body.data.token as string };
  }

  it('federation staff cannot change their own admin address (it would hide their own profile and escape an exclusion)', async () => {
    const strapi = await bootStrapi();
    const { officer, adminToken } = await officerWithPanel();
    const http = await api();
    const moved = await http.put('/admin/users/me').set(bearer(adminToken)).send({ email: `ailleurs.${officer.user.email}` });
    expectError(moved, 403, 'seule l’administration nationale la change');
    expect(await strapi.db.query('admin::user').count({ where: { email: officer.user.email } })).toBe(1);
    // The profile form sends the address unchanged: names and the rest still save.
    expect((await http.put('/admin/users/me').set(bearer(adminToken)).send({ email: officer.user.email.toUpperCase(), firstname: 'Aline' })).status).toBe(200);
    // Excluded, the account is closed: nothing was unlinked.
    expect((await http.post(`/api/membership/members/${officer.member.documentId}/status`).set(bearer(w.national.token)).send({ status: 'excluded', reason: 'Décision du conseil' })).status).toBe(200);
    expect((await strapi.db.query('admin::user').findOne({ where: { email: officer.user.email } })).isActive).toBe(false);
  });

  it('a national admin may correct an admin address', async () => {
    const strapi = await bootStrapi();
    const email = `super.${Date.now()}@admin.test`;
    const role = await (strapi.service('admin::role') as any).getSuperAdmin();
    await (strapi.service('admin::user') as any).create({ email, firstname: 'S', lastname: 'A', password: PASSWORD, isActive: true, roles: [role.id], registrationToken: null });
    const token = (await (await api()).post('/admin/login').send({ email, password: PASSWORD })).body.data.token;
    expect((await (await api()).put('/admin/users/me').set(bearer(token)).send({ email: `corrige.${email}` })).status).toBe(200);
  });

  it('a member’s address changed by staff takes their admin account along', async () => {
    const strapi = await bootStrapi();
    const { officer } = await officerWithPanel();
    const address = `nouvelle.${officer.user.email}`;
    expect((await (await api()).put(`/api/membership/members/${officer.member.documentId}`).set(bearer(w.national.token)).send({ email: address })).status).toBe(200);
    expect(await strapi.db.query('admin::user').count({ where: { email: officer.user.email } })).toBe(0);
    expect(await strapi.db.query('admin::user').count({ where: { email: address } })).toBe(1);
    expect((await (await api()).post('/admin/login').send({ email: address, password: PASSWORD })).status).toBe(200);
  });
});

describe('transfers and accounts', () => {
  it('writes a transfer in both federations’ logs', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const res = await (await api()).put(`/api/membership/members/${target.member.documentId}`).set(bearer(w.national.token)).send({ federation: w.other.documentId });
    expect(res.status).toBe(200);
    const entries = await auditEntriesFor(target.member.documentId);
    expect(entries.map((e: any) => [e.action, e.federation_id]).sort()).toEqual(
      [['plugin::membership.member.transfer-out', w.federation.id], ['plugin::membership.member.update', w.other.id]].sort()
    );
  });

  it('refuses two accounts with one address even when requests race (database index)', async () => {
    const http = await api();
    const email = `course.${Date.now()}@exemple.fr`;
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        http.post('/api/membership/members').set(bearer(w.staff.token)).send({
          firstName: 'Course', lastName: `N${i}`, email: i === 1 ? email.toUpperCase() : email,
          membershipNumber: `R-${Date.now().toString(36).toUpperCase()}-${i}`, joinedOn: '2024-01-01',
        })
      )
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::users-permissions.user').count({ where: { email: { $eqi: email } } })).toBe(1);
  });

  it('refuses two sections of one name in a federation even when requests race', async () => {
    const http = await api();
    const path = `/api/membership/federations/${w.federation.documentId}/sections`;
    const results = await Promise.all([0, 1, 2].map(() => http.post(path).set(bearer(w.staff.token)).send({ name: 'Le Vigan' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('answers « mot de passe oublié » the same way whether the address has an account or not', async () => {
    const http = await api();
    const known = await http.post('/api/auth/forgot-password').send({ email: w.member.user.email });
    const unknown = await http.post('/api/auth/forgot-password').send({ email: 'personne@exemple.fr' });
    expect([known.status, known.body]).toEqual([200, { ok: true }]);
    expect([unknown.status, unknown.body]).toEqual([200, { ok: true }]);
    expectError(await http.post('/api/auth/forgot-password').send({ email: 'pas-une-adresse' }), 400);
  });
});

describe('robustness', () => {
  it('refuses admin API tokens on the whole content API, Strapi’s own routes included (401, nothing changed)', async () => {
    const strapi = await bootStrapi();
    const token = await (strapi.service('admin::api-token') as any).create({ name: `jeton ${Date.now()}`, type: 'full-access', lifespan: null });
    const http = await api();
    const refused = 'Les jetons d’API ne sont pas acceptés : connectez-vous avec un compte de l’intranet.';
    expectError(await http.get('/api/membership/me').set(bearer(token.accessKey)), 401, refused);
    // users-permissions' and upload's content-API routes: a full-access token made any member a national admin, unaudited.
    expectError(await http.get('/api/users').set(bearer(token.accessKey)), 401, refused);
    const national = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'national-admin' } });
    expectError(await http.put(`/api/users/${w.memberB.user.id}`).set(bearer(token.accessKey)).send({ role: national.id, blocked: true }), 401, refused);
    expectError(await http.get('/api/upload/files').set(bearer(token.accessKey)), 401, refused);
    const account = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: w.memberB.user.id }, populate: { role: true } });
    expect(account.role.type).toBe('member');
    expect(account.blocked).not.toBe(true);
    // A member's own token still works.
    expect((await http.get('/api/membership/me').set(bearer(w.memberB.token))).status).toBe(200);
  });

  it('refuses NUL characters with a 400 (PostgreSQL cannot store them)', async () => {
    const http = await api();
    expectError(await http.get('/api/membership/members?q=%00abc').set(bearer(w.staff.token)), 400, 'q : Le texte contient un caractère non autorisé (caractère nul).');
    expectError(await http.put(`/api/membership/members/${w.memberB.member.documentId}`).set(bearer(w.staff.token)).send({ firstName: 'Jean\u0000' }), 400);
  });

  it('refuses an empty federation update with a 400', async () => {
    expectError(await (await api()).put(`/api/membership/federations/${w.federation.documentId}`).set(bearer(w.national.token)).send({}), 400, 'Aucune modification');
  });

  it('speaks French on users-permissions’ own validation errors', async () => {
    const res = await (await api()).post('/api/auth/local').send({});
    const error = expectError(res, 400, 'Données invalides.');
    expect(error.details.errors.map((e: any) => e.message)).toEqual(expect.arrayContaining(['L’identifiant est obligatoire.']));
  });

  it('shows a suspension past its end as active, and reinstating tidies the record', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA, status: 'suspended', suspendedUntil: '2020-01-31' });
    const list = await http.get(`/api/membership/members?status=active&q=${target.member.membershipNumber}`).set(bearer(w.staff.token));
    expect(list.body.data.map((m: any) => [m.documentId, m.status])).toEqual([[target.member.documentId, 'active']]);
    const back = await http.post(`/api/membership/members/${target.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'active', reason: 'Fin de suspension' });
    expect(back.status).toBe(200);
  });
});

describe('the server behind a proxy, CORS and uploads', () => {
  it('trusts the proxy’s headers when IS_PROXIED is set, and by default in production', async () => {
    const { env } = await import('@strapi/utils');
    const server = (await import('../config/server')).default;
    const saved = { IS_PROXIED: process.env.IS_PROXIED, NODE_ENV: process.env.NODE_ENV };
    try {
      process.env.IS_PROXIED = 'true';
      expect(server({ env }).proxy.koa).toBe(true);
      delete process.env.IS_PROXIED;
      process.env.NODE_ENV = 'production';
      expect(server({ env }).proxy.koa).toBe(true);
    } finally {
      Object.assign(process.env, saved);
      if (saved.IS_PROXIED === undefined) delete process.env.IS_PROXIED;
    }
  });

  it('answers browsers from other origins without CORS permission', async () => {
    const res = await (await api()).get('/api/membership/me').set(bearer(w.member.token)).set('Origin', 'https://pirate.example');
    expect(res.headers['access-control-allow-origin']).not.toBe('https://pirate.example');
  });

  it('serves uploads sandboxed; a refused address is neither cached nor saved as the file', async () => {
    // (A served file is a download: tests/admin-doors/media.test.ts reads one by its signed address.)
    const res = await (await api()).get('/uploads/inexistant.pdf');
    expect(res.status).toBe(403);
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('department code changes', () => {
  it('renames the federation’s admin role instead of leaving it to a future federation', async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const oldCode = federation.departmentCode;
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${oldCode}` } });
    const res = await (await api()).put(`/api/membership/federations/${federation.documentId}`).set(bearer(w.national.token)).send({ departmentCode: '99' });
    expect(res.status).toBe(200);
    const moved = await strapi.db.query('admin::role').findOne({ where: { id: role.id } });
    expect(moved.code).toBe('intranet-federation-99');
    expect(await strapi.db.query('admin::role').count({ where: { code: `intranet-federation-${oldCode}` } })).toBe(0);
  });
});
