import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { buildAccount } from '../../src/seed/builders';
import { checkPage, expectFocusLands, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';
import { parisDay } from '../support/dates';

/**
 * Issue 17, « Commission des conflits » in the member portal: a member reports harassment
 * confidentially; the respondent of a notified case reads their file, rights and deadlines
 * on a phone and sends a written defence, without ever seeing who reported; the commission
 * sees the reporter, records the hearing and decides (a level outside the scale is refused
 * with its range); members read the published decisions. axe on every page.
 */
let origin: string;
let browser: Browser;
let reporter: TestMember;
let respondent: TestMember;
let commission: TestMember;
let notifiedCase: string;
const day = parisDay;

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation();
  const section = await createSection(federation, 'Alès');
  const staff = await createMember({ federation, section, role: 'federation-staff' });
  commission = await createMember({ federation, section, role: 'conflicts-commission', password: PASSWORD });
  reporter = await createMember({ federation, section, password: PASSWORD });
  respondent = await createMember({ federation, section, password: PASSWORD });
  const http = await api();
  const call = async (token: string, path: string, body: object = {}) => {
    const res = await http.post(`/api/sanctions${path}`).set(bearer(token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.data;
  };
  notifiedCase = (await call(staff.token, '/cases', { respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Tribune publique contre la trésorière fédérale.' })).documentId;
  await call(commission.token, `/cases/${notifiedCase}/investigation`);
  await call(commission.token, `/cases/${notifiedCase}/documents`, { title: 'Tribune du 3 mars', content: 'Texte intégral de la tribune.' });
  await call(commission.token, `/cases/${notifiedCase}/notification`, { hearingOn: day(16) });
  // A decision already final, to be published.
  const other = await createMember({ federation, section });
  const done = (await call(staff.token, '/cases', { respondent: other.member.documentId, category: 'violation-statuts', facts: 'Usage du logo.' })).documentId;
  await call(commission.token, `/cases/${done}/investigation`);
  await call(commission.token, `/cases/${done}/notification`, { hearingOn: day(15) });
  const strapi = await bootStrapi();
  await strapi.db.query('plugin::sanctions.case').update({ where: { documentId: done }, data: { hearingOn: day(0) } });
  await call(commission.token, `/cases/${done}/hearing`, { attended: true });
  await call(commission.token, `/cases/${done}/decision`, { level: 'avertissement', reasoning: 'Motifs internes.', summary: 'Avertissement pour usage du logo par une liste non investie.' });
  const row = await strapi.db.query('plugin::sanctions.case').findOne({ where: { documentId: done } });
  await strapi.db.query('plugin::sanctions.case').update({ where: { documentId: done }, data: { decidedOn: day(-31), decision: { ...row.decision, decidedOn: day(-31) } } });
  await call(commission.token, `/cases/${done}/finalization`);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('Commission des conflits in the browser', () => {
  it('a member reports harassment confidentially', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, reporter.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Commission des conflits' }).click();
    await page.waitForURL((url) => url.pathname === '/commission');
    await checkPage(session, 'sanctions-home');
    await page.getByRole('link', { name: 'Signaler un acte' }).click();
    await step(session, 'sanctions-report', async () => {
      await page.getByLabel('Nature des faits').selectOption('harcelement');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      await page.getByText('Indiquez qui est mis en cause (nom, prénom, section).').waitFor();
      await page.getByLabel('Personne mise en cause').fill(`${respondent.member.firstName} ${respondent.member.lastName}, section d’Alès`);
      await page.getByLabel('Récit des faits').fill('Remarques à caractère sexuel répétées après les réunions de section.');
      // The answer replaces the form: focus moves to it (the notice's frame), not to the page itself
      // (a notice put in the page with its text is not reliably announced as a live region).
      const sent = page.locator('.notice-success', { hasText: /Signalement enregistré \(affaire CC-/ });
      await expectFocusLands(page.getByRole('button', { name: 'Envoyer le signalement' }), () => sent.waitFor(), sent.locator('xpath=..'));
    });
    await checkPage(session, 'sanctions-report');
    await session.context.close();
  }, 90_000);

  it('the respondent reads their file on a phone and sends a defence, without the reporter', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, respondent.user.email);
    await page.goto(`${origin}/commission`);
    await page.getByRole('link', { name: /Affaire CC-.* Dénigrement public/ }).click();
    await step(session, 'sanctions-respondent', async () => {
      await page.getByRole('heading', { name: 'Vos droits', level: 2 }).waitFor();
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain('Tribune publique contre la trésorière fédérale.');
      expect(main).toContain('Tribune du 3 mars');
      expect(main).not.toContain(reporter.member.lastName);
      await page.getByLabel('Ma défense', { exact: true }).fill('Je conteste : la tribune visait une décision, non une personne.');
      // A file that is not one of the accepted types: the French refusal shows on the field, nothing is kept.
      await page.getByLabel('Pièce jointe (facultative)').setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>pas un PDF</html>') });
      await page.getByRole('button', { name: 'Envoyer ma défense' }).click();
      await page.getByText(/^Type de fichier non accepté\. Formats acceptés : PDF/).waitFor();
      await page.getByLabel('Pièce jointe (facultative)').setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Envoyer ma défense' }).click();
      await page.getByText('Défense enregistrée.').waitFor();
      await page.getByRole('heading', { name: 'Défense écrite', level: 2, exact: true }).waitFor();
      // The file comes back through the API, with the member's session.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger « attestation.pdf »' }).click()]);
      expect(download.suggestedFilename()).toBe('attestation.pdf');
      expect(Buffer.compare(readFileSync((await download.path())!), PDF)).toBe(0);
    });
    await checkPage(session, 'sanctions-respondent');
    await page.goto(`${origin}/commission`);
    await page.getByRole('link', { name: /Dénigrement public/ }).waitFor();
    expect(await page.getByRole('link', { name: /Harcèlement/ }).count()).toBe(0); // not notified: the report stays with the commission
    // The commission's deadlines are not a party's: no « en retard » filter for them.
    expect(await page.getByText(/En retard seulement/).count()).toBe(0);
    await session.context.close();
  }, 90_000);

  it('the commission sees the reporter, records the hearing and decides within the scale', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, commission.user.email);
    await page.goto(`${origin}/commission`);
    await page.getByLabel('En retard seulement', { exact: true }).waitFor();
    await page.getByRole('link', { name: /Harcèlement moral ou sexuel/ }).click();
    await step(session, 'sanctions-commission-report', async () => {
      await page.getByText('Signalé par (confidentiel)').waitFor();
      expect(await page.locator('main').textContent()).toContain(reporter.member.lastName);
    });
    await checkPage(session, 'sanctions-commission-report');
    const strapi = await bootStrapi();
    await strapi.db.query('plugin::sanctions.case').update({ where: { documentId: notifiedCase }, data: { hearingOn: day(0) } });
    await page.goto(`${origin}/commission/affaires/${notifiedCase}`);
    await step(session, 'sanctions-commission-decide', async () => {
      await page.getByRole('button', { name: 'Consigner l’audition' }).click();
      await page.getByLabel('Sanction').waitFor();
      await page.getByLabel('Sanction').selectOption('exclusion');
      await page.getByLabel('Motivation (réservée à la commission)').fill('Propos publics, premier manquement.');
      await page.getByLabel('Résumé public').fill('Blâme pour dénigrement public.');
      await page.getByRole('button', { name: 'Rendre la décision' }).click();
      await page.getByText(/Niveau hors du barème .* du rappel à l’ordre à la suspension\./).waitFor();
      await page.getByLabel('Sanction').selectOption('blame');
      await page.getByRole('button', { name: 'Rendre la décision' }).click();
      await page.getByRole('heading', { name: 'Décision', level: 2 }).waitFor();
      await page.getByText('Rendre définitive (délai d’appel expiré)').waitFor();
    });
    await checkPage(session, 'sanctions-commission-decide');
    await page.goto(`${origin}/commission/decisions`);
    await step(session, 'sanctions-decisions', async () => {
      await page.getByText('Avertissement pour usage du logo par une liste non investie.').waitFor();
    });
    await checkPage(session, 'sanctions-decisions');
    await session.context.close();
  }, 120_000);

  it('the national commission (an account without federation) finds the module and every case', async () => {
    const account = await buildAccount(await bootStrapi(), { email: `nationale.${Date.now()}@test.intranet`, role: 'conflicts-commission', password: PASSWORD });
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, account.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Commission des conflits' }).click();
    await step(session, 'sanctions-national', async () => {
      await page.getByRole('link', { name: /Harcèlement moral ou sexuel/ }).waitFor();
      await page.getByText('commission nationale').first().waitFor();
    });
    await checkPage(session, 'sanctions-national');
    // Every page of its navigation (and the header's notifications) works without a member
    // profile: no « Page introuvable », no refused read, no console error, axe clean.
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('href') ?? '' })));
    expect(links.map((l) => l.text)).toEqual(expect.arrayContaining(['Accueil', 'Commission des conflits']));
    for (const { text, href } of links.filter((l) => l.href.startsWith('/') && !l.href.startsWith('/admin'))) {
      await step(session, `sanctions-national-nav-${href}`, async () => {
        await nav.getByRole('link', { name: text, exact: true }).first().click();
        await page.waitForURL((url) => url.pathname === href);
        await page.locator('#page-title').waitFor();
        expect(await page.locator('#page-title').textContent(), `${href} for the national commission`).not.toBe('Page introuvable');
        expect(await page.getByRole('alert').count(), `an error shown on ${href}`).toBe(0);
      });
      await checkPage(session, `sanctions-national-nav-${href.replace(/\//g, '_')}`);
    }
    await session.context.close();
  }, 180_000);
});
