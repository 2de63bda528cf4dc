import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createAccount, createFederation, createMember, createSection, skillsProfileBody, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { createCourse, QUESTIONS, WRONG } from '../../plugins/training/tests/support/courses';
import { announcements, checkPage, choiceGroupState, expectGroupCleared, expectGroupRefused, expectRefusalAnnounced, expectRefusedAgain, expectSuccessAnnounced, fieldState, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, step, type PortalSession } from './support/portal';
import { parisDate, portalUrl } from '@intranet-militant/shared';

/**
 * Issue 12, « Formation » in the member portal: a newcomer, enrolled in her federation's
 * welcome path when she joined, finds her sponsor, reads the lessons, fails then passes the
 * quiz (the answers reach the browser only once the API reveals them), downloads her PDF
 * certificate and rates the course; a course whose prerequisite she has not finished gives
 * the API's French reason; her sponsor follows her progress. axe on every training page.
 */
let origin: string;
let browser: Browser;
let newcomer: TestMember;
let sponsor: TestMember;
let welcome: Awaited<ReturnType<typeof createCourse>>;
let advanced: Awaited<ReturnType<typeof createCourse>>;
let session: PortalSession;
const WELCOME = 'Bienvenue dans la fédération';
const ADVANCED = 'Animer une réunion de section';
const SHEET = path.join(__dirname, '..', '..', 'public', 'uploads', `fiche-accueil-${Date.now()}.txt`);
const recently = parisDate(new Date(Date.now() - 20 * 86_400_000));

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation();
  trainingFederation = federation;
  const section = await createSection(federation, 'Alès');
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  // The welcome path exists before she joins: joining enrols her in it.
  welcome = await createCourse({ title: WELCOME, federation, intendedFor: 'new-members', welcomePath: true, lessons: 2 });
  advanced = await createCourse({ title: ADVANCED, federation, prerequisites: [welcome.id], lessons: 1, quiz: false });
  sponsor = await createMember({ federation, section, joinedOn: '2015-09-01', password: PASSWORD });
  newcomer = await createMember({ federation, section, joinedOn: recently, password: PASSWORD });
  const http = await api();
  const assigned = await http.post('/api/training/sponsorships').set(bearer(staff.token)).send({ newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  // A file attached to the first lesson, as staff add one in the admin panel.
  const strapi = await bootStrapi();
  mkdirSync(path.dirname(SHEET), { recursive: true });
  writeFileSync(SHEET, 'Les contacts de la fédération.');
  const file = await strapi.db.query('plugin::upload.file').create({
    data: { name: 'Fiche d’accueil.txt', hash: path.basename(SHEET, '.txt'), ext: '.txt', mime: 'text/plain', size: 0.03, url: `/uploads/${path.basename(SHEET)}`, provider: 'local' },
  });
  await strapi.documents('plugin::training.lesson' as any).update({ documentId: welcome.lessons[0], data: { attachments: [file.id] } as any });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(SHEET, { force: true });
});

let staff: TestMember;
let trainingFederation: Awaited<ReturnType<typeof createFederation>>;

/**
 * Presses `button` twice with training switched off for the newcomer's federation meanwhile:
 * each time the API's refusal is announced once and focus stays on the button
 * (expectRefusalAnnounced); training is switched back on after.
 */
async function expectRefusedWhileTrainingOff(button: Locator): Promise<void> {
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(trainingFederation.id, 'training', false);
  try {
    await expectRefusalAnnounced(button);
    await expectRefusalAnnounced(button);
  } finally {
    await switches.set(trainingFederation.id, 'training', true);
  }
}
const fullName = (m: TestMember) => `${m.member.firstName} ${m.member.lastName}`;

