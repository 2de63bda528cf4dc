import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { adminToken, superAdminRole } from '../support/admin';
import { signedInAdminPanel } from './support/browser';
import { portalOrigin } from './support/portal';

/**
 * A national admin (super admin) browses the Content Manager in a real browser: every
 * content type of ours, its list view, a sorted list and an entry's edit view. The doors
 * check national admins' queries too (nothing nobody reads may be filtered, sorted or
 * populated; malformed shapes are a French 400): what the panel itself sends must pass.
 */
let w: World;
let browser: Browser;
let page: Page;
let origin: string;
const email = `national.e2e.${Date.now()}@admin.test`;
const CM = '/admin/content-manager/collection-types';

/**
 * Content Manager answers while `run` runs: those of 400 and above with their addresses
 * (`refused`), and the content types whose list or entry the panel read with a 200
 * (`read`: uid → number of answers), so that a test that sent nothing cannot pass.
 */
async function answersDuring(run: () => Promise<void>): Promise<{ refused: string[]; read: Map<string, number> }> {
  const refused: string[] = [];
  const read = new Map<string, number>();
  const listen = (response: Response) => {
    const url = response.url();
    if (!url.includes('/content-manager/')) return;
    // The preview address answers 404 when no preview is configured (Strapi's own answer).
    if (!url.includes('/content-manager/preview/') && response.status() >= 400) refused.push(`${response.status()} ${url}`);
    const data = /\/content-manager\/collection-types\/([^/?]+)/.exec(new URL(url).pathname);
    if (data && response.status() === 200 && response.request().method() === 'GET') read.set(data[1], (read.get(data[1]) ?? 0) + 1);
  };
  page.on('response', listen);
  try {
    await run();
  } finally {
    page.off('response', listen);
  }
  return { refused, read };
}

/** A full navigation to a panel address, settled (the panel's own redirects included). */
async function visit(path: string) {
  await page.goto(`${origin}${path}`, { waitUntil: 'domcontentloaded' });
  await page.waitForLoadState('networkidle', { timeout: 30_000 });
}

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  await adminToken(email, [await superAdminRole()]);
  ({ browser, page } = await signedInAdminPanel(origin, email));
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('a national admin sees none of Strapi’s marketing', () => {
  it('has no blog banner on the home page and no pricing link under Paramètres › Aperçu', async () => {
    for (const [where, shown] of [['/admin', 'Ajouter un widget'], ['/admin/settings/application-infos', 'Détails']]) {
      await visit(where);
      await page.getByText(shown, { exact: true }).first().waitFor({ timeout: 60_000 });
      const left = await page.evaluate(() => ({
        texts: ['Lire l’article de blog', 'Découvrez la nouvelle Médiathèque', 'Voir tous les tarifs'].filter((text) => document.body.innerText.includes(text)),
        links: [...document.querySelectorAll<HTMLAnchorElement>('a[href*="strapi.io/blog"], a[href*="strapi.io/pricing"], a[href*="billing.strapi.io"]')].filter((link) => link.checkVisibility()).map((link) => link.href),
      }));
      expect(left, where).toEqual({ texts: [], links: [] });
    }
  }, 120_000);

  it('has no « Marketplace » in its menu (Strapi’s plugin shop), though a super admin holds its permission', async () => {
    await visit('/admin');
    // The menu is drawn (its entry for the Marketplace among the others, hidden).
    await page.waitForSelector('nav a[href*="market.strapi.io"]', { state: 'attached', timeout: 60_000 });
    const left = await page.evaluate(() => ({
      links: [...document.querySelectorAll<HTMLAnchorElement>('a[href*="market.strapi.io"]')].filter((link) => link.checkVisibility()).map((link) => link.href),
      // Strapi's French names it « Marketplace » too.
      named: [...document.querySelectorAll<HTMLElement>('nav a, nav li')].filter((item) => item.checkVisibility() && /Marketplace/i.test(item.innerText + (item.getAttribute('aria-label') ?? ''))).length,
      // The entry is in the page, hidden (so this test would see it return).
      inPage: document.querySelectorAll('a[href*="market.strapi.io"]').length,
    }));
    expect(left).toEqual({ links: [], named: 0, inPage: 1 });
  }, 120_000);
});

