import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createMember, type TestMember } from './support/factories';
import { bearer, expectError } from './support/expect';

const PASSWORD = 'Un-mot-de-passe-solide-42';
let m: TestMember;
beforeAll(async () => {
  m = await createMember({ password: PASSWORD });
});

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

describe('login and sessions (users-permissions, refresh-token mode)', () => {
  it('logs in with a short-lived access token and a refresh token', async () => {
    const res = await (await api()).post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String), user: { email: m.user.email } });
    expect(res.body.user).not.toHaveProperty('password');
    const { exp, iat, type } = payloadOf(res.body.jwt);
    expect(type).toBe('access');
    expect(exp - iat).toBe(15 * 60);
    expect((await (await api()).get('/api/membership/me').set(bearer(res.body.jwt))).status).toBe(200);
  });

  it('refuses a wrong password with a French message', async () => {
    const res = await (await api()).post('/api/auth/local').send({ identifier: m.user.email, password: 'faux' });
    expectError(res, 400, 'Identifiant ou mot de passe incorrect.');
  });

  it('rotates the refresh token: the old one no longer works', async () => {
    const http = await api();
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    const first = login.body.refreshToken;
    const refreshed = await http.post('/api/auth/refresh').send({ refreshToken: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
    expect(refreshed.body.refreshToken).not.toBe(first);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: first }), 401, 'Session expirée');
  });

  it('logs out: the session’s refresh token is revoked', async () => {
    const http = await api();
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    const out = await http.post('/api/auth/logout').set(bearer(login.body.jwt)).send({});
    expect(out.status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 401);
  });

  it('answers 401 in French to a forged or expired token', async () => {
    const res = await (await api()).get('/api/membership/me').set(bearer('eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.forged'));
    expectError(res, 401, 'Session absente ou expirée');
  });
});

describe('no self-registration', () => {
  it('refuses sign-ups: members are registered by their federation', async () => {
    const strapi = await bootStrapi();
    const before = await strapi.db.query('plugin::users-permissions.user').count();
    const res = await (await api())
      .post('/api/auth/local/register')
      .send({ username: 'entriste', email: 'entriste@exemple.fr', password: 'Motdepasse-123' });
    expect([401, 403]).toContain(res.status);
    expect(await strapi.db.query('plugin::users-permissions.user').count()).toBe(before);
    const advanced: any = await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' });
    expect(advanced.allow_register).toBe(false);
  });
});

describe('rate limit on authentication', () => {
  it('answers 429 in French after too many attempts', async () => {
    const strapi = await bootStrapi();
    const key = 'plugin::users-permissions.ratelimit';
    const saved = strapi.config.get(key);
    strapi.config.set(key, { enabled: true, interval: 60_000, max: 3 });
    try {
      const http = await api();
      const attempt = () => http.post('/api/auth/local').send({ identifier: 'cible@exemple.fr', password: 'essai' });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(400);
      expectError(await attempt(), 429, 'Trop de tentatives');
    } finally {
      strapi.config.set(key, saved);
    }
  });
});

describe('users-permissions grants', () => {
  async function actionsOf(type: string) {
    const strapi = await bootStrapi();
    const rows = await strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: { type } } });
    return rows.map((r: any) => r.action).sort();
  }

  it('gives anonymous visitors login, refresh and password reset only', async () => {
    expect(await actionsOf('public')).toEqual([
      'plugin::users-permissions.auth.callback',
      'plugin::users-permissions.auth.forgotPassword',
      'plugin::users-permissions.auth.refresh',
      'plugin::users-permissions.auth.resetPassword',
    ]);
  });

  it('derives each role’s grants from the routes’ rules (least privilege)', async () => {
    const member = await actionsOf('member');
    expect(member).toContain('plugin::membership.me.show');
    expect(member).toContain('api::document.document.find');
    expect(member).not.toContain('plugin::membership.member.find');
    expect(member).not.toContain('plugin::membership.due.create');
    expect(member).not.toContain('plugin::audit.audit.find');
    expect(member).not.toContain('plugin::modules.federation-module.update');
    const secretary = await actionsOf('section-secretary');
    expect(secretary).toContain('plugin::membership.due.create');
    expect(secretary).not.toContain('plugin::membership.due.cancel');
    expect(await actionsOf('federation-staff')).toContain('plugin::modules.federation-module.update');
    expect(await actionsOf('national-admin')).toContain('plugin::audit.audit.verify');
    expect(await actionsOf('federation-staff')).not.toContain('plugin::audit.audit.verify');
  });

  it('removes grants added by hand at the next sync', async () => {
    const strapi = await bootStrapi();
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'member' } });
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'plugin::membership.member.find', role: role.id } });
    await strapi.plugin('membership').service('access').syncGrants();
    expect(await actionsOf('member')).not.toContain('plugin::membership.member.find');
  });
});
