import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createAccount, createFederation, createMember, createSection, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { waitForMail } from '../support/mail';
import { announcements, axeViolations, checkPage, expectFocusLands, expectGroupCleared, expectGroupRefused, expectRefusedAgain, expectSuccessAnnounced, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, statusAnnouncements, step, type PortalSession } from './support/portal';
import { laterTodayInParis, parisDay } from '../support/dates';
import { openConsultation } from '../../plugins/consultations/tests/support/consultations';

/**
 * Issue 20, « Événements » in the browser: a citizen finds an open café-débat on the public
 * page (no account), registers, confirms from the email; a member registers in one click;
 * the section secretary checks people in from a phone; a member joins a full workshop's
 * waiting list at the summer university and is promoted when a place frees. axe on every page.
 */
let origin: string;
let browser: Browser;
let member: TestMember;
let secretary: TestMember;
let staff: TestMember;
let cafe: string;
let sectionId: string;
let federationId: number;
const title = `Café-débat : l’eau en été ${Date.now()}`;
const email = `citoyen.e2e.${Date.now()}@exemple.fr`;
const paris = (days: number, hour = 19) => `${parisDay(days)}T${hour}:00`;

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation();
  federationId = federation.id;
  const section = await createSection(federation, 'Nîmes');
  sectionId = section.documentId;
  secretary = await createMember({ federation, section, role: 'section-secretary', password: PASSWORD });
  member = await createMember({ federation, section, password: PASSWORD });
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  const http = await api();
  const res = await http.post('/api/events/events').set(bearer(secretary.token)).send({
    kind: 'cafe-debat', title, theme: 'Eau et sécheresse', startsAt: paris(6), endsAt: paris(6, 21), address: 'Bar du Marché, Nîmes',
    accessibility: 'De plain-pied.', organiser: 'section', section: section.documentId, capacity: 20, audience: 'public',
    speakers: [{ name: 'Hélène Vidal', title: 'hydrologue' }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  cafe = res.body.data.documentId;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Événements in the browser', () => {
  it('a citizen registers on the public page and confirms from the email', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await page.goto(`${origin}/evenements-publics`);
    await page.getByRole('link', { name: title }).click();
    await step(session, 'events-public-register', async () => {
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      expect(await page.getByLabel(/recontacté/).isChecked()).toBe(false);
      await page.getByLabel('Votre adresse électronique').fill(email);
      await page.getByRole('button', { name: 'M’inscrire' }).click();
      await page.getByText('Votre nom est obligatoire.').waitFor();
      await page.getByLabel('Votre nom').fill('Karim Benali');
      // The answer replaces the form: focus moves to it (the notice's frame), not to the page itself
      // (a notice put in the page with its text is not reliably announced as a live region).
      const sent = page.locator('.notice-success', { hasText: /un courriel vient de vous être envoyé/ });
      await expectFocusLands(page.getByRole('button', { name: 'M’inscrire' }), () => sent.waitFor(), sent.locator('xpath=..'));
    });
    await checkPage(session, 'events-public-event');
    const mail = await waitForMail(email);
    const link = mail.text.match(/https?:\/\/\S+\/evenements-publics\/confirmer\?token=\S+/)![0];
    await page.goto(`${origin}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await page.getByText(/Inscription confirmée/).waitFor();
    await checkPage(session, 'events-public-confirm');
    await session.context.close();
  }, 90_000);

  it('the confirmation page on a 390 px phone: without its link it explains and offers no button; a bad, unknown or expired link and a busy server read in plain French', async () => {
    const session = await newPortalPage(browser, 390);
    const { page } = session;
    const confirmButton = page.getByRole('button', { name: 'Confirmer mon inscription' });
    /** Nothing technical on screen, and axe finds nothing in the page's main region at 390 px. */
    const plainAndAccessible = async (s: PortalSession, name: string) => {
      expect(await s.page.locator('main').innerText(), name).not.toMatch(/token|lien est invalide|\b(400|404|409|429)\b/i);
      expect(await axeViolations(s.page, 'main'), `axe on ${name}`).toEqual([]);
      await checkPage(s, name);
    };

    // Opened by hand, without the emailed link's token: where the link is, and nothing to press.
    for (const search of ['', '?token=']) {
      await page.goto(`${origin}/evenements-publics/confirmer${search}`);
      await page.getByRole('heading', { name: 'Confirmer mon inscription', level: 1 }).waitFor();
      await page.getByText(/Cette page s’ouvre depuis le lien « Confirmer mon inscription » du courriel/).waitFor();
      expect(await confirmButton.count()).toBe(0);
      await page.getByRole('link', { name: 'Tous les événements ouverts' }).waitFor();
      await plainAndAccessible(session, 'events-public-confirm-no-token');
    }
    await page.goto(`${origin}/evenements-publics/annuler`);
    await page.getByText(/Cette page s’ouvre depuis le lien « Annuler »/).waitFor();
    expect(await page.getByRole('button', { name: 'Annuler mon inscription' }).count()).toBe(0);
    // … and a cancellation link matching nothing says so without inviting to register.
    await page.goto(`${origin}/evenements-publics/annuler?token=${'B'.repeat(43)}`);
    await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await page.getByText(/Ce lien ne correspond à aucune inscription/).waitFor();
    expect(await page.getByText(/inscrivez-vous à nouveau/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Annuler mon inscription' }).count()).toBe(0);
    await plainAndAccessible(session, 'events-public-cancel-unknown');

    // A link cut by a mail reader (400 from the API): plain French, no field name, no button left.
    await page.goto(`${origin}/evenements-publics/confirmer?token=abc`);
    await step(session, 'events-public-confirm-cut', async () => {
      await confirmButton.click();
      await page.getByText(/Ce lien est incomplet ou abîmé/).waitFor();
      expect(await confirmButton.count()).toBe(0);
    });
    await plainAndAccessible(session, 'events-public-confirm-cut');

    // A well-formed link that matches nothing (404).
    await page.goto(`${origin}/evenements-publics/confirmer?token=${'A'.repeat(43)}`);
    await confirmButton.click();
    await page.getByText(/Ce lien ne correspond à aucune inscription/).waitFor();
    expect(await confirmButton.count()).toBe(0);
    await plainAndAccessible(session, 'events-public-confirm-unknown');

    // An expired link (409, the API's sentence): a citizen who registered more than 48 hours ago.
    const late = `citoyenne.tardive.${Date.now()}@exemple.fr`;
    const http = await api();
    expect((await http.post(`/api/events/public/events/${cafe}/registrations`).send({ name: 'Léa Roux', email: late, contactConsent: false })).status).toBe(202);
    const token = (await waitForMail(late)).text.match(/confirmer\?token=([A-Za-z0-9_-]+)/)![1];
    const strapi = await bootStrapi();
    const row = await strapi.db.query('plugin::events.registration').findOne({ where: { email: late } });
    await strapi.db.query('plugin::events.registration').update({ where: { id: row.id }, data: { queuedAt: new Date(Date.now() - 49 * 3_600_000) } });
    await page.goto(`${origin}/evenements-publics/confirmer?token=${token}`);
    await confirmButton.click();
    await page.getByText('Ce lien a expiré (48 heures) : inscrivez-vous à nouveau depuis la page de l’événement.').waitFor();
    expect(await confirmButton.count()).toBe(0);
    await plainAndAccessible(session, 'events-public-confirm-expired');

    // Too many tries from this address (429): said plainly, and the button stays to try again later.
    await strapi.db.query('plugin::events.registration').update({ where: { id: row.id }, data: { queuedAt: new Date() } });
    await page.route('**/api/events/public/registrations/confirmation', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ data: null, error: { status: 429, name: 'RateLimitError', message: 'Too Many Requests', details: {} } }) })
    );
    await page.goto(`${origin}/evenements-publics/confirmer?token=${token}`);
    await confirmButton.click();
    await page.getByText('Trop de tentatives depuis votre connexion : réessayez dans quelques minutes.').waitFor();
    await plainAndAccessible(session, 'events-public-confirm-busy');
    // Later, the same button confirms: the seat, the door code and the way back to the event.
    await page.unroute('**/api/events/public/registrations/confirmation');
    // The answer replaces the button: focus moves to it (the notice's frame), not to the page itself.
    const confirmed = page.locator('.notice-success', { hasText: `Inscription confirmée à « ${title} »` });
    await expectFocusLands(confirmButton, () => confirmed.waitFor(), confirmed.locator('xpath=..'));
    await page.getByText(/Votre code d’accueil/).waitFor();
    await page.getByRole('link', { name: 'Voir l’événement' }).waitFor();
    await plainAndAccessible(session, 'events-public-confirm-done');
    await session.context.close();
  }, 120_000);

  it('a member registers in one click; the secretary checks them in from a phone', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, member.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Événements' }).click();
    await page.waitForURL((url) => url.pathname === '/evenements');
    await checkPage(session, 'events-list');
    await page.getByRole('link', { name: title }).click();
    const register = page.getByRole('button', { name: 'M’inscrire', exact: true });
    const cancel = page.getByRole('button', { name: 'Annuler mon inscription' });
    /** Presses `button`: its success told once by the section's status region, focus on the button that replaced it. */
    const swapped = async (button: typeof register, landing: typeof register, told: RegExp) => {
      await markMessages(page);
      await expectFocusLands(button, () => landing.waitFor(), landing);
      await expect.poll(() => statusAnnouncements(page), { timeout: 15_000 }).toHaveLength(1);
      expect((await statusAnnouncements(page))[0]).toMatch(told);
      expect(await announcements(page)).toEqual([]);
    };
    await step(session, 'events-member-register', async () => {
      await swapped(register, cancel, /^Inscription enregistrée\. Votre code d’accueil : [A-Z0-9]{6}\.$/);
      await page.getByText('Votre code d’accueil').first().waitFor();
    });
    await checkPage(session, 'events-event');
    await step(session, 'events-member-cancel', async () => {
      await swapped(cancel, register, /^Inscription annulée\.$/);
      await swapped(register, cancel, /^Inscription enregistrée\./);
    });
    await checkPage(session, 'events-event');
    // Staff-only pages: a plain member is told the page is not theirs; no staff tabs, no form, no statistics read.
    for (const [path, name] of [['/evenements/nouveau', 'events-new-as-member'], ['/evenements/statistiques', 'events-stats-as-member']] as const) {
      await page.goto(`${origin}${path}`);
      await page.getByText(/Cette page est réservée/).waitFor();
      const tabs = page.getByRole('navigation', { name: 'Événements' });
      await tabs.getByRole('link', { name: 'Université d’été' }).waitFor();
      expect(await tabs.getByRole('link', { name: 'Annoncer' }).count()).toBe(0);
      expect(await tabs.getByRole('link', { name: 'Statistiques' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Annoncer', exact: true }).count()).toBe(0);
      expect(await page.locator('form.events-form').count()).toBe(0);
      await checkPage(session, name);
    }
    await session.context.close();

    // Check-in opens on the event's day (Paris): the café-débat moves to later today, minutes from now
    // (on the same Paris day whatever the hour the test runs: near midnight it waits for the next day).
    await (await bootStrapi()).db.query('plugin::events.event').update({ where: { documentId: cafe }, data: { startsAt: await laterTodayInParis() } });
    const phone = await newPortalPage(browser, 375);
    await signIn(phone, origin, secretary.user.email);
    await phone.page.goto(`${origin}/evenements/${cafe}`);
    await step(phone, 'events-check-in', async () => {
      await phone.page.getByRole('heading', { name: 'Accueil et émargement' }).waitFor();
      await phone.page.getByLabel('Code d’accueil').fill('ZZZZZZ');
      await phone.page.getByRole('button', { name: 'Émarger', exact: true }).click();
      await phone.page.getByText(/n’est pas inscrite/).waitFor();
      await phone.page.getByRole('button', { name: `Émarger ${member.member.firstName} ${member.member.lastName}` }).click();
      await phone.page.getByText(/présence enregistrée/).waitFor();
    });
    await checkPage(phone, 'events-door');
    await phone.context.close();
  }, 240_000); // with up to two minutes waiting for the next Paris day near midnight

  it('after a café-débat, a rating the API refuses shows in the rating group, gone once a note is chosen', async () => {
    const http = await api();
    const created = await http.post('/api/events/events').set(bearer(secretary.token)).send({
      kind: 'cafe-debat', title: `Café-débat déjà commencé ${Date.now()}`, theme: 'Transports', startsAt: paris(3), endsAt: paris(3, 21), address: 'Bar du Marché, Nîmes',
      organiser: 'section', section: sectionId, capacity: 20, audience: 'members',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const past = created.body.data.documentId as string;
    const registered = await http.post(`/api/events/events/${past}/registration`).set(bearer(member.token)).send({});
    expect(registered.status, JSON.stringify(registered.body)).toBeLessThan(300);
    // The café-débat began an hour ago: its participants may give their opinion.
    await (await bootStrapi()).db.query('plugin::events.event').update({ where: { documentId: past }, data: { startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() } });
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, member.user.email, PASSWORD, `/evenements/${past}`);
    const group = page.getByRole('group', { name: 'Votre avis (de 1 à 5)' });
    await step(session, 'events-feedback-refused', async () => {
      await group.waitFor();
      await page.getByRole('button', { name: 'Donner mon avis' }).click();
      await page.getByText('La note : un nombre entier de 1 à 5.').waitFor();
      // Every input in error, described by the message, which is announced (role="alert"); focus on the group's first input.
      await expectGroupRefused(group, 'La note : un nombre entier de 1 à 5.');
      await checkPage(session, 'events-feedback-refused');
      // The API's same refusal again: announced again (a new alert), focus back on the group.
      await expectRefusedAgain(page.getByRole('button', { name: 'Donner mon avis' }), group, 'La note : un nombre entier de 1 à 5.');
      await page.getByLabel('4', { exact: true }).check();
      await expect.poll(() => page.getByText('La note : un nombre entier de 1 à 5.').count()).toBe(0);
      await expectGroupCleared(group);
      // The form stays: its success told by a status region already in the page, focus left on the button.
      await expectSuccessAnnounced(page.getByRole('button', { name: 'Donner mon avis' }), 'Merci : votre avis est enregistré.');
      await page.getByText('Avis enregistré : 4 / 5.').waitFor();
      await expectSuccessAnnounced(page.getByRole('button', { name: 'Donner mon avis' }), 'Merci : votre avis est enregistré.');
    });
    await session.context.close();
  }, 90_000);

  it('after a café-débat, the secretary sends its report to a consultation: focus moves to the notice that replaces the forms', async () => {
    const http = await api();
    const created = await http.post('/api/events/events').set(bearer(secretary.token)).send({
      kind: 'cafe-debat', title: `Café-débat à verser ${Date.now()}`, theme: 'Transports', startsAt: paris(3), endsAt: paris(3, 21), address: 'Bar du Marché, Nîmes',
      organiser: 'section', section: sectionId, capacity: 20, audience: 'members',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const held = created.body.data.documentId as string;
    await (await bootStrapi()).db.query('plugin::events.event').update({ where: { documentId: held }, data: { startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() - 79_200_000).toISOString() } });
    const written = await http.post(`/api/events/events/${held}/report`).set(bearer(secretary.token)).send({ themes: ['Pistes cyclables'], proposals: ['Une piste cyclable sur l’avenue Jean-Jaurès'] });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    // A consultation of the organiser's federation, open to contributions (the module on for it).
    await (await bootStrapi()).plugin('modules').service('switches').set(federationId, 'consultations', true);
    const consultation = await openConsultation(staff);
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, secretary.user.email, PASSWORD, `/evenements/${held}`);
    await step(session, 'events-report-saved', async () => {
      // The report's form stays: each save told by a status region already in the page, focus left on the button.
      await page.getByLabel('Résumé (facultatif)').fill('Une soirée animée.');
      await expectSuccessAnnounced(page.getByRole('button', { name: 'Enregistrer le compte rendu' }), 'Compte rendu enregistré.');
      await expectSuccessAnnounced(page.getByRole('button', { name: 'Enregistrer le compte rendu' }), 'Compte rendu enregistré.');
    });
    await checkPage(session, 'events-report-saved');
    await step(session, 'events-report-sent', async () => {
      await page.getByLabel('Verser le compte rendu à la consultation').selectOption(consultation);
      // The button pressed and the report's form go: focus moves to the notice in their place (its
      // frame), not to the page itself (a notice put in the page with its text is not reliably announced).
      const sent = page.locator('.notice-success', { hasText: /Versé à une consultation le/ });
      await expectFocusLands(page.getByRole('button', { name: 'Verser comme contribution' }), () => sent.waitFor(), sent.locator('xpath=..'));
    });
    await checkPage(session, 'events-report-sent');
    await session.context.close();
    await (await bootStrapi()).plugin('modules').service('switches').set(federationId, 'consultations', false);
  }, 90_000);

  it('a full workshop of the summer university: the member joins its waiting list, then takes the freed place', async () => {
    const http = await api();
    const national = await createAccount('national-admin');
    const edition = await http.post('/api/events/summer-universities').set(bearer(national.token)).send({ year: 2100, title: 'Université d’été 2100', hostRegion: `Région e2e ${Date.now()}`, startsOn: '2100-08-24', endsOn: '2100-08-27' });
    expect(edition.status, JSON.stringify(edition.body)).toBe(201);
    const workshopTitle = 'Atelier : l’eau, bien commun';
    const added = await http.post(`/api/events/summer-universities/${edition.body.data.documentId}/sessions`).set(bearer(national.token)).send({ kind: 'workshop', title: workshopTitle, startsAt: '2100-08-25T14:00', capacity: 1 });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const workshop = added.body.data.sessions[0].documentId;
    expect((await http.post(`/api/events/summer-universities/sessions/${workshop}/registration`).set(bearer(secretary.token)).send({})).body.data.state).toBe('confirmed');

    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, member.user.email);
    await page.goto(`${origin}/evenements/universite-ete`);
    await step(session, 'events-su-waiting-list', async () => {
      await page.getByRole('button', { name: `M’inscrire sur liste d’attente : ${workshopTitle}` }).click();
      await page.getByText(/Vous êtes sur la liste d’attente/).waitFor();
      await page.getByText('Sur liste d’attente', { exact: true }).waitFor();
    });
    await checkPage(session, 'events-summer-university');
    expect((await http.post(`/api/events/summer-universities/sessions/${workshop}/registration/cancellation`).set(bearer(secretary.token)).send({})).status).toBe(200);
    await waitForMail(member.user.email, { match: (m) => m.subject === `Une place s’est libérée : ${workshopTitle}` });
    await page.reload();
    await page.getByText('Inscrit·e', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Annuler mon inscription : ${workshopTitle}` }).click();
    await page.getByText(`Inscription annulée : ${workshopTitle}.`).waitFor();
    await session.context.close();

    // Federation staff on a phone: the delegation's totals table scrolls inside its own labelled region, not the page.
    const delegates = `/api/events/summer-universities/${edition.body.data.documentId}/delegates`;
    for (const [who, transportMode, departure] of [[member, 'train', 'Nîmes'], [secretary, 'car', 'Alès']] as const) {
      const res = await http.post(delegates).set(bearer(staff.token)).send({ member: who.member.documentId, transportMode, departure, seats: transportMode === 'car' ? 3 : undefined, lodging: 'shared' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const staffSession = await newPortalPage(browser, 390);
    await signIn(staffSession, origin, staff.user.email);
    await staffSession.page.goto(`${origin}/evenements/universite-ete`);
    await step(staffSession, 'events-su-delegation', async () => {
      await staffSession.page.getByRole('table', { name: 'Totaux par fédération' }).waitFor();
      await staffSession.page.getByRole('region', { name: /Totaux par fédération/ }).waitFor();
    });
    await checkPage(staffSession, 'events-summer-university-staff');
    await staffSession.context.close();
  }, 180_000);
});
