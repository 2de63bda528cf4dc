import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { seedTrainingCourses } from '../../../src/seed/training-demo';
import { indexSettled } from '../../search/tests/support/index-state';
import { createCourse } from './support/courses';
import { parisDate } from '@intranet-militant/shared';

/**
 * The demo's training, on a fresh federation: a newcomer joins, is enrolled in the welcome
 * path, gets a sponsor, completes the path through the API, passes its quiz, downloads
 * a certificate whose code verifies; the staff statistics and CSV reflect it.
 */
let federation: any;
let nimes: any;
let staff: Awaited<ReturnType<typeof createMember>>;
const recently = parisDate(new Date(Date.now() - 20 * 86_400_000));

beforeAll(async () => {
  federation = await createFederation();
  nimes = await createSection(federation, 'Nîmes');
  staff = await createMember({ federation, section: nimes, role: 'federation-staff' });
  await seedTrainingCourses(await bootStrapi(), { gard: federation, nimes });
});

describe('the welcome path, end to end', () => {
  it('takes a newcomer from joining to a verified certificate, and shows in the statistics', async () => {
    const http = await api();
    const sponsor = await createMember({ federation, section: nimes, joinedOn: '2018-04-01' });
    const newcomer = await createMember({ federation, section: nimes, joinedOn: recently });

    const me = (await http.get('/api/training/me').set(bearer(newcomer.token))).body.data;
    const welcome = me.enrolments.find((e: any) => e.course.welcomePath);
    expect(welcome.enrolment).toMatchObject({ origin: 'welcome', progress: 0 });
    const courseId = welcome.course.documentId;

    const suggestions = (await http.get(`/api/training/sponsorships/suggestions?newcomer=${newcomer.member.documentId}`).set(bearer(staff.token))).body.data;
    expect(suggestions.map((s: any) => s.member.documentId)).toContain(sponsor.member.documentId);
    expect((await http.post('/api/training/sponsorships').set(bearer(staff.token)).send({ newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId })).status).toBe(201);

    const course = (await http.get(`/api/training/courses/${courseId}`).set(bearer(newcomer.token))).body.data;
    for (const lesson of course.modules.flatMap((m: any) => m.lessons)) {
      expect((await http.post(`/api/training/courses/${courseId}/lessons/${lesson.documentId}/done`).set(bearer(newcomer.token)).send({})).status).toBe(200);
    }
    const [quiz] = course.modules.flatMap((m: any) => m.quizzes);
    const attempt = await http.post(`/api/training/courses/${courseId}/quizzes/${quiz.documentId}/attempts`).set(bearer(newcomer.token)).send({ answers: [[0], [0, 1]] });
    expect(attempt.body.data).toMatchObject({ passed: true, score: 100, courseCompleted: true });

    const followed = (await http.get('/api/training/sponsorships/mine').set(bearer(sponsor.token))).body.data;
    expect(followed[0]).toMatchObject({ newcomer: { documentId: newcomer.member.documentId }, courses: [expect.objectContaining({ progress: 100 })] });

    const done = (await http.get('/api/training/me').set(bearer(newcomer.token))).body.data.enrolments.find((e: any) => e.course.documentId === courseId).enrolment;
    const pdf = await http.get(`/api/training/courses/${courseId}/certificate`).set(bearer(newcomer.token)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="certificat-${done.certificateCode}.pdf"`);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await http.get(`/api/training/certificates/${done.certificateCode.toLowerCase()}`);
    expect(verified.body.data).toMatchObject({ valid: true, course: 'Bienvenue au parti : le parcours d’accueil', holder: `${newcomer.member.firstName} ${newcomer.member.lastName}` });

    expect((await http.put(`/api/training/courses/${courseId}/rating`).set(bearer(newcomer.token)).send({ grade: 4, comment: 'Clair et utile.' })).status).toBe(200);
    const figures = (await http.get('/api/training/statistics').set(bearer(staff.token))).body.data;
    expect(figures.courses.find((c: any) => c.documentId === courseId)).toMatchObject({ enrolled: 1, completed: 1, completionRate: 100, ratings: 1, meanRating: 4 }); // the sponsor, an old hand, was not enrolled
    const csv = await http.get('/api/training/statistics/export').set(bearer(staff.token));
    const row = Papa.parse<string[]>(csv.text.replace(/^\ufeff/, ''), { delimiter: ';' }).data.find((r) => r[0] === 'Bienvenue au parti : le parcours d’accueil');
    expect(row?.slice(1, 5)).toEqual(['Fédération', '1', '1', '100']);
    expect(row?.[7]).toBe('4');
  });
});

describe('training in the intranet search', () => {
  it('finds published courses and lessons for the members they are meant for, never drafts', async () => {
    const http = await api();
    const member = await createMember({ federation, section: nimes });
    const other = await createMember({ federation: await createFederation(), section: null });
    await indexSettled();
    // Only training's hits: other plugins' test data (a skills profile mentioning « cartographie »…) share the index.
    const titles = async (token: string, q: string) => (await http.get('/api/search').query({ q }).set(bearer(token))).body.data
      .filter((h: any) => h.type === 'course' || h.type === 'lesson')
      .map((h: any) => `${h.type}:${h.title}`);
    expect(await titles(member.token, 'tenir trois minutes')).toContain('lesson:Tenir trois minutes'); // national course
    expect(await titles(member.token, 'cycle budgetaire')).toContain('lesson:Le cycle budgétaire');
    expect(await titles(other.token, 'cycle budgetaire')).toEqual([]); // another federation's course
    expect(await titles(other.token, 'tenir trois minutes')).toContain('lesson:Tenir trois minutes');

    const reserved = await createCourse({ title: 'Déontologie des élus municipaux', federation, intendedFor: 'elected-officials', openToOthers: false });
    await createCourse({ title: 'Brouillon de cartographie électorale', federation, publish: false });
    const elected = await createMember({ federation, section: nimes, role: 'elected-official' });
    await indexSettled();
    expect(await titles(member.token, 'deontologie')).toEqual([]);
    expect(await titles(elected.token, 'deontologie')).toContain('course:Déontologie des élus municipaux');
    expect(await titles(staff.token, 'cartographie')).toEqual([]);

    const strapi = await bootStrapi();
    await strapi.documents('plugin::training.course' as any).unpublish({ documentId: reserved.documentId });
    await indexSettled();
    expect(await titles(elected.token, 'deontologie')).toEqual([]);

    // Deleted, a course takes its lessons out of the search with it.
    const gone = await createCourse({ title: 'Cours éphémère', federation, lessons: 1 });
    await indexSettled();
    const lessonTitle = (await strapi.db.query('plugin::training.lesson').findOne({ where: { documentId: gone.lessons[0] } })).title;
    expect(await titles(member.token, lessonTitle)).toContain(`lesson:${lessonTitle}`);
    const module = await strapi.db.query('plugin::training.course-module').findOne({ where: { course: { documentId: gone.documentId } } });
    await strapi.documents('plugin::training.course' as any).delete({ documentId: gone.documentId });
    await strapi.documents('plugin::training.course-module' as any).delete({ documentId: module.documentId });
    await indexSettled();
    expect(await titles(member.token, lessonTitle)).not.toContain(`lesson:${lessonTitle}`);
  });
});
