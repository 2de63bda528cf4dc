import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { createCourse, QUESTIONS } from './support/courses';

/** Staff write their federation's courses in the admin panel (Content Manager API), not others'. */
let w: World;
let staffToken: string;
const CM = '/content-manager/collection-types';

beforeAll(async () => {
  w = await createWorld();
  staffToken = await adminToken(`formation.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
});

describe('courses in the admin panel', () => {
  it('lets federation staff draft, build and publish their federation’s course', async () => {
    const http = await api();
    const course = await http.post(`${CM}/plugin::training.course`).set(bearer(staffToken)).send({
      title: 'Tenir un stand', audience: 'federation', intendedFor: 'all-members', federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const module = await http.post(`${CM}/plugin::training.course-module`).set(bearer(staffToken)).send({
      title: 'Préparer', position: 1, course: { connect: [{ documentId: course.body.data.documentId }] },
    });
    expect(module.status, JSON.stringify(module.body)).toBe(201);
    const quiz = await http.post(`${CM}/plugin::training.quiz`).set(bearer(staffToken)).send({
      title: 'Prêt ?', passMark: 50, maxAttempts: 2, questions: QUESTIONS, module: { connect: [{ documentId: module.body.data.documentId }] },
    });
    expect(quiz.status, JSON.stringify(quiz.body)).toBe(201);
    const broken = await http.post(`${CM}/plugin::training.quiz`).set(bearer(staffToken)).send({
      title: 'Bancal', passMark: 50, maxAttempts: 2, questions: [{ text: 'Q ?', kind: 'single', choices: [{ text: 'a', correct: true }] }],
    });
    expectError(broken, 400, 'Au moins deux choix');
    // A text of Hangul fillers or zero-width spaces shows nothing to the learner: no text.
    const blank = (question: string, choice: string) => http.post(`${CM}/plugin::training.quiz`).set(bearer(staffToken)).send({
      title: 'Invisible', passMark: 50, maxAttempts: 2, questions: [{ text: question, kind: 'single', choices: [{ text: 'Oui', correct: true }, { text: choice, correct: false }] }],
    });
    expectError(await blank('\u3164\u3164', 'Non'), 400, 'Chaque question a un texte.');
    expectError(await blank('Prêt ?', '\u200b'), 400, 'Chaque choix a un texte.');
    expect((await http.post(`${CM}/plugin::training.course/${course.body.data.documentId}/actions/publish`).set(bearer(staffToken)).send({})).status).toBe(200);
    const seen = await http.get(`/api/training/courses/${course.body.data.documentId}`).set(bearer(w.member.token));
    expect(seen.body.data.modules[0].quizzes[0].title).toBe('Prêt ?');
  });

  it('refuses another federation’s course, and national ones', async () => {
    const http = await api();
    const other = await createCourse({ federation: w.other, title: 'Ailleurs' });
    // Another federation's course looks absent.
    expectError(await http.get(`${CM}/plugin::training.course/${other.documentId}`).set(bearer(staffToken)), 404);
    expectError(await http.put(`${CM}/plugin::training.course/${other.documentId}`).set(bearer(staffToken)).send({ title: 'Pris' }), 404);
    expectError(await http.post(`${CM}/plugin::training.course`).set(bearer(staffToken)).send({ title: 'National', audience: 'national', intendedFor: 'all-members' }), 403);
    const list = await http.get(`${CM}/plugin::training.course?page=1&pageSize=100`).set(bearer(staffToken));
    expect(list.body.results.map((c: any) => c.title)).not.toContain('Ailleurs');
    const strapi = await bootStrapi();
    expect((await strapi.db.query('plugin::training.course').findOne({ where: { documentId: other.documentId } })).title).toBe('Ailleurs');
  });
});
