import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { indexSettled } from '../../search/tests/support/index-state';
import { createCourse, RIGHT } from './support/courses';
import { parisDate } from '@intranet-militant/shared';
import { statementsDuring } from '../../../tests/support/statements';

/**
 * Reads never write: every GET of training and search, for a learner, a sponsor, staff
 * and anyone checking a certificate, runs without one INSERT, UPDATE or DELETE on our tables.
 */
let w: World;
let course: Awaited<ReturnType<typeof createCourse>>;
let certificateCode: string;
let newcomer: Awaited<ReturnType<typeof createMember>>;
const recently = parisDate(new Date(Date.now() - 30 * 86_400_000));

beforeAll(async () => {
  w = await createWorld();
  const http = await api();
  course = await createCourse({ title: 'Lire un budget de section', federation: w.federation });
  const post = (path: string, token: string, body: object = {}) => http.post(`/api/training${path}`).set(bearer(token)).send(body);
  await post(`/courses/${course.documentId}/enrolment`, w.member.token);
  for (const lesson of course.lessons) await post(`/courses/${course.documentId}/lessons/${lesson}/done`, w.member.token);
  const passed = await post(`/courses/${course.documentId}/quizzes/${course.quiz}/attempts`, w.member.token, { answers: RIGHT });
  expect(passed.body.data.courseCompleted).toBe(true);
  newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
  expect((await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: w.memberB.member.documentId })).status).toBe(201);
  certificateCode = (await http.get('/api/training/me').set(bearer(w.member.token))).body.data.enrolments[0].enrolment.certificateCode;
  await indexSettled();
});

/** The INSERT, UPDATE and DELETE statements run on our plugins' tables while `run` runs. */
async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
  const statements = await statementsDuring(await bootStrapi(), run);
  return statements.map((s) => s.sql).filter((sql) => /^(insert|update|delete)\b/i.test(sql) && /\b(training_|search_|audit_)/i.test(sql));
}

describe('reads never write', () => {
  it('GET routes of training and search write nothing', async () => {
    const http = await api();
    const c = course.documentId;
    const reads: [string, string | null][] = [
      ['/api/training/courses', w.member.token],
      ['/api/training/courses?level=federation&page=1&pageSize=5', w.staff.token],
      [`/api/training/courses/${c}`, w.member.token],
      [`/api/training/courses/${c}/certificate`, w.member.token],
      ['/api/training/me', w.member.token],
      ['/api/training/me', newcomer.token],
      ['/api/training/sponsorships/mine', w.memberB.token],
      [`/api/training/sponsorships/suggestions?newcomer=${newcomer.member.documentId}`, w.staff.token],
      ['/api/training/statistics', w.staff.token],
      ['/api/training/statistics/export', w.staff.token],
      [`/api/training/certificates/${certificateCode}`, null],
      ['/api/search?q=budget', w.member.token],
      ['/api/search?q=budget&type=course', w.staff.token],
    ];
    for (const [path, token] of reads) {
      let status = 0;
      const writes = await writesDuring(async () => {
        const req = http.get(path);
        status = (await (token ? req.set(bearer(token)) : req)).status;
      });
      expect(status, path).toBe(200);
      expect(writes, path).toEqual([]);
    }
    // The count sees writes: a rating is one.
    const rated = await writesDuring(() => http.put(`/api/training/courses/${c}/rating`).set(bearer(w.member.token)).send({ grade: 4 }));
    expect(rated.some((sql) => /training_ratings/.test(sql))).toBe(true);
  });
});
