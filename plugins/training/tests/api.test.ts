import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { createCourse, RIGHT, WRONG } from './support/courses';
import { addDays, frenchDate, parisDate, portalUrl } from '@intranet-militant/shared';

let w: World;
let course: Awaited<ReturnType<typeof createCourse>>; // the Gard's, for all members
let elected: Awaited<ReturnType<typeof createCourse>>; // reserved to elected officials
let otherCourse: Awaited<ReturnType<typeof createCourse>>; // another federation's
const T = '/api/training';
/** Joined a month ago: a newcomer. */
const recently = parisDate(new Date(Date.now() - 30 * 86_400_000));

beforeAll(async () => {
  w = await createWorld();
  course = await createCourse({ title: 'Prendre la parole en réunion', federation: w.federation });
  elected = await createCourse({ title: 'Le budget communal', federation: w.federation, intendedFor: 'elected-officials', openToOthers: false });
  otherCourse = await createCourse({ title: 'Formation de l’autre fédération', federation: w.other });
  await createCourse({ title: 'Tractage en section B', audience: 'section', section: w.sectionB }); // section B's, found by its title
});

const http = async () => api();
const get = async (path: string, token?: string) => {
  const req = (await http()).get(`${T}${path}`);
  return token ? req.set(bearer(token)) : req;
};
const post = async (path: string, token: string | undefined, body: unknown = {}) => {
  const req = (await http()).post(`${T}${path}`).send(body as object);
  return token ? req.set(bearer(token)) : req;
};

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(w.federation.id, 'training', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'training', true);
  }
}

