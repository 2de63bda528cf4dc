import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { adminToken, federationStaffRole } from '../support/admin';
import { bearer } from '../support/expect';
import { signedInAdminPanel } from './support/browser';
import { axeViolations, portalOrigin } from './support/portal';

/**
 * The consultations' staff screens in a real browser, against the built admin panel:
 * a federation staff member groups contributions in the workbench, then reads the
 * results and composes the synthesis. Run with `npm run test:e2e` (builds the panel).
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
let id: string;
const email = `atelier.e2e.${Date.now()}@admin.test`;

beforeAll(async () => {
  const strapi = await bootStrapi();
  origin = await portalOrigin();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  await adminToken(email, [await federationStaffRole(w.federation.departmentCode)]);
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
    title: 'Consultation de bout en bout', audience: 'federation', opensAt: at(-1), synthesisSize: 1,
    phases: { contribution: { endsAt: at(2) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(4) }, vote: { endsAt: at(5) } },
  });
  id = created.body.data.documentId;
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
  for (const [m, title, body] of [
    [w.member, 'Des bus gratuits', 'Rendre les bus gratuits pour les jeunes.'],
    [w.memberB, 'Gratuité des transports', 'Les bus et transports en commun gratuits.'],
    [w.elected, 'Un journal interne', 'Un journal interne chaque mois pour les adhérents.'],
    [w.secretary, 'Lettre aux adhérents', 'Une lettre d’information mensuelle pour les adhérents.'],
  ] as const) {
    await http.post(`/api/consultations/${id}/contributions`).set(bearer(m.token)).send({ title, body });
  }
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' });

  ({ browser, page } = await signedInAdminPanel(origin, email));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('staff screens in the admin panel', () => {
  it('group contributions from a suggestion in the workbench, then add one to a proposal in one click', async () => {
    await page.goto(`${origin}/admin/plugins/consultations`);
    await page.getByText('Consultation de bout en bout').waitFor({ timeout: 60_000 });
    // Our screens, not the panel's menus around them (Strapi's own): WCAG 2.1 AA.
    expect(await axeViolations(page, 'main'), 'consultations list').toEqual([]);
    await page.getByText('Atelier de regroupement').first().click();
    await page.getByText('Suggestions de regroupement').waitFor();
    expect(await page.getByText(/^C-\d+ · /).count()).toBe(4 + 2 + 2); // four to group, two suggested pairs
    expect(await page.getByText(/^confiance \d+(,\d)?\u00a0%$/).count()).toBe(2);
    expect(await axeViolations(page, 'main'), 'workbench').toEqual([]);
    await page.getByRole('button', { name: 'Créer la proposition' }).first().click();
    await page.getByText('Proposition créée à partir de la suggestion.').waitFor();
    await expect.poll(() => page.getByText(/^P-1 · /).count()).toBe(1);
    // The journal becomes a proposal of its own from the selection…
    await page.getByRole('checkbox').first().click();
    await page.getByPlaceholder('Titre de la nouvelle proposition').fill('Un journal des adhérents');
    await page.getByRole('button', { name: /Créer une proposition avec 1 contribution/ }).click();
    await page.getByText('Proposition créée.').waitFor();
    // …and the letter is suggested for it, with its confidence and what ties them: one click adds it.
    await page.getByText(/^C-\d+ → Un journal des adhérents$/).waitFor();
    expect(await page.getByText(/^Points communs : /).first().innerText()).toMatch(/adhérents|Information/);
    await page.getByRole('button', { name: 'Ajouter à la proposition' }).click();
    await page.getByText('Contribution ajoutée à la proposition.').waitFor();
    await expect.poll(() => page.getByText('Toutes les contributions sont regroupées.').count()).toBe(1);
  });

  it('open the evaluation, then read the results with the chart and compose the synthesis', async () => {
    await page.getByRole('button', { name: 'Ouvrir l’évaluation' }).click();
    await page.getByText('Phase suivante ouverte.').waitFor();
    const http = await api();
    const proposals = (await http.get(`/api/consultations/${id}/proposals`).set(bearer(w.member.token))).body.data;
    await http.put(`/api/consultations/${id}/grades`).set(bearer(w.member.token)).send({
      grades: proposals.map((p: { documentId: string }, i: number) => ({ proposal: p.documentId, effort: 2 + i, impact: 5 - i })),
    });
    await page.goto(`${origin}/admin/plugins/consultations/${id}/results`);
    await page.getByText('Résultats de l’évaluation').first().waitFor();
    await expect.poll(() => page.locator('[data-testid="chart"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="chart"]').innerText()).toContain('Gains rapides');
    // Each axis's grade with its share above or below (majority judgment), written as the portal writes shares.
    expect(await page.locator('main table').first().textContent()).toMatch(/\(\d[+−] \d+(,\d)?\u00a0%\)/);
    expect(await axeViolations(page, 'main'), 'results').toEqual([]);
    await page.getByRole('button', { name: 'Composer avec la première' }).click();
    await page.getByText('Synthèse composée à partir du classement.').waitFor();
    await expect.poll(() => page.getByText('Retenue').count()).toBe(1);
    const synthesis = await http.get(`/api/consultations/${id}/synthesis`).set(bearer(w.staff.token));
    expect(synthesis.body.data.sections).toHaveLength(1);
  });
});
