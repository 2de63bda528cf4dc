import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, thisYear, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError, fieldMessages } from '../../../tests/support/expect';

const load = createRequire(__filename);
const erasure = load('../dist/server/commands/erase-member.js') as typeof import('../server/src/commands/erase-member');

let w: World;
/** A well-formed documentId no member has. */
const UNKNOWN_ID = 'zzzzzzzzzzzzzzzzzzzzzzzz';
beforeAll(async () => {
  w = await createWorld();
});

const newMember = (over: Record<string, unknown> = {}) => ({
  firstName: 'Lucie',
  lastName: 'Pascal',
  email: `lucie.${Math.random().toString(36).slice(2, 8)}@exemple.fr`,
  membershipNumber: `N-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
  joinedOn: '2024-05-02',
  ...over,
});

describe('GET /api/membership/members', () => {
  it('refuses anonymous (401), plain members and elected officials (403)', async () => {
    const http = await api();
    expectError(await http.get('/api/membership/members'), 401);
    expectError(await http.get('/api/membership/members').set(bearer(w.member.token)), 403);
    expectError(await http.get('/api/membership/members').set(bearer(w.elected.token)), 403);
  });

  it('scopes the list: staff see their federation, secretaries their section, national admins everyone', async () => {
    const http = await api();
    const staffList = await http.get('/api/membership/members?pageSize=100').set(bearer(w.staff.token));
    expect(staffList.status).toBe(200);
    const staffIds = staffList.body.data.map((m: any) => m.documentId);
    expect(staffIds).toContain(w.memberB.member.documentId);
    expect(staffIds).not.toContain(w.otherMember.member.documentId);
    expect(staffList.body.data.every((m: any) => m.federation.documentId === w.federation.documentId)).toBe(true);

    const secretaryList = await http.get('/api/membership/members?pageSize=100').set(bearer(w.secretary.token));
    const secretaryIds = secretaryList.body.data.map((m: any) => m.documentId);
    expect(secretaryIds).toContain(w.member.member.documentId);
    expect(secretaryIds).not.toContain(w.memberB.member.documentId);

    const nationalList = await http.get(`/api/membership/members?federation=${w.other.documentId}`).set(bearer(w.national.token));
    expect(nationalList.body.data.map((m: any) => m.documentId)).toContain(w.otherMember.member.documentId);
  });

  it('refuses another federation’s filter (403) and bad parameters (400)', async () => {
    const http = await api();
    expectError(await http.get(`/api/membership/members?federation=${w.other.documentId}`).set(bearer(w.staff.token)), 403);
    const bad = await http.get('/api/membership/members?pageSize=500&status=gone').set(bearer(w.staff.token));
    expectError(bad, 400);
    expect(fieldMessages(bad)).toMatchObject({ pageSize: 'La taille de page va de 1 à 100.', status: 'Statut inconnu.' });
  });

  it('paginates and searches by name, number or sign-in address', async () => {
    const http = await api();
    const page = await http.get('/api/membership/members?pageSize=2&page=1').set(bearer(w.staff.token));
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page.body.meta.pagination.total).toBeGreaterThanOrEqual(6);
    const search = await http.get(`/api/membership/members?q=${w.memberB.member.membershipNumber}`).set(bearer(w.staff.token));
    expect(search.body.data.map((m: any) => m.documentId)).toEqual([w.memberB.member.documentId]);
    // By sign-in address, in any case; another federation's member is not found by theirs.
    const byEmail = await http.get(`/api/membership/members?q=${encodeURIComponent(w.memberB.user.email.toUpperCase())}`).set(bearer(w.staff.token));
    expect(byEmail.body.data.map((m: any) => m.documentId)).toEqual([w.memberB.member.documentId]);
    const elsewhere = await http.get(`/api/membership/members?q=${encodeURIComponent(w.otherMember.user.email)}`).set(bearer(w.staff.token));
    expect(elsewhere.body.data).toEqual([]);
  });
});

describe('POST /api/membership/members', () => {
  it('refuses anonymous (401), members (403) and staff of another federation (403)', async () => {
    const http = await api();
    expectError(await http.post('/api/membership/members').send(newMember()), 401);
    expectError(await http.post('/api/membership/members').set(bearer(w.member.token)).send(newMember()), 403);
    expectError(
      await http.post('/api/membership/members').set(bearer(w.otherStaff.token)).send(newMember({ federation: w.federation.documentId })),
      403
    );
  });

  it('rejects bad input field by field, in French, and writes nothing', async () => {
    const strapi = await bootStrapi();
    const before = await strapi.db.query('plugin::membership.member').count();
    const res = await (await api())
      .post('/api/membership/members')
      .set(bearer(w.staff.token))
      .send({ firstName: '', email: 'pas-une-adresse', membershipNumber: 'x', joinedOn: '2024-13-01', role: 'king' });
    expectError(res, 400);
    expect(fieldMessages(res)).toMatchObject({
      firstName: 'Le prénom est obligatoire.',
      lastName: 'Le nom est obligatoire.',
      email: 'L’adresse e-mail n’est pas valide.',
      membershipNumber: 'Le numéro d’adhérent compte 3 à 20 caractères : lettres, chiffres ou tirets.',
      joinedOn: 'La date d’adhésion : cette date n’existe pas.',
      role: 'Rôle inconnu.',
    });
    expect(await strapi.db.query('plugin::membership.member').count()).toBe(before);
  });

  it('rejects an unknown federation or section, a section of another federation and a future join date (400)', async () => {
    const http = await api();
    const post = (body: Record<string, unknown>) => http.post('/api/membership/members').set(bearer(w.national.token)).send(newMember(body));
    expect(badRequest(await post({ federation: 'inconnue' }))).toEqual({ federation: 'Fédération inconnue.' });
    expect(badRequest(await post({ federation: w.federation.documentId, section: 'inconnue' }))).toEqual({ section: 'Section inconnue.' });
    const wrong = await post({ federation: w.federation.documentId, section: w.otherSection.documentId });
    expect(badRequest(wrong).section).toMatch(/n’appartient pas à la fédération/);
    const future = await post({ federation: w.federation.documentId, joinedOn: `${thisYear() + 1}-12-31` });
    expect(badRequest(future)).toEqual({ joinedOn: 'La date d’adhésion ne peut pas être dans le futur.' });
  });

  it('lets a secretary register only in their own section', async () => {
    const http = await api();
    expectError(await http.post('/api/membership/members').set(bearer(w.secretary.token)).send(newMember()), 403, 'votre section');
    expectError(
      await http.post('/api/membership/members').set(bearer(w.secretary.token)).send(newMember({ section: w.sectionB.documentId })),
      403
    );
    const ok = await http.post('/api/membership/members').set(bearer(w.secretary.token)).send(newMember({ section: w.sectionA.documentId }));
    expect(ok.status).toBe(201);
    expect(ok.body.data.section.documentId).toBe(w.sectionA.documentId);
  });

  it('creates the account and the profile together; duplicates are 409 and leave nothing behind', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const body = newMember({ section: w.sectionB.documentId });
    const res = await http.post('/api/membership/members').set(bearer(w.staff.token)).send(body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      firstName: 'Lucie',
      email: body.email,
      membershipNumber: body.membershipNumber,
      role: 'member',
      status: 'active',
      federation: { documentId: w.federation.documentId },
      section: { documentId: w.sectionB.documentId },
    });
    expect(res.body.data).not.toHaveProperty('password');
    const [entry] = await auditEntriesFor(res.body.data.documentId);
    expect(entry.action).toBe('plugin::membership.member.create');

    const users = await strapi.db.query('plugin::users-permissions.user').count();
    const sameNumber = await http.post('/api/membership/members').set(bearer(w.staff.token)).send(newMember({ membershipNumber: body.membershipNumber }));
    expectError(sameNumber, 409, `Le numéro d’adhérent ${body.membershipNumber} est déjà attribué.`);
    const sameEmail = await http.post('/api/membership/members').set(bearer(w.staff.token)).send(newMember({ email: body.email.toUpperCase() }));
    expectError(sameEmail, 409, 'Un compte utilise déjà l’adresse');
    expect(await strapi.db.query('plugin::users-permissions.user').count()).toBe(users);
  });

  it('tells staff nothing about a number or an address held outside what they read: the import’s neutral words (409)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const users = await strapi.db.query('plugin::users-permissions.user').count();
    const register = (token: string, over: Record<string, unknown>) => http.post('/api/membership/members').set(bearer(token)).send(newMember(over));
    // Another federation's member, and an account with no member profile.
    for (const email of [w.otherMember.user.email, w.outsider.user.email]) {
      const res = await register(w.staff.token, { email });
      expectError(res, 409, 'Cette adresse ne peut pas être inscrite ici. Contactez l’administration nationale.');
      expect(res.body.error.details).toEqual({ field: 'email' });
      expect(JSON.stringify(res.body)).not.toContain(email);
    }
    expectError(await register(w.staff.token, { membershipNumber: w.otherMember.member.membershipNumber }), 409, 'Ce numéro d’adhérent ne peut pas être attribué ici. Contactez l’administration nationale.');
    // A secretary reads their section only: another section's member is outside too.
    expectError(await register(w.secretary.token, { email: w.memberB.user.email, section: w.sectionA.documentId }), 409, 'Cette adresse ne peut pas être inscrite ici.');
    // Changing a member's address to one held elsewhere: the same.
    expectError(await http.put(`/api/membership/members/${w.member.member.documentId}`).set(bearer(w.staff.token)).send({ email: w.otherMember.user.email }), 409, 'Cette adresse ne peut pas être inscrite ici.');
    // National admins read everyone: they get the reason, an account without profile too.
    expectError(await register(w.national.token, { email: w.otherMember.user.email, federation: w.federation.documentId }), 409, `Un compte utilise déjà l’adresse ${w.otherMember.user.email}.`);
    expectError(await register(w.national.token, { email: w.outsider.user.email, federation: w.federation.documentId }), 409, `Un compte utilise déjà l’adresse ${w.outsider.user.email}.`);
    expect(await strapi.db.query('plugin::users-permissions.user').count()).toBe(users);
  });

  it('an exclusion pronounced elsewhere is not staff’s to learn: the neutral 409, nothing created; their own federation’s and national admins: registered and warned', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const register = (token: string, over: Record<string, unknown>) => http.post('/api/membership/members').set(bearer(token)).send(newMember(over));
    // Excluded by the commission (membership's status door), then erased: only the keyed-hash trace remains.
    const excludedIn = async (federation: World['federation']) => {
      const excluded = await createMember({ federation });
      await strapi.plugin('membership').service('status').applyDecision(
        excluded.member.id, { status: 'excluded', reason: 'Décision de test', by: 'test' }, { kind: 'system', id: null, label: 'test' }
      );
      await erasure.eraseMember(strapi, null, excluded.member.documentId, 'retention');
      return { email: excluded.user.email, membershipNumber: excluded.member.membershipNumber };
    };
    const warned = ['Une exclusion prononcée par la commission des conflits correspond à cette adresse ou à ce numéro d’adhérent : voir le journal d’audit.'];
    const elsewhere = await excludedIn(w.other);
    const users = await strapi.db.query('plugin::users-permissions.user').count();
    // Exactly the answer for an address or a number held by another federation's member.
    const byEmail = await register(w.staff.token, { email: elsewhere.email });
    const heldEmail = await register(w.staff.token, { email: w.otherMember.user.email });
    expect({ status: byEmail.status, body: byEmail.body }).toEqual({ status: heldEmail.status, body: heldEmail.body });
    const byNumber = await register(w.staff.token, { membershipNumber: elsewhere.membershipNumber });
    const heldNumber = await register(w.staff.token, { membershipNumber: w.otherMember.member.membershipNumber });
    expect({ status: byNumber.status, body: byNumber.body }).toEqual({ status: heldNumber.status, body: heldNumber.body });
    expectError(byNumber, 409, 'Ce numéro d’adhérent ne peut pas être attribué ici.');
    expect(await strapi.db.query('plugin::users-permissions.user').count()).toBe(users);

    const national = await register(w.national.token, { email: elsewhere.email, federation: w.federation.documentId });
    expect(national.status, JSON.stringify(national.body)).toBe(201);
    expect(national.body.meta.warnings).toEqual(warned);

    const here = await excludedIn(w.federation);
    const own = await register(w.staff.token, { email: here.email });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.meta.warnings).toEqual(warned);
    expect((await auditEntriesFor(own.body.data.documentId)).map((e: any) => e.action)).toContain('plugin::membership.member.re-registration-flagged');
    const plain = await register(w.staff.token, {});
    expect(plain.status).toBe(201);
    expect(plain.body.meta).toBeUndefined();
  });

  it('keeps higher roles national: staff may name a secretary, not another staff member', async () => {
    const http = await api();
    const secretary = await http.post('/api/membership/members').set(bearer(w.staff.token)).send(newMember({ role: 'section-secretary' }));
    expect(secretary.status).toBe(201);
    expect(secretary.body.data.role).toBe('section-secretary');
    expectError(
      await http.post('/api/membership/members').set(bearer(w.staff.token)).send(newMember({ role: 'federation-staff' })),
      403,
      'administration nationale'
    );
  });

  it('never lets two concurrent registrations share a membership number', async () => {
    const http = await api();
    const number = `C-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const results = await Promise.all(
      [0, 1, 2].map(() => http.post('/api/membership/members').set(bearer(w.staff.token)).send(newMember({ membershipNumber: number })))
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').count({ where: { membershipNumber: number } })).toBe(1);
  });
});

