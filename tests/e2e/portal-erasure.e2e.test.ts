import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { checkPage, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';

/**
 * Erasure on request (issue 22, item 4): from « Mes données » a member reads what is erased
 * and what is kept, types « EFFACER » and their current password and confirms; the erasure
 * is done, their session ends and the portal shows the sign-in page. A wrong confirmation and
 * a wrong password are refused in French.
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

it('erases one’s own data from « Mes données » after typing EFFACER, then signs out', async () => {
  const session = await newPortalPage(browser, 375);
  const { page } = session;
  await signIn(session, origin, member.user.email, PASSWORD, '/mes-donnees');
  await page.getByRole('heading', { level: 2, name: 'Effacer mes données' }).waitFor();
  await checkPage(session, 'mes-donnees-effacement');

  await step(session, 'erasure-wrong-confirmation', async () => {
    await page.getByLabel('Pour confirmer, saisissez EFFACER').fill('effacer');
    await page.getByLabel('Votre mot de passe actuel').fill(PASSWORD);
    await page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }).click();
    await page.getByText('Pour confirmer, saisissez EFFACER en majuscules.').waitFor();
  });
  await checkPage(session, 'mes-donnees-effacement-refuse');

  await step(session, 'erasure-wrong-password', async () => {
    await page.getByLabel('Pour confirmer, saisissez EFFACER').fill('EFFACER');
    await page.getByLabel('Votre mot de passe actuel').fill('pas-le-bon');
    await page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }).click();
    await page.getByText('Mot de passe incorrect.').waitFor();
  });
  await checkPage(session, 'mes-donnees-effacement-mot-de-passe');

  await step(session, 'erasure-confirmed', async () => {
    await page.getByLabel('Pour confirmer, saisissez EFFACER').fill('EFFACER');
    await page.getByLabel('Votre mot de passe actuel').fill(PASSWORD);
    await page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor({ timeout: 20_000 });
  });
  const strapi = await bootStrapi();
  const profile = await strapi.db.query('plugin::membership.member').findOne({ where: { id: member.member.id } });
  expect(profile).toMatchObject({ firstName: 'Ancien', lastName: 'adhérent' });
  expect(profile.erasedOn).not.toBeNull();
  await session.context.close();
}, 120_000);
