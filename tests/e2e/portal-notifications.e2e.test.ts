import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { announcements, checkPage, expectFocusLands, expectSuccessAnnounced, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, statusAnnouncements } from './support/portal';

/**
 * Issue 11 in the portal: the header shows the unread count, « Notifications » lists them
 * with a link to the page concerned (opening one marks it read), « Mes notifications et mon
 * agenda » changes what arrives by email and gives a private calendar address.
 */
let browser: Browser;
let origin: string;
let strapi: Core.Strapi;
let member: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  strapi = await bootStrapi();
  const w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  const kinds = strapi.plugin('notifications').service('kinds');
  const outbox = strapi.plugin('notifications').service('outbox');
  const opened = kinds.get('consultations.phase-opened');
  const reminder = kinds.get('consultations.vote-reminder');
  await outbox.enqueue(opened, { key: `e2e:${member.member.id}:1`, data: { title: 'Fête de la fédération', phase: 'vote', endsAt: null, documentId: 'inconnue' }, memberIds: [member.member.id] });
  await outbox.enqueue(reminder, { key: `e2e:${member.member.id}:2`, data: { title: 'Fête de la fédération', endsAt: null, documentId: 'inconnue' }, memberIds: [member.member.id] });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('shows the unread count, the inbox with its links, and the preferences with the calendar address', async () => {
  const session = await newPortalPage(browser, 375);
  const { page } = session;
  await signIn(session, origin, member.user.email);
  const header = page.getByRole('link', { name: 'Notifications 2 non lues', exact: true });
  await page.getByRole('button', { name: 'Menu' }).click();
  await header.click();
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  await page.getByText('2 notifications non lues.').waitFor();
  await expect.poll(() => page.getByRole('link', { name: /Dernier rappel/ }).getAttribute('href')).toBe('/consultations/inconnue/vote');
  await checkPage(session, 'notifications');

  // Each button goes away once pressed: focus moves to the next control, never to the page itself.
  await expectFocusLands(
    page.getByRole('button', { name: /Marquer comme lue : Le vote est ouvert/ }),
    () => page.getByText('1 notification non lue.').waitFor(),
    page.getByRole('link', { name: /Le vote est ouvert/ })
  );
  await expectFocusLands(page.getByRole('button', { name: 'Tout marquer comme lu' }), () => page.getByText('Tout est lu.').waitFor(), page.getByRole('link', { name: /Dernier rappel/ }));
  await checkPage(session, 'notifications-lues');

  await page.getByRole('link', { name: 'Choisir ce que je reçois par e-mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes notifications et mon agenda' }).waitFor();
  const group = page.getByRole('group', { name: /Ouverture d’une phase de consultation/ });
  // Each choice saved is told by the row's status line (already in the page), the same words
  // again included; focus stays on the choice; no alert.
  for (const choice of ['Dans le récapitulatif de la semaine', 'Seulement ici, dans l’intranet']) {
    await markMessages(page);
    await group.getByLabel(choice).check();
    await expect.poll(() => statusAnnouncements(page), { timeout: 15_000 }).toEqual(['Enregistré.']);
    expect(await announcements(page)).toEqual([]);
    expect(await group.getByLabel(choice).evaluate((input) => input === document.activeElement)).toBe(true);
  }
  // A refusal is told as one (an alert), not by the status line; told again on the next refusal.
  const REFUSED = 'Enregistrement impossible pour le moment : réessayez.';
  await page.route('**/api/notifications/preferences', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ data: null, error: { status: 409, name: 'ConflictError', message: REFUSED, details: {} } }) })
      : route.continue()
  );
  for (const choice of ['Par e-mail, tout de suite', 'Dans le récapitulatif de la semaine']) {
    await markMessages(page);
    await group.getByLabel(choice).check();
    await expect.poll(() => announcements(page), { timeout: 15_000 }).toEqual([REFUSED]);
    expect(await statusAnnouncements(page)).toEqual([]);
    expect(await group.getByLabel(choice).evaluate((input) => input === document.activeElement)).toBe(true);
    // The row shows again what is saved, not the refused choice.
    await expect.poll(() => group.getByLabel('Seulement ici, dans l’intranet').isChecked()).toBe(true);
    expect(await group.getByLabel(choice).isChecked()).toBe(false);
  }
  await page.unroute('**/api/notifications/preferences');
  await markMessages(page);
  await group.getByLabel('Dans le récapitulatif de la semaine').check();
  await expect.poll(() => statusAnnouncements(page), { timeout: 15_000 }).toEqual(['Enregistré.']);
  await expect.poll(() => group.getByRole('alert').count()).toBe(0);
  // The button stays: the new address is told by a live region already in the page, focus left on
  // the button (renamed once an address exists); a newer address is told again.
  const feedButton = page.getByRole('button', { name: /^Créer (mon adresse d’agenda|une nouvelle adresse)/ });
  const feedTold = /^Votre adresse d’agenda \(copiez-la maintenant : elle ne sera plus affichée\) :\s?\S*\/api\/notifications\/calendar\.ics\?token=[\w-]{43}$/;
  await expectSuccessAnnounced(feedButton, feedTold);
  const firstFeed = await page.locator('.feed-url').textContent();
  expect(firstFeed).toMatch(/\/api\/notifications\/calendar\.ics\?token=[\w-]{43}$/);
  await expectSuccessAnnounced(feedButton, feedTold);
  await expect.poll(() => page.locator('.feed-url').textContent()).not.toBe(firstFeed);
  await checkPage(session, 'notifications-preferences');
  await session.context.close();

  const rows = await strapi.db.connection('notifications_preferences').where({ member_id: member.member.id }).select('kind', 'mode');
  expect(rows).toEqual([{ kind: 'consultations.phase-opened', mode: 'digest' }]);
}, 180_000);
