import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { adminToken, federationStaffRole } from '../support/admin';
import { signedInAdminPanel } from './support/browser';
import { axeViolations, portalOrigin } from './support/portal';

/**
 * The import screen of the admin panel in a real browser (issue 22): a federation's staff
 * member uploads a Windows-1252 CSV, fixes a column of the mapping, reads the dry run and
 * its refused rows (paged, and downloaded as a CSV to fix), chooses to create a missing
 * section, confirms and sees the import done.
 */
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
const stamp = Date.now().toString(36).toUpperCase();
const email = `import.e2e.${Date.now()}@admin.test`;

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  await adminToken(email, [await federationStaffRole(w.federation.departmentCode)]);
  ({ browser, page } = await signedInAdminPanel(origin, email));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the import screen', () => {
  it('uploads, maps, previews, pages and downloads the refused rows, creates a section, confirms and shows the result', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'import-e2e-')), 'adherents.csv');
    writeFileSync(file, iconv.encode([
      'Ref;Nom;Prénom;E-mail;Section;Date d’adhésion',
      `E1-${stamp};Cœur;Léa;lea.${stamp}@exemple.fr;Section A;15/03/2019`,
      `E2-${stamp};Dupré;Émile;emile.${stamp}@exemple.fr;Garrigues ${stamp};01/01/2020`,
      `E3-${stamp};Sans;Date;sansdate.${stamp}@exemple.fr;;31/02/2020`,
      // 51 more rows without an email address: more refused rows than one page of the screen.
      ...Array.from({ length: 51 }, (_, i) => `X${i}-${stamp};Sans;Adresse${i};;Section A;01/01/2020`),
    ].join('\r\n'), 'win1252'));
    await page.goto(`${origin}/admin/plugins/membership`);
    await page.getByLabel('Fichier à importer').setInputFiles(file);
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    await page.getByText('Import : adherents.csv').waitFor({ timeout: 60_000 });
    // « Ref » is not recognised: the membership number column is mapped by hand.
    await page.getByText('Colonne obligatoire non associée : « Numéro d’adhérent ».').waitFor();
    await page.getByLabel('Numéro d’adhérent').selectOption('Ref');
    await page.getByRole('button', { name: 'Mettre à jour l’aperçu' }).click();
    await page.getByText('1 à créer').waitFor();
    await page.getByText('53 refusés').waitFor(); // the missing section's row, the impossible date, the 51 without address
    await page.getByText('Date d’adhésion « 31/02/2020 » illisible : JJ/MM/AAAA attendu.').waitFor();
    // The refused rows a page at a time, all of them in the download.
    await page.getByText('Lignes refusées (53)').waitFor();
    await page.getByText('Lignes 1 à 50 sur 53').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Suivantes' }).click();
    await page.getByText('Lignes 51 à 53 sur 53').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Suivantes' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Précédentes' }).click();
    await page.getByText('Lignes 1 à 50 sur 53').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger les lignes refusées (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('adherents-refusees.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(csv).toHaveLength(54); // the header and the 53 refused rows
    expect(csv[0]).toBe('Ligne;Ref;Nom;Prénom;E-mail;Section;Date d’adhésion;Motifs');
    expect(csv.find((line) => line.startsWith('4;'))).toContain('31/02/2020');
    expect(csv.filter((line) => line.includes(`-${stamp};Sans;Adresse`))).toHaveLength(51);
    await page.getByText(`Créer la section « Garrigues ${stamp} » (1 ligne)`).click();
    await page.getByRole('button', { name: 'Importer 2 adhérents' }).click();
    await page.getByText('Import terminé').waitFor({ timeout: 30_000 });
    expect(await page.getByText('2 créés, 0 mis à jour, 0 inchangés, 52 refusés, 0 cotisations enregistrées.').count()).toBe(1);
    const strapi = await bootStrapi();
    const emile = await strapi.db.query('plugin::membership.member').findOne({ where: { membershipNumber: `E2-${stamp}` }, populate: { section: true } });
    expect(emile).toMatchObject({ lastName: 'Dupré', section: { name: `Garrigues ${stamp}` } });
  }, 120_000);

  it('warns of repeated headers in the preview, and the screen has no WCAG 2.1 AA violation', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'import-e2e-')), 'doublons.csv');
    writeFileSync(file, [
      'N° adhérent;Nom;Nom;Prénom;E-mail;Date d’adhésion',
      `D1-${stamp};Roux;Rouxel;Marc;marc.${stamp}@exemple.fr;01/09/2022`,
    ].join('\r\n'));
    await page.goto(`${origin}/admin/plugins/membership`);
    await page.getByLabel('Fichier à importer').setInputFiles(file);
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    await page.getByText('Import : doublons.csv').waitFor({ timeout: 60_000 });
    await page.getByText('Plusieurs colonnes s’appellent « Nom » (colonnes 2 et 3) : seule la première garde ce nom, les autres s’appellent ici « Colonne 3 ». Vérifiez la correspondance des colonnes.').waitFor();
    await page.getByText('1 à créer').waitFor();
    // Our screen, not the panel's menus around it (Strapi's own).
    expect(await axeViolations(page, 'main')).toEqual([]);
  }, 120_000);
});