describe('Formation: a newcomer’s welcome path, in the browser', () => {
  it('shows her course in progress and her sponsor on the home page', async () => {
    session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, newcomer.user.email);
    await step(session, 'training-home', async () => {
      const card = page.locator('section', { has: page.getByRole('heading', { name: 'Mes formations', level: 2 }) });
      await expect.poll(() => card.getByRole('link', { name: WELCOME }).count(), { timeout: 15_000 }).toBe(1);
      expect(await card.textContent()).toContain(fullName(sponsor));
      expect(await card.getByRole('progressbar').first().getAttribute('value')).toBe('0');
    });
    await checkPage(session, 'training-home');
  }, 90_000);

  it('lists the catalogue by level, the filter kept in the URL', async () => {
    const { page } = session;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Formation' }).click();
    await page.waitForURL((url) => url.pathname === '/formation');
    await page.getByRole('heading', { name: WELCOME, level: 2 }).waitFor();
    await checkPage(session, 'training-catalogue');
    await page.getByLabel('Niveau').selectOption('section');
    await page.waitForURL((url) => url.searchParams.get('niveau') === 'section');
    await page.getByText('Aucune formation à ce niveau pour le moment.').waitFor();
    await page.getByLabel('Niveau').selectOption('federation');
    await page.waitForURL((url) => url.searchParams.get('niveau') === 'federation');
    await page.reload();
    await page.getByRole('heading', { name: ADVANCED, level: 2 }).waitFor();
    expect(await page.getByLabel('Niveau').inputValue()).toBe('federation');
    await checkPage(session, 'training-catalogue-federation');
  }, 60_000);

  it('shows her sponsor on « Mon parcours »', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Mon parcours' }).first().click();
    await page.waitForURL((url) => url.pathname === '/formation/mon-parcours');
    await page.getByRole('heading', { name: 'Mon parrain ou ma marraine' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(`${fullName(sponsor)} vous accompagne`);
    await page.getByText('Vous ne parrainez personne pour le moment.', { exact: false }).waitFor();
    await checkPage(session, 'training-journey-newcomer');
  }, 60_000);

  it('refuses a course whose prerequisite is not done, with the API’s French reason', async () => {
    const { page } = session;
    await page.goto(`${origin}/formation/cours/${advanced.documentId}`);
    await page.getByRole('heading', { name: ADVANCED, level: 1 }).waitFor();
    // The API's 409 concerns no field of the page: announced (role="alert"), focus left on the
    // button; pressed again, announced again.
    const enrol = page.getByRole('button', { name: 'S’inscrire à la formation' });
    await expectRefusalAnnounced(enrol, `Terminez d’abord la formation « ${WELCOME} ».`);
    await expectRefusalAnnounced(enrol, `Terminez d’abord la formation « ${WELCOME} ».`);
    // The refusal is the API working: the browser logs its 409, nothing else.
    expect(session.problems.every((p) => /status of 409/.test(p)), session.problems.join('\n')).toBe(true);
    session.problems.length = 0;
    await checkPage(session, 'training-course-refused');
  }, 60_000);

  it('reads the lessons of the welcome path and marks them done', async () => {
    const { page } = session;
    await page.goto(`${origin}/formation/mon-parcours`);
    await page.getByRole('link', { name: WELCOME }).click();
    await page.getByRole('heading', { name: WELCOME, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Ma progression' }).waitFor();
    await checkPage(session, 'training-course');
    await page.getByRole('link', { name: /^Commencer : Leçon 1/ }).click();
    await page.getByRole('heading', { name: /^Leçon 1 de la formation/, level: 1 }).waitFor();
    expect(await page.locator('.rich-text').textContent()).toContain('Le texte de la leçon 1.');
    await checkPage(session, 'training-lesson');
    const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger « Fiche d’accueil.txt »' }).click()]);
    expect(sheet.suggestedFilename()).toBe('Fiche d’accueil.txt');
    expect(readFileSync((await sheet.path())!, 'utf8')).toBe('Les contacts de la fédération.');
    // Training switched off for her federation meanwhile: the API's refusal is announced
    // (role="alert"), focus left on the button (nothing to mend on the page); pressed again, announced again.
    const done = page.getByRole('button', { name: 'J’ai terminé cette leçon' });
    await expectRefusedWhileTrainingOff(done);
    await done.click();
    await page.getByText('Leçon terminée : votre progression est enregistrée.').waitFor();
    await expect.poll(() => page.getByRole('progressbar').first().getAttribute('value')).toBe('33');
    await page.getByRole('link', { name: /^Suivant : Leçon 2/ }).click();
    await page.getByRole('heading', { name: /^Leçon 2 de la formation/, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'J’ai terminé cette leçon' }).click();
    await page.getByText('Leçon terminée : votre progression est enregistrée.').waitFor();
    await checkPage(session, 'training-lesson-done');
  }, 90_000);

  it('fails the quiz once without seeing the answers, then passes it and completes the course', async () => {
    const { page } = session;
    const read = page.waitForResponse((r) => r.url().includes(`/api/training/courses/${welcome.documentId}`) && r.request().method() === 'GET');
    await page.getByRole('link', { name: /^Suivant : Quiz : Vérifions/ }).click();
    // What reaches the browser before any submission: the questions, never which choices are right.
    const sent = await (await read).text();
    expect(sent).toContain('Qui vote la synthèse ?');
    expect(sent).not.toMatch(/"correct"|"answer"/);
    await page.getByRole('heading', { name: 'Vérifions', level: 1 }).waitFor();
    await page.getByText('2 essais restants').waitFor();
    await checkPage(session, 'training-quiz');

    // Submitting with a question unanswered: a French message, nothing sent.
    await markMessages(page);
    await page.getByRole('button', { name: 'Valider mes réponses' }).click();
    await page.getByText('Répondez à toutes les questions avant de valider', { exact: false }).waitFor();
    // One announcement, the summary (GOV.UK's error summary); each question in error is described by
    // its own message, not announced; focus goes to the first question unanswered.
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Valider mes réponses' }) });
    const questionOne = page.getByRole('group', { name: /^Question 1 :/ });
    const unansweredTwo = page.getByRole('group', { name: /^Question 2 :/ });
    const expectUnanswered = async () => {
      expect(await form.getByRole('alert').allTextContents()).toEqual(['Répondez à toutes les questions avant de valider (questions 1, 2).']);
      expect(await announcements(page)).toEqual(['Répondez à toutes les questions avant de valider (questions 1, 2).']);
      await expectGroupRefused(questionOne, 'Choisissez une réponse.', { announced: false, focused: true });
      await expectGroupRefused(unansweredTwo, 'Cochez au moins une réponse.', { announced: false });
    };
    await expectUnanswered();
    // Sent again as it is: the summary is announced again (a new alert), focus comes back to question 1.
    await expectRefusedAgain(page.getByRole('button', { name: 'Valider mes réponses' }), form, 'Répondez à toutes les questions avant de valider (questions 1, 2).', { messages: 2, check: expectUnanswered });

    // Meanwhile staff take a choice out of question 2: the API refuses the one she ticks, beside
    // that question (tied to it for screen readers), and the message goes once she changes her answer.
    const quizzes = (await bootStrapi()).documents('plugin::training.quiz' as any);
    const [first, second] = QUESTIONS;
    await quizzes.update({ documentId: welcome.quiz!, data: { questions: [first, { ...second, choices: second.choices.slice(0, 2) }] } as any });
    try {
      await page.getByLabel('Le bureau seul', { exact: true }).check();
      for (const choice of ['Les comptes rendus', 'Les formations', 'Les votes nominatifs']) await page.getByLabel(choice, { exact: true }).check();
      await page.getByRole('button', { name: 'Valider mes réponses' }).click();
      const questionTwo = page.getByRole('group', { name: /^Question 2 :/ });
      await questionTwo.getByText('Question 2 : choix inexistant.').waitFor();
      expect((await choiceGroupState(questionTwo)).hint).toBe('Plusieurs réponses possibles : cochez toutes les bonnes.');
      // The API's refusal is announced by question 2's message and moves focus there, question 1 being fine.
      await expectGroupRefused(questionTwo, 'Question 2 : choix inexistant.');
      await checkPage(session, 'training-quiz-refused');
      await questionTwo.getByLabel('Les votes nominatifs', { exact: true }).uncheck();
      await expect.poll(() => page.getByText('choix inexistant', { exact: false }).count()).toBe(0);
      await expectGroupCleared(questionTwo);
    } finally {
      await quizzes.update({ documentId: welcome.quiz!, data: { questions: QUESTIONS } as any });
    }

    await page.getByLabel('Les votes nominatifs', { exact: true }).check();
    // Every question answered, training switched off for her federation meanwhile: the API's
    // refusal concerns no question, so it is announced (role="alert") and focus stays on the
    // button; pressed again, announced again. No attempt is counted.
    const validate = page.getByRole('button', { name: 'Valider mes réponses' });
    await expectRefusedWhileTrainingOff(validate);
    await validate.click();
    await page.getByText('Quiz non réussi.').waitFor();
    const firstTry = await page.locator('main').textContent();
    expect(firstTry).toContain('1 essai restant');
    expect(firstTry).toContain('Les bonnes réponses s’affichent quand le quiz est réussi');
    expect(firstTry).not.toMatch(/Les? bonnes? réponses? :/);
    expect(await page.getByText('✗ Réponse inexacte').count()).toBe(2);
    await checkPage(session, 'training-quiz-failed');

    await page.getByRole('button', { name: 'Faire un nouvel essai' }).click();
    await page.getByLabel('Les adhérents', { exact: true }).check();
    for (const choice of ['Les comptes rendus', 'Les formations']) await page.getByLabel(choice, { exact: true }).check();
    await page.getByRole('button', { name: 'Valider mes réponses' }).click();
    await page.getByText('Quiz réussi !').waitFor();
    expect(await page.getByText('✓ Bonne réponse').count()).toBe(2);
    await page.getByText('Vous avez terminé la formation !').waitFor();
    await checkPage(session, 'training-quiz-passed');
  }, 90_000);

  it('downloads the PDF certificate and rates the course', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Voir et télécharger mon certificat' }).click();
    await page.getByRole('heading', { name: 'Mon certificat' }).waitFor();
    const code = (await page.locator('.training-certificate-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le certificat (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`certificat-${code}.pdf`);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    await checkPage(session, 'training-course-completed');

    await markMessages(page);
    await page.getByRole('button', { name: 'Enregistrer mon avis' }).click();
    await page.getByText('Choisissez une note de 1 à 5.').waitFor();
    const stars = page.getByRole('group', { name: 'Ma note (de 1 à 5)' });
    // Every input in error, described by the message, which is announced (role="alert"); focus on the group's first input.
    await expectGroupRefused(stars, 'Choisissez une note de 1 à 5.');
    expect(await announcements(page)).toEqual(['Choisissez une note de 1 à 5.']);
    // Sent again without a note (the page's own check, the very same message): announced again, focus back on the stars.
    await expectRefusedAgain(page.getByRole('button', { name: 'Enregistrer mon avis' }), stars, 'Choisissez une note de 1 à 5.');
    // An input's own aria-describedby (as a page may give it) is kept: the error is added to it
    // on a refusal, and taken from it once the error goes.
    const firstStar = stars.getByLabel('1 – Pas utile');
    await firstStar.evaluate((input) => {
      const own = document.createElement('p');
      own.id = 'e2e-own-description';
      own.textContent = 'Description propre';
      document.body.append(own);
      input.setAttribute('aria-describedby', own.id);
    });
    await page.getByRole('button', { name: 'Enregistrer mon avis' }).click();
    await expect.poll(() => fieldState(firstStar)).toMatchObject({ invalid: 'true', describedBy: 'Description propre | Choisissez une note de 1 à 5.' });
    await page.getByLabel('4 – Très utile').check();
    // The message goes once a note is chosen, before she sends the form again.
    await expect.poll(() => page.getByText('Choisissez une note de 1 à 5.').count()).toBe(0);
    expect(await fieldState(firstStar)).toMatchObject({ invalid: null, describedBy: 'Description propre' });
    await firstStar.evaluate((input) => input.removeAttribute('aria-describedby'));
    await expectGroupCleared(stars);
    await page.getByLabel('Commentaire (facultatif)').fill('Clair, et ma marraine a répondu à mes questions.');
    // Training switched off for her federation meanwhile: the API's refusal concerns neither the
    // note nor the comment, so it is announced (role="alert") and focus stays on the button.
    const rate = page.getByRole('button', { name: 'Enregistrer mon avis' });
    await expectRefusedWhileTrainingOff(rate);
    // The form stays, ready to be changed: the thanks are announced (role="status") and focus
    // stays on the button, as pages whose form stays do; saved again, announced again.
    await expectSuccessAnnounced(rate, 'Merci : votre avis est enregistré.');
    await expectSuccessAnnounced(rate, 'Merci : votre avis est enregistré.');
    expect(await page.getByRole('status').filter({ hasText: 'Merci : votre avis est enregistré.' }).count()).toBe(1);
    await checkPage(session, 'training-course-rated');
    // Her rating comes back after a reload, ready to be changed.
    await page.reload();
    await page.getByText('Vous avez donné la note de 4 sur 5.', { exact: false }).waitFor();
    expect(await page.getByLabel('4 – Très utile').isChecked()).toBe(true);
    expect(await page.getByLabel('Commentaire (facultatif)').inputValue()).toBe('Clair, et ma marraine a répondu à mes questions.');

    await page.goto(`${origin}/formation/mon-parcours`);
    await page.getByText(`certificat ${code}`, { exact: false }).waitFor();

    // The address the PDF prints: a page anyone reads, without an account.
    const pdfText = readFileSync((await download.path())!).toString('latin1');
    const printed = /\/URI \(([^)]+)\)/.exec(pdfText)![1];
    // PUBLIC_URL when set; without it, the address the learner reached the server at (this test's).
    expect(printed).toBe(`${portalUrl(await bootStrapi(), origin)}/certificats/${code}`);
    const third = await newPortalPage(browser, 375);
    try {
      const { page: anyone } = third;
      await anyone.goto(`${origin}${new URL(printed).pathname}`);
      await anyone.getByRole('heading', { name: 'Vérifier un certificat de formation', level: 1 }).waitFor();
      await anyone.getByText('Certificat authentique').waitFor();
      const facts = await anyone.locator('main').textContent();
      expect(facts).toContain(fullName(newcomer));
      expect(facts).toContain(WELCOME);
      await checkPage(third, 'training-certificate-check');
      // A code typed wrong (as people type: lower case, spaces): written as printed, said unknown, in French.
      await anyone.getByLabel('Code du certificat').fill('abcd efgh jkmn');
      // The answer told by a live region already in the page, focus left on the button (the form stays).
      await expectSuccessAnnounced(anyone.getByRole('button', { name: 'Vérifier' }), /^Aucun certificat ne porte le code ABCD-EFGH-JKMN\. Vérifiez sa saisie/);
      await anyone.waitForURL((url) => url.pathname === '/certificats/ABCD-EFGH-JKMN');
      await anyone.getByText('Aucun certificat ne porte le code ABCD-EFGH-JKMN.').waitFor();
      // « Vérifier » again with the same code checks again, and the answer is told again.
      await expectSuccessAnnounced(anyone.getByRole('button', { name: 'Vérifier' }), /^Aucun certificat ne porte le code ABCD-EFGH-JKMN\. Vérifiez sa saisie/);
      await checkPage(third, 'training-certificate-unknown', { refusedReads: /certificates\/ABCD-EFGH-JKMN/ });
      // So does the genuine code, typed again on its own page.
      await anyone.goto(`${origin}${new URL(printed).pathname}`);
      await anyone.getByText('Certificat authentique').waitFor();
      await expectSuccessAnnounced(anyone.getByRole('button', { name: 'Vérifier' }), /^Certificat authentique, délivré par le parti\./);
    } finally {
      await third.context.close();
    }

    // The prerequisite done, the course refused earlier now takes her.
    await page.goto(`${origin}/formation/cours/${advanced.documentId}`);
    await page.getByRole('button', { name: 'S’inscrire à la formation' }).click();
    await page.getByText('Vous êtes inscrit·e à cette formation.').waitFor();
    await page.getByRole('link', { name: /^Commencer : Leçon 1/ }).waitFor();
  }, 90_000);

  it('lets her sponsor follow her progress', async () => {
    const other = await newPortalPage(browser, 375);
    try {
      await signIn(other, origin, sponsor.user.email, PASSWORD, '/formation/mon-parcours');
      const { page } = other;
      const card = page.locator('li', { has: page.getByRole('heading', { name: fullName(newcomer), level: 3 }) });
      await card.waitFor();
      expect(await card.textContent()).toContain(WELCOME);
      expect(await card.getByRole('progressbar', { name: new RegExp(`${fullName(newcomer)}.*${WELCOME}`) }).getAttribute('value')).toBe('100');
      expect(await card.textContent()).toContain('Terminée le');
      await page.getByText('Vous n’êtes inscrit·e à aucune formation pour le moment.').waitFor();
      await checkPage(other, 'training-journey-sponsor');
      // Her name on the sponsor's home page too.
      await page.goto(`${origin}/`);
      await page.getByText(`Vous parrainez ${fullName(newcomer)}`).waitFor();
      await checkPage(other, 'training-home-sponsor');
    } finally {
      await other.context.close();
    }
  }, 90_000);

  it('suggests trainers to the federation’s staff on the course page, never to members', async () => {
    // The sponsor declared the skill, shows it to staff and consented to the directory.
    const national = await createAccount('national-admin');
    const http = await api();
    const term = await http.post('/api/skills/terms').set(bearer(national.token)).send({ label: `Animation de réunion ${Date.now().toString(36)}`, kind: 'skill' });
    expect(term.status, JSON.stringify(term.body)).toBe(201);
    const profile = await http.put('/api/skills/me/profile').set(bearer(sponsor.token)).send(skillsProfileBody({ visibility: 'staff', skills: [{ term: term.body.data.slug, level: 4 }], willingness: ['train'] }));
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    const consent = await http.post('/api/skills/me/consent').set(bearer(sponsor.token)).send({ version: '2026-12-v1' });
    expect(consent.status, JSON.stringify(consent.body)).toBeLessThan(300);
    const other = await newPortalPage(browser);
    try {
      await signIn(other, origin, staff.user.email, PASSWORD, `/formation/cours/${advanced.documentId}`);
      const { page } = other;
      const form = page.getByRole('form', { name: 'Trouver un formateur' });
      await form.getByLabel('Compétence recherchée').selectOption({ label: term.body.data.label });
      await form.getByRole('button', { name: 'Suggérer des personnes' }).click();
      const found = page.getByRole('list', { name: 'Suggestions, les plus pertinentes d’abord' });
      await found.getByRole('link', { name: fullName(sponsor) }).waitFor();
      expect(await found.textContent()).toContain('4/4');
      await checkPage(other, 'training-trainers');
    } finally {
      await other.context.close();
    }
    // A member sees no such form on the same page.
    const member = await newPortalPage(browser);
    try {
      await signIn(member, origin, newcomer.user.email, PASSWORD, `/formation/cours/${advanced.documentId}`);
      await member.page.getByRole('heading', { level: 1, name: ADVANCED }).waitFor();
      expect(await member.page.getByRole('form', { name: 'Trouver un formateur' }).count()).toBe(0);
    } finally {
      await member.context.close();
    }
  }, 120_000);

  it('a quiz whose attempts are all used without a pass says from which day a new round opens (phone)', async () => {
    // Another newcomer, enrolled in the welcome path by joining, fails both attempts (API).
    const federationOf = (await (await bootStrapi()).db.query('plugin::membership.member').findOne({ where: { id: newcomer.member.id }, populate: { federation: true, section: true } })) as { federation: unknown; section: unknown };
    const learner = await createMember({ federation: federationOf.federation, section: federationOf.section, joinedOn: recently, password: PASSWORD });
    const http = await api();
    const attempt = `/api/training/courses/${welcome.documentId}/quizzes/${welcome.quiz}/attempts`;
    for (let i = 0; i < 2; i++) {
      const res = await http.post(attempt).set(bearer(learner.token)).send({ answers: WRONG });
      expect(res.status, res.text).toBe(201);
    }
    const phone = await newPortalPage(browser, 375);
    try {
      await signIn(phone, origin, learner.user.email, PASSWORD, `/formation/cours/${welcome.documentId}/quiz/${welcome.quiz}`);
      const notice = phone.page.getByText(/Vous pourrez réessayer à partir du \d{1,2}(er)? \p{L}+ \d{4}/u);
      await notice.waitFor();
      expect(await phone.page.getByRole('button', { name: 'Valider mes réponses' }).count()).toBe(0);
      await checkPage(phone, 'training-quiz-retry');
      await phone.page.goto(`${origin}/formation/cours/${welcome.documentId}`);
      await phone.page.getByText(/Non réussi · nouvel essai le \d{1,2}(er)? \p{L}+ \d{4}/u).waitFor();
    } finally {
      await phone.context.close();
    }
  }, 90_000);
});