describe('courses', () => {
  it('GET /courses: 401, 403 without role, 403 module off, then the courses the member may see', async () => {
    expectError(await get('/courses'), 401);
    expectError(await get('/courses', w.outsider.token), 403);
    await withModuleOff(async () => expectError(await get('/courses', w.member.token), 403, 'Le module « Formation » n’est pas activé pour votre fédération.'));
    const res = await get('/courses', w.member.token);
    expect(res.status).toBe(200);
    const titles = res.body.data.map((c: any) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['Prendre la parole en réunion', 'Le budget communal']));
    expect(titles).not.toContain('Formation de l’autre fédération');
    expect(titles).not.toContain('Tractage en section B');
    expect(res.body.data.find((c: any) => c.title === 'Le budget communal')).toMatchObject({ meantForMe: false, intendedForLabel: 'Élus' });
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 25, total: res.body.data.length });
    expect(badRequest(await get('/courses?page=0', w.member.token)).page).toBe('La page commence à 1.');
    expect(badRequest(await get('/courses?level=mondial', w.member.token)).level).toBe('Niveau : national, federation ou section.');
    expect((await get('/courses?level=section', w.member.token)).body.data).toEqual([]);
    expect((await get('/courses', w.memberB.token)).body.data.map((c: any) => c.title)).toContain('Tractage en section B');
    expect((await get('/courses', w.staff.token)).body.data.map((c: any) => c.title)).toContain('Tractage en section B');
  });

  it('GET /courses/:id: 404 another federation’s (it looks absent), unknown or draft, 400 bad id; questions never carry their answers', async () => {
    expectError(await get(`/courses/${course.documentId}`), 401);
    expectError(await get(`/courses/${otherCourse.documentId}`, w.member.token), 404, 'Formation introuvable.');
    expectError(await get('/courses/inconnue0000000000000000', w.member.token), 404);
    const draft = await createCourse({ federation: w.federation, publish: false });
    expectError(await get(`/courses/${draft.documentId}`, w.member.token), 404, 'Formation introuvable.');
    expectError(await get('/courses/%20', w.member.token), 400);
    const res = await get(`/courses/${course.documentId}`, w.member.token);
    expect(res.status).toBe(200);
    expect(res.body.data.modules[0].lessons).toHaveLength(2);
    expect(res.body.data.modules[0].quizzes[0].questions[0]).toEqual({ number: 1, text: 'Qui vote la synthèse ?', kind: 'single', choices: ['Les adhérents', 'Le bureau seul'] });
    expect(JSON.stringify(res.body)).not.toMatch(/correct/);
    expect(res.body.data.enrolment).toBeNull();
    // A course reserved to elected officials shows members its outline, not its content.
    const reserved = (await get(`/courses/${elected.documentId}`, w.member.token)).body.data;
    expect(reserved.meantForMe).toBe(false);
    expect(reserved.modules[0].lessons[0]).toMatchObject({ title: expect.any(String), body: null, videoUrl: null, attachments: [] });
    expect(reserved.modules[0].quizzes[0].questions).toEqual([]);
    expect((await get(`/courses/${elected.documentId}`, w.elected.token)).body.data.modules[0].lessons[0].body).not.toBeNull();
  });

  it('GET /courses/:id/lessons/:lessonId/attachments/:fileId: the file, to those the lessons open to', async () => {
    const strapi = await bootStrapi();
    const name = `fiche-${Date.now()}.txt`;
    mkdirSync(path.join(strapi.dirs.static.public, 'uploads'), { recursive: true });
    const location = path.join(strapi.dirs.static.public, 'uploads', name);
    writeFileSync(location, 'Fiche pratique de la leçon.');
    try {
      const file = await strapi.db.query('plugin::upload.file').create({
        data: { name: 'Fiche pratique.txt', hash: name.replace('.txt', ''), ext: '.txt', mime: 'text/plain', size: 0.03, url: `/uploads/${name}`, provider: 'local' },
      });
      const other = await strapi.db.query('plugin::upload.file').create({
        data: { name: 'Autre.txt', hash: `autre-${name}`, ext: '.txt', mime: 'text/plain', size: 0.01, url: `/uploads/autre-${name}`, provider: 'local' },
      });
      for (const c of [course, elected]) {
        await strapi.documents('plugin::training.lesson' as any).update({ documentId: c.lessons[0], data: { attachments: [file.id] } as any });
      }
      const url = (c: { documentId: string; lessons: string[] }, fileId: number | string = file.id, lesson = c.lessons[0]) => `/courses/${c.documentId}/lessons/${lesson}/attachments/${fileId}`;
      // The course page gives its address.
      const lesson = (await get(`/courses/${course.documentId}`, w.member.token)).body.data.modules[0].lessons[0];
      expect(lesson.attachments).toEqual([{ id: file.id, name: 'Fiche pratique.txt', mime: 'text/plain', size: 0.03, url: `/api/training${url(course)}` }]);

      expectError(await get(url(course)), 401);
      expectError(await get(url(course), w.outsider.token), 403);
      await withModuleOff(async () => expectError(await get(url(course), w.member.token), 403, 'Formation'));
      expectError(await get(url(course), w.otherMember.token), 404, 'Formation introuvable.');
      expectError(await get(url(elected), w.member.token), 403, 'réservée aux élus');
      expect(badRequest(await get(url(course, 'abc'), w.member.token)).fileId).toBeDefined();
      expectError(await get(url(course, other.id), w.member.token), 404, 'Pièce jointe introuvable.');
      expectError(await get(url(course, file.id, elected.lessons[0]), w.member.token), 404, 'n’appartient pas à cette formation');

      const res = await get(url(course), w.member.token);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('Fiche pratique.txt')}`);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.text).toBe('Fiche pratique de la leçon.');
      expect((await get(url(elected), w.elected.token)).status).toBe(200);
      expect((await get(url(elected), w.staff.token)).status).toBe(200);
    } finally {
      rmSync(location, { force: true });
    }
  });
});

describe('enrolment, progress, quizzes, certificate', () => {
  it('POST /courses/:id/enrolment: refusals, then 201 once', async () => {
    const path = `/courses/${course.documentId}/enrolment`;
    expectError(await post(path, undefined), 401);
    expectError(await post(path, w.outsider.token), 403);
    expectError(await post(`/courses/${otherCourse.documentId}/enrolment`, w.member.token), 404, 'Formation introuvable.');
    expectError(await post(`/courses/${elected.documentId}/enrolment`, w.member.token), 403, 'réservée aux élus');
    expectError(await post(path, w.national.token), 403, 'Seuls les adhérents');
    await withModuleOff(async () => expectError(await post(path, w.member.token), 403, 'Formation'));
    expect(badRequest(await post(path, w.member.token, { score: 100 }))).toBeDefined();
    const res = await post(path, w.member.token);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ origin: 'self', enrolledAt: expect.any(String) });
    expectError(await post(path, w.member.token), 409, 'déjà inscrit');
    expect((await post(`/courses/${elected.documentId}/enrolment`, w.elected.token)).status).toBe(201);
  });

  it('holds one enrolment per member and course under concurrent requests', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const results = await Promise.all([1, 2, 3, 4].map(async () => post(`/courses/${course.documentId}/enrolment`, m.token)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('asks for prerequisites first (409 naming them)', async () => {
    const advanced = await createCourse({ title: 'Animer une section', federation: w.federation, prerequisites: [course.id] });
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    expectError(await post(`/courses/${advanced.documentId}/enrolment`, m.token), 409, 'Terminez d’abord la formation « Prendre la parole en réunion ».');
  });

  it('records progress and grades quizzes on the server, within the attempts allowed', async () => {
    const lesson = (i: number) => `/courses/${course.documentId}/lessons/${course.lessons[i]}/done`;
    const attempt = `/courses/${course.documentId}/quizzes/${course.quiz}/attempts`;
    expectError(await post(lesson(0), undefined), 401);
    expectError(await post(lesson(0), w.memberB.token), 403, 'Inscrivez-vous d’abord');
    expectError(await post(attempt, w.memberB.token, { answers: RIGHT }), 403, 'Inscrivez-vous d’abord');
    expectError(await post(`/courses/${course.documentId}/lessons/${otherCourse.lessons[0]}/done`, w.member.token), 404, 'n’appartient pas');

    const first = await post(lesson(0), w.member.token);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ progress: 33, completedAt: null, lessonsDone: [course.lessons[0]] });
    expect((await post(lesson(0), w.member.token)).body.data.progress).toBe(33); // again: nothing changes

    expect(badRequest(await post(attempt, w.member.token, { answers: RIGHT, score: 100 }))).toBeDefined(); // the score is the server's
    expect(badRequest(await post(attempt, w.member.token, { answers: [[0]] })).answers).toMatch(/Répondez aux 2 questions/);
    expect(badRequest(await post(attempt, w.member.token, { answers: [[0, 1], [0]] }))['answers.0']).toMatch(/une seule réponse/);
    expect(badRequest(await post(attempt, w.member.token, { answers: [[7], [0]] }))['answers.0']).toMatch(/choix inexistant/);
    expect(badRequest(await post(attempt, w.member.token, { answers: 'A' }))).toBeDefined();

    const failed = await post(attempt, w.member.token, { answers: WRONG });
    expect(failed.status).toBe(201);
    expect(failed.body.data).toMatchObject({ score: 0, passed: false, attemptsLeft: 1, passMark: 100 });
    expect(failed.body.data.questions.every((q: any) => q.answer === undefined)).toBe(true); // no answers while attempts remain

    await post(lesson(1), w.member.token);
    const passed = await post(attempt, w.member.token, { answers: RIGHT });
    expect(passed.body.data).toMatchObject({ score: 100, passed: true, attemptsLeft: 0, courseCompleted: true });
    expect(passed.body.data.questions).toEqual([{ number: 1, correct: true, answer: [0] }, { number: 2, correct: true, answer: [0, 1] }]);
    expectError(await post(attempt, w.member.token, { answers: RIGHT }), 409, 'déjà réussi');
  });

  it('names the answer at fault: its path an array of keys, « answer » when nothing is ticked, « one answer » before « no such choice »', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await post(`/courses/${course.documentId}/enrolment`, m.token);
    const attempt = `/courses/${course.documentId}/quizzes/${course.quiz}/attempts`;
    const refusal = async (answers: number[][]) => expectError(await post(attempt, m.token, { answers }), 400).details.errors;
    const at = (index: number, message: string) => [{ path: ['answers', String(index)], message, name: 'ValidationError' }];
    expect(await refusal([[], []])).toEqual(at(0, 'Répondez à la question 1.'));
    expect(await refusal([[0], []])).toEqual(at(1, 'Répondez à la question 2.'));
    expect(await refusal([[1, 2], [1]])).toEqual(at(0, 'Question 1 : une seule réponse attendue.')); // question 1 is single-choice, with 2 choices
    expect(await refusal([[0], [0, 5]])).toEqual(at(1, 'Question 2 : choix inexistant.'));
    expect(await refusal([[0], [1, 1]])).toEqual(at(1, 'Question 2 : un choix est donné deux fois.'));
    const me = await get('/me', m.token);
    expect(me.body.data.enrolments.find((e: any) => e.course.documentId === course.documentId).enrolment.quizzes).toEqual([expect.objectContaining({ attempts: 0 })]); // no attempt used
  });

  it('refuses a third attempt when two are allowed', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await post(`/courses/${course.documentId}/enrolment`, m.token);
    const attempt = `/courses/${course.documentId}/quizzes/${course.quiz}/attempts`;
    await post(attempt, m.token, { answers: WRONG });
    const last = await post(attempt, m.token, { answers: WRONG });
    expect(last.body.data.questions[0].answer).toEqual([0]); // attempts used up: the answers are shown
    const inAWeek = addDays(parisDate(new Date()), 7);
    expect(last.body.data).toMatchObject({ attemptsLeft: 0, retryOn: inAWeek });
    const refused = expectError(await post(attempt, m.token, { answers: RIGHT }), 409, `Vous avez utilisé vos 2 essais pour ce quiz : vous pourrez réessayer à partir du ${frenchDate(inAWeek)}.`);
    expect(refused.details).toEqual({ retryOn: inAWeek });
    const standing = async () => (await get('/me', m.token)).body.data.enrolments.find((e: any) => e.course.documentId === course.documentId).enrolment.quizzes[0];
    expect(await standing()).toMatchObject({ attempts: 2, attemptsLeft: 0, retryOn: inAWeek, passed: false });
  });

  it('opens a new round of attempts 7 days after the last one used up the quiz (never stuck for good)', async () => {
    const strapi = await bootStrapi();
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await post(`/courses/${course.documentId}/enrolment`, m.token);
    const attempt = `/courses/${course.documentId}/quizzes/${course.quiz}/attempts`;
    await post(attempt, m.token, { answers: WRONG });
    await post(attempt, m.token, { answers: WRONG });
    const standing = async () => (await get('/me', m.token)).body.data.enrolments.find((e: any) => e.course.documentId === course.documentId).enrolment.quizzes[0];
    // Six days on: still waiting.
    const enrolment = await strapi.db.query('plugin::training.enrolment').findOne({ where: { enrolmentKey: `${m.member.id}:${course.documentId}` }, select: ['id'] });
    const attempts = await strapi.db.query('plugin::training.quiz-attempt').findMany({ where: { attemptKey: { $startsWith: `${enrolment.id}:` } }, select: ['id'] });
    expect(attempts).toHaveLength(2);
    const moveBack = (days: number) => strapi.db.query('plugin::training.quiz-attempt').updateMany({ where: { id: { $in: attempts.map((a: any) => a.id) } }, data: { createdAt: new Date(Date.now() - days * 86_400_000) } });
    await moveBack(6);
    expect((await standing()).attemptsLeft).toBe(0);
    expectError(await post(attempt, m.token, { answers: RIGHT }), 409, 'vous pourrez réessayer');
    // Seven days on: a new round of two, the answers hidden again until it is used up or passed.
    await moveBack(7);
    expect(await standing()).toMatchObject({ attempts: 2, attemptsLeft: 2, retryOn: null });
    const third = await post(attempt, m.token, { answers: WRONG });
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(third.body.data).toMatchObject({ attemptsLeft: 1, retryOn: null });
    expect(third.body.data.questions.every((q: any) => q.answer === undefined)).toBe(true);
    const fourth = await post(attempt, m.token, { answers: RIGHT });
    expect(fourth.body.data).toMatchObject({ passed: true, attemptsLeft: 0, retryOn: null });
  });

  it('delivers a PDF certificate to the learner, which anyone can verify by its code', async () => {
    const path = `/courses/${course.documentId}/certificate`;
    expectError(await get(path), 401);
    expectError(await get(path, w.memberB.token), 403, 'Inscrivez-vous d’abord');
    const me = await get('/me', w.member.token);
    const enrolment = me.body.data.enrolments.find((e: any) => e.course.documentId === course.documentId).enrolment;
    expect(enrolment).toMatchObject({ progress: 100, completedAt: expect.any(String), certificateCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/) });

    const pdf = await (await http()).get(`${T}${path}`).set(bearer(w.member.token)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // It sends its reader to the portal's public check page, which a person reads, not to the API's JSON.
    const raw = (pdf.body as Buffer).toString('latin1');
    // PUBLIC_URL when set; otherwise the address the learner reached us at (supertest's), never localhost:1337's default.
    const base = portalUrl(await bootStrapi(), 'http://127.0.0.1:');
    expect(raw).toMatch(new RegExp(`/URI \\(${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^)]*/certificats/${enrolment.certificateCode}\\)`));
    expect(raw).not.toContain('/api/training/certificates');

    const verified = await (await http()).get(`${T}/certificates/${enrolment.certificateCode}`); // no account needed
    expect(verified.status).toBe(200);
    expect(verified.body.data).toMatchObject({
      valid: true, code: enrolment.certificateCode, holder: `${w.member.member.firstName} ${w.member.member.lastName}`,
      course: 'Prendre la parole en réunion', level: 'federation', completedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // Typed as people type it: lower case, spaces for dashes.
    const typed = enrolment.certificateCode.toLowerCase().replace(/-/g, ' ');
    expect((await (await http()).get(`${T}/certificates/${encodeURIComponent(typed)}`)).body.data).toMatchObject({ valid: true, code: enrolment.certificateCode });
    expectError(await (await http()).get(`${T}/certificates/ABCD-EFGH-JKLM`), 404, 'Aucun certificat ne porte ce code.');
    expectError(await (await http()).get(`${T}/certificates/pas-un-code`), 400, 'Code de certificat invalide');

    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await post(`/courses/${course.documentId}/enrolment`, m.token);
    expectError(await get(path, m.token), 403, 'quand la formation est terminée');
  });

  it('keeps enrolments, progress and certificates when staff publish a course again or withdraw it', async () => {
    const strapi = await bootStrapi();
    const revised = await createCourse({ title: 'Version 1', federation: w.federation, quiz: false, lessons: 2 });
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await post(`/courses/${revised.documentId}/enrolment`, m.token);
    await post(`/courses/${revised.documentId}/lessons/${revised.lessons[0]}/done`, m.token);
    await strapi.documents('plugin::training.course' as any).update({ documentId: revised.documentId, data: { title: 'Version 2' } as any });
    await strapi.documents('plugin::training.course' as any).publish({ documentId: revised.documentId });
    const done = await post(`/courses/${revised.documentId}/lessons/${revised.lessons[1]}/done`, m.token);
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ progress: 100, completedAt: expect.any(String) });
    await strapi.documents('plugin::training.course' as any).unpublish({ documentId: revised.documentId });
    const verified = await (await http()).get(`${T}/certificates/${done.body.data.certificateCode}`);
    expect(verified.body.data).toMatchObject({ valid: true, course: 'Version 2' }); // as issued, though withdrawn since
    expect((await get(`/courses/${revised.documentId}/certificate`, m.token)).status).toBe(200);
  });

  it('PUT /courses/:id/rating: 403 not enrolled, 400 off the scale, then replaces the rating', async () => {
    const path = `/courses/${course.documentId}/rating`;
    const put = async (token: string | undefined, body: unknown) => {
      const req = (await http()).put(`${T}${path}`).send(body as object);
      return token ? req.set(bearer(token)) : req;
    };
    expectError(await put(undefined, { grade: 4 }), 401);
    expectError(await put(w.memberB.token, { grade: 4 }), 403, 'Inscrivez-vous d’abord');
    expect(badRequest(await put(w.member.token, { grade: 6 })).grade).toBe('Note de 1 à 5.');
    expect(badRequest(await put(w.member.token, { grade: 0 })).grade).toBe('Note de 1 à 5.');
    expect((await put(w.member.token, { grade: 3, comment: 'Utile.' })).body.data).toEqual({ grade: 3, comment: 'Utile.' });
    // The learner reads their rating back on the course page (to change it).
    expect((await get(`/courses/${course.documentId}`, w.member.token)).body.data.enrolment.rating).toEqual({ grade: 3, comment: 'Utile.' });
    expect((await put(w.member.token, { grade: 5 })).status).toBe(200);
    expect((await get(`/courses/${course.documentId}`, w.member.token)).body.data.enrolment.rating).toEqual({ grade: 5, comment: null });
    const ratings = await (await bootStrapi()).db.query('plugin::training.rating').findMany({ where: { courseDocumentId: course.documentId } });
    expect(ratings.map((r: any) => r.grade)).toEqual([5]);
  });
});

describe('welcome path and sponsorship', () => {
  it('enrols every newcomer in the welcome path meant for them', async () => {
    const welcome = await createCourse({ title: 'Bienvenue au parti', federation: w.federation, intendedFor: 'new-members', openToOthers: false, welcomePath: true });
    const newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
    const me = await get('/me', newcomer.token);
    const enrolment = me.body.data.enrolments.find((e: any) => e.course.documentId === welcome.documentId);
    expect(enrolment?.enrolment).toMatchObject({ origin: 'welcome', progress: 0 });
    const elsewhere = await createMember({ federation: w.other, section: w.otherSection });
    expect((await get('/me', elsewhere.token)).body.data.enrolments.map((e: any) => e.course.documentId)).not.toContain(welcome.documentId);
    const longStanding = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2012-09-01' }); // registered late, an old hand
    expect((await get('/me', longStanding.token)).body.data.enrolments).toEqual([]);
  });

  it('suggests sponsors nearby and not overloaded, assigns one, and shows the newcomer’s progress to the sponsor', async () => {
    const newcomer = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: recently });
    const query = `/sponsorships/suggestions?newcomer=${newcomer.member.documentId}`;
    expectError(await get(query), 401);
    expectError(await get(query, w.member.token), 403);
    // Another federation's or section's newcomer looks absent: exactly an unknown newcomer's answer.
    const unknownQuery = '/sponsorships/suggestions?newcomer=zzzzzzzzzzzzzzzzzzzzzzzz';
    for (const token of [w.otherStaff.token, w.secretary.token]) { // the secretary of section A
      const hidden = await get(query, token);
      expectError(hidden, 404, 'Adhérent introuvable.');
      const unknown = await get(unknownQuery, token);
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    }
    await withModuleOff(async () => expectError(await get(query, w.staff.token), 403, 'Formation'));
    expect(badRequest(await get('/sponsorships/suggestions', w.staff.token))).toHaveProperty('newcomer');
    const suggested = await get(query, w.staff.token);
    expect(suggested.status).toBe(200);
    const names = suggested.body.data.map((s: any) => s.member.documentId);
    expect(names).not.toContain(newcomer.member.documentId);
    const firstOther = suggested.body.data.findIndex((s: any) => !s.sameSection);
    expect(suggested.body.data.slice(0, firstOther === -1 ? undefined : firstOther).every((s: any) => s.sameSection)).toBe(true);
    expect(suggested.body.meta.maxLoad).toBe(3);

    const sponsor = w.memberB; // section B, a long-standing member
    expect(badRequest(await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: newcomer.member.documentId })).sponsor).toMatch(/lui-même/);
    // A sponsor from another federation: to staff, exactly an unknown sponsor; national admins read why.
    const otherSponsor = await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: w.otherMember.member.documentId });
    const unknownSponsor = await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: 'zzzzzzzzzzzzzzzzzzzzzzzz' });
    expect(badRequest(otherSponsor).sponsor).toBe('Parrain ou marraine introuvable.');
    expect({ status: otherSponsor.status, body: otherSponsor.body }).toEqual({ status: unknownSponsor.status, body: unknownSponsor.body });
    expect(badRequest(await post('/sponsorships', w.national.token, { newcomer: newcomer.member.documentId, sponsor: w.otherMember.member.documentId })).sponsor).toMatch(/fédération du nouvel adhérent/);
    // Another federation's staff: the newcomer looks absent.
    const hiddenNewcomer = await post('/sponsorships', w.otherStaff.token, { newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId });
    const unknownNewcomer = await post('/sponsorships', w.otherStaff.token, { newcomer: 'zzzzzzzzzzzzzzzzzzzzzzzz', sponsor: sponsor.member.documentId });
    expectError(hiddenNewcomer, 404, 'Adhérent introuvable.');
    expect({ status: hiddenNewcomer.status, body: hiddenNewcomer.body }).toEqual({ status: unknownNewcomer.status, body: unknownNewcomer.body });
    const suspended = await createMember({ federation: w.federation, section: w.sectionB, status: 'suspended', joinedOn: recently });
    expectError(await post('/sponsorships', w.staff.token, { newcomer: suspended.member.documentId, sponsor: sponsor.member.documentId }), 409, 'pas actif');
    const assigned = await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId });
    expect(assigned.status).toBe(201);
    expectError(await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: w.elected.member.documentId }), 409, 'déjà un parrain');

    expect((await get('/me', newcomer.token)).body.data.sponsor).toMatchObject({ name: `${sponsor.member.firstName} ${sponsor.member.lastName}` });
    await post(`/courses/${course.documentId}/enrolment`, newcomer.token);
    await post(`/courses/${course.documentId}/lessons/${course.lessons[0]}/done`, newcomer.token);
    const mine = await get('/sponsorships/mine', sponsor.token);
    const followed = mine.body.data.find((s: any) => s.newcomer.documentId === newcomer.member.documentId);
    expect(followed.courses).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Prendre la parole en réunion', progress: 33 })]));

    expectError(await post(`/sponsorships/${assigned.body.data.documentId}/end`, w.member.token), 403);
    // Another federation's staff: the sponsorship looks absent.
    const hiddenEnd = await post(`/sponsorships/${assigned.body.data.documentId}/end`, w.otherStaff.token);
    const unknownEnd = await post('/sponsorships/zzzzzzzzzzzzzzzzzzzzzzzz/end', w.otherStaff.token);
    expectError(hiddenEnd, 404, 'Parrainage introuvable.');
    expect({ status: hiddenEnd.status, body: hiddenEnd.body }).toEqual({ status: unknownEnd.status, body: unknownEnd.body });
    expect((await post(`/sponsorships/${assigned.body.data.documentId}/end`, w.staff.token)).status).toBe(200);
    expectError(await post(`/sponsorships/${assigned.body.data.documentId}/end`, w.staff.token), 409, 'déjà terminé');
    expect((await get('/sponsorships/mine', sponsor.token)).body.data.map((s: any) => s.newcomer.documentId)).not.toContain(newcomer.member.documentId);
  });

  it('keeps every sponsor within the load limit (409 beyond)', async () => {
    const sponsor = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2015-05-01' });
    for (let i = 0; i < 3; i++) {
      const n = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
      expect((await post('/sponsorships', w.staff.token, { newcomer: n.member.documentId, sponsor: sponsor.member.documentId })).status).toBe(201);
    }
    const fourth = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
    expectError(await post('/sponsorships', w.staff.token, { newcomer: fourth.member.documentId, sponsor: sponsor.member.documentId }), 409, 'parraine déjà 3 adhérents');
    const suggestions = (await get(`/sponsorships/suggestions?newcomer=${fourth.member.documentId}`, w.staff.token)).body.data;
    expect(suggestions.map((s: any) => s.member.documentId)).not.toContain(sponsor.member.documentId);
  });
  it('gives a sponsor to newcomers only (joined less than 365 days ago), and takes one who joined 365 days ago or more', async () => {
    const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
    const longStanding = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2012-09-01' });
    const yearOld = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: daysAgo(366) });
    const sponsor = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2016-02-01' });
    const oldHand = badRequest(await post('/sponsorships', w.staff.token, { newcomer: longStanding.member.documentId, sponsor: sponsor.member.documentId }));
    expect(oldHand.newcomer).toBe('Cet adhérent n’est pas un nouvel adhérent (adhésion le 1er septembre 2012) : un parrain ou une marraine accompagne les adhérents depuis moins de 365 jours.');
    expect(badRequest(await post('/sponsorships', w.staff.token, { newcomer: yearOld.member.documentId, sponsor: sponsor.member.documentId })).newcomer).toMatch(/pas un nouvel adhérent/);
    expect(badRequest(await get(`/sponsorships/suggestions?newcomer=${longStanding.member.documentId}`, w.staff.token)).newcomer).toMatch(/pas un nouvel adhérent/);
    // A sponsor too new reads the rule the right way round.
    const newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
    const tooNew = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: daysAgo(364) });
    expect(badRequest(await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: tooNew.member.documentId })).sponsor)
      .toBe('Le parrain ou la marraine est adhérent depuis moins de 365 jours.');
    expect((await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: yearOld.member.documentId })).status).toBe(201);
  });

  it('suggests and assigns a sponsor whose suspension ended yesterday (effective status), never one still suspended', async () => {
    const yesterday = parisDate(new Date(Date.now() - 86_400_000));
    const nextMonth = parisDate(new Date(Date.now() + 30 * 86_400_000));
    const reinstated = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: '2014-03-01', status: 'suspended', suspendedUntil: yesterday });
    const stillSuspended = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: '2013-03-01', status: 'suspended', suspendedUntil: nextMonth });
    const newcomer = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: recently });
    const suggested = (await get(`/sponsorships/suggestions?newcomer=${newcomer.member.documentId}`, w.staff.token)).body.data.map((s: any) => s.member.documentId);
    expect(suggested).toContain(reinstated.member.documentId);
    expect(suggested).not.toContain(stillSuspended.member.documentId);
    expect(badRequest(await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: stillSuspended.member.documentId })).sponsor).toMatch(/adhérent actif/);
    const assigned = await post('/sponsorships', w.staff.token, { newcomer: newcomer.member.documentId, sponsor: reinstated.member.documentId });
    expect(assigned.status).toBe(201);
    expect(assigned.body.data.sponsor).toBe(`${reinstated.member.firstName} ${reinstated.member.lastName}`);
  });
});

describe('statistics for the bodies', () => {
  it('GET /statistics and its CSV: staff of the federation only, figures that reflect the learners', async () => {
    expectError(await get('/statistics'), 401);
    expectError(await get('/statistics', w.member.token), 403);
    expectError(await get(`/statistics?federation=${w.federation.documentId}`, w.otherStaff.token), 403, 'autre fédération');
    expect(badRequest(await get('/statistics?federation=inconnue0000000000000000', w.staff.token)).federation).toBe('Fédération inconnue.');
    expect(badRequest(await get('/statistics?tri=1', w.staff.token))).toBeDefined();
    await withModuleOff(async () => expectError(await get('/statistics', w.staff.token), 403, 'Formation'));
    const res = await get('/statistics', w.staff.token);
    expect(res.status).toBe(200);
    const speaking = res.body.data.courses.find((c: any) => c.documentId === course.documentId);
    const enrolled = await (await bootStrapi()).db.query('plugin::training.enrolment').count({ where: { courseDocumentId: course.documentId } });
    expect(speaking).toMatchObject({ title: 'Prendre la parole en réunion', level: 'federation', enrolled, completed: 1, ratings: 1, meanRating: 5 });
    expect(speaking.completionRate).toBeCloseTo((100 * 1) / enrolled, 0);
    expect(res.body.data.levels.federation.enrolled).toBeGreaterThanOrEqual(enrolled);
    expect(res.body.data.courses.map((c: any) => c.documentId)).not.toContain(otherCourse.documentId);

    const csv = await get('/statistics/export', w.staff.token);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = Papa.parse<string[]>(csv.text.replace(/^\ufeff/, ''), { delimiter: ';' }).data.filter((r) => r.length > 1);
    expect(rows[0]).toEqual(['Formation', 'Niveau', 'Inscrits', 'Terminées', 'Taux de réussite (%)', 'Jours pour terminer (médiane)', 'Avis', 'Note moyenne (sur 5)']);
    expect(rows.find((r) => r[0] === 'Prendre la parole en réunion')?.slice(1, 4)).toEqual(['Fédération', String(enrolled), '1']);

    const national = await get(`/statistics?federation=${w.other.documentId}`, w.national.token);
    expect(national.body.data.courses.map((c: any) => c.documentId)).toEqual([otherCourse.documentId]);
  });
});

describe('every route', () => {
  it('answers 401 anonymous, 403 without an intranet role and 403 when the federation switched training off', async () => {
    const c = course.documentId;
    const routes: [string, string, unknown?][] = [
      ['get', '/courses'], ['get', `/courses/${c}`], ['post', `/courses/${c}/enrolment`, {}],
      ['post', `/courses/${c}/lessons/${course.lessons[0]}/done`, {}], ['post', `/courses/${c}/quizzes/${course.quiz}/attempts`, { answers: RIGHT }],
      ['put', `/courses/${c}/rating`, { grade: 3 }], ['get', `/courses/${c}/certificate`], ['get', '/me'], ['get', '/sponsorships/mine'],
      ['get', `/sponsorships/suggestions?newcomer=${w.member.member.documentId}`],
      ['post', '/sponsorships', { newcomer: w.member.member.documentId, sponsor: w.memberB.member.documentId }],
      ['post', '/sponsorships/inconnu0000000000000000000/end', {}], ['get', '/statistics'], ['get', '/statistics/export'],
    ];
    const call = async (method: string, path: string, body: unknown, token?: string) => {
      const req = (await http())[method as 'get'](`${T}${path}`);
      if (token) req.set(bearer(token));
      return body === undefined ? req : req.send(body as object);
    };
    for (const [method, path, body] of routes) {
      expectError(await call(method, path, body), 401);
      expectError(await call(method, path, body, w.outsider.token), 403);
    }
    await withModuleOff(async () => {
      for (const [method, path, body] of routes) expectError(await call(method, path, body, w.staff.token), 403, 'Le module « Formation » n’est pas activé');
    });
  });
});

describe('admin-panel rules', () => {
  it('refuses a quiz without a right answer, whoever writes it', async () => {
    const strapi = await bootStrapi();
    await expect(
      strapi.documents('plugin::training.quiz' as any).create({
        data: { title: 'Bancal', passMark: 50, maxAttempts: 1, questions: [{ text: 'Q ?', kind: 'single', choices: [{ text: 'a', correct: false }, { text: 'b', correct: false }] }] } as any,
      })
    ).rejects.toThrow(/au moins une bonne réponse/);
  });
});
