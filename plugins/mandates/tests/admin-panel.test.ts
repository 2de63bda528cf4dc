import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { todayInParis } from '@intranet-militant/shared';

/**
 * Staff manage their federation's mandates in the admin panel (Content Manager API) with
 * the API's rules: official territory codes, dates, no overlap (409 naming the mandate),
 * only ended earlier; nothing of another federation; the catalogue is national admins' only.
 */
let w: World;
let staffToken: string;
const CM = '/content-manager/collection-types';
const MANDATE = 'plugin::mandates.mandate';
const connect = (documentId: string) => ({ connect: [{ documentId }] });

beforeAll(async () => {
  w = await createWorld();
  staffToken = await adminToken(`mandats.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
});

const cm = async (method: 'get' | 'post' | 'put', path: string, body?: object) => {
  const req = (await api())[method](`${CM}/${path}`).set(bearer(staffToken));
  return body ? req.send(body) : req;
};
const categoryId = async (code: string) => {
  const res = await (await api()).get('/api/mandates/categories').set(bearer(w.member.token));
  expect(res.body.data.some((c: any) => c.code === code)).toBe(true);
  const strapi = (await import('../../../tests/support/strapi')).bootStrapi;
  return (await (await strapi()).db.query('plugin::mandates.category').findOne({ where: { code } })).documentId as string;
};

describe('mandates in the admin panel', () => {
  it('staff record a mandate of their federation’s member; bad territory 400, overlap 409 naming it, end only earlier; verified, federation set', async () => {
    const cat = await categoryId('conseiller-municipal');
    const base = { member: connect(w.member.member.documentId), category: connect(cat), territoryName: 'Nîmes', startOn: '2020-07-04', theoreticalEndOn: '2026-03-22' };
    const bad = await cm('post', MANDATE, { ...base, territoryCode: '99999' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.error.message).toMatch(/Code de territoire inconnu/);
    const created = await cm('post', MANDATE, { ...base, territoryCode: '30189' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId;
    const situation = await (await api()).get(`/api/mandates/officials/${w.member.member.documentId}/situation`).set(bearer(w.staff.token));
    expect(situation.body.data.mandates[0]).toMatchObject({ documentId: id, verification: 'verified', source: 'staff' });
    const clash = await cm('post', MANDATE, { ...base, territoryCode: '30189', startOn: '2025-01-01' });
    expect(clash.status, JSON.stringify(clash.body)).toBe(409);
    expect(clash.body.error.message).toMatch(/chevauche un mandat déjà enregistré : Conseiller·ère municipal·e — Nîmes/);
    // The day it ends is free.
    expect((await cm('post', MANDATE, { ...base, territoryCode: '30189', startOn: '2026-03-22', theoreticalEndOn: '2032-03-21' })).status).toBe(201);
    expect((await cm('put', `${MANDATE}/${id}`, { endOn: '2025-01-01', endReason: 'Démission' })).status).toBe(200);
    expect((await cm('put', `${MANDATE}/${id}`, { endOn: '2025-06-01' })).status).toBe(409);
  });

  it('a single-holder post held by another federation’s member: 409 saying it is taken, without the id of a mandate staff may not open', async () => {
    const communes = (require('@etalab/decoupage-administratif/data/communes.json') as { code: string; nom: string; departement: string; type: string }[]).filter(
      (c) => c.type === 'commune-actuelle' && c.departement === w.federation.departmentCode
    );
    const commune = communes[7]!;
    // National admins record posts held across federations.
    const away = await (await api())
      .post('/api/mandates/mandates')
      .set(bearer(w.national.token))
      .send({ member: w.otherMember.member.documentId, category: 'maire', territoryCode: commune.code, startOn: '2024-01-01' });
    expect(away.status, JSON.stringify(away.body)).toBe(201);
    const taken = await cm('post', MANDATE, { member: connect(w.member.member.documentId), category: connect(await categoryId('maire')), territoryCode: commune.code, territoryName: commune.nom, startOn: '2025-01-01', theoreticalEndOn: '2026-03-22' });
    expect(taken.status, JSON.stringify(taken.body)).toBe(409);
    expect(taken.body.error.message).toMatch(/déjà occupée sur cette période : Maire — /);
    expect(taken.body.error.details).toEqual({});
    expect(JSON.stringify(taken.body)).not.toContain(away.body.data.documentId);
  });

  it('a collaborator’s post names its employer (a member of the federation); not on another category (400), not another federation’s (as unknown, the admin panel’s guard); a commune keeps its official name', async () => {
    const collab = await categoryId('collaborateur-parlementaire');
    const base = { member: connect(w.memberB.member.documentId), category: connect(collab), territoryCode: w.federation.departmentCode, startOn: '2024-09-01', theoreticalEndOn: '2029-07-18' };
    // Membership's admin-panel guard makes another federation's member name nothing, as for `member`: an unknown one.
    const other = await cm('post', MANDATE, { ...base, employer: connect(w.otherMember.member.documentId) });
    const unknown = await cm('post', MANDATE, { ...base, employer: connect('zzzzzzzzzzzzzzzzzzzzzzzz') });
    expect(other.status, JSON.stringify(other.body)).toBe(400);
    expect(other.body.error.message).toBe('Contenu lié introuvable.');
    expect({ status: other.status, body: other.body }).toEqual({ status: unknown.status, body: unknown.body });
    const municipal = await cm('post', MANDATE, { member: connect(w.memberB.member.documentId), category: connect(await categoryId('conseiller-municipal')), territoryCode: '30007', territoryName: 'ales', startOn: '2020-07-04', theoreticalEndOn: '2026-03-22', employer: connect(w.elected.member.documentId) });
    expect(municipal.status, JSON.stringify(municipal.body)).toBe(400);
    expect(municipal.body.error.message).toBe('Seul un poste de collaborateur·rice d’élu·e a un employeur.');
    const created = await cm('post', MANDATE, { ...base, employer: connect(w.elected.member.documentId) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const row = await (await (await import('../../../tests/support/strapi')).bootStrapi()).db.query(MANDATE).findOne({ where: { documentId: created.body.data.documentId }, populate: { employer: true } });
    expect(row).toMatchObject({ employerRef: w.elected.member.id, employer: { id: w.elected.member.id } });
    const named = await cm('post', MANDATE, { member: connect(w.memberB.member.documentId), category: connect(await categoryId('conseiller-municipal')), territoryCode: '30007', territoryName: 'ales', startOn: '2020-07-04', theoreticalEndOn: '2026-03-22' });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect((await (await (await import('../../../tests/support/strapi')).bootStrapi()).db.query(MANDATE).findOne({ where: { documentId: named.body.data.documentId } })).territoryName).toBe('Alès');
  });

  it('another federation’s member is refused (as an unknown one); staff read the catalogue (the mandate form’s picker) but do not edit it', async () => {
    const cat = await categoryId('maire');
    const res = await cm('post', MANDATE, { member: connect(w.otherMember.member.documentId), category: connect(cat), territoryCode: '30189', territoryName: 'Nîmes', startOn: '2020-07-04', theoreticalEndOn: '2026-03-22' });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toBe('Contenu lié introuvable.');
    // The « Mandat » field's picker, as the Content Manager asks for it on the create form.
    const picker = await (await api()).get(`/content-manager/relations/${MANDATE}/category`).query({ pageSize: 50 }).set(bearer(staffToken));
    expect(picker.status, JSON.stringify(picker.body)).toBe(200);
    expect(picker.body.results.map((c: any) => c.label)).toContain('Maire');
    const list = await cm('get', 'plugin::mandates.category');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const created = await cm('post', 'plugin::mandates.category', { code: 'mandat-invente', label: 'Mandat inventé', level: 'communal', territoryKind: 'commune', executive: false });
    expect(created.status).toBe(403);
    const renamed = await cm('put', `plugin::mandates.category/${cat}`, { label: 'Maire renommé' });
    expect(renamed.status).toBe(403);
  });

  it('GET /mandates/mandates/:id/situation (the side panel of a mandate’s page): 401, 403 without the Content Manager’s read, 403 module off, 404 unknown or another federation’s (the same answer), then the official’s breaches', async () => {
    // An official of the federation with three local mandates at once: L46-1 (the electoral code's « pas plus de deux »).
    const official = await createMember({ federation: w.federation, section: w.sectionA });
    const holdings = [
      ['conseiller-municipal', '30189', '2026-03-22', '2032-03-21'],
      ['conseiller-departemental', '30', '2021-07-01', '2028-03-31'],
      ['conseiller-regional', '76', '2021-07-02', '2028-03-31'],
    ] as const;
    let last = '';
    for (const [code, territoryCode, startOn, theoreticalEndOn] of holdings) {
      const res = await cm('post', MANDATE, { member: connect(official.member.documentId), category: connect(await categoryId(code)), territoryCode, territoryName: 'Gard', startOn, theoreticalEndOn });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      last = res.body.data.documentId;
    }
    const path = (id: string) => `/mandates/mandates/${id}/situation`;
    const as = async (token: string | undefined, id = last) => {
      const req = (await api()).get(path(id));
      return token ? req.set(bearer(token)) : req;
    };
    expect((await as(undefined)).status).toBe(401);
    const strapi = await bootStrapi();
    const bare = await (strapi.service('admin::role') as any).create({ name: `Sans droits ${Date.now().toString(36)}`, description: 'Aucune permission' });
    expect((await as(await adminToken(`sans.droits.${Date.now().toString(36)}@admin.test`, [bare.id]))).status).toBe(403);
    expect((await as(staffToken, 'inexistant0000000000000')).status).toBe(404);
    // Another federation's staff: exactly an unknown mandate's answer, even with the module off there.
    const otherStaff = await adminToken(`mandats.autre.${Date.now().toString(36)}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
    const unknown = await as(otherStaff, 'inexistant0000000000000');
    expect(unknown.body.error.message).toBe('Mandat introuvable.');
    const elsewhere = await as(otherStaff);
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'mandates', false);
    try {
      const hidden = await as(otherStaff);
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    } finally {
      await strapi.plugin('modules').service('switches').set(w.federation.id, 'mandates', true);
    }
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'mandates', false);
    try {
      const off = await as(staffToken);
      expect(off.status).toBe(403);
      expect(off.body.error.message).toBe('Le module « Élus et mandats » n’est pas activé pour cette fédération.');
    } finally {
      await switches.set(w.federation.id, 'mandates', true);
    }
    const res = await as(staffToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.official.documentId).toBe(official.member.documentId);
    expect(res.body.data.mandates).toHaveLength(3);
    const breach = res.body.data.violations.find((v: any) => v.rule === 'L46-1');
    expect(breach).toMatchObject({ since: '2026-03-22', waived: false });
    // The mandate acquired first ends, failing a choice (L46-1).
    expect(breach.toEnd.label).toMatch(/départemental/);
    expect(breach.text).toMatch(/depuis le 22 mars 2026/);
    // One who left the party: the API's situation answers as unknown, the mandate's record here still shows it.
    await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: { leftOn: todayInParis() } });
    try {
      expect((await (await api()).get(`/api/mandates/officials/${official.member.documentId}/situation`).set(bearer(w.staff.token))).status).toBe(404);
      const kept = await as(staffToken);
      expect(kept.status, JSON.stringify(kept.body)).toBe(200);
      expect(kept.body.data.violations.map((v: any) => v.rule)).toContain('L46-1');
    } finally {
      await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: { leftOn: null } });
    }
  });
});
