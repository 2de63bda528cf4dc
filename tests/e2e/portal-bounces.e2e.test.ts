import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../support/factories';
import { sinkControl } from '../support/mail';
import { checkPage, expectFocusLands, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn } from './support/portal';

/**
 * « Adresses en échec » (notifications' portal page): federation staff see the addresses the
 * mail server refused for good — member, address, date, reason in French — and take one off
 * the list; a member has neither the entry nor the page.
 */
let browser: Browser;
let origin: string;
let strapi: Core.Strapi;
let w: World;
let staff: TestMember;
let member: TestMember;
let bouncing: TestMember;
let alsoBouncing: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  strapi = await bootStrapi();
  w = await createWorld();
  staff = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  bouncing = await createMember({ federation: w.federation, section: w.sectionB });
  alsoBouncing = await createMember({ federation: w.federation, section: w.sectionB });
  // The mail server refuses the member's address for good (550): it is marked bouncing.
  const worker = strapi.plugin('notifications').service('worker');
  const outbox = strapi.plugin('notifications').service('outbox');
  await worker.stop();
  sinkControl.refuse.add(bouncing.user.email.toLowerCase());
  sinkControl.refuse.add(alsoBouncing.user.email.toLowerCase());
  try {
    const kind = strapi.plugin('notifications').service('kinds').get('consultations.phase-opened');
    await outbox.enqueue(kind, { key: `e2e-bounce:${bouncing.member.id}`, data: { title: 'Fête de la fédération', phase: 'vote', endsAt: null, documentId: 'inconnue' }, memberIds: [bouncing.member.id, alsoBouncing.member.id] });
    expect((await outbox.drain()).failed).toBe(2);
  } finally {
    sinkControl.refuse.clear();
    worker.start(5000);
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('lets staff see their federation’s bouncing addresses and take one off the list; members see neither the entry nor the page', async () => {
  const email = bouncing.user.email.toLowerCase();
  const session = await newPortalPage(browser);
  const { page } = session;
  await signIn(session, origin, staff.user.email);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Adresses en échec' }).click();
  await page.getByRole('heading', { level: 1, name: 'Adresses en échec' }).waitFor();
  const row = page.getByRole('listitem').filter({ hasText: email });
  await row.waitFor();
  expect(await row.textContent()).toContain(`${bouncing.member.firstName} ${bouncing.member.lastName}`);
  expect(await row.textContent()).toContain('Adresse inconnue ou refusée par la messagerie du destinataire (code 550)');
  await checkPage(session, 'adresses-en-echec');

  // The row goes: focus goes to the other row's « Retirer » (the next one, or the previous one for the last row), not to the page itself.
  const otherEmail = alsoBouncing.user.email.toLowerCase();
  await expectFocusLands(
    page.getByRole('button', { name: `Retirer ${email} de la liste` }),
    () => page.getByRole('status').filter({ hasText: `L’adresse ${email} est retirée de la liste` }).waitFor(),
    page.getByRole('button', { name: `Retirer ${otherEmail} de la liste` })
  );
  expect(await page.getByRole('listitem').filter({ hasText: email }).count()).toBe(0);
  expect(Number((await strapi.db.connection('notifications_bounces').where({ email }).count({ n: '*' }))[0].n)).toBe(0);
  // The list's last row goes: focus goes to the page's heading.
  await expectFocusLands(
    page.getByRole('button', { name: `Retirer ${otherEmail} de la liste` }),
    () => page.getByText('Aucune adresse en échec.').waitFor(),
    page.getByRole('heading', { level: 1, name: 'Adresses en échec' })
  );
  await checkPage(session, 'adresses-en-echec-vide');
  await session.context.close();

  const other = await newPortalPage(browser, 375);
  await signIn(other, origin, member.user.email);
  expect(await other.page.getByRole('link', { name: 'Adresses en échec' }).count()).toBe(0);
  await other.page.goto(`${origin}/notifications/adresses-en-echec`);
  await other.page.getByRole('alert').filter({ hasText: 'réservée à l’équipe fédérale' }).waitFor();
  expect(await other.page.getByRole('button', { name: /^Retirer/ }).count()).toBe(0);
  await other.context.close();
}, 120_000);