describe('a national admin reads the settings pages in French', () => {
  // Each page, a French text it must show, and Strapi's English that showed there before (a
  // single word: as a whole line, « Edit » of a button, not in « Editer »).
  const PAGES: [string, string, string[]][] = [
    ['/admin/settings/email', 'Tester l’envoi d’un e-mail', ['Send test email', 'Test email delivery', 'Default sender email', 'Recipient email', 'Provider capabilities']],
    ['/admin/settings/users-permissions/roles', 'Ajouter un rôle', ['Add new role', 'Default role given to', 'Settings - Roles', 'The roles have loaded successfully', 'aministration', 'Paramètre Globaux']],
    ['/admin/settings/users-permissions/providers', 'Désactivé', ['Edit']],
    ['/admin/settings/users-permissions/email-templates', 'Modifier un modèle', ['Edit a template', 'Email address confirmation', 'Email templates has been loaded']],
    ['/admin/settings/roles', 'Éditeur', ['Editors can manage', 'Authors can manage', 'Super Admins can access']],
    // Strapi's two default API tokens are deleted at boot (src/admin-defaults.ts): the list is empty.
    ['/admin/settings/api-tokens', 'Ajouter votre premier jeton d\'API', ['A default API token', 'Read Only', 'Full Access', 'Lecture seule', 'Accès complet']],
    // The plan (« Offre actuelle »), shown as Strapi names it (`window.strapi.projectType`) before.
    ['/admin/settings/application-infos', 'Édition communautaire (gratuite)', ['Customisation', 'Customization', 'KB)', 'Community', 'current plan']],
    ['/admin/settings/users-permissions/advanced-settings', 'Rôle par défaut des nouveaux comptes', ['Rôle par defaut', 'Templates d\'e-mail', 'Email templates', 'Content-Type Builder']],
    ['/admin/settings/internationalization', 'Anglais (en)', ['English (en)']],
    // The guided tour (a development build, its first super admin) lists no Strapi Cloud task.
    ['/admin', 'Ajouter un widget', ['Strapi Cloud', 'Deploy your application', 'Marketplace']],
  ];
  for (const [where, shown, english] of PAGES) {
    it(`shows ${where} in French (« ${shown} »)`, async () => {
      await visit(where);
      await page.getByText(shown, { exact: false }).first().waitFor({ timeout: 60_000 });
      const text = await page.evaluate(() => document.body.innerText);
      const lines = text.split('\n').map((line) => line.trim());
      expect(english.filter((words) => (words.includes(' ') ? text.includes(words) : lines.includes(words))), where).toEqual([]);
    }, 120_000);
  }
});

