import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, skillsProfileBody, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { createCourse } from './support/courses';

/**
 * Issue 18's matching used by training: staff ask « Compétences et réseaux » who could run
 * a course, and get the members who opted in and show their skills to staff, best first.
 */
let strapi: Core.Strapi;
let w: World;
let course: string;
let skill: string;
let trainer: string;

const post = async (path: string, token: string | undefined, body: object) => {
  const req = (await api()).post(path);
  return (token ? req.set(bearer(token)) : req).send(body);
};

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  course = (await createCourse({ audience: 'federation', federation: w.federation })).documentId;
  const term = await post('/api/skills/terms', w.national.token, { label: `Prise de parole ${w.federation.departmentCode}`, kind: 'skill' });
  skill = term.body.data.slug;
  const m = await createMember({ federation: w.federation, section: w.sectionA });
  const saved = await (await api()).put('/api/skills/me/profile').set(bearer(m.token)).send(skillsProfileBody({ visibility: 'staff', skills: [{ term: skill, level: 4 }], willingness: ['train'], hoursPerMonth: 10 }));
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  trainer = (await post('/api/skills/me/consent', m.token, { version: '2026-12-v1' })).body.data.profile.documentId;
  const silent = await createMember({ federation: w.federation, section: w.sectionA });
  const silentSaved = await (await api()).put('/api/skills/me/profile').set(bearer(silent.token)).send(skillsProfileBody({ visibility: 'all', skills: [{ term: skill, level: 4 }] }));
  expect(silentSaved.status, JSON.stringify(silentSaved.body)).toBe(200);
});

describe('POST /training/courses/:id/trainer-suggestions', () => {
  it('401, 403 a member, 404 another federation’s staff (the course is not theirs to see), 403 skills module off, 400 unknown skill, then the consenting members, audited', async () => {
    const path = `/api/training/courses/${course}/trainer-suggestions`;
    expectError(await post(path, undefined, { skill }), 401);
    expectError(await post(path, w.member.token, { skill }), 403);
    expectError(await post(path, w.otherStaff.token, { skill }), 404);
    expect(badRequest(await post(path, w.staff.token, { skill: 'inconnue' })).skill).toBe('Compétence inconnue du vocabulaire : inconnue.');
    expect(badRequest(await post(path, w.staff.token, { skill, limit: 50 })).limit).toBe('Nombre de suggestions : de 1 à 20.');
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'skills', false);
    try {
      expectError(await post(path, w.staff.token, { skill }), 403, 'Le module « Compétences et réseaux » n’est pas activé pour cette fédération.');
    } finally {
      await switches.set(w.federation.id, 'skills', true);
    }
    const res = await post(path, w.staff.token, { skill });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((m: any) => m.profile)).toEqual([trainer]);
    expect(res.body.data[0]).toMatchObject({ willingToTrain: true, skill: { level: 4 } });
    const entry = await strapi.db.connection('audit_log').where({ action: 'plugin::skills.matching.run', actor_id: w.staff.user.id }).orderBy('seq', 'desc').first();
    expect(JSON.stringify(entry.details)).toContain(course);
  });
});
