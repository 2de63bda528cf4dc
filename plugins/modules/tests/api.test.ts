import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('GET /api/modules/federations/:id', () => {
  it('answers 401 anonymous, 403 without role or for another federation, 404 for an unknown one', async () => {
    const http = await api();
    const path = `/api/modules/federations/${w.federation.documentId}`;
    expectError(await http.get(path), 401);
    expectError(await http.get(path).set(bearer(w.outsider.token)), 403);
    expectError(await http.get(path).set(bearer(w.otherMember.token)), 403, 'votre fédération');
    expectError(await http.get('/api/modules/federations/inconnue').set(bearer(w.member.token)), 404);
  });

  it('lists the installed modules with their French labels and the federation’s choice', async () => {
    const res = await (await api()).get(`/api/modules/federations/${w.federation.documentId}`).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((m: any) => [m.id, m]));
    expect(byId.documents).toEqual({
      id: 'documents',
      label: 'Documents',
      description: expect.any(String),
      enabled: true,
      defaultEnabled: true,
    });
    expect(byId.news.label).toBe('Actualités');
  });
});

describe('PUT /api/modules/federations/:id/:module', () => {
  it('answers 401 anonymous, 403 for members, secretaries and other federations’ staff', async () => {
    const http = await api();
    const path = `/api/modules/federations/${w.federation.documentId}/news`;
    expectError(await http.put(path).send({ enabled: false }), 401);
    expectError(await http.put(path).set(bearer(w.member.token)).send({ enabled: false }), 403);
    expectError(await http.put(path).set(bearer(w.secretary.token)).send({ enabled: false }), 403);
    expectError(await http.put(path).set(bearer(w.otherStaff.token)).send({ enabled: false }), 403, 'votre fédération');
  });

  it('answers 400 for a bad body and 404 for an unknown module', async () => {
    const http = await api();
    const path = `/api/modules/federations/${w.federation.documentId}`;
    expectError(await http.put(`${path}/news`).set(bearer(w.staff.token)).send({ enabled: 'oui' }), 400, '« enabled » vaut true');
    expectError(await http.put(`${path}/sondages`).set(bearer(w.staff.token)).send({ enabled: true }), 404, 'Module inconnu : sondages.');
  });

  it('switching a module off closes its routes to the federation with a clear 403, and only to it', async () => {
    const http = await api();
    const path = `/api/modules/federations/${w.federation.documentId}/documents`;
    expect((await http.get('/api/documents').set(bearer(w.member.token))).status).toBe(200);

    const off = await http.put(path).set(bearer(w.staff.token)).send({ enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ id: 'documents', enabled: false });

    const refused = await http.get('/api/documents').set(bearer(w.member.token));
    const error = expectError(refused, 403, 'Le module « Documents » n’est pas activé pour votre fédération.');
    expect(error.details).toEqual({ module: 'documents' });
    expectError(await http.get('/api/document-categories').set(bearer(w.member.token)), 403, 'Documents');
    // Other federations and other modules are untouched; national admins act everywhere.
    expect((await http.get('/api/documents').set(bearer(w.otherMember.token))).status).toBe(200);
    expect((await http.get('/api/news').set(bearer(w.member.token))).status).toBe(200);
    expect((await http.get('/api/documents').set(bearer(w.national.token))).status).toBe(200);

    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ action: 'plugin::modules.module.disable' }).orderBy('seq', 'desc');
    expect(entry).toMatchObject({ federation_id: w.federation.id });

    const on = await http.put(path).set(bearer(w.national.token)).send({ enabled: true });
    expect(on.body.data.enabled).toBe(true);
    expect((await http.get('/api/documents').set(bearer(w.member.token))).status).toBe(200);
  });
});

describe('switch rows', () => {
  it('gives a new federation one switch per installed module, with the defaults', async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const rows = await strapi.db.query('plugin::modules.federation-module').findMany({ where: { federation: { id: federation.id } } });
    const modules = strapi.plugin('modules').service('registry').list().map((m: any) => m.id);
    expect(rows.map((r: any) => r.moduleId).sort()).toEqual([...modules].sort());
    expect(rows.every((r: any) => r.switchKey === `${federation.id}:${r.moduleId}`)).toBe(true);
  });

  it('refuses a switch for a module that is not installed', async () => {
    const strapi = await bootStrapi();
    await expect(
      strapi.documents('plugin::modules.federation-module' as any).create({
        data: { moduleId: 'inexistant', label: 'X', enabled: true, federation: w.federation.id } as any,
      })
    ).rejects.toThrow('Module inconnu : inexistant.');
    expect(await strapi.db.query('plugin::modules.federation-module').count({ where: { moduleId: 'inexistant' } })).toBe(0);
  });
});

describe('the switches service', () => {
  it('answers a choice just written, in the same process, with no request in between (both databases)', async () => {
    const switches = (await bootStrapi()).plugin('modules').service('switches');
    const federation = await createFederation();
    const states = async () => (await switches.statesOf(federation.id)).find((m: { id: string }) => m.id === 'events')!.enabled;
    const before = await states();
    expect(await switches.isEnabled(federation.id, 'events')).toBe(before);
    await switches.set(federation.id, 'events', !before);
    expect({ states: await states(), enabled: await switches.isEnabled(federation.id, 'events') }).toEqual({ states: !before, enabled: !before });
    await switches.set(federation.id, 'events', before);
    expect({ states: await states(), enabled: await switches.isEnabled(federation.id, 'events') }).toEqual({ states: before, enabled: before });
  });
});
