import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer } from '../support/expect';
import { linkIn, waitForMail } from '../support/mail';
import { checkPage, launchBrowser, newPortalPage, portalOrigin, signIn } from './support/portal';

/**
 * Issue 11, invitations in a real browser: staff register a member through the API, the
 * invitation arrives on the run's SMTP server, its link opens « Activer mon compte », the
 * member chooses a password and signs in; the same link is refused the second time.
 */
let browser: Browser;
let origin: string;
let w: World;

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('a member invited by their federation', () => {
  it('activates their account from the emailed link, once', async () => {
    const email = `activation.${Date.now().toString(36)}@test.intranet`;
    const registered = await (await api())
      .post('/api/membership/members')
      .set(bearer(w.staff.token))
      .send({ firstName: 'Nina', lastName: 'Invitée', email, membershipNumber: `ACT-${Date.now().toString(36).slice(-6)}`, joinedOn: '2024-02-01', section: w.sectionA.documentId });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const link = linkIn(await waitForMail(email), '/activer');
    // The email names the configured address; the test server listens elsewhere.
    const target = `${origin}${link.pathname}${link.search}`;

    const session = await newPortalPage(browser);
    const { page } = session;
    await page.goto(target);
    await page.getByRole('heading', { name: 'Activer mon compte' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.getByLabel('Confirmez le mot de passe').fill('court');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await page.getByText('Choisissez un mot de passe d’au moins 8 caractères.').waitFor();
    await checkPage(session, 'activer-erreurs');
    const password = 'Mon-Passw0rd-militant';
    await page.getByLabel('Nouveau mot de passe').fill(password);
    await page.getByLabel('Confirmez le mot de passe').fill(password);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await page.waitForURL(/\/connexion\?motif=active/);
    await page.getByText('Votre compte est activé').waitFor();
    await checkPage(session, 'connexion-compte-active');
    await signIn(session, origin, email, password);
    await session.context.close();

    const again = await newPortalPage(browser);
    await again.page.goto(target);
    await again.page.getByLabel('Nouveau mot de passe').fill('Encore-Passw0rd-2026');
    await again.page.getByLabel('Confirmez le mot de passe').fill('Encore-Passw0rd-2026');
    await again.page.getByRole('button', { name: 'Activer mon compte' }).click();
    await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('Ce lien d’activation a déjà servi');
    await checkPage(again, 'activer-lien-deja-utilise');
    await again.context.close();
  }, 120_000);
});
