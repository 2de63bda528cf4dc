import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, recordDues, type World } from '../support/factories';
import { adminToken, federationStaffRole } from '../support/admin';
import { bearer } from '../support/expect';
import { signedInAdminPanel } from './support/browser';
import { portalOrigin } from './support/portal';

/**
 * Uploaded files are private (`/uploads/...` needs a signed, expiring address): the admin
 * panel still shows a staff member's images, in the media library and in a document's
 * attachments, through the signed addresses of its answers; the bare address is refused.
 * The same staff member reads these screens in French, none of Strapi's texts left in English.
 * Run with `npm run test:e2e` (builds the panel).
 */
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
let file: { id: number; url: string; hash: string };
let documentId: string;
let consultationId: string;
/** What the panel wrote to the console: react-intl's MISSING_TRANSLATION and FORMAT_ERROR among others. */
const consoleTexts: string[] = [];
const email = `mediatheque.e2e.${Date.now()}@admin.test`;

/**
 * What a reader of the page gets: its visible lines, and the names screen readers and tooltips
 * give (aria-label, title, placeholder, alt).
 */
async function readable(): Promise<string[]> {
  return page.evaluate(() => {
    const lines = document.body.innerText.split('\n').map((line) => line.trim());
    const names = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((element) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => element.getAttribute(name)?.trim() ?? ''),
    );
    return [...lines, ...names].filter(Boolean);
  });
}

/**
 * Checks the page shows every French text of `french` (once it has rendered) and none of the
 * English texts of `english` (a string: a whole line or name; a pattern: anywhere).
 */
async function inFrench(where: string, french: string[], english: (string | RegExp)[]) {
  const missing = (texts: string[]) => french.filter((text) => !texts.some((line) => line.includes(text)));
  let texts = await readable();
  for (const until = Date.now() + 30_000; missing(texts).length > 0 && Date.now() < until; texts = await readable()) await page.waitForTimeout(250);
  const left = english.filter((text) => texts.some((line) => (typeof text === 'string' ? line === text : text.test(line))));
  expect({ missing: missing(texts), left }, `${where} (page reads: ${JSON.stringify(texts)})`).toEqual({ missing: [], left: [] });
}

/** Waits until an image whose address contains `hash` has loaded, and returns its address. */
async function loadedImage(hash: string): Promise<string> {
  const image = page.locator(`img[src*="${hash}"]`).first();
  await image.waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 30_000 }).toBe(true);
  return (await image.getAttribute('src')) ?? '';
}

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  const token = await adminToken(email, [await federationStaffRole(w.federation.departmentCode)]);
  const http = await api();
  const uploaded = await http.post('/upload').set(bearer(token)).attach('files', PNG, { filename: 'affiche.png', contentType: 'image/png' });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  file = uploaded.body[0];
  const created = await http.post('/content-manager/collection-types/api::document.document').set(bearer(token)).send({
    title: 'Affiche de la fête fédérale', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] }, attachments: [file.id],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  documentId = created.body.data.documentId;
  await recordDues(w.member.member, 2025);
  const strapi = await bootStrapi();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const consultation = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
    kind: 'quick', title: 'Consultation sur le programme', audience: 'federation', majority: 'two-thirds', question: 'Adopter le programme ?', answerType: 'choice', choices: ['Oui', 'Non'], opensAt: at(1), phases: { vote: { endsAt: at(3) } },
  });
  expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
  consultationId = consultation.body.data.documentId;

  ({ browser, page } = await signedInAdminPanel(origin, email));
  page.on('console', (message) => consoleTexts.push(message.text()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the admin panel in French for federation staff', () => {
  // Strapi 5.54's own French files lack these texts: src/admin/translations/fr.json supplies them.
  it('shows the home page, the media library and the Content Manager without Strapi’s untranslated English texts', async () => {
    await page.goto(`${origin}/admin`);
    await inFrench(
      'home page',
      ['Ajouter un widget', 'Gestionnaire de contenu'],
      [/Introducing the new Media Library/, 'Add Widget', /Check the documentation/, 'Content Manager'],
    );

    await page.goto(`${origin}/admin/plugins/upload`);
    await loadedImage(file.hash);
    await inFrench(
      'media library',
      ['Accueil', 'Nouveau', 'Filtrer', 'Tri : Modifications les plus récentes', 'Vue en tableau', 'Plus d’actions'],
      ['Home', 'New', 'Filter', /Sort: /, /Most recent updates/, 'Table view', 'Grid view', 'More actions', 'Folders', 'Search'],
    );

    await page.goto(`${origin}/admin/content-manager/collection-types/api::document.document`);
    await inFrench(
      'list view',
      ['Gestionnaire de contenu', 'En savoir plus dans notre documentation', 'Rechercher'],
      ['Content Manager', /Learn more on our documentation/, 'Search'],
    );

    await page.goto(`${origin}/admin/content-manager/collection-types/api::document.document/${documentId}`);
    await inFrench(
      'edit view',
      ['Gestionnaire de contenu', 'max. 200 caractères', 'Agrandir', 'Pour réorganiser les blocs'],
      ['Content Manager', / characters?\b/, 'Search', 'Expand', /To reorder blocks/],
    );
  }, 180_000);
});

