import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { effectiveStatus, effectiveStatusFilter, parisDate } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer } from '../../../tests/support/expect';

/**
 * A recorded departure is a status (issue 22): from the day given the member reads
 * `status: 'left'`, leaves every list filtered on active members, membership's audiences,
 * and mandates' officials directory, compliance table and national counts (through
 * membership's public `departedAmong`, never its tables) — before any erasure.
 */
let strapi: Core.Strapi;
let w: World;
let leaving: TestMember; // an elected official who leaves
let staying: TestMember; // an elected official who stays
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const yearsAgo = (n: number) => parisDate(new Date(Date.now() - n * 365.25 * 86_400_000));
const mandate = { category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: yearsAgo(2) };

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'mandates', true);
  leaving = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
  staying = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
  const http = await api();
  for (const official of [leaving, staying]) {
    const res = await http.post('/api/mandates/mandates').set(bearer(official.token)).send(mandate);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});

describe('the effective status rule', () => {
  it('reads left from the departure day on, except an exclusion; the query filter agrees', () => {
    const base = { status: 'active' as const, suspendedUntil: null };
    expect(effectiveStatus({ ...base, leftOn: null }, '2026-06-01')).toBe('active');
    expect(effectiveStatus({ ...base, leftOn: '2026-06-02' }, '2026-06-01')).toBe('active');
    expect(effectiveStatus({ ...base, leftOn: '2026-06-01' }, '2026-06-01')).toBe('left');
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: null, leftOn: '2026-05-01' }, '2026-06-01')).toBe('left');
    expect(effectiveStatus({ status: 'excluded', suspendedUntil: null, leftOn: '2026-05-01' }, '2026-06-01')).toBe('excluded');
    expect(JSON.stringify(effectiveStatusFilter('active', '2026-06-01'))).toContain('leftOn');
  });
});

describe('a member whose departure is recorded', () => {
  const officials = async () => {
    const res = await (await api()).get('/api/mandates/officials').set(bearer(w.staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.map((o: any) => o.documentId);
  };
  const nationalOfficials = async () => {
    const res = await (await api()).get('/api/mandates/counts').set(bearer(w.national.token));
    expect(res.status).toBe(200);
    return res.body.data.federations.find((f: any) => f.documentId === w.federation.documentId)?.officials ?? 0;
  };
  const listed = async (status: string) => {
    const res = await (await api()).get(`/api/membership/members?status=${status}&pageSize=100`).set(bearer(w.staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.map((m: any) => m.documentId);
  };

  it('reads status left everywhere and is dropped from active lists, audiences and the officials directory', async () => {
    expect(await officials()).toEqual(expect.arrayContaining([leaving.member.documentId, staying.member.documentId]));
    const countBefore = await nationalOfficials();
    expect(await listed('active')).toContain(leaving.member.documentId);

    const http = await api();
    const res = await http.post(`/api/membership/members/${leaving.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: today(), reason: 'Démission' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const one = await http.get(`/api/membership/members/${leaving.member.documentId}`).set(bearer(w.staff.token));
    expect(one.body.data.status).toBe('left');
    expect(await listed('active')).not.toContain(leaving.member.documentId);
    expect(await listed('left')).toContain(leaving.member.documentId);
    expect(await listed('left')).not.toContain(staying.member.documentId);
    expect(badRequest(await http.get('/api/membership/members?status=parti').set(bearer(w.staff.token))).status).toMatch(/Statut inconnu/);

    const directory = strapi.plugin('membership').service('directory');
    expect(await directory.activeMemberIds({ audience: 'federation', federationId: w.federation.id })).not.toContain(leaving.member.id);
    expect((await directory.activeMembersOn(w.federation.id, today())).map((m: any) => m.id)).not.toContain(leaving.member.id);
    expect([...(await directory.departedAmong([leaving.member.id, staying.member.id]))]).toEqual([leaving.member.id]);
    // A national view asks for tens of thousands: the same answer, only the members asked.
    const many = [staying.member.id, ...Array.from({ length: 40_000 }, (_, i) => 900_000_000 + i)];
    expect([...(await directory.departedAmong(many))]).toEqual([]);
    expect([...(await directory.departedAmong([...many, leaving.member.id]))]).toEqual([leaving.member.id]);

    expect(await officials()).not.toContain(leaving.member.documentId);
    expect(await officials()).toContain(staying.member.documentId);
    expect(await nationalOfficials()).toBe(countBefore - 1);
    const compliance = await http.get(`/api/mandates/federations/${w.federation.documentId}/compliance`).set(bearer(w.staff.token));
    expect(compliance.status, JSON.stringify(compliance.body)).toBe(200);
    const names = compliance.body.data.map((r: any) => r.lastName);
    expect(names).toContain(staying.member.lastName);
    expect(names).not.toContain(leaving.member.lastName);
  });
});

describe('GET /api/membership/departures (the staff screen)', () => {
  it('401 anonymous, 403 members and other federations’ filter, 400 in French, then the federation’s members who left with their erasure day', async () => {
    const http = await api();
    const path = '/api/membership/departures';
    expect((await http.get(path)).status).toBe(401);
    expect((await http.get(path).set(bearer(w.member.token))).status).toBe(403);
    expect((await http.get(`${path}?federation=${w.other.documentId}`).set(bearer(w.staff.token))).status).toBe(403);
    expect(badRequest(await http.get(`${path}?pageSize=1000`).set(bearer(w.staff.token))).pageSize).toBeTruthy();
    expect(badRequest(await http.get(`${path}?federation=x`).set(bearer(w.staff.token))).federation).toBeTruthy();

    const res = await http.get(path).set(bearer(w.staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.data.find((r: any) => r.documentId === leaving.member.documentId);
    const [y, m, d] = today().split('-');
    expect(row).toMatchObject({ cause: 'departure', leftOn: today(), erasureDue: `${Number(y) + 3}-${m}-${d === '29' && m === '02' ? '28' : d}`, hold: null, lastName: leaving.member.lastName });
    expect(res.body.data.map((r: any) => r.documentId)).not.toContain(staying.member.documentId);
    expect(res.body.meta.pagination).toMatchObject({ page: 1 });

    const other = await http.get(path).set(bearer(w.otherStaff.token));
    expect(other.status).toBe(200);
    expect(other.body.data.map((r: any) => r.documentId)).not.toContain(leaving.member.documentId);
    const national = await http.get(`${path}?federation=${w.federation.documentId}`).set(bearer(w.national.token));
    expect(national.body.data.map((r: any) => r.documentId)).toContain(leaving.member.documentId);
  });
});