describe('GET /api/membership/members/:id', () => {
  it('lets a member read their own profile only', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.member.member.documentId}`;
    expectError(await http.get(path), 401);
    expectError(await http.get('/api/membership/members/inconnu').set(bearer(w.staff.token)), 404, 'Adhérent introuvable.');
    // Whom one may not see reads as absent: the same answer as an unknown id, never a 403
    // that would tell them apart (another federation's member, another member's profile).
    const unknown = await http.get(`/api/membership/members/${UNKNOWN_ID}`).set(bearer(w.otherStaff.token));
    expectError(unknown, 404, 'Adhérent introuvable.');
    const outside = await http.get(path).set(bearer(w.otherStaff.token));
    expect({ status: outside.status, body: outside.body }).toEqual({ status: unknown.status, body: unknown.body });
    const other = await http.get(`/api/membership/members/${w.memberB.member.documentId}`).set(bearer(w.member.token));
    expect({ status: other.status, body: other.body }).toEqual({ status: 404, body: (await http.get(`/api/membership/members/${UNKNOWN_ID}`).set(bearer(w.member.token))).body });
    const own = await http.get(path).set(bearer(w.member.token));
    expect(own.status).toBe(200);
    expect(own.body.data.documentId).toBe(w.member.member.documentId);
  });
});

describe('PUT /api/membership/members/:id', () => {
  it('refuses anonymous and members; another federation’s member is unknown (404); validates; then updates', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const path = `/api/membership/members/${target.member.documentId}`;
    expectError(await http.put(path).send({ firstName: 'Léa' }), 401);
    expectError(await http.put(path).set(bearer(target.token)).send({ firstName: 'Léa' }), 403);
    expectError(await http.put(path).set(bearer(w.otherStaff.token)).send({ firstName: 'Léa' }), 404, 'Adhérent introuvable.');
    expectError(await http.put(path).set(bearer(w.staff.token)).send({}), 400, 'Aucune modification demandée.');
    expectError(await http.put(path).set(bearer(w.staff.token)).send({ phone: 'abc' }), 400);
    const res = await http.put(path).set(bearer(w.staff.token)).send({ firstName: 'Léa', phone: '04 66 00 00 00', section: w.sectionB.documentId });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ firstName: 'Léa', phone: '04 66 00 00 00', section: { documentId: w.sectionB.documentId } });
  });

  it('keeps a secretary inside their section and transfers between federations national', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const path = `/api/membership/members/${target.member.documentId}`;
    expectError(await http.put(path).set(bearer(w.secretary.token)).send({ section: w.sectionB.documentId }), 403, 'hors de votre périmètre');
    expectError(await http.put(path).set(bearer(w.staff.token)).send({ federation: w.other.documentId }), 403, 'administration nationale');
    const moved = await http.put(path).set(bearer(w.national.token)).send({ federation: w.other.documentId });
    expect(moved.status).toBe(200);
    expect(moved.body.data.federation.documentId).toBe(w.other.documentId);
    expect(moved.body.data.section).toBeNull();
  });
});

describe('POST /api/membership/members/:id/status', () => {
  it('refuses anonymous, members, secretaries and other federations', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.memberB.member.documentId}/status`;
    const body = { status: 'suspended', reason: 'Manquement au règlement' };
    expectError(await http.post(path).send(body), 401);
    expectError(await http.post(path).set(bearer(w.member.token)).send(body), 403);
    expectError(await http.post(path).set(bearer(w.secretary.token)).send(body), 403);
    // Another federation's member answers as an unknown id (404, same body).
    const unknown = await http.post(`/api/membership/members/${UNKNOWN_ID}/status`).set(bearer(w.otherStaff.token)).send(body);
    expectError(unknown, 404, 'Adhérent introuvable.');
    const outside = await http.post(path).set(bearer(w.otherStaff.token)).send(body);
    expect({ status: outside.status, body: outside.body }).toEqual({ status: unknown.status, body: unknown.body });
  });

  it('validates the status, the reason and the end date', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.memberB.member.documentId}/status`;
    const res = await http.post(path).set(bearer(w.commission.token)).send({ status: 'banned', reason: '' });
    expect(badRequest(res)).toMatchObject({
      status: 'Statut inconnu : active, suspended ou excluded.',
      reason: 'Le motif est obligatoire (3 caractères au moins).',
    });
    const invisible = await http.post(path).set(bearer(w.commission.token)).send({ status: 'suspended', reason: '\u200b\u200b\u200b' });
    expect(badRequest(invisible).reason).toBe('Le motif est obligatoire (3 caractères au moins).');
    const past = await http.post(path).set(bearer(w.commission.token)).send({ status: 'suspended', reason: 'Motif', until: '2020-01-01' });
    expect(badRequest(past).until).toMatch(/La fin de suspension doit être postérieure/);
    const self = await http.post(`/api/membership/members/${w.commission.member.documentId}/status`).set(bearer(w.commission.token)).send({ status: 'suspended', reason: 'Motif' });
    expectError(self, 403, 'votre propre statut');
  });

  it('suspends until a date (eligibility says so), excludes (login closed), reinstates (login reopened)', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionB, password: 'Motdepasse-123' });
    const path = `/api/membership/members/${target.member.documentId}/status`;
    const until = `${thisYear() + 1}-06-30`;
    const suspended = await http.post(path).set(bearer(w.commission.token)).send({ status: 'suspended', reason: 'Propos injurieux', until });
    expect(suspended.status).toBe(200);
    expect(suspended.body.data).toMatchObject({ status: 'suspended', statusReason: 'Propos injurieux', suspendedUntil: until });
    // A suspension ends the member's sessions: they sign in again to read their standing.
    expectError(await http.get('/api/membership/me').set(bearer(target.token)), 401);
    const again = await http.post('/api/auth/local').send({ identifier: target.user.email, password: 'Motdepasse-123' });
    expect(again.status).toBe(200);
    const eligibility = await http.get(`/api/membership/members/${target.member.documentId}/eligibility`).set(bearer(again.body.jwt));
    expect(eligibility.body.data.reasons.map((r: any) => r.message)).toEqual([`adhérent suspendu jusqu’au 30 juin ${thisYear() + 1}`]);
    expectError(await http.post(path).set(bearer(w.commission.token)).send({ status: 'suspended', reason: 'Encore', until }), 409, 'déjà suspendu');

    const excluded = await http.post(path).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Décision du conseil' });
    expect(excluded.body.data).toMatchObject({ status: 'excluded', suspendedUntil: null });
    const login = await http.post('/api/auth/local').send({ identifier: target.user.email, password: 'Motdepasse-123' });
    expectError(login, 400, 'Votre compte est fermé : vous ne pouvez plus vous connecter.');
    expectError(await http.get('/api/membership/me').set(bearer(target.token)), 401);

    const back = await http.post(path).set(bearer(w.staff.token)).send({ status: 'active', reason: 'Appel accueilli' });
    expect(back.body.data.status).toBe('active');
    const relogin = await http.post('/api/auth/local').send({ identifier: target.user.email, password: 'Motdepasse-123' });
    expect(relogin.status).toBe(200);
    const actions = (await auditEntriesFor(target.member.documentId)).map((e: any) => e.action);
    expect(actions).toEqual(['plugin::membership.member.reinstate', 'plugin::membership.member.exclude', 'plugin::membership.member.suspend']);
  });
});

describe('PUT /api/membership/members/:id/role', () => {
  it('refuses anonymous, members and secretaries; another federation’s member is unknown (404); validates the role', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.memberB.member.documentId}/role`;
    expectError(await http.put(path).send({ role: 'elected-official' }), 401);
    expectError(await http.put(path).set(bearer(w.member.token)).send({ role: 'elected-official' }), 403);
    expectError(await http.put(path).set(bearer(w.secretary.token)).send({ role: 'elected-official' }), 403);
    expectError(await http.put(path).set(bearer(w.otherStaff.token)).send({ role: 'elected-official' }), 404, 'Adhérent introuvable.');
    expect(badRequest(await http.put(path).set(bearer(w.staff.token)).send({ role: 'roi' }))).toEqual({ role: 'Rôle inconnu.' });
  });

  it('lets staff name an elected official, not a national admin; the new role applies at once', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionB });
    const path = `/api/membership/members/${target.member.documentId}/role`;
    expectError(await http.put(path).set(bearer(w.staff.token)).send({ role: 'national-admin' }), 403, 'administration nationale');
    const res = await http.put(path).set(bearer(w.staff.token)).send({ role: 'elected-official' });
    expect(res.status).toBe(200);
    expect(res.body.data.role).toBe('elected-official');
    expectError(await http.put(path).set(bearer(w.staff.token)).send({ role: 'elected-official' }), 409);
    const me = await http.get('/api/membership/me').set(bearer(target.token));
    expect(me.body.data.role).toBe('elected-official');
    // Staff cannot demote someone the national level appointed.
    const promoted = await http.put(path).set(bearer(w.national.token)).send({ role: 'federation-staff' });
    expect(promoted.body.data.role).toBe('federation-staff');
    expectError(await http.put(path).set(bearer(w.staff.token)).send({ role: 'member' }), 403, 'administration nationale');
  });
});

