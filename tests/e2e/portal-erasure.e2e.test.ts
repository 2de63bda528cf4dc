import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { bearer } from '../support/expect';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { announcements, checkPage, expectFocusLands, fieldState, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';

/**
 * Erasure on request (issue 22, item 4): from « Mes données » a member reads what is erased
 * and what is kept, types « EFFACER » and their current password and confirms; the request is
 * recorded and the account closed, their session ends and the sign-in page repeats the
 * message; the erasure follows just after. A wrong confirmation and a wrong password are
 * refused in French. The respondent of a case not yet notified to them sees exactly the same
 * (their account closed too), while their data is kept.
 */
const MESSAGE = 'Votre demande d’effacement est enregistrée et votre compte est fermé dès maintenant.';
let browser: Browser;
let origin: string;
let member: TestMember;
let respondent: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  const w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  respondent = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  const strapi = await bootStrapi();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
  const res = await (await api())
    .post('/api/sanctions/cases')
    .set(bearer(w.secretary.token))
    .send({ respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Propos publics contre la section.' });
  expect(res.status, res.text).toBe(201);
  browser = await launchBrowser();
}, 180_000);

/**
 * Confirms the erasure on « Mes données » and waits for the sign-in page and its notice, which
 * takes focus (its frame): a notice put in the page with its text is not reliably announced, and
 * focus would otherwise be on the page itself.
 */
async function confirmErasure(page: import('playwright-core').Page) {
  await page.getByLabel('Pour confirmer, saisissez EFFACER').fill('EFFACER');
  await page.getByLabel('Votre mot de passe actuel').fill(PASSWORD);
  const heading = page.getByRole('heading', { name: 'Connexion' });
  const notice = page.locator('.auth-card .notice-success', { hasText: MESSAGE });
  await expectFocusLands(
    page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }),
    async () => {
      await heading.waitFor({ timeout: 20_000 });
      await notice.waitFor();
    },
    notice.locator('xpath=..')
  );
}

/** The sign-in page refuses the closed account's old password, as any wrong one. */
async function signInRefused(page: import('playwright-core').Page, email: string) {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Identifiant ou mot de passe incorrect.');
}

afterAll(async () => {
  await browser?.close();
});

it('erases one’s own data from « Mes données » after typing EFFACER, then signs out', async () => {
  const session = await newPortalPage(browser, 375);
  const { page } = session;
  await signIn(session, origin, member.user.email, PASSWORD, '/mes-donnees');
  await page.getByRole('heading', { level: 2, name: 'Effacer mes données' }).waitFor();
  // Told before asking: what is still to come is cancelled at the request, and never restored.
  await page.getByText('sont annulées dès la demande : votre place revient à la liste d’attente et elles ne seront pas rétablies, même si l’effacement devait ensuite être refusé.').waitFor();
  await checkPage(session, 'mes-donnees-effacement');

  const confirmation = page.getByLabel('Pour confirmer, saisissez EFFACER');
  const password = page.getByLabel('Votre mot de passe actuel');
  const PASSWORD_HINT = 'Mot de passe oublié ? Déconnectez-vous et choisissez-en un nouveau depuis la page de connexion.';
  await step(session, 'erasure-nothing-typed', async () => {
    // Both fields refused at once: each message beside its field, one announcement (the first
    // field's), focus on the first field in error (the GOV.UK error summary pattern).
    await markMessages(page);
    await page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }).click();
    await page.getByText('Saisissez votre mot de passe actuel.').waitFor();
    expect(await fieldState(confirmation)).toEqual({ invalid: 'true', describedBy: 'Pour confirmer, saisissez EFFACER en majuscules.', live: 'alert', marked: false, focused: true });
    expect(await fieldState(password)).toEqual({ invalid: 'true', describedBy: `${PASSWORD_HINT} | Saisissez votre mot de passe actuel.`, live: ' | ', marked: false, focused: false });
    expect(await announcements(page)).toEqual(['Pour confirmer, saisissez EFFACER en majuscules.']);
  });

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
    await markMessages(page);
    await page.getByRole('button', { name: 'Effacer mes données et quitter le parti' }).click();
    await page.getByText('Mot de passe incorrect.').waitFor();
    // The API's verdict on the password alone: announced, focus on the password.
    expect(await fieldState(password)).toEqual({ invalid: 'true', describedBy: `${PASSWORD_HINT} | Mot de passe incorrect.`, live: ' | alert', marked: false, focused: true });
    expect(await fieldState(confirmation)).toMatchObject({ invalid: null, focused: false });
    expect(await announcements(page)).toEqual(['Mot de passe incorrect.']);
  });
  await checkPage(session, 'mes-donnees-effacement-mot-de-passe');

  await step(session, 'erasure-confirmed', () => confirmErasure(page));
  await checkPage(session, 'connexion-compte-ferme');
  const strapi = await bootStrapi();
  // The erasure itself follows the answer.
  await expect
    .poll(async () => (await strapi.db.query('plugin::membership.member').findOne({ where: { id: member.member.id } })).erasedOn, { timeout: 20_000 })
    .not.toBeNull();
  const profile = await strapi.db.query('plugin::membership.member').findOne({ where: { id: member.member.id } });
  expect(profile).toMatchObject({ firstName: 'Ancien', lastName: 'adhérent' });
  await signInRefused(page, member.user.email);
  await session.context.close();
}, 120_000);

it('the respondent of a case not notified to them reads the same and is signed out; their data is kept', async () => {
  const session = await newPortalPage(browser, 1280);
  const { page } = session;
  await signIn(session, origin, respondent.user.email, PASSWORD, '/mes-donnees');
  await page.getByRole('heading', { level: 2, name: 'Effacer mes données' }).waitFor();
  await step(session, 'erasure-held', () => confirmErasure(page));
  await checkPage(session, 'connexion-compte-ferme-1280');
  const strapi = await bootStrapi();
  const row = await strapi.db.query('plugin::membership.member').findOne({ where: { id: respondent.member.id }, populate: { user: { select: ['blocked'] } } });
  expect(row).toMatchObject({ erasedOn: null, user: { blocked: true } });
  expect(row.erasureRequestedOn).not.toBeNull();
  await signInRefused(page, respondent.user.email);
  await session.context.close();
}, 120_000);
