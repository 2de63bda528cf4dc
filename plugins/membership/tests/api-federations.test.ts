import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../tests/support/strapi';
import { auditEntriesFor, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError, fieldMessages } from '../../../tests/support/expect';

// Membership is core: it is never switched off, so its routes have no "module disabled" case.
let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('GET /api/membership/federations', () => {
  it('refuses anonymous callers (401) and accounts without an intranet role (403)', async () => {
    const http = await api();
    expectError(await http.get('/api/membership/federations'), 401, 'Authentification requise');
    expectError(await http.get('/api/membership/federations').set(bearer(w.outsider.token)), 403);
  });

  it('lists every federation to any member', async () => {
    const res = await (await api()).get('/api/membership/federations').set(bearer(w.member.token));
    expect(res.status).toBe(200);
    const codes = res.body.data.map((f: any) => f.departmentCode);
    expect(codes).toContain(w.federation.departmentCode);
    expect(codes).toContain(w.other.departmentCode);
    expect(res.body.data[0]).toEqual({ documentId: expect.any(String), name: expect.any(String), departmentCode: expect.any(String) });
  });
});

describe('POST /api/membership/federations', () => {
  it('refuses anonymous (401), members and federation staff (403)', async () => {
    const http = await api();
    const body = { name: 'Lozère', departmentCode: '48' };
    expectError(await http.post('/api/membership/federations').send(body), 401);
    expectError(await http.post('/api/membership/federations').set(bearer(w.member.token)).send(body), 403);
    expectError(await http.post('/api/membership/federations').set(bearer(w.staff.token)).send(body), 403);
  });

  it('rejects bad input with French field messages', async () => {
    const res = await (await api())
      .post('/api/membership/federations')
      .set(bearer(w.national.token))
      .send({ name: '', departmentCode: '20', extra: true });
    expectError(res, 400);
    const messages = fieldMessages(res);
    expect(messages.name).toBe('Le nom de la fédération est obligatoire.');
    expect(messages.departmentCode).toMatch(/Le code du département n’existe pas/);
  });

  it('creates a federation, its staff role in the admin panel and an audit entry; a second one on the same department is a 409', async () => {
    const http = await api();
    const res = await http.post('/api/membership/federations').set(bearer(w.national.token)).send({ name: 'Corse-du-Sud', departmentCode: '2a' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: 'Corse-du-Sud', departmentCode: '2A' });
    const strapi = (await import('../../../tests/support/strapi')).bootStrapi;
    const role = await (await strapi()).db.query('admin::role').findOne({ where: { code: 'intranet-federation-2A' } });
    expect(role?.name).toBe('Équipe fédérale — Corse-du-Sud (2A)');
    const [entry] = await auditEntriesFor(res.body.data.documentId);
    expect(entry.action).toBe('plugin::membership.federation.create');

    const again = await http.post('/api/membership/federations').set(bearer(w.national.token)).send({ name: 'Autre Corse', departmentCode: '2A' });
    expectError(again, 409, 'Le département 2A a déjà sa fédération (Corse-du-Sud).');
  });
});

describe('PUT /api/membership/federations/:id', () => {
  it('refuses anonymous (401) and federation staff, even their own (403)', async () => {
    const http = await api();
    expectError(await http.put(`/api/membership/federations/${w.federation.documentId}`).send({ name: 'X' }), 401);
    expectError(await http.put(`/api/membership/federations/${w.federation.documentId}`).set(bearer(w.staff.token)).send({ name: 'X' }), 403);
  });

  it('answers 404 for an unknown federation and 400 for bad input', async () => {
    const http = await api();
    expectError(await http.put('/api/membership/federations/inconnue').set(bearer(w.national.token)).send({ name: 'X' }), 404, 'Fédération introuvable.');
    expectError(await http.put(`/api/membership/federations/${w.federation.documentId}`).set(bearer(w.national.token)).send({ name: 42 }), 400);
  });

  it('renames a federation; a name already taken is a 409 and changes nothing', async () => {
    const http = await api();
    const res = await http.put(`/api/membership/federations/${w.federation.documentId}`).set(bearer(w.national.token)).send({ name: `Renommée ${w.federation.departmentCode}` });
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe(`Renommée ${w.federation.departmentCode}`);
    const clash = await http.put(`/api/membership/federations/${w.federation.documentId}`).set(bearer(w.national.token)).send({ name: w.other.name });
    expectError(clash, 409, `Une fédération s’appelle déjà « ${w.other.name} ».`);
    const list = await http.get('/api/membership/federations').set(bearer(w.member.token));
    expect(list.body.data.find((f: any) => f.documentId === w.federation.documentId).name).toBe(`Renommée ${w.federation.departmentCode}`);
  });
});

describe('sections', () => {
  it('GET lists the sections of one’s federation; 401 anonymous, 403 other federation, 404 unknown', async () => {
    const http = await api();
    const path = `/api/membership/federations/${w.federation.documentId}/sections`;
    expectError(await http.get(path), 401);
    expectError(await http.get(path).set(bearer(w.otherStaff.token)), 403, 'votre fédération');
    expectError(await http.get(path).set(bearer(w.outsider.token)), 403);
    expectError(await http.get('/api/membership/federations/nope/sections').set(bearer(w.member.token)), 404);
    const res = await http.get(path).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(res.body.data.map((s: any) => s.name)).toEqual(['Section A', 'Section B']);
  });

  it('POST: 401 anonymous, 403 member and other federation’s staff, 400 bad name, 409 duplicate, 201 for staff', async () => {
    const http = await api();
    const path = `/api/membership/federations/${w.federation.documentId}/sections`;
    expectError(await http.post(path).send({ name: 'Uzès' }), 401);
    expectError(await http.post(path).set(bearer(w.member.token)).send({ name: 'Uzès' }), 403);
    expectError(await http.post(path).set(bearer(w.secretary.token)).send({ name: 'Uzès' }), 403);
    expectError(await http.post(path).set(bearer(w.otherStaff.token)).send({ name: 'Uzès' }), 403, 'votre fédération');
    const bad = await http.post(path).set(bearer(w.staff.token)).send({ name: '   ' });
    expect(badRequest(bad).name).toBe('Le nom de la section est obligatoire.');
    const created = await http.post(path).set(bearer(w.staff.token)).send({ name: 'Uzès' });
    expect(created.status).toBe(201);
    expect(created.body.data.name).toBe('Uzès');
    expectError(await http.post(path).set(bearer(w.staff.token)).send({ name: 'uzès' }), 409, 'Une section s’appelle déjà « Uzès »');
  });

  it('PUT renames a section of one’s federation only (another federation’s: as unknown)', async () => {
    const http = await api();
    const path = `/api/membership/sections/${w.sectionB.documentId}`;
    expectError(await http.put(path).send({ name: 'Alès' }), 401);
    // Another federation's section looks absent to its staff: exactly an unknown section's answer.
    const elsewhere = await http.put(path).set(bearer(w.otherStaff.token)).send({ name: 'Alès' });
    const unknown = await http.put('/api/membership/sections/nope').set(bearer(w.otherStaff.token)).send({ name: 'Alès' });
    expectError(elsewhere, 404, 'Section introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expectError(await http.put(path).set(bearer(w.secretary.token)).send({ name: 'Alès' }), 403);
    expectError(await http.put(path).set(bearer(w.staff.token)).send({}), 400);
    expectError(await http.put('/api/membership/sections/nope').set(bearer(w.staff.token)).send({ name: 'Alès' }), 404);
    const res = await http.put(path).set(bearer(w.staff.token)).send({ name: 'Alès' });
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('Alès');
  });
});

