import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../support/factories';
import { adminToken, federationStaffRole } from '../support/admin';
import { bearer } from '../support/expect';
import { createCourse } from '../../plugins/training/tests/support/courses';
import { signedInAdminPanel } from './support/browser';
import { portalOrigin } from './support/portal';
import { parisDate } from '@intranet-militant/shared';

/**
 * Issue 23: with the API's rules on every admin-panel write, staff still do their job in
 * their federation. In a real browser, a federation staff member edits a member (the
 * form sends the read-only status back unchanged) and suspends them from the status panel,
 * a document with an attachment and a course, and saves each. Run with `npm run test:e2e` (builds the panel).
 */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
let member: TestMember;
let documentId: string;
let courseId: string;
const email = `parcours.e2e.${Date.now()}@admin.test`;
const CM = '/content-manager/collection-types';

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA });
  const token = await adminToken(email, [await federationStaffRole(w.federation.departmentCode)]);
  const http = await api();
  const uploaded = await http.post('/upload').set(bearer(token)).attach('files', PNG, { filename: 'tract.png', contentType: 'image/png' });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const created = await http.post(`${CM}/api::document.document`).set(bearer(token)).send({
    title: 'Tract de rentrée', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] }, attachments: [uploaded.body[0].id],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  documentId = created.body.data.documentId;
  courseId = (await createCourse({ federation: w.federation, title: 'Accueillir les nouveaux', publish: false })).documentId;

  ({ browser, page } = await signedInAdminPanel(origin, email));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens an entry's edit view, types `value` into `field`, saves, and returns the answer's status. */
async function editAndSave(uid: string, id: string, field: string, value: string): Promise<number> {
  await page.goto(`${origin}/admin/content-manager/collection-types/${uid}/${id}`);
  const input = page.locator(`input[name="${field}"]`);
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  await input.fill(value);
  const saved = page.waitForResponse((r) => r.url().includes(`${CM}/${uid}/${id}`) && r.request().method() === 'PUT', { timeout: 30_000 });
  await page.getByRole('button', { name: /^(Save|Enregistrer)$/ }).first().click();
  return (await saved).status();
}

describe('the admin panel speaks French from the first visit', () => {
  it('shows its sign-in page in French to a browser that never chose a language', async () => {
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${origin}/admin/auth/login`);
      await fresh.getByRole('button', { name: 'Se connecter' }).waitFor({ state: 'visible', timeout: 60_000 });
      expect(await fresh.evaluate(() => window.localStorage.getItem('strapi-admin-language'))).toBe('fr');
      expect(await fresh.locator('html').getAttribute('lang')).toBe('fr');
    } finally {
      await fresh.close();
    }
  });
});

describe('a staff member’s day in the admin panel', () => {
  it('edits a member of their federation (the read-only status goes back unchanged)', async () => {
    expect(await editAndSave('plugin::membership.member', member.member.documentId, 'firstName', 'Camille')).toBe(200);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').findOne({ where: { id: member.member.id } })).toMatchObject({ firstName: 'Camille', membershipStatus: 'active' });
  });

  it('suspends a member from the status panel of their page (the command behind the read-only fields)', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::membership.member/${member.member.documentId}`);
    await page.getByText('Statut d’adhésion').waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Nouveau statut' }).click();
    await page.getByRole('option', { name: 'Suspendu' }).click();
    const until = parisDate(new Date(Date.now() + 60 * 86_400_000));
    await page.getByLabel('Fin de la suspension').fill(until);
    await page.getByLabel('Motif du changement').fill('Absences répétées sans excuse');
    const answered = page.waitForResponse((r) => r.url().endsWith(`/membership/members/${member.member.documentId}/status`), { timeout: 30_000 });
    await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
    expect((await answered).status()).toBe(200);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').findOne({ where: { id: member.member.id } })).toMatchObject({ membershipStatus: 'suspended', suspendedUntil: until });
    // The page reads the record again and shows where it stands.
    await page.getByText(/Statut actuel : Suspendu jusqu’au/).waitFor({ timeout: 60_000 });
  });

  it('edits a document with an attachment', async () => {
    expect(await editAndSave('api::document.document', documentId, 'title', 'Tract de rentrée (v2)')).toBe(200);
    const strapi = await bootStrapi();
    const row = await strapi.db.query('api::document.document').findOne({ where: { documentId, publishedAt: { $null: true } }, populate: ['attachments'] });
    expect(row.title).toBe('Tract de rentrée (v2)');
    expect(row.attachments).toHaveLength(1);
  });

  it('edits a course', async () => {
    expect(await editAndSave('plugin::training.course', courseId, 'title', 'Accueillir les nouveaux adhérents')).toBe(200);
    const strapi = await bootStrapi();
    expect((await strapi.db.query('plugin::training.course').findOne({ where: { documentId: courseId } })).title).toBe('Accueillir les nouveaux adhérents');
  });

  it('reads an official’s breach of the rules on holding several mandates beside a mandate’s page', async () => {
    const official = await createMember({ federation: w.federation, section: w.sectionA });
    const token = await adminToken(`cumul.e2e.${Date.now()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const http = await api();
    const strapi = await bootStrapi();
    const category = async (code: string) => (await strapi.db.query('plugin::mandates.category').findOne({ where: { code } })).documentId as string;
    let last = '';
    for (const [code, territoryCode, startOn, theoreticalEndOn] of [
      ['conseiller-municipal', '30189', '2026-03-22', '2032-03-21'],
      ['conseiller-departemental', '30', '2021-07-01', '2028-03-31'],
      ['conseiller-regional', '76', '2021-07-02', '2028-03-31'],
    ]) {
      const res = await http.post(`${CM}/plugin::mandates.mandate`).set(bearer(token)).send({
        member: { connect: [{ documentId: official.member.documentId }] }, category: { connect: [{ documentId: await category(code) }] }, territoryCode, territoryName: 'Gard', startOn, theoreticalEndOn,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      last = res.body.data.documentId;
    }
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::mandates.mandate/${last}`);
    await page.getByText('Règles de cumul').waitFor({ timeout: 60_000 });
    await page.getByText(/L\. ?46-1.*depuis le 22 mars 2026/).first().waitFor({ timeout: 60_000 });
    await page.getByText('Délai dépassé', { exact: true }).first().waitFor(); // 30 days after 22 March 2026
    await page.getByText(/À défaut de choix, prend fin : .*départemental/).waitFor();
  });
});
