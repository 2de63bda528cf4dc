import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { checkPage, expectFocusLands, expectSuccessAnnounced, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step, type PortalSession } from './support/portal';
import { parisDate } from '@intranet-militant/shared';

/**
 * Issue 16, « Élus » in the member portal: an official declares a third local mandate —
 * the preview says it breaks L. 46-1 before it is recorded — sees her situation and
 * publishes a mandate report and her permanences; a member of the federation finds her in the directory, reads
 * her page and the report, and asks a question; the federation's staff follow the officials
 * (« Suivi des élu·es »: the breach, the reports' regularity) and publish the question.
 * axe on every mandates page.
 */
let origin: string;
let browser: Browser;
let official: TestMember;
let reader: TestMember;
let staff: TestMember;
let session: PortalSession;
const yearsAgo = (n: number) => parisDate(new Date(Date.now() - n * 365.25 * 86_400_000));

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation();
  const section = await createSection(federation, 'Nîmes');
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  official = await createMember({ federation, section, role: 'elected-official', password: PASSWORD });
  reader = await createMember({ federation, section, password: PASSWORD });
  const http = await api();
  for (const m of [
    { category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: yearsAgo(3) },
    { category: 'conseiller-departemental', territoryCode: '30', territoryName: 'Gard', startOn: yearsAgo(2) },
  ]) {
    const res = await http.post('/api/mandates/mandates').set(bearer(staff.token)).send({ ...m, member: official.member.documentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Élus: an official and a member, in the browser', () => {
  it('« Mes mandats »: the preview names L. 46-1, then the mandate is declared and the situation shows it', async () => {
    session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, official.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Élus' }).click();
    await page.waitForURL((url) => url.pathname === '/elus');
    await page.getByRole('navigation', { name: 'Élus et mandats' }).getByRole('link', { name: 'Mes mandats' }).click();
    await page.getByRole('heading', { name: 'Mes mandats', level: 1 }).waitFor();
    await step(session, 'mandates-mine', async () => {
      await page.getByText('Aucune règle de cumul enfreinte à ce jour.').waitFor();
      await page.getByLabel('Mandat ou fonction').selectOption('conseiller-regional');
      await page.getByLabel('Code officiel du territoire').fill('76');
      await page.getByLabel('Nom du territoire').fill('Occitanie');
      await page.getByLabel('Début du mandat').fill(yearsAgo(1));
      // The check's answer is told by a live region already in the page, focus left on the button;
      // the same check again is told again.
      const verify = page.getByRole('button', { name: 'Vérifier les règles de cumul' });
      await expectSuccessAnnounced(verify, /^Pas plus de deux mandats locaux/);
      await expectSuccessAnnounced(verify, /^Pas plus de deux mandats locaux/);
      await page.getByRole('status').getByText(/Pas plus de deux mandats locaux/).waitFor();
    });
    await checkPage(session, 'mandates-preview');
    await step(session, 'mandates-declare', async () => {
      await page.getByRole('button', { name: 'Déclarer ce mandat' }).click();
      await page.getByText(/Mandat déclaré\. Il enfreint une règle de cumul/).waitFor();
      const situation = page.locator('section', { has: page.getByRole('heading', { name: 'Ma situation', level: 2 }) });
      await situation.getByText(/Pas plus de deux mandats locaux/).waitFor();
      expect(await situation.textContent()).toContain('prend fin de plein droit : Conseiller·ère municipal·e — Nîmes');
    });
    await step(session, 'mandates-report', async () => {
      await page.getByLabel('Résumé public').fill('Trois ans au conseil municipal de Nîmes');
      await page.getByLabel('Compte rendu', { exact: true }).fill('## Budget\n\nÉcoles et transports : mes **votes** et mes permanences. <script>window.pwned = 1</script>');
      await page.getByRole('button', { name: 'Publier le compte rendu' }).click();
      await page.getByRole('link', { name: 'Trois ans au conseil municipal de Nîmes' }).waitFor();
    });
    await step(session, 'mandates-attach', async () => {
      await page.getByRole('link', { name: 'Trois ans au conseil municipal de Nîmes' }).click();
      await page.getByRole('heading', { name: 'Compte rendu de mandat', level: 1 }).waitFor();
      await page.getByLabel('Ajouter un fichier').setInputFiles({ name: 'bilan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
      await page.getByRole('button', { name: 'Joindre le fichier' }).click();
      await page.getByRole('button', { name: 'Télécharger « bilan.pdf »' }).waitFor();
    });
    await checkPage(session, 'mandates-report-official');
    await page.goBack();
    await page.getByRole('heading', { name: 'Mes mandats', level: 1 }).waitFor();
    await step(session, 'mandates-contact', async () => {
      await page.getByLabel('Permanences').fill('Le samedi matin, mairie annexe de Nîmes');
      await page.getByLabel('Montrer ces coordonnées aux adhérent·es de ma fédération').check();
      await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click();
      await page.getByText('Coordonnées enregistrées.').waitFor();
    });
    await checkPage(session, 'mandates-mine');
  }, 120_000);

  it('a member: the directory, the official’s page, the report, a question', async () => {
    const member = await newPortalPage(browser, 375);
    const { page } = member;
    await signIn(member, origin, reader.user.email, PASSWORD, '/elus');
    await step(member, 'mandates-directory', async () => {
      await page.getByRole('link', { name: new RegExp(official.member.lastName) }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Pas plus de deux mandats locaux');
    });
    expect(await page.getByRole('link', { name: 'Suivi des élu·es' }).count()).toBe(0); // staff only
    await checkPage(member, 'mandates-directory');
    await page.getByRole('link', { name: new RegExp(official.member.lastName) }).click();
    await page.getByRole('heading', { name: 'Règles de cumul', level: 2 }).waitFor();
    await page.getByText('Permanences : Le samedi matin, mairie annexe de Nîmes').waitFor();
    await checkPage(member, 'mandates-official');
    await page.getByRole('link', { name: 'Trois ans au conseil municipal de Nîmes' }).click();
    await page.getByRole('heading', { name: 'Compte rendu de mandat', level: 1 }).waitFor();
    await step(member, 'mandates-markdown', async () => {
      // Markdown rendered through the safe renderer: a heading, bold; the script stays text.
      await page.locator('.rich-text h3', { hasText: 'Budget' }).waitFor();
      expect(await page.locator('.rich-text strong', { hasText: 'votes' }).count()).toBe(1);
      expect(await page.locator('.rich-text').textContent()).toContain('<script>window.pwned = 1</script>');
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      await page.getByRole('button', { name: 'Télécharger « bilan.pdf »' }).waitFor();
      expect(await page.getByRole('button', { name: 'Joindre le fichier' }).count()).toBe(0); // the official's only
    });
    await step(member, 'mandates-question', async () => {
      await page.getByLabel('Poser une question à l’élu·e').fill('Quelles permanences à Nîmes cette année ?');
      await page.getByRole('button', { name: 'Envoyer la question' }).click();
      await page.getByText('Question envoyée : elle sera publiée après modération par la fédération.').waitFor();
    });
    await checkPage(member, 'mandates-report');
    await member.context.close();
  }, 120_000);

  it('staff: « Suivi des élu·es » lists the breach and the reports’ regularity; the question is published', async () => {
    const staffSession = await newPortalPage(browser);
    const { page } = staffSession;
    await signIn(staffSession, origin, staff.user.email, PASSWORD, '/elus');
    await page.getByRole('navigation', { name: 'Élus et mandats' }).getByRole('link', { name: 'Suivi des élu·es' }).click();
    await page.getByRole('heading', { name: 'Suivi des élu·es', level: 1 }).waitFor();
    await step(staffSession, 'mandates-staff', async () => {
      const breaches = page.locator('section', { has: page.getByRole('heading', { name: 'Règles de cumul', level: 2 }) });
      await breaches.getByRole('link', { name: `${official.member.firstName} ${official.member.lastName}` }).waitFor();
      expect(await breaches.textContent()).toMatch(/Pas plus de deux mandats locaux .* depuis le/);
      const reports = page.getByRole('table', { name: /Comptes rendus remis à l’heure/ });
      await reports.getByRole('rowheader', { name: `${official.member.firstName} ${official.member.lastName}` }).waitFor();
      await page.getByText('« Quelles permanences à Nîmes cette année ? »').waitFor();
    });
    await checkPage(staffSession, 'mandates-staff');
    await step(staffSession, 'mandates-moderate', async () => {
      // The question leaves the list, the last one: focus goes to the section's heading, not to the page itself.
      await expectFocusLands(
        page.getByRole('button', { name: 'Publier' }),
        () => page.getByText('Aucune question en attente.').waitFor(),
        page.getByRole('heading', { name: 'Questions à modérer', level: 2 })
      );
      await page.getByText('Question publiée : l’élu·e peut y répondre.').waitFor();
    });
    // The moderation went through the command: the question is published.
    const strapi = await bootStrapi();
    const question = await strapi.db.query('plugin::mandates.question').findOne({ where: { text: 'Quelles permanences à Nîmes cette année ?' } });
    expect(question.questionStatus).toBe('published');
    // On the report's own page, a pending question's buttons go once it is moderated: the decision is announced
    // (role="status") and focus goes to the next control (here the question form), not to the page itself.
    const reportId: string = (await strapi.db.query('plugin::mandates.question').findOne({ where: { id: question.id }, populate: ['report'] })).report.documentId;
    const asked = await (await api()).post(`/api/mandates/reports/${reportId}/questions`).set(bearer(reader.token)).send({ text: 'Et pour les quartiers Est ?' });
    expect(asked.status, JSON.stringify(asked.body)).toBeLessThan(300);
    await page.goto(`${origin}/elus/comptes-rendus/${reportId}`);
    await step(staffSession, 'mandates-moderate-report', async () => {
      await expectFocusLands(
        page.getByRole('button', { name: 'Publier la question' }),
        () => page.getByRole('button', { name: 'Publier la question' }).waitFor({ state: 'detached' }),
        page.getByLabel('Poser une question à l’élu·e')
      );
      await page.getByRole('status').filter({ hasText: 'Question publiée : l’élu·e peut y répondre.' }).waitFor();
    });
    await staffSession.context.close();
  }, 120_000);
});
