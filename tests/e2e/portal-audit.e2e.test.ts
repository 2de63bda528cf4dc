import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { checkPage, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn } from './support/portal';

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
  await checkPage(session, 'journal-audit');
  await session.context.close();

  const other = await newPortalPage(browser);
  await signIn(other, origin, member.user.email);
  expect(await other.page.getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
  await other.page.goto(`${origin}/journal`);
  await other.page.getByRole('alert').waitFor();
  await other.context.close();
}, 120_000);
