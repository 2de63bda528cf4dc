import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createMember, type TestMember } from './support/factories';
import { bearer, expectError } from './support/expect';
import { waitForMail } from './support/mail';
import { adminToken, superAdminRole } from './support/admin';

const PASSWORD = 'Un-mot-de-passe-solide-42';
let m: TestMember;
beforeAll(async () => {
  m = await createMember({ password: PASSWORD });
});

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

let round = 0;
/** Turns the budgets on with fresh counters for one test. */
async function withLimits(limits: { perAddress: number; perAccount: number; publicReadsPerMinute?: number }, run: () => Promise<void>) {
  const strapi = await bootStrapi();
  const saved = strapi.config.get('server.authLimits');
  // A new configuration gets new counters; `round` keeps each test's apart.
  strapi.config.set('server.authLimits', { enabled: true, ...limits, round: ++round });
  try {
    await run();
  } finally {
    strapi.config.set('server.authLimits', saved);
  }
}

/** Runs with client addresses read from X-Forwarded-For, as behind the production proxy. */
async function behindProxy(run: () => Promise<void>) {
  const app = (await bootStrapi()).server.app as { proxy: boolean };
  const proxied = app.proxy;
  app.proxy = true;
  try {
    await run();
  } finally {
    app.proxy = proxied;
  }
}

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

  it('names the fields of its checks in French (« Code », « Confirmation du mot de passe »), never repeating what was sent', async () => {
    const http = await api();
    const invalid = (...errors: [string, string][]) => ({ errors: errors.map(([path, message]) => ({ path: [path], message, name: 'ValidationError' })) });
    const cases: [string, object, string, object][] = [
      ['/api/auth/reset-password', {}, 'Données invalides.', invalid(['passwordConfirmation', 'Confirmation du mot de passe : champ obligatoire.'], ['password', 'Le mot de passe est obligatoire.'], ['code', 'Code : champ obligatoire.'])],
      ['/api/auth/reset-password', { code: ['valeur-envoyee-7f3a'], password: 'x', passwordConfirmation: 'x' }, 'Code : valeur invalide (texte attendu).', invalid(['code', 'Code : valeur invalide (texte attendu).'])],
      ['/api/auth/local', { identifier: ['valeur-envoyee-7f3a'], password: 'x' }, 'Identifiant : valeur invalide (texte attendu).', invalid(['identifier', 'Identifiant : valeur invalide (texte attendu).'])],
    ];
    for (const [path, body, message, details] of cases) {
      const res = await http.post(path).send(body);
      expect(res.body, `${path} ${JSON.stringify(body)}`).toEqual({ data: null, error: { status: 400, name: 'ValidationError', message, details } });
      expect(JSON.stringify(res.body)).not.toContain('valeur-envoyee');
    }
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

  it('answers a refresh without any token 401 in French (no session to renew), a garbled one 401 as before, a token that is not text 400', async () => {
    const http = await api();
    const absent = { data: null, error: { status: 401, name: 'UnauthorizedError', message: 'Aucune session à renouveler : connectez-vous.', details: {} } };
    // No cookie and no body; an empty body; an empty or null token; the portal's cookie mode without its cookie.
    expect((await http.post('/api/auth/refresh')).body).toEqual(absent);
    expect((await http.post('/api/auth/refresh').send({})).body).toEqual(absent);
    expect((await http.post('/api/auth/refresh').send({ refreshToken: '' })).body).toEqual(absent);
    expect((await http.post('/api/auth/refresh').send({ refreshToken: null })).body).toEqual(absent);
    const cookieMode = await http.post('/api/auth/refresh').set('x-strapi-refresh-cookie', 'httpOnly').send({});
    expect(cookieMode.status).toBe(401);
    expect(cookieMode.body).toEqual(absent);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: 'pas-un-jeton' }), 401, 'Session expirée : reconnectez-vous.');
    expectError(await http.post('/api/auth/refresh').set('Cookie', 'strapi_up_refresh=pas.un.jeton').send({}), 401, 'Session expirée : reconnectez-vous.');
    const malformed = await http.post('/api/auth/refresh').send({ refreshToken: 42 });
    expect(malformed.body).toEqual({
      data: null,
      error: { status: 400, name: 'BadRequestError', message: 'Jeton de renouvellement : valeur invalide (texte attendu).', details: { errors: [{ path: ['refreshToken'], message: 'Jeton de renouvellement : valeur invalide (texte attendu).', name: 'ValidationError' }] } },
    });
  });

  it('answers a refresh token read from the cookie in the cookie only, even without the cookie-mode header', async () => {
    const http = await api();
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    // A page script's own call: the browser adds the httpOnly cookie, the script omits the header.
    const refreshed = await http.post('/api/auth/refresh').set('Cookie', `strapi_up_refresh=${login.body.refreshToken}`).send({});
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['jwt']);
    const cookie = (refreshed.headers['set-cookie'] as unknown as string[] | undefined ?? []).find((line) => line.startsWith('strapi_up_refresh='));
    expect(cookie).toMatch(/HttpOnly/i);
    const rotated = cookie!.split(';')[0].slice('strapi_up_refresh='.length);
    expect(rotated).not.toBe(login.body.refreshToken);
    const next = await http.post('/api/auth/refresh').set('Cookie', `strapi_up_refresh=${rotated}`).send({});
    expect([next.status, Object.keys(next.body)]).toEqual([200, ['jwt']]);
    // A token sent in the body is still answered in the body (the API clients' mode).
    const bodyMode = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    expect(Object.keys((await http.post('/api/auth/refresh').send({ refreshToken: bodyMode.body.refreshToken })).body).sort()).toEqual(['jwt', 'refreshToken']);
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

describe('budgets on what anyone can try (failures, not members signing in)', () => {
  it('lets a whole section sign in from one address: successes are not counted', async () => {
    await withLimits({ perAddress: 3, perAccount: 3 }, async () => {
      const http = await api();
      for (let i = 0; i < 12; i++) {
        expect((await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD })).status).toBe(200);
      }
    });
  });

  it('limits every anonymous read of the public pages per address (events’ public pages, certificate checks), one budget for all', async () => {
    await withLimits({ perAddress: 10, perAccount: 10, publicReadsPerMinute: 3 }, async () => {
      const http = await api();
      expect((await http.get('/api/events/public/events')).status).toBe(200);
      expect((await http.get('/api/events/public/events.ics')).status).toBe(200);
      expect((await http.get('/api/training/certificates/ABCD-EFGH-IJKL')).status).toBeLessThan(429);
      const refused = await http.get('/API/events/public/events/inconnu');
      expectError(refused, 429, 'Trop de tentatives');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Members' own pages are not public reads.
      expect((await http.get('/api/membership/me').set(bearer(m.token))).status).toBe(200);
    });
  });

  it('answers 429 in French after too many failures from one address, whatever the path’s spelling', async () => {
    await withLimits({ perAddress: 3, perAccount: 50 }, async () => {
      const http = await api();
      const fail = (path: string) => http.post(path).send({ identifier: 'cible@exemple.fr', password: 'essai' });
      expect((await fail('/API/AUTH/LOCAL')).status).toBeGreaterThanOrEqual(400);
      expect((await fail('/api//auth/local/')).status).toBeGreaterThanOrEqual(400);
      expect((await fail('/api/auth/%6Cocal')).status).toBeGreaterThanOrEqual(400);
      const refused = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
      expectError(refused, 429, 'Trop de tentatives');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('limits failures per account too, from any address, and a success clears the count', async () => {
    await behindProxy(() =>
      withLimits({ perAddress: 50, perAccount: 3 }, async () => {
        const http = await api();
        const from = (ip: string, password: string) =>
          http.post('/api/auth/local').set('X-Forwarded-For', ip).send({ identifier: m.user.email, password });
        expect((await from('203.0.113.1', 'faux')).status).toBe(400);
        expect((await from('203.0.113.2', 'faux')).status).toBe(400);
        expect((await from('203.0.113.3', PASSWORD)).status).toBe(200); // clears the account's count
        for (const ip of ['203.0.113.4', '203.0.113.5', '203.0.113.6']) expect((await from(ip, 'faux')).status).toBe(400);
        expectError(await from('203.0.113.7', PASSWORD), 429, 'Trop de tentatives');
      })
    );
  });

  it('limits password-reset requests per address and per email', async () => {
    await withLimits({ perAddress: 4, perAccount: 10 }, async () => {
      const http = await api();
      const ask = (email: string) => http.post('/api/auth/forgot-password').send({ email });
      for (let i = 0; i < 3; i++) expect((await ask('quelqu.un@exemple.fr')).status).toBe(200);
      expectError(await ask('quelqu.un@exemple.fr'), 429, 'Trop de tentatives');
      expect((await ask('autre@exemple.fr')).status).toBe(200);
      expectError(await ask('troisieme@exemple.fr'), 429);
    });
  });
});

describe('budgets on the admin panel’s doors (staff)', () => {
  const ADMIN_PASSWORD = 'Admin-Passw0rd-de-test';
  async function staffAccount(): Promise<string> {
    const strapi = await bootStrapi();
    const email = `equipe.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 6)}@test.intranet`;
    await (strapi.service('admin::user') as any).create({ email, firstname: 'Test', lastname: 'Équipe', password: ADMIN_PASSWORD, isActive: true, registrationToken: null });
    return email;
  }

  it('counts failed sign-ins per address, whatever email each try names (Strapi’s own budget is per address and email)', async () => {
    const email = await staffAccount();
    await withLimits({ perAddress: 3, perAccount: 50 }, async () => {
      const http = await api();
      // A successful sign-in is not counted.
      for (let i = 0; i < 2; i++) expect((await http.post('/admin/login').send({ email, password: ADMIN_PASSWORD })).status).toBe(200);
      for (const path of ['/admin/login', '/admin/login/', '/ADMIN//login']) {
        expect((await http.post(path).send({ email: `${path.length}.${email}`, password: 'essai-Essai-1' })).status).toBeGreaterThanOrEqual(400);
      }
      const refused = await http.post('/admin/login').send({ email, password: ADMIN_PASSWORD });
      expectError(refused, 429, 'Trop de tentatives : réessayez dans quelques minutes.');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('lets a staff member sign in again and again: successes are not counted (Strapi’s own budget counted them: the sixth in five minutes was refused)', async () => {
    const email = await staffAccount();
    const http = await api();
    for (let i = 0; i < 8; i++) expect((await http.post('/admin/login').send({ email, password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('counts failed sign-ins per account from any address, and a success clears the count', async () => {
    const email = await staffAccount();
    await behindProxy(() =>
      withLimits({ perAddress: 50, perAccount: 3 }, async () => {
        const http = await api();
        const from = (ip: string, password: string) => http.post('/admin/login').set('X-Forwarded-For', ip).send({ email: email.toUpperCase(), password });
        expect((await from('198.51.100.1', 'faux-Faux-1')).status).toBe(400);
        expect((await from('198.51.100.2', 'faux-Faux-1')).status).toBe(400);
        expect((await from('198.51.100.3', ADMIN_PASSWORD)).status).toBe(200); // clears the account's count
        for (const ip of ['198.51.100.4', '198.51.100.5', '198.51.100.6']) expect((await from(ip, 'faux-Faux-1')).status).toBe(400);
        expectError(await from('198.51.100.7', ADMIN_PASSWORD), 429, 'Trop de tentatives');
      })
    );
  });

  it('counts guesses of an invitation’s registration token and of a reset code per address', async () => {
    await withLimits({ perAddress: 2, perAccount: 50 }, async () => {
      const http = await api();
      for (const token of ['x1', 'x2']) expect((await http.get(`/admin/registration-info?registrationToken=${token}`)).status).toBe(400);
      expectError(await http.get('/admin/registration-info?registrationToken=x3'), 429, 'Trop de tentatives');
      const register = () => http.post('/admin/register').send({ registrationToken: 'faux', userInfo: { firstname: 'A', lastname: 'B', password: 'Un-mot-de-passe-1' } });
      for (let i = 0; i < 2; i++) expect((await register()).status).toBe(400);
      expectError(await register(), 429, 'Trop de tentatives');
      const reset = () => http.post('/admin/reset-password').send({ resetPasswordToken: 'faux', password: 'Un-mot-de-passe-1' });
      for (let i = 0; i < 2; i++) expect((await reset()).status).toBeGreaterThanOrEqual(400);
      expectError(await reset(), 429, 'Trop de tentatives');
    });
  });

  it('sends the admin panel’s « mot de passe oublié » email in French, with its reset link', async () => {
    const email = await staffAccount();
    expect((await (await api()).post('/admin/forgot-password').send({ email })).status).toBeLessThan(300);
    const mail = await waitForMail(email);
    expect(mail.subject).toBe('Panneau d’administration : choisir un nouveau mot de passe');
    expect(mail.text).toContain('Bonjour Test,');
    expect(mail.text).toMatch(/\/admin\/auth\/reset-password\?code=\w+/);
    expect(mail.html).toContain('Choisir un nouveau mot de passe');
    expect(`${mail.text}${mail.html}`).not.toMatch(/lost your password|Thanks/);
  });

  it('limits « mot de passe oublié » requests per address and per email', async () => {
    await withLimits({ perAddress: 4, perAccount: 50 }, async () => {
      const http = await api();
      const ask = (email: string) => http.post('/admin/forgot-password').send({ email });
      for (let i = 0; i < 3; i++) expect((await ask('equipe.oubli@exemple.fr')).status).toBeLessThan(300);
      expectError(await ask('EQUIPE.OUBLI@exemple.fr'), 429, 'Trop de tentatives');
      expect((await ask('autre.equipe@exemple.fr')).status).toBeLessThan(300);
      expectError(await ask('troisieme.equipe@exemple.fr'), 429);
    });
  });
});

describe('sessions end when they should', () => {
  it('refuses the access token as soon as its session is logged out', async () => {
    const http = await api();
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    expect((await http.get('/api/membership/me').set(bearer(login.body.jwt))).status).toBe(200);
    expect((await http.post('/api/auth/logout').set(bearer(login.body.jwt)).send({})).status).toBe(200);
    expectError(await http.get('/api/membership/me').set(bearer(login.body.jwt)), 401, 'Session absente ou expirée');
  });

  it('ends every session of a member who is excluded, and reinstating them revives none', async () => {
    const http = await api();
    const target = await createMember({ password: PASSWORD, paidYears: [] });
    const staff = await createMember({ federation: target.federation, role: 'federation-staff' });
    const login = await http.post('/api/auth/local').send({ identifier: target.user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const status = (body: object) => http.post(`/api/membership/members/${target.member.documentId}/status`).set(bearer(staff.token)).send(body);
    expect((await status({ status: 'excluded', reason: 'Décision de la commission' })).status).toBe(200);
    expectError(await http.get('/api/membership/me').set(bearer(login.body.jwt)), 401);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 401);
    expect((await status({ status: 'active', reason: 'Réintégration' })).status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 401);
    expectError(await http.get('/api/membership/me').set(bearer(login.body.jwt)), 401);
  });

  it('ends a member’s sessions when the admin panel blocks the account or sets its password; unblocking revives none', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ password: PASSWORD });
    const admin = await adminToken(`super.sessions.${Date.now()}@admin.test`, [await superAdminRole()]);
    const account = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: target.user.id }, select: ['documentId'] });
    const edit = (data: object) => http.put(`/content-manager/collection-types/plugin::users-permissions.user/${account.documentId}`).set(bearer(admin)).send(data);
    const first = await http.post('/api/auth/local').send({ identifier: target.user.email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect((await edit({ blocked: true })).status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }), 401);
    expect((await edit({ blocked: false })).status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }), 401);
    expectError(await http.get('/api/membership/me').set(bearer(first.body.jwt)), 401);
    // A password set for them by staff: the sessions opened before it end.
    const second = await http.post('/api/auth/local').send({ identifier: target.user.email, password: PASSWORD });
    expect(second.status).toBe(200);
    const replaced = 'Un-autre-mot-de-passe-43';
    expect((await edit({ password: replaced })).status).toBe(200);
    expectError(await http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }), 401);
    expectError(await http.get('/api/membership/me').set(bearer(second.body.jwt)), 401);
    // Their own change of password answers with a session that works.
    const third = await http.post('/api/auth/local').send({ identifier: target.user.email, password: replaced });
    const changed = await http.post('/api/auth/change-password').set(bearer(third.body.jwt)).send({ currentPassword: replaced, password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await http.get('/api/membership/me').set(bearer(changed.body.jwt))).status).toBe(200);
  });

  it('ends an admin-panel account’s sessions when it is deactivated; reactivating revives none', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const email = `deactivated.${Date.now()}@admin.test`;
    const staff = await adminToken(email, [await superAdminRole()]);
    const admin = await adminToken(`super.deactivates.${Date.now()}@admin.test`, [await superAdminRole()]);
    const { id } = await strapi.db.query('admin::user').findOne({ where: { email }, select: ['id'] });
    expect((await http.get('/admin/users/me').set(bearer(staff))).status).toBe(200);
    expect((await http.put(`/admin/users/${id}`).set(bearer(admin)).send({ isActive: false })).status).toBe(200);
    expect((await http.get('/admin/users/me').set(bearer(staff))).status).toBe(401);
    expect((await http.put(`/admin/users/${id}`).set(bearer(admin)).send({ isActive: true })).status).toBe(200);
    expect((await http.get('/admin/users/me').set(bearer(staff))).status).toBe(401);
  });

  it('ends an admin-panel account’s sessions when another admin sets its password, as its own change does', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const email = `password.set.${Date.now()}@admin.test`;
    const staff = await adminToken(email, [await superAdminRole()]);
    const admin = await adminToken(`super.sets.${Date.now()}@admin.test`, [await superAdminRole()]);
    const { id } = await strapi.db.query('admin::user').findOne({ where: { email }, select: ['id'] });
    expect((await http.get('/admin/users/me').set(bearer(staff))).status).toBe(200);
    // Their own change ends their sessions too (Strapi's admin does it); they sign in again.
    const own = await http.put('/admin/users/me').set(bearer(staff)).send({ currentPassword: 'Admin-Passw0rd-de-test', password: 'Autre-Passw0rd-admin' });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const again = await http.post('/admin/login').send({ email, password: 'Autre-Passw0rd-admin' });
    expect(again.status).toBe(200);
    const token = again.body.data.token as string;
    expect((await http.get('/admin/users/me').set(bearer(token))).status).toBe(200);
    // Set by another admin: every session of the account ends.
    expect((await http.put(`/admin/users/${id}`).set(bearer(admin)).send({ password: 'Mis-Par-Un-Autre-1' })).status).toBe(200);
    expect((await http.get('/admin/users/me').set(bearer(token))).status).toBe(401);
    expect((await http.get('/admin/users/me').set(bearer(admin))).status).toBe(200);
  });

  it('never forks a session when two refreshes of one token arrive at once', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password: PASSWORD });
    const parent = payloadOf(login.body.refreshToken).sessionId;
    const answers = await Promise.all([1, 2, 3].map(() => http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken })));
    const ok = answers.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => payloadOf(r.body.refreshToken).sessionId)).size).toBe(1);
    const row = await strapi.db.query('admin::session').findOne({ where: { sessionId: parent } });
    const children = await strapi.db.query('admin::session').count({ where: { sessionId: { $ne: parent }, userId: String(m.user.id), createdAt: { $gte: row.createdAt } } });
    expect(children).toBe(1);
  });

  it('answers « mot de passe oublié » the same way for an account and for an unknown address, then prepares the reset', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const known = await http.post('/api/auth/forgot-password').send({ email: m.user.email });
    const unknown = await http.post('/api/auth/forgot-password').send({ email: 'personne@exemple.fr' });
    expect([known.status, known.body]).toEqual([200, { ok: true }]);
    expect([unknown.status, unknown.body]).toEqual([200, { ok: true }]);
    let token: string | null = null;
    for (let i = 0; i < 50 && !token; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      token = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: m.user.id }, select: ['resetPasswordToken'] }))?.resetPasswordToken ?? null;
    }
    expect(token).toMatch(/^[0-9a-f]{128}$/);
    expectError(await http.post('/api/auth/forgot-password').send({ email: 'pas-une-adresse' }), 400, 'L’adresse e-mail n’est pas valide.');
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