describe('a national admin finds no English nor upsell left in the panel’s frame', () => {
  /** The page's visible lines, trimmed (text-transform applied, as read). */
  const visibleLines = async () => (await page.evaluate(() => document.body.innerText)).split('\n').map((line) => line.trim()).filter(Boolean);

  it('has no « Content-Type Builder » in the menu while the server edits no schema (read-only outside `strapi develop`)', async () => {
    await visit('/admin');
    await page.waitForSelector('nav a[href$="/plugins/content-type-builder"]', { state: 'attached', timeout: 60_000 });
    const left = await page.evaluate(() => ({
      shown: [...document.querySelectorAll<HTMLAnchorElement>('nav a[href$="/plugins/content-type-builder"]')].filter((link) => link.checkVisibility()).length,
      named: [...document.querySelectorAll<HTMLElement>('nav a, nav li')].filter((item) => item.checkVisibility() && /Content.?Type/i.test(item.innerText + (item.getAttribute('aria-label') ?? ''))).length,
    }));
    expect(left).toEqual({ shown: 0, named: 0 });
    // The other entries are there (Gestionnaire de contenu, Paramètres).
    expect(await page.locator('nav a[href$="/content-manager"]').first().isVisible()).toBe(true);
  }, 120_000);

  it('is sent to the settings when opening Strapi’s Enterprise upsell « purchase-content-history » by its address', async () => {
    await visit('/admin/settings/purchase-content-history');
    expect(new URL(page.url()).pathname).not.toContain('purchase');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/settings/);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/Enterprise|Historique du contenu|Content History|Upgrade|Mettre à niveau/i);
  }, 120_000);

  it('edits an admin role in French: « Modifier un rôle », a « Paramètres » tab, the content types by their French names', async () => {
    const strapi = await bootStrapi();
    const editor = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await visit(`/admin/settings/roles/${editor.id}`);
    await page.getByText('Modifier un rôle').first().waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Paramètres' }).waitFor({ timeout: 60_000 });
    // The matrix names content types by their French display names, not `singularName` (« Body », « Due », « Member »).
    await page.getByText('Adhérent', { exact: true }).first().waitFor({ timeout: 60_000 });
    const lines = await visibleLines();
    expect(lines.filter((line) => ['Editer un rôle', 'Settings', 'SETTINGS', 'Edit a role', 'Body', 'Due', 'Member', 'Article', 'User', 'Course'].includes(line))).toEqual([]);
    // A type's fields, opened, by their French labels (« Statut », not « membershipStatus »), under « champs ».
    await page.getByText('Adhérent', { exact: true }).first().click();
    await page.getByText(/Autorisations sur les champs/i).first().waitFor({ timeout: 60_000 });
    await page.getByText('Date d’adhésion', { exact: true }).first().waitFor({ timeout: 60_000 });
    const opened = await visibleLines();
    expect(opened.filter((line) => ['membershipStatus', 'firstName', 'lastName', 'joinedOn', 'membershipNumber', 'FIELDS PERMISSIONS', 'PERMISSIONS DE FIELDS'].includes(line))).toEqual([]);
    expect(opened).toContain('Statut');
  }, 120_000);

  it('reads an admin role’s « Plugins » and « Paramètres » tabs in French: plugins, categories, sub-categories, actions (« Media Library », « EMAILTEMPLATES », « Create (generate) » were shown)', async () => {
    const strapi = await bootStrapi();
    const editor = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await visit(`/admin/settings/roles/${editor.id}`);
    const english = ['Membership', 'Content manager', 'Content type builder', 'Media Library', 'Media library', 'Users permissions', 'ROLES', 'PROVIDERS', 'EMAILTEMPLATES', 'ADVANCEDSETTINGS', 'Create', 'Read', 'Update', 'Delete', 'Edit',
      'Email', 'Internationalization', 'Plugins and marketplace', 'Users and roles', 'Api tokens', 'Admin tokens', 'Project', 'Transfer tokens', 'Access the transfer tokens settings page', 'Create (generate)', 'Regenerate', 'Delete (revoke)'];
    const leftovers = (lines: string[]) => lines.filter((line) => english.includes(line) || / (?:plugin|settings)$/.test(line) || /Paramètres de permissions|membership/.test(line));
    await page.getByRole('tab', { name: 'Plugins' }).click();
    await page.getByText('Adhésions', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.getByText('Autorisations de la catégorie « Adhésions »', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Utilisateurs et autorisations/ }).first().click();
    await page.getByText('Modèles d’e-mail', { exact: true }).first().waitFor({ timeout: 60_000 });
    const plugins = await visibleLines();
    expect(leftovers(plugins)).toEqual([]);
    for (const shown of ['Gestionnaire de contenu', 'Médiathèque', 'Utilisateurs et autorisations', 'RÔLES', 'FOURNISSEURS', 'MODÈLES D’E-MAIL', 'PARAMÈTRES AVANCÉS']) expect(plugins, shown).toContain(shown);
    await page.getByRole('checkbox', { name: 'Lire', exact: true }).first().waitFor({ state: 'attached', timeout: 60_000 });
    await page.getByRole('tab', { name: 'Paramètres' }).click();
    await page.getByRole('button', { name: /^Jetons de transfert/ }).first().click();
    await page.getByText('Régénérer', { exact: true }).first().waitFor({ timeout: 60_000 });
    const settings = await visibleLines();
    expect(leftovers(settings)).toEqual([]);
    // « E-mail » with a non-breaking hyphen: the panel writes a category's hyphens as spaces.
    for (const shown of ['E\u2011mail', 'Médiathèque', 'Internationalisation', 'Plugins et marketplace', 'Utilisateurs et rôles', 'Jetons d’API', 'Jetons d’administration', 'Projet', 'Jetons de transfert', 'Accéder aux jetons de transfert', 'Créer (générer)', 'Supprimer (révoquer)']) expect(settings, shown).toContain(shown);
  }, 180_000);

  it('titles a seat on the home page’s « Dernières entrées éditées » by its role’s French label (« Trésorier·e », not « tresorier »)', async () => {
    const strapi = await bootStrapi();
    const body = await strapi.documents('plugin::bodies.body').create({ data: { name: 'Bureau (accueil e2e)', level: 'federation', kind: 'bureau', seatCount: 5, absenceAlertAfter: 3, federation: w.federation.documentId } as any });
    await strapi.documents('plugin::bodies.seat').create({ data: { body: body.documentId, member: w.member.member.documentId, role: 'tresorier', designation: 'elected-congress', startOn: new Date().toISOString().slice(0, 10) } as any });
    await visit('/admin');
    await page.getByText('Dernières entrées éditées').first().waitFor({ timeout: 60_000 });
    await page.getByText('Trésorier·e', { exact: true }).first().waitFor({ timeout: 60_000 });
    expect((await visibleLines()).filter((line) => ['tresorier', 'titulaire'].includes(line))).toEqual([]);
  }, 120_000);

  it('reads the users-permissions role’s permissions by French names (« Adhésions », « Adhérent »), not the code’s (« Membership », « member », « api::article »)', async () => {
    const strapi = await bootStrapi();
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    await visit(`/admin/settings/users-permissions/roles/${role.id}`);
    await page.getByRole('button', { name: /Adhésions/ }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Adhésions/ }).first().click();
    await page.getByText('Adhérent', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Actualités/ }).first().click();
    await page.getByText('Actualité', { exact: true }).first().waitFor({ timeout: 60_000 });
    // The cog buttons' names for screen readers (« Voir la route liée à plugin::upload.… ») name the route as its code does.
    const lines = (await page.evaluate(() => document.body.innerText)).split('\n').map((line) => line.trim()).filter((line) => !line.startsWith('Voir la route liée à'));
    const text = lines.join('\n');
    expect(text).not.toMatch(/(?:api|plugin)::/);
    expect(text).toContain('Définissez les actions autorisées pour Adhésions.');
    expect(lines.filter((line) => ['Membership', 'Article', 'Bodies', 'Media Library', 'Users-permissions', 'MEMBER', 'DUE', 'ARTICLE', 'member', 'due', 'article'].includes(line))).toEqual([]);
    // The actions' checkboxes by French names (« Lister », « Changer le statut »), not the controllers' methods.
    for (const name of ['Lister', 'Lire une fiche', 'Changer le statut', 'Enregistrer un départ', 'Télécharger une pièce jointe']) await page.getByRole('checkbox', { name, exact: true }).first().waitFor({ state: 'attached', timeout: 60_000 });
    // Each action's cog button is read by the action's French name, not its route's code.
    await page.getByRole('button', { name: /^Voir la route de l’action « Changer le statut » \(Adhérent/ }).first().waitFor({ state: 'attached', timeout: 60_000 });
    const cogs = await page.locator('button:not([role="checkbox"])').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent ?? ''));
    expect(cogs.filter((name) => name.includes('.controllers.'))).toEqual([]);
    expect(lines.filter((line) => ['find', 'findOne', 'create', 'update', 'changeStatus', 'depart', 'attachment', 'eligibility'].includes(line))).toEqual([]);
  }, 120_000);

  it('is welcomed in French on the sign-in page', async () => {
    const signedOut = await browser.newPage();
    try {
      await signedOut.goto(`${origin}/admin/auth/login`, { waitUntil: 'domcontentloaded' });
      await signedOut.getByText('Bienvenue !').first().waitFor({ timeout: 60_000 });
      const text = await signedOut.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(/Welcome|Log in to your|Password|Remember me|Forgot/);
    } finally {
      await signedOut.close();
    }
  }, 120_000);
});

