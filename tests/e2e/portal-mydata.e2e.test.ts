import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { checkPage, expectRefusalAnnounced, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';

/**
 * « Mes données » (issue 22): from « Mon adhésion » a member asks for their data, sees it
 * gathered in the background, then downloads the readable page and the JSON.
 */
let browser: Browser;
let origin: string;
let member: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  const w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('asks for « Mes données » from « Mon adhésion » and downloads them as a page and as JSON', async () => {
  const session = await newPortalPage(browser, 375);
  const { page } = session;
  await signIn(session, origin, member.user.email, PASSWORD, '/mon-adhesion');
  await checkPage(session, 'mon-adhesion-mes-donnees');
  await step(session, 'mydata-link', async () => {
    await page.getByRole('link', { name: 'Mes données' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes données' }).waitFor();
  });
  await page.getByText('Aucun export demandé ces 7 derniers jours.').waitFor();
  // The intro names every part the export holds, skills and mandates among them.
  const intro = await page.locator('.page-intro').innerText();
  for (const part of ['cotisations', 'formation', 'instances', 'événements', 'fiche de compétences', 'mandats d’élu·e', 'investitures', 'procédures disciplinaires', 'notifications', 'journal d’audit']) expect(intro).toContain(part);
  await checkPage(session, 'mes-donnees-vide');

  await step(session, 'mydata-request', async () => {
    await page.getByRole('button', { name: 'Demander mes données' }).click();
    await page.getByRole('button', { name: /Télécharger la page lisible/ }).waitFor({ timeout: 20_000 });
    // Told by the one live region, not by reading out the list: the export is ready.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Votre export est prêt' }).count(), { timeout: 5_000 }).toBe(1);
    expect(await page.locator('.mydata-list').evaluate((list) => list.closest('[aria-live]') === null)).toBe(true);
  });
  await checkPage(session, 'mes-donnees-pret');

  await step(session, 'mydata-request-refused', async () => {
    // Asked again while the export is on offer: the API's 409, announced (role="alert"), focus
    // left on the button (no field to mend); asked once more, the same message is announced again.
    const ask = page.getByRole('button', { name: 'Demander mes données' });
    const ready = /^Votre export du .* est prêt : téléchargez-le dans la liste de vos exports\. Vous pourrez en demander un nouveau à partir du /;
    await expectRefusalAnnounced(ask, ready);
    await expectRefusalAnnounced(ask, ready);
  });

  const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Télécharger la page lisible/ }).click()]);
  expect(html.suggestedFilename()).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.html$/);
  const page1 = readFileSync((await html.path())!, 'utf8');
  expect(page1).toContain(member.member.membershipNumber);
  expect(page1).toContain('Cotisations');
  // Read by a person: dates in French, never ISO dates or timestamps.
  const words = page1.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
  expect(words).toMatch(/\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/);
  expect(words).not.toMatch(/\d{4}-\d{2}-\d{2}/);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Télécharger les données/ }).click()]);
  const data = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(data.member.membershipNumber).toBe(member.member.membershipNumber);
  expect(data.parts.map((p: { source: string }) => p.source)).toContain('membership');
  await session.context.close();
}, 120_000);
