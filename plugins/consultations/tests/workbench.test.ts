import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { adminToken, federationStaffRole, superAdminRole } from '../../../tests/support/admin';
import { bearer, expectError } from '../../../tests/support/expect';

/** The staff screens' admin routes: the grouping workbench and the results, for the staff who run the consultation. */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;
let staff: string;
let otherStaff: string;
let national: string;
let id: string;

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  const code = w.federation.departmentCode.toLowerCase();
  staff = await adminToken(`atelier.${code}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  otherStaff = await adminToken(`atelier.autre.${code}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
  national = await adminToken(`atelier.national.${code}@admin.test`, [await superAdminRole()]);
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
    title: 'Atelier', audience: 'federation', opensAt: at(-1),
    phases: { contribution: { endsAt: at(2) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(4) }, vote: { endsAt: at(5) } },
  });
  id = created.body.data.documentId;
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
  for (const [m, title, body] of [
    [w.member, 'Bus gratuits', 'Des bus gratuits pour les jeunes.'],
    [w.memberB, 'Gratuité des bus', 'Rendre les bus gratuits.'],
    [w.elected, 'Journal interne', 'Un journal interne chaque mois.'],
  ] as const) {
    await http.post(`/api/consultations/${id}/contributions`).set(bearer(m.token)).send({ title, body });
  }
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' });
});

describe('workbench admin routes', () => {
  it('answer 401 without a session and 404 to another federation’s staff (issue 10: looks absent)', async () => {
    const http = await api();
    expect((await http.get(`/consultations/workbench/${id}`)).status).toBe(401);
    expectError(await http.get(`/consultations/workbench/${id}`).set(bearer(otherStaff)), 404, 'Consultation introuvable'); // issue 10: what one may not see looks absent
    expectError(await http.post(`/consultations/workbench/${id}/proposals`).set(bearer(otherStaff)).send({ title: 'X', sources: [] }), 404, 'Consultation introuvable.');
  });

  it('list the consultations the staff member runs', async () => {
    const http = await api();
    expect((await http.get('/consultations/workbench').set(bearer(staff))).body.data.map((c: any) => c.documentId)).toContain(id);
    expect((await http.get('/consultations/workbench').set(bearer(otherStaff))).body.data.map((c: any) => c.documentId)).not.toContain(id);
    expect((await http.get('/consultations/workbench').set(bearer(national))).body.data.map((c: any) => c.documentId)).toContain(id);
  });

  it('show unassigned contributions with their authors, and suggest the groups', async () => {
    const res = await (await api()).get(`/consultations/workbench/${id}?threshold=0.2`).set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.unassigned).toHaveLength(3);
    expect(res.body.data.unassigned[0].author.membershipNumber).toBe(w.member.member.membershipNumber);
    const [group] = res.body.data.suggestions;
    expect(group.contributions.map((c: any) => c.title).sort()).toEqual(['Bus gratuits', 'Gratuité des bus']);
  });

  it('build proposals, move and merge them, audited as admin-panel actions', async () => {
    const http = await api();
    const { unassigned } = (await http.get(`/consultations/workbench/${id}`).set(bearer(staff))).body.data;
    const bus = unassigned.filter((c: any) => c.title.includes('us')).map((c: any) => c.documentId);
    const journal = unassigned.find((c: any) => c.title === 'Journal interne').documentId;
    const first = await http.post(`/consultations/workbench/${id}/proposals`).set(bearer(staff)).send({ title: 'Des bus gratuits', sources: bus });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await http.post(`/consultations/workbench/${id}/proposals`).set(bearer(staff)).send({ title: 'Un journal', sources: [] });
    const moved = await http.post(`/consultations/workbench/${id}/proposals/${second.body.data.documentId}/sources`).set(bearer(staff)).send({ add: [journal] });
    expect(moved.status).toBe(200);
    const merged = await http.post(`/consultations/workbench/${id}/proposals/${second.body.data.documentId}/merge`).set(bearer(staff)).send({ into: first.body.data.documentId });
    expect(merged.status).toBe(200);
    const after = (await http.get(`/consultations/workbench/${id}`).set(bearer(staff))).body.data;
    expect(after.unassigned).toHaveLength(0);
    expect(after.proposals.find((p: any) => p.documentId === first.body.data.documentId).sources).toHaveLength(3);
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ action: 'plugin::consultations.proposal.merge', subject_id: second.body.data.documentId });
    expect(entry).toMatchObject({ actor_kind: 'admin', federation_id: w.federation.id });
  });

  it('show the results and the chart, and compose the synthesis', async () => {
    const http = await api();
    expect((await http.post(`/consultations/workbench/${id}/advance`).set(bearer(staff)).send({ from: 'analysis' })).status).toBe(200);
    const proposals = (await http.get(`/api/consultations/${id}/proposals`).set(bearer(w.member.token))).body.data;
    await http.put(`/api/consultations/${id}/grades`).set(bearer(w.member.token)).send({ grades: [{ proposal: proposals[0].documentId, effort: 2, impact: 5 }] });
    const results = await http.get(`/consultations/workbench/${id}/results`).set(bearer(staff));
    expect(results.body.data.evaluation.proposals[0]).toMatchObject({ rank: 1, impact: { median: 5, count: 1 } });
    const chart = await http.get(`/consultations/workbench/${id}/chart.svg`).set(bearer(staff));
    expect(chart.headers['content-type']).toContain('image/svg+xml');
    const synthesis = await http.post(`/consultations/workbench/${id}/synthesis`).set(bearer(staff)).send({ size: 1 });
    expect(synthesis.status).toBe(201);
    expect(synthesis.body.data.sections).toHaveLength(1);
  });
});
