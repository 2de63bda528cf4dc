import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, skillsProfileBody, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';

/**
 * Issue 18's matching used by bodies: those who manage a body ask « Compétences et réseaux »
 * which members have a skill the body needs, and get the members who opted in and show
 * their skills to staff, best first; the search is audited.
 */
let strapi: Core.Strapi;
let w: World;
let body: string;
let skill: string;
let expert: string;

const post = async (path: string, token: string | undefined, payload: object) => {
  const req = (await api()).post(path);
  return (token ? req.set(bearer(token)) : req).send(payload);
};

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  const created = await post('/api/bodies/bodies', w.staff.token, { name: 'Commission des finances', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5 });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  body = created.body.data.documentId;
  const term = await post('/api/skills/terms', w.national.token, { label: `Comptabilité publique ${w.federation.departmentCode}`, kind: 'skill' });
  expect(term.status, JSON.stringify(term.body)).toBe(201);
  skill = term.body.data.slug;
  const m = await createMember({ federation: w.federation, section: w.sectionA });
  const saved = await (await api()).put('/api/skills/me/profile').set(bearer(m.token)).send(skillsProfileBody({ visibility: 'staff', skills: [{ term: skill, level: 3 }] }));
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expert = (await post('/api/skills/me/consent', m.token, { version: '2026-12-v1' })).body.data.profile.documentId;
  // Same skill, no consent: never suggested.
  const silent = await createMember({ federation: w.federation, section: w.sectionA });
  const silentSaved = await (await api()).put('/api/skills/me/profile').set(bearer(silent.token)).send(skillsProfileBody({ visibility: 'all', skills: [{ term: skill, level: 4 }] }));
  expect(silentSaved.status, JSON.stringify(silentSaved.body)).toBe(200);
});

describe('POST /bodies/bodies/:id/skill-suggestions', () => {
  it('401, 403 a member, 403 another federation’s staff, 403 skills module off, 400 unknown skill, then the consenting members, audited', async () => {
    const path = `/api/bodies/bodies/${body}/skill-suggestions`;
    expectError(await post(path, undefined, { skill }), 401);
    expectError(await post(path, w.member.token, { skill }), 403);
    expectError(await post(path, w.otherStaff.token, { skill }), 404, 'Instance introuvable.'); // another federation's body looks absent, to officers too
    expect(badRequest(await post(path, w.staff.token, { skill: 'inconnue' })).skill).toBe('Compétence inconnue du vocabulaire : inconnue.');
    expect(badRequest(await post(path, w.staff.token, { skill, limit: 50 })).limit).toBe('Nombre de suggestions : de 1 à 20.');
    expect(badRequest(await post(path, w.staff.token, { skill: 'Pas un identifiant' })).skill).toBe('Compétence : identifiant invalide.');
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'skills', false);
    try {
      expectError(await post(path, w.staff.token, { skill }), 403, 'Le module « Compétences et réseaux » n’est pas activé pour cette fédération.');
    } finally {
      await switches.set(w.federation.id, 'skills', true);
    }
    await switches.set(w.federation.id, 'bodies', false);
    try {
      expectError(await post(path, w.staff.token, { skill }), 403);
    } finally {
      await switches.set(w.federation.id, 'bodies', true);
    }
    const res = await post(path, w.staff.token, { skill });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((m: any) => m.profile)).toEqual([expert]);
    expect(res.body.data[0]).toMatchObject({ skill: { level: 3 } });
    const entry = await strapi.db.connection('audit_log').where({ action: 'plugin::skills.matching.run', actor_id: w.staff.user.id }).orderBy('seq', 'desc').first();
    expect(JSON.stringify(entry.details)).toContain(body);
  });
});