describe('a national admin in the Content Manager', () => {
  it('opens the list and an entry of every content type of ours without a refusal', async () => {
    const strapi = await bootStrapi();
    // Object.keys knows no more than `string`; these are the registry's own keys.
    const uids = Object.keys(strapi.contentTypes) as (keyof typeof strapi.contentTypes)[];
    const types = uids.filter((uid) => {
      const type = strapi.contentTypes[uid];
      return type.kind === 'collectionType' && type.pluginOptions?.intranet && !uid.startsWith('admin::');
    });
    expect(types.length).toBeGreaterThan(10);
    const { refused, read } = await answersDuring(async () => {
      for (const uid of types) {
        await visit(`${CM}/${uid}`);
        const first = await strapi.db.query(uid as never).findOne({ select: ['documentId'] });
        if (!first) continue;
        await visit(`${CM}/${uid}/${(first as { documentId: string }).documentId}`);
      }
    });
    expect(refused).toEqual([]);
    // Every type's list was read by the panel itself (not only its page loaded).
    expect(types.filter((uid) => !read.get(uid))).toEqual([]);
  }, 600_000);

  it('lists members sorted, filtered and searched as the panel asks, and reads one', async () => {
    const member = w.otherMember.member;
    const { refused, read } = await answersDuring(async () => {
      await visit(`${CM}/plugin::membership.member?page=1&pageSize=10&sort=lastName:DESC`);
      await page.getByRole('grid').waitFor({ timeout: 60_000 });
      await visit(`${CM}/plugin::membership.member?page=1&pageSize=10&sort=lastName:ASC&filters[$and][0][lastName][$eq]=${encodeURIComponent(member.lastName)}`);
      await page.getByRole('gridcell', { name: member.lastName }).first().waitFor({ timeout: 60_000 });
      // The filters the panel offers on every type: a date and the admin who created it.
      await visit(`${CM}/plugin::membership.member?page=1&pageSize=10&sort=updatedAt:DESC&filters[$and][0][updatedAt][$gt]=2000-01-01T00:00:00.000Z&filters[$and][1][createdBy][id][$notNull]=false`);
      await page.getByRole('grid').waitFor({ timeout: 60_000 });
      await visit(`${CM}/plugin::membership.due?page=1&pageSize=10&sort=year:DESC&_q=${encodeURIComponent(member.lastName)}`);
      await visit(`${CM}/plugin::membership.member/${member.documentId}`);
      await page.getByRole('textbox', { name: /Nom/ }).first().waitFor({ timeout: 60_000 });
    });
    expect(refused).toEqual([]);
    // Four lists of members and one entry, one list of dues.
    expect(read.get('plugin::membership.member')).toBeGreaterThanOrEqual(5);
    expect(read.get('plugin::membership.due')).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
