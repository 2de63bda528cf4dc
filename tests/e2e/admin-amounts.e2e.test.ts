import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, thisYear, type World } from '../support/factories';
import { adminToken, superAdminRole } from '../support/admin';
import { bearer } from '../support/expect';
import { signedInAdminPanel } from './support/browser';
import { portalOrigin } from './support/portal';

/**
 * Amounts stored in cents read and are typed in euros in the admin panel (`src/admin/cents-fields.tsx`):
 * staff typed 25 meaning 25 € in « Montant (centimes) » and 0,25 € was saved; once saved, the input
 * showed « 25 » as typed until the page was reloaded.
 */
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
const email = `montants.e2e.${Date.now()}@admin.test`;
const CM = '/admin/content-manager/collection-types';
const DUE = 'plugin::membership.due';
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  await adminToken(email, [await superAdminRole()]);
  ({ browser, page } = await signedInAdminPanel(origin, email));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('amounts in the admin panel', () => {
  it('shows a due’s amount in euros in its edit view and list, and saves 25 € as 2500 cents', async () => {
    const strapi = await bootStrapi();
    const member = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const recorded = await (await api()).post(`/api/membership/members/${member.member.documentId}/dues`).set(bearer(w.staff.token))
      .send({ year: thisYear(), amountCents: 3000, paidOn: `${thisYear()}-01-10`, method: 'cheque' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const id = recorded.body.data.documentId;

    await page.goto(`${origin}${CM}/${DUE}/${id}`, { waitUntil: 'domcontentloaded' });
    const amount = page.getByRole('textbox', { name: /^Montant/ });
    await amount.waitFor({ timeout: 60_000 });
    expect(await amount.inputValue()).toBe('30,00');
    expect(await page.getByText('En euros, par exemple 25,00').count()).toBe(1);
    await amount.fill('25');
    await page.getByRole('button', { name: /^Enregistrer$/ }).click();
    await expect.poll(async () => (await strapi.db.query(DUE).findOne({ where: { documentId: id } })).amountCents, { timeout: 30_000 }).toBe(2500);
    // Once saved, the amount reads as the server's (« 25,00 »), not as typed (« 25 »), without a reload.
    await expect.poll(() => amount.inputValue(), { timeout: 30_000 }).toBe('25,00');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect.poll(() => amount.inputValue(), { timeout: 60_000 }).toBe('25,00');

    await page.goto(`${origin}${CM}/${DUE}?page=1&pageSize=10&sort=year:DESC&filters[$and][0][member][id][$eq]=${member.member.id}`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('grid').waitFor({ timeout: 60_000 });
    await expect.poll(async () => spaces(await page.getByRole('grid').innerText())).toContain('25,00 €');
    expect(spaces(await page.getByRole('grid').innerText())).not.toMatch(/\b2 ?500\b/);
  }, 300_000);
});