/** The links to Strapi's blog, prices and billing the page shows (text and address). */
async function commercialLinks(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>('a[href*="strapi.io/blog"], a[href*="strapi.io/pricing"], a[href*="billing.strapi.io"]')]
      .filter((link) => link.checkVisibility())
      .map((link) => `${link.textContent?.trim()} → ${link.href}`),
  );
}

describe('none of Strapi’s marketing for federation staff', () => {
  it('shows no « Lire l’article de blog » banner on any page, and no « Voir tous les tarifs » under Paramètres › Aperçu', async () => {
    for (const [where, shown] of [['/admin', 'Ajouter un widget'], ['/admin/plugins/upload', 'Filtrer'], ['/admin/settings/application-infos', 'Détails']]) {
      await page.goto(`${origin}${where}`);
      await inFrench(where, [shown], ['Lire l’article de blog', /Découvrez la nouvelle Médiathèque/, 'Voir tous les tarifs', /Passer à l’offre/, /période d’essai/]);
      expect(await commercialLinks(), where).toEqual([]);
    }
  }, 120_000);
});

describe('the Content Manager’s values and passing texts in French', () => {
  const DOCUMENT = 'api::document.document';

  beforeAll(async () => {
    // Every text and name the page shows, as the next frame paints it (after the panel's own
    // mending, which runs as the nodes arrive): passing ones too, a loader's or a notice's.
    await page.addInitScript(() => {
      const seen = new Set<string>();
      (window as unknown as { __seenTexts: Set<string> }).__seenTexts = seen;
      let pending: Node[] = [];
      const read = () => {
        for (const node of pending) {
          if (node.nodeType === Node.TEXT_NODE) seen.add((node.nodeValue ?? '').trim());
          else if (node instanceof Element) {
            (node.textContent ?? '').split('\n').forEach((line) => seen.add(line.trim()));
            for (const element of [node, ...node.querySelectorAll('*')]) {
              for (const name of ['aria-label', 'title', 'placeholder', 'alt']) if (element.getAttribute(name)) seen.add(element.getAttribute(name)!.trim());
              for (const child of element.childNodes) if (child.nodeType === Node.TEXT_NODE) seen.add((child.nodeValue ?? '').trim());
            }
          }
        }
        pending = [];
      };
      new MutationObserver((records) => {
        if (!pending.length) requestAnimationFrame(read);
        for (const record of records) {
          if (record.type === 'childList') pending.push(...record.addedNodes);
          else pending.push(record.target);
        }
      }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
    });
  });

  const seenTexts = async () => (await page.evaluate(() => [...(window as unknown as { __seenTexts: Set<string> }).__seenTexts])).filter(Boolean);
  /** Strapi's English with no translation key (its loaders) and its raw values. */
  const PASSING_ENGLISH = ['Loading content.', 'Loading content', 'Loading', 'draft', 'published', 'modified', 'federation'];

  it('names the document’s « Diffusion » and status in French in the list, never its raw value, and loads in French', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/${DOCUMENT}`);
    const row = page.getByRole('row', { name: /Affiche de la fête fédérale/ });
    await row.waitFor({ timeout: 60_000 });
    // The list shows the document's « Diffusion » once staff add it to the displayed fields.
    await page.getByRole('button', { name: 'Afficher les paramètres' }).click();
    await page.getByRole('checkbox', { name: 'Diffusion' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('thead').textContent()).toContain('Diffusion');
    await expect.poll(() => row.getByRole('gridcell').allInnerTexts(), { timeout: 30_000 }).toContain('Fédération');
    expect(await row.getByRole('status').getAttribute('aria-label')).toBe('Brouillon');
    await inFrench('list view', ['Fédération', 'Brouillon', 'Les schémas ont été chargés.'], [...PASSING_ENGLISH, /Les schéma\b/]);
    const seen = await seenTexts();
    expect(seen.filter((text) => PASSING_ENGLISH.includes(text) || /Les schéma\b/.test(text))).toEqual([]);
    expect(seen).toEqual(expect.arrayContaining(['Chargement du contenu…']));
  }, 120_000);

  it('offers the values of « Diffusion » in French in the edit view, and names its relations’ loading in French', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/${DOCUMENT}/${documentId}`);
    const audience = page.getByRole('combobox', { name: 'Diffusion' });
    await audience.waitFor({ timeout: 60_000 });
    await expect.poll(() => audience.innerText()).toBe('Fédération');
    await audience.click();
    // The empty choice is hidden for a required field.
    expect(await page.getByRole('option').filter({ hasNotText: 'Choisissez ici' }).allInnerTexts()).toEqual(['National', 'Fédération', 'Section']);
    await page.keyboard.press('Escape');
    await inFrench('edit view', ['Diffusion', 'Fédération', 'Brouillon'], [...PASSING_ENGLISH, /national, federation/]);
    const seen = await seenTexts();
    expect(seen.filter((text) => PASSING_ENGLISH.includes(text))).toEqual([]);
    expect(seen).toEqual(expect.arrayContaining(['Chargement…']));
  }, 120_000);

  it('names every enumeration’s values in French: a consultation’s type and majority in its edit view and its list’s filters', async () => {
    const CONSULTATION = 'plugin::consultations.consultation';
    await page.goto(`${origin}/admin/content-manager/collection-types/${CONSULTATION}/${consultationId}`);
    const kind = page.getByRole('combobox', { name: 'Type', exact: true });
    await kind.waitFor({ timeout: 60_000 });
    await expect.poll(() => kind.innerText()).toBe('Question rapide');
    await expect.poll(() => page.getByRole('combobox', { name: 'Majorité' }).innerText()).toBe('Des deux tiers');
    await kind.click();
    expect(await page.getByRole('option').filter({ hasNotText: 'Choisissez ici' }).allInnerTexts()).toEqual(['Complète', 'Question rapide']);
    await page.keyboard.press('Escape');
    await inFrench('consultation edit view', ['Type', 'Question rapide', 'Majorité', 'Des deux tiers', 'Périmètre', 'Fédération'], ['quick', 'two-thirds', 'full', 'federation', /full : complète/, /simple, absolute/]);
  }, 120_000);

  it('shows a due’s year as written (« 2025 », not « 2 025 »), in the list and the edit view', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::membership.due`);
    // The member also has this year's due (the world records it): the row of 2025 shows « 2025 » in its year cell.
    const row = page.getByRole('row').filter({ hasText: w.member.member.lastName }).filter({ has: page.getByRole('gridcell', { name: '2025', exact: true }) });
    await row.waitFor({ timeout: 60_000 });
    expect((await page.getByRole('gridcell').allInnerTexts()).filter((text) => /^(1\s9|2\s0)\d\d$/.test(text.trim()))).toEqual([]);
    await row.getByRole('gridcell').nth(1).click();
    const year = page.getByRole('textbox', { name: 'Année' });
    await year.waitFor({ timeout: 60_000 });
    expect(await year.inputValue()).toBe('2025');
    await inFrench('due edit view', ['Année', 'Mode de paiement'], ['cheque', 'virement', 'carte', /2\s025/]);
  }, 120_000);

  it('lists the federation modules with their federation, and wrote no missing translation nor unformattable label to the console', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::modules.federation-module`);
    await expect.poll(() => page.locator('thead').textContent(), { timeout: 60_000 }).toContain('Fédération');
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::bodies.meeting/create`);
    await page.getByText('Ordre du jour', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    // (Strapi looks every field's label up under a key of its own first: those misses are its normal path.)
    expect(consoleTexts.filter((text) => /FORMAT_ERROR/.test(text) || /MISSING_TRANSLATION.*"(consultations|membership)\.menu"/.test(text))).toEqual([]);
  }, 120_000);

  it('names members in the due’s member picker by first name, last name and number, not by last name alone', async () => {
    const { member } = w.member;
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::membership.due/create`);
    const picker = page.getByRole('combobox', { name: 'Adhérent' });
    await picker.waitFor({ timeout: 60_000 });
    await picker.click();
    await picker.fill(member.lastName);
    const shown = `${member.firstName} ${member.lastName} · n° ${member.membershipNumber}`;
    await expect.poll(() => page.getByRole('option').allInnerTexts(), { timeout: 30_000 }).toContain(shown);
    await page.keyboard.press('Escape');
  }, 120_000);

  it('shows a meeting under its body, date and hour, not its raw instant', async () => {
    const strapi = await bootStrapi();
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'bodies', true);
    const http = await api();
    const body = await http.post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 9 });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const meeting = await http.post(`/api/bodies/bodies/${body.body.data.documentId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: '2030-03-12T18:30:00+01:00', place: 'Nîmes' });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::bodies.meeting`);
    await page.getByRole('gridcell', { name: 'Bureau fédéral — 12 mars 2030 à 18 h 30' }).first().waitFor({ timeout: 60_000 });
    await page.goto(`${origin}/admin/content-manager/collection-types/plugin::bodies.meeting/${meeting.body.data.documentId}`);
    await page.getByRole('heading', { name: 'Bureau fédéral — 12 mars 2030 à 18 h 30' }).waitFor({ timeout: 60_000 });
    await inFrench('meeting edit view', ['Bureau fédéral — 12 mars 2030 à 18 h 30'], [/2030-03-12T/]);
  }, 120_000);

  it('shows staff none of Strapi’s developer tools (content types, marketplace) nor its guided tour, and answers their addresses in French', async () => {
    await page.goto(`${origin}/admin`);
    await inFrench(
      'home page',
      ['Gestionnaire de contenu', 'Médiathèque', 'Paramètres'],
      ['Content-Type Builder', 'Générateur de types de contenu', 'Marketplace', /Guided tour/i, /Visite guidée/i, /Strapi Cloud/, /Deploy/],
    );
    await page.goto(`${origin}/admin/plugins/content-type-builder`);
    await inFrench('content types builder', ['Vous n\'avez pas les permissions pour accéder à ce contenu'], ['Content-Type Builder', /permissions? to/i]);
    await page.goto(`${origin}/admin/marketplace`);
    await inFrench('marketplace', ['Page non trouvée'], ['Marketplace', /Page not found/i]);
  }, 120_000);

  it('shows nothing of content releases (licence only, not promoted): no text of it left in English', async () => {
    for (const where of ['/admin', '/admin/settings']) {
      await page.goto(`${origin}${where}`);
      await inFrench(where, ['Paramètres'], ['Releases', 'Upcoming releases', 'Open Releases', /To be released/]);
    }
  }, 120_000);
});

describe('private uploads in the admin panel', () => {
  it('shows the staff member’s image in the media library through a signed address', async () => {
    await page.goto(`${origin}/admin/plugins/upload`);
    const src = await loadedImage(file.hash);
    expect(src).toMatch(/exp=\d+/);
    expect(src).toMatch(/sig=/);
    const bare = await page.request.get(`${origin}${file.url.split('?')[0]}`);
    expect(bare.status()).toBe(403);
  });

  it('shows a document’s attachment in the Content Manager', async () => {
    await page.goto(`${origin}/admin/content-manager/collection-types/api::document.document/${documentId}`);
    expect(await loadedImage(file.hash)).toMatch(/sig=/);
  });
});
