import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../support/factories';
import { checkPage, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn } from './support/portal';

/** The modules plugin's portal page: federation staff switch a module off and on again; a member has no such entry. */
let browser: Browser;
let origin: string;
let w: World;
let staff: TestMember;
let member: TestMember;

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  staff = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('lets staff switch their federation’s modules; members see neither the entry nor the page', async () => {
  const strapi = await bootStrapi();
  const trainingOn = () => strapi.plugin('modules').service('switches').isEnabled(w.federation.id, 'training') as Promise<boolean>;
  expect(await trainingOn()).toBe(true);
  const session = await newPortalPage(browser);
  await signIn(session, origin, staff.user.email);
  await session.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Modules de la fédération' }).click();
  await session.page.getByRole('heading', { level: 1, name: 'Modules de la fédération' }).waitFor();
  await checkPage(session, 'modules-federation');
  const off = session.page.getByRole('button', { name: /^Désactiver « Formation/ });
  await off.click();
  await session.page.getByRole('status').filter({ hasText: 'est désactivé pour la fédération' }).waitFor();
  expect(await trainingOn()).toBe(false);
  await session.page.getByRole('button', { name: /^Activer « Formation/ }).click();
  await session.page.getByRole('status').filter({ hasText: 'est activé pour la fédération' }).waitFor();
  expect(await trainingOn()).toBe(true);
  await checkPage(session, 'modules-federation-after');
  await session.context.close();

  const other = await newPortalPage(browser);
  await signIn(other, origin, member.user.email);
  expect(await other.page.getByRole('link', { name: 'Modules de la fédération' }).count()).toBe(0);
  await other.page.goto(`${origin}/modules`);
  await other.page.getByRole('alert').filter({ hasText: 'réservée à l’équipe fédérale' }).waitFor();
  expect(await other.page.getByRole('button', { name: /^Désactiver/ }).count()).toBe(0);
  await other.context.close();
}, 120_000);
