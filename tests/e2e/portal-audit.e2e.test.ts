import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, createWorld, thisYear, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { api } from '../support/strapi';
import { axeViolations, checkPage, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn } from './support/portal';

/** The audit plugin's portal page: federation staff read their federation's journal; a member has no such entry. */
let browser: Browser;
let origin: string;
let staff: TestMember;
let member: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  const w = await createWorld();
  staff = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  // Something in the federation's journal: the member's dues, recorded by staff.
  const due = await (await api()).post(`/api/membership/members/${member.member.documentId}/dues`).set(bearer(staff.token))
    .send({ year: thisYear() + 1, amountCents: 2500, paidOn: `${thisYear()}-01-05`, method: 'virement' });
  expect(due.status, JSON.stringify(due.body)).toBe(201);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('shows staff the journal from the menu, and members neither the entry nor the data', async () => {
  const session = await newPortalPage(browser);
  await signIn(session, origin, staff.user.email);
  await session.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Journal d’audit' }).click();
  await session.page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
  // Actions and subjects in French, never the stored names (`plugin::membership.due.record`).
  const entries = session.page.getByRole('region', { name: 'Entrées du journal' });
  const row = entries.getByRole('row').filter({ hasText: 'Enregistrement — cotisation' }).first();
  await row.waitFor();
  // The subject in words with a short reference, never the whole documentId.
  expect(await row.getByRole('cell').nth(4).textContent()).toMatch(/^Cotisation réf\. [a-z0-9]{6}$/);
  expect(await session.page.locator('main').innerText()).not.toContain('plugin::');
  await checkPage(session, 'journal-audit');
  await session.context.close();

  // On a phone (390 px): one card per entry, every field on screen, nothing sideways, axe-clean.
  const phone = await newPortalPage(browser, 390);
  await signIn(phone, origin, staff.user.email, PASSWORD, '/journal');
  await phone.page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
  expect(await phone.page.getByRole('region', { name: 'Entrées du journal' }).count(), 'the table is for wide screens').toBe(0);
  const cards = phone.page.getByRole('list', { name: 'Entrées du journal' });
  const card = cards.getByRole('listitem').filter({ has: phone.page.getByRole('heading', { name: 'Enregistrement — cotisation' }) }).first();
  await card.waitFor();
  expect(await card.innerText()).toMatch(/Objet\s+Cotisation réf\. [a-z0-9]{6}/);
  for (const box of await phone.page.locator('.journal-cards dd, .journal-cards .card-title').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().right))) {
    expect(box, 'every field within the 390 px screen').toBeLessThanOrEqual(390);
  }
  expect(await phone.page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(1);
  expect(await axeViolations(phone.page)).toEqual([]);
  await checkPage(phone, 'journal-audit-telephone');
  await phone.context.close();

  const other = await newPortalPage(browser);
  await signIn(other, origin, member.user.email);
  expect(await other.page.getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
  await other.page.goto(`${origin}/journal`);
  await other.page.getByRole('alert').waitFor();
  await other.context.close();
}, 120_000);
