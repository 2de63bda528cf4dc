import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type World } from '../support/factories';
import { bearer } from '../support/expect';
import { linkIn, waitForMail } from '../support/mail';
import { checkPage, expectFocusLands, expectRefusalAnnounced, expectSuccessAnnounced, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn } from './support/portal';

/**
 * Issue 11, invitations in a real browser: staff register a member on « Adhérents », the
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

/** `text` as a regular expression matching it literally. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a member invited by their federation', () => {
  it('activates their account from the emailed link, once', async () => {
    // Staff register the member on the portal's « Adhérents » page: the invitation leaves.
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
    const staff = await newPortalPage(browser, 375);
    await signIn(staff, origin, officer.user.email);
    await staff.page.goto(`${origin}/adherents`);
    await staff.page.getByRole('heading', { name: 'Inscrire un adhérent' }).waitFor();
    await checkPage(staff, 'adherents');
    const email = `activation.${Date.now().toString(36)}@test.intranet`;
    const number = `ACT-${Date.now().toString(36).slice(-6).toUpperCase()}`;
    const form = staff.page.getByRole('region', { name: 'Inscrire un adhérent' });
    await form.getByLabel('Prénom').fill('Nina');
    await form.getByLabel('Nom', { exact: true }).fill('Invitée');
    await form.getByLabel('Adresse e-mail').fill('pas-une-adresse');
    // The number's example is in her federation's own numbering (its department code), not the Gard's.
    expect(await form.getByText('Lettres majuscules, chiffres et tirets', { exact: false }).textContent()).toBe(
      `Lettres majuscules, chiffres et tirets (par exemple ${w.federation.departmentCode}-01234).`
    );
    await form.getByLabel('Numéro d’adhérent').fill(number);
    await form.getByLabel('Section').selectOption({ label: w.sectionA.name });
    await form.getByLabel('Date d’adhésion').fill('2024-02-01');
    await form.getByLabel('Sexe tel qu’enregistré (facultatif)').selectOption('F');
    await form.getByLabel('Année de naissance (facultatif)').fill('1890');
    await form.getByRole('button', { name: 'Inscrire et inviter' }).click();
    // A bad address is refused in French beside its field, nothing is registered.
    await form.locator('.field-error').first().waitFor();
    expect(await form.locator('.field-error').first().textContent()).toMatch(/adresse/i);
    // Announced once (the first field in error's message), focus on that field.
    expect(await form.getByRole('alert').count()).toBe(1);
    expect(await form.getByLabel('Adresse e-mail').evaluate((el) => el === document.activeElement)).toBe(true);
    await checkPage(staff, 'adherents-erreur');
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByRole('button', { name: 'Inscrire et inviter' }).click();
    // The year out of range is refused beside its field too.
    await expect.poll(() => form.getByText('L’année de naissance va de 1900 à l’année en cours.').count()).toBe(1);
    await form.getByLabel('Année de naissance (facultatif)').fill('1984');
    // The form stays, emptied for the next one: the success is announced by the page's status
    // region, there before it and filled then (role="status"), and focus stays on « Inscrire et
    // inviter », as pages whose form stays do.
    await expectSuccessAnnounced(form.getByRole('button', { name: 'Inscrire et inviter' }), new RegExp(`^Nina Invitée est inscrit·e\\. L’invitation part à ${escapeRegExp(email)} : `));
    expect(await staff.page.getByRole('status').filter({ hasText: `L’invitation part à ${email}` }).count()).toBe(1);
    // The optional sex and year of birth went with the registration, as the API defines it (F or M).
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').findOne({ where: { membershipNumber: number }, select: ['sex', 'birthYear'] })).toMatchObject({ sex: 'F', birthYear: 1984 });
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
    // The sign-in page that follows opens on its notice: focus on it (its frame), so that it is told.
    const activated = page.locator('.notice-success', { hasText: 'Votre compte est activé' });
    await expectFocusLands(page.getByRole('button', { name: 'Activer mon compte' }), () => page.waitForURL(/\/connexion\?motif=active/).then(() => activated.waitFor()), activated.locator('xpath=..'));
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

    // An activated member needs no invitation: staff are told what to do instead.
    await staff.page.getByLabel('Nom, numéro d’adhérent ou adresse e-mail').fill(number);
    await staff.page.getByRole('button', { name: 'Chercher l’adhérent' }).click();
    // No field of the page to mend: announced (role="alert"), focus left on the button; pressed again, announced again.
    const resend = staff.page.getByRole('button', { name: 'Renvoyer l’invitation à Nina Invitée' });
    await expectRefusalAnnounced(resend, /a déjà activé son compte/);
    await expectRefusalAnnounced(resend, /a déjà activé son compte/);
    await checkPage(staff, 'adherents-renvoi-refuse');
    await staff.context.close();
  }, 180_000);

  it('is sent again from « Adhérents », and only the new link works', async () => {
    const email = `renvoi.${Date.now().toString(36)}@test.intranet`;
    const number = `RNV-${Date.now().toString(36).slice(-6).toUpperCase()}`;
    const registered = await (await api())
      .post('/api/membership/members')
      .set(bearer(w.staff.token))
      .send({ firstName: 'Rémi', lastName: 'Relancé', email, membershipNumber: number, joinedOn: '2024-02-01', section: w.sectionA.documentId });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const first = linkIn(await waitForMail(email), '/activer');

    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'section-secretary', password: PASSWORD });
    const staff = await newPortalPage(browser);
    await signIn(staff, origin, officer.user.email);
    await staff.page.goto(`${origin}/adherents`);
    await staff.page.getByLabel('Nom, numéro d’adhérent ou adresse e-mail').fill(number);
    await staff.page.getByRole('button', { name: 'Chercher l’adhérent' }).click();
    const resend = staff.page.getByRole('button', { name: 'Renvoyer l’invitation à Rémi Relancé' });
    // The button stays in the search's results: the success is announced (role="status"), focus
    // stays on it; pressed again, the same success (the same words, within the minute) is
    // announced again — the region emptied, then filled.
    const sent = new RegExp(`^Une nouvelle invitation part à ${escapeRegExp(email)}, valable jusqu’au`);
    await expectSuccessAnnounced(resend, sent);
    await expectSuccessAnnounced(resend, sent);
    expect(await staff.page.getByRole('status').filter({ hasText: `Une nouvelle invitation part à ${email}` }).count()).toBe(1);
    await checkPage(staff, 'adherents-renvoi');
    await staff.context.close();
    // Two invitations sent again: the last one is the one that works.
    const middle = linkIn(await waitForMail(email, { since: 1, timeoutMs: 30_000 }), '/activer');
    const second = linkIn(await waitForMail(email, { since: 2, timeoutMs: 30_000 }), '/activer');
    expect(second.search).not.toBe(first.search);
    expect(second.search).not.toBe(middle.search);

    const http = await api();
    const code = (link: URL) => link.searchParams.get('code');
    const password = 'Relance-Passw0rd-2026';
    const stale = await http.post('/api/notifications/activation').send({ code: code(first), password, passwordConfirmation: password });
    expect(stale.status).toBe(400);
    expect((await http.post('/api/notifications/activation').send({ code: code(middle), password, passwordConfirmation: password })).status).toBe(400);
    const fresh = await http.post('/api/notifications/activation').send({ code: code(second), password, passwordConfirmation: password });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
  }, 180_000);

  it('tells staff a refused registration with no field to mend without moving focus', async () => {
    // A section's secretary moved to another section while « Adhérents » shows her former one:
    // the API's 403 concerns no field of the form, so it is announced once (role="alert") and
    // focus stays on « Inscrire et inviter »; pressed again, it is announced again.
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'section-secretary', password: PASSWORD });
    const staff = await newPortalPage(browser);
    await signIn(staff, origin, officer.user.email);
    await staff.page.goto(`${origin}/adherents`);
    const form = staff.page.getByRole('region', { name: 'Inscrire un adhérent' });
    await form.getByLabel('Prénom').fill('Paul');
    await form.getByLabel('Nom', { exact: true }).fill('Déplacé');
    await form.getByLabel('Adresse e-mail').fill(`deplace.${Date.now().toString(36)}@test.intranet`);
    await form.getByLabel('Numéro d’adhérent').fill(`DPL-${Date.now().toString(36).slice(-6).toUpperCase()}`);
    const strapi = await bootStrapi();
    await strapi.db.query('plugin::membership.member').update({ where: { id: officer.member.id }, data: { section: w.sectionB.id } });
    const register = form.getByRole('button', { name: 'Inscrire et inviter' });
    await expectRefusalAnnounced(register, 'Vous n’inscrivez des adhérents que dans votre section.');
    await expectRefusalAnnounced(register, 'Vous n’inscrivez des adhérents que dans votre section.');
    await checkPage(staff, 'adherents-inscription-refusee');
    await staff.context.close();
  }, 180_000);
});
