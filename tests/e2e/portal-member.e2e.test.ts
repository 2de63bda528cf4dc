import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, thisYear, type TestMember } from '../support/factories';
import { paragraphs } from '../../src/content/blocks';
import { indexSettled } from '../../plugins/search/tests/support/index-state';
import { checkPage, expectFocusLands, expectSuccessAnnounced, launchBrowser, markMessages, newPortalPage, portalOrigin, PASSWORD, signIn, statusAnnouncements, step, type PortalSession } from './support/portal';

/**
 * Issue 12, a member's journey in the portal (real Chromium, seeded from an empty database):
 * sign in → the home page shows their dues card and the recent documents of their audience
 * (never another federation's) → the search finds a document despite a typo → they open it and
 * read it; « Mon adhésion » shows profile, dues and eligibility; an unpaid member sees on the
 * home page and on « Mon adhésion » why they cannot vote and what to do. axe-core on every page.
 */
let browser: Browser;
let origin: string;
let member: TestMember;
let unpaid: TestMember;
const year = thisYear();
// A word of this run in every title: other files' documents never match our assertions.
const tag = `e2e${Date.now().toString(36)}`;
const titles = {
  national: `Guide national du militant ${tag}`,
  sectionB: `Permanence de la section voisine ${tag}`,
  federation: `Orientation fédérale pour les municipales ${tag}`,
  sectionA: `Tractage du marché ${tag}`,
  other: `Orientation fédérale ailleurs ${tag}`,
};
const BODY = "Le conseil fédéral a adopté l'orientation qui prépare les élections municipales.";

async function publish(uid: string, data: Record<string, unknown>) {
  return (await bootStrapi()).documents(uid as any).create({ data: data as any, status: 'published' });
}

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation({ name: `Fédération du portail ${tag}` });
  const other = await createFederation();
  const sectionA = await createSection(federation, 'Nîmes centre');
  const sectionB = await createSection(federation, 'Alès');
  member = await createMember({ federation, section: sectionA, password: PASSWORD });
  unpaid = await createMember({ federation, section: sectionA, password: PASSWORD, paidYears: [year - 1] });
  // Oldest first: the three newest the member may read are national, federation and section A.
  await publish('api::document.document', { title: titles.national, body: paragraphs('Pour tous les adhérents.'), audience: 'national' });
  await publish('api::document.document', { title: titles.sectionB, body: paragraphs('Pour la section voisine.'), audience: 'section', section: sectionB.id });
  await publish('api::document.document', { title: titles.federation, body: paragraphs(BODY), audience: 'federation', federation: federation.id });
  await publish('api::document.document', { title: titles.sectionA, body: paragraphs('Rendez-vous samedi au marché.'), audience: 'section', section: sectionA.id });
  await publish('api::document.document', { title: titles.other, body: paragraphs(BODY), audience: 'federation', federation: other.id });
  await indexSettled();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

async function signedIn(who: TestMember): Promise<PortalSession> {
  const session = await newPortalPage(browser);
  await signIn(session, origin, who.user.email);
  return session;
}

describe('a member in the portal', () => {
  let session: PortalSession;

  beforeAll(async () => {
    session = await signedIn(member);
  }, 60_000);

  afterAll(async () => {
    await session?.context.close();
  });

  it('sees on the home page their dues for the year and the recent documents of their audience only', async () => {
    const { page } = session;
    await step(session, 'home', async () => {
      const dues = page.getByRole('region', { name: 'Mon adhésion' });
      await expect.poll(() => dues.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`Cotisation ${year} : réglée le 20 janvier ${year} \\(30,00\\s€\\)`));
      // Her federation has the consultations module off (its default): the card speaks of votes only.
      expect(await dues.textContent()).toContain('Votre adhésion est à jour.Vous pouvez voter.');
      expect(await dues.textContent()).not.toContain('consultation');
      const documents = page.getByRole('region', { name: 'Derniers documents' });
      await documents.getByRole('link', { name: titles.sectionA }).waitFor({ timeout: 15_000 });
      const listed = await documents.getByRole('listitem').allTextContents();
      expect(listed.map((text) => text.split(' · ')[0])).toEqual([titles.sectionA, titles.federation, titles.national]);
      expect(await page.getByText(titles.other).count()).toBe(0);
      expect(await page.getByText(titles.sectionB).count()).toBe(0);
    });
    await checkPage(session, 'portal-home');
  });

  it('reads « Mon adhésion »: profile, dues per year, eligibility today', async () => {
    const { page } = session;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon adhésion' }).click();
    await step(session, 'mon-adhesion', async () => {
      await page.waitForURL((url) => url.pathname === '/mon-adhesion');
      await page.getByRole('heading', { level: 1, name: 'Mon adhésion' }).waitFor();
      const profile = page.getByRole('region', { name: 'Mon profil' });
      await profile.waitFor();
      const text = (await profile.textContent()) ?? '';
      expect(text).toContain(member.member.membershipNumber);
      expect(text).toContain(`Fédération du portail ${tag}`);
      expect(text).toContain('Nîmes centre');
      expect(text).toContain('Active');
      // Inclusive wording, whoever reads it.
      expect(text).toContain('Date d’adhésion');
      expect(text).toContain('RôleAdhérent·e');
      const dues = page.getByRole('table', { name: 'Mes cotisations par année' });
      expect(await dues.getByRole('row').nth(1).textContent()).toMatch(new RegExp(`^${year}30,00\\s€20 janvier ${year}par virementRéglée$`));
      expect(await page.getByRole('region', { name: 'Ma participation' }).textContent()).toContain('Votre adhésion est à jour.Vous pouvez voter.');
      // No module her federation has off (consultations) is spoken of, the page's introduction included.
      expect(await page.locator('.page-intro').textContent()).toBe('Votre fiche d’adhérent, vos cotisations et votre droit de vote.');
      expect(await page.locator('main').textContent()).not.toContain('consultation');
    });
    await checkPage(session, 'portal-mon-adhesion');
  });

  it('shares a socio-professional category with the consent box, then withdraws it', async () => {
    const { page } = session;
    const region = page.getByRole('region', { name: 'Ma catégorie socio-professionnelle (facultatif)' });
    await step(session, 'mon-adhesion-categorie', async () => {
      await region.waitFor();
      expect(await region.textContent()).toContain('Vous n’avez rien indiqué.');
      await region.getByLabel('Catégorie', { exact: true }).selectOption('employes');
      // Without the box: the API's French refusal, nothing recorded.
      await region.getByRole('button', { name: 'Enregistrer' }).click();
      await region.getByText('Cochez la case de consentement pour enregistrer votre catégorie.').first().waitFor();
      await region.getByRole('checkbox').check();
      // The form stays: the save is announced once by the section's status region (role="status",
      // always there), focus left on the button pressed — the same element, its words now « Mettre à jour ».
      const update = region.getByRole('button', { name: 'Mettre à jour' });
      await expectSuccessAnnounced(region.getByRole('button', { name: 'Enregistrer' }), 'Votre catégorie socio-professionnelle est enregistrée.', { focused: update });
      await region.getByText('Vous avez indiqué : Employés').waitFor();
      // Changed, then saved again as it is: each one announced, once (what is recorded changes without being told again).
      await region.getByLabel('Catégorie', { exact: true }).selectOption('cadres');
      await expectSuccessAnnounced(update, 'Votre catégorie socio-professionnelle est mise à jour.');
      await region.getByText('Vous avez indiqué : Cadres et professions intellectuelles supérieures').waitFor();
      await expectSuccessAnnounced(update, 'Votre catégorie socio-professionnelle est mise à jour.');
      expect(await region.getByRole('status').filter({ hasText: 'Votre catégorie socio-professionnelle est mise à jour.' }).count()).toBe(1);
    });
    await checkPage(session, 'portal-mon-adhesion-categorie');
    await step(session, 'mon-adhesion-categorie-retiree', async () => {
      // The button goes with the consent: focus goes to « Enregistrer », the button before it, not to the page itself;
      // the withdrawal is announced by the same status region.
      await markMessages(page);
      await expectFocusLands(
        region.getByRole('button', { name: 'Retirer mon consentement et effacer' }),
        () => region.getByText('Vous n’avez rien indiqué.').waitFor(),
        region.getByRole('button', { name: 'Enregistrer' })
      );
      await expect.poll(() => statusAnnouncements(page), { timeout: 5_000 }).toEqual(['Votre consentement est retiré et votre catégorie socio-professionnelle effacée.']);
    });
   }, 60_000);

  it('searches with an empty query, a typo, a type facet and no result, then reads the document found', async () => {
    const { page } = session;
    await step(session, 'recherche-vide', async () => {
      await page.goto(`${origin}/recherche`);
      await page.getByText('Saisissez un ou plusieurs mots').waitFor();
    });
    await checkPage(session, 'portal-recherche-vide');

    await step(session, 'recherche-faute', async () => {
      await page.getByLabel('Rechercher dans l’intranet').fill(`orientaton ${tag}`);
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/recherche' && url.searchParams.get('q') === `orientaton ${tag}`);
      await page.getByRole('link', { name: titles.federation }).waitFor({ timeout: 15_000 });
      // The count comes from its own read (GET /api/search/count), beside the page's.
      await page.locator('.search-summary').getByText(`1 résultat pour « orientaton ${tag} ».`).waitFor();
      expect(await page.locator('.search-summary').textContent()).toBe(`1 résultat pour « orientaton ${tag} ».`);
      expect(await page.getByText(titles.other).count()).toBe(0);
      // The matched words are highlighted, nothing else of the snippet is markup.
      expect(await page.locator('.search-snippet mark').first().textContent()).toMatch(/orientation/i);
      // The API escapes the snippet's text (an apostrophe comes as &#39;): the member reads it as typed.
      expect(await page.locator('.search-snippet').first().textContent()).toContain("adopté l'orientation qui prépare");
    });
    await checkPage(session, 'portal-recherche-resultats');

    await step(session, 'recherche-facette', async () => {
      const facets = page.getByRole('navigation', { name: 'Filtrer par type' });
      await facets.getByRole('link', { name: 'Documents (1)' }).click();
      await page.waitForURL((url) => url.searchParams.get('type') === 'document' && url.searchParams.get('q') === `orientaton ${tag}`);
      expect(await facets.getByRole('link', { name: 'Documents (1)' }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('link', { name: titles.federation }).waitFor();
    });

    await step(session, 'recherche-sans-resultat', async () => {
      await page.goto(`${origin}/recherche?q=${encodeURIComponent(`zygomatique ${tag}`)}`);
      await page.getByText(`Aucun résultat pour « zygomatique ${tag} ».`).waitFor({ timeout: 15_000 });
      await page.getByText('Vérifiez l’orthographe des mots').waitFor();
    });
    await checkPage(session, 'portal-recherche-aucun-resultat');

    await step(session, 'recherche-bornes', async () => {
      // Past the provider's counting limit (PostgreSQL, 500) counts are bounds: the API's answer
      // is stood in for here (SQLite counts everything), with one hit of each kind of link.
      const hits = [
        { type: 'article', typeLabel: 'Actualités', title: 'Une actualité', snippet: 'Les <mark>élections</mark> &lt;b&gt;d&#39;accord&lt;/b&gt; &amp;lt;', link: '/news/abc', date: '2026-03-01T10:00:00.000Z' },
        { type: 'proposal', typeLabel: 'Propositions', title: 'Une proposition', snippet: '', link: '/consultations/c1/proposals', date: null },
        { type: 'synthesis', typeLabel: 'Synthèses', title: 'Une synthèse', snippet: '', link: '/consultations/c2/synthesis', date: null },
        { type: 'course', typeLabel: 'Formations', title: 'Un cours', snippet: '', link: '/training/courses/k1', date: null },
        { type: 'lesson', typeLabel: 'Leçons', title: 'Une leçon', snippet: '', link: '/training/courses/k2#lecon-l1', date: null },
      ];
      // The page (count=false) and its counts (GET /api/search/count) are two reads; the one
      // registered last is matched first.
      await page.route('**/api/search?*', (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: hits, meta: { pagination: { page: 1, pageSize: 10, more: true } } }) })
      );
      await page.route('**/api/search/count?*', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            data: {
              pagination: { page: 1, pageSize: 10, total: 500, pageCount: 50, totalIsExact: false },
              facets: [
                { type: 'document', label: 'Documents', count: 500, exact: false },
                { type: 'article', label: 'Actualités', count: 12, exact: false },
                { type: 'lesson', label: 'Leçons', count: 0, exact: false },
              ],
            },
          }),
        })
      );
      try {
        await page.goto(`${origin}/recherche?q=elections`);
        await page.getByText('plus de 500 résultats pour « elections ».').waitFor({ timeout: 15_000 });
        const facets = page.getByRole('navigation', { name: 'Filtrer par type' });
        expect(await facets.getByRole('link').allTextContents()).toEqual(['Tous les types (plus de 500)', 'Documents (au moins 500)', 'Actualités (au moins 12)']);
        const hrefs = await page.locator('.search-result h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        expect(hrefs).toEqual(['/actualites/abc', '/consultations/c1', '/consultations/c2', '/formation/cours/k1', '/formation/cours/k2#lecon-l1']);
        // Only <mark> is kept: the rest of the snippet (escaped by the API) is read back as text.
        const snippet = page.locator('.search-snippet').first();
        expect(await snippet.textContent()).toBe("Les élections <b>d'accord</b> &lt;");
        expect(await snippet.locator('mark').allTextContents()).toEqual(['élections']);
        expect(await snippet.locator('b').count()).toBe(0);
        await page.getByRole('navigation', { name: 'Pages de résultats' }).getByText('Page 1 sur 50').waitFor();
        await page.getByRole('button', { name: 'Suivante →' }).click();
        await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('q') === 'elections');
      } finally {
        await page.unroute('**/api/search/count?*');
        await page.unroute('**/api/search?*');
      }
    });

    await step(session, 'lecture', async () => {
      // From a search with no result to one with a hit, inside the portal: the summary never
      // shows the previous search's count while the new one is on its way.
      await page.goto(`${origin}/recherche?q=${encodeURIComponent(`zygomatique ${tag}`)}`);
      await page.getByText(`Aucun résultat pour « zygomatique ${tag} ».`).waitFor({ timeout: 15_000 });
      // The counts held back a moment: the page shows its hits first, and says the count is coming.
      await page.route('**/api/search/count?*', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await route.continue();
      });
      try {
        await page.getByLabel('Rechercher dans l’intranet').fill(`orientaton ${tag}`);
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await page.getByRole('link', { name: titles.federation }).waitFor({ timeout: 15_000 });
        expect(await page.locator('.search-summary').textContent()).toBe(`Résultats pour « orientaton ${tag} » (décompte en cours…).`);
        await page.locator('.search-summary').getByText(`1 résultat pour « orientaton ${tag} ».`).waitFor();
      } finally {
        await page.unroute('**/api/search/count?*');
      }
      await page.getByRole('link', { name: titles.federation }).click();
      await page.waitForURL((url) => /^\/documents\/[a-z0-9]+$/.test(url.pathname));
      await page.getByRole('heading', { level: 1, name: titles.federation }).waitFor({ timeout: 15_000 });
      await page.getByText(BODY).waitFor();
    });
    await checkPage(session, 'portal-document');
  });
});

describe('a member whose dues for the year are unpaid', () => {
  let session: PortalSession;

  beforeAll(async () => {
    session = await signedIn(unpaid);
  }, 60_000);

  afterAll(async () => {
    await session?.context.close();
  });

  it('sees on the home page why they cannot vote and whom to pay', async () => {
    const { page } = session;
    await step(session, 'home-non-a-jour', async () => {
      const card = page.getByRole('region', { name: 'Mon adhésion' });
      await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain(`Cotisation ${year} : non réglée`);
      const text = (await card.textContent()) ?? '';
      expect(text).toContain('Vous ne pouvez pas voter pour le moment.');
      expect(text).toContain('Dès qu’elle est enregistrée, vous pouvez de nouveau voter.');
      expect(text).not.toContain('consultation');
      expect(text).toContain(`Cotisation ${year} non réglée.`);
      expect(text).toContain(`Réglez votre cotisation ${year} auprès du ou de la secrétaire de votre section (Nîmes centre).`);
    });
    await checkPage(session, 'portal-home-non-a-jour');
  });

  it('sees the same on « Mon adhésion », with the missing year in the dues', async () => {
    const { page } = session;
    await page.goto(`${origin}/mon-adhesion`);
    await step(session, 'mon-adhesion-non-a-jour', async () => {
      const participation = page.getByRole('region', { name: 'Ma participation' });
      await expect.poll(() => participation.textContent(), { timeout: 15_000 }).toContain('Vous ne pouvez pas voter pour le moment.');
      const text = (await participation.textContent()) ?? '';
      expect(text).toContain(`Cotisation ${year} non réglée.`);
      expect(text).toContain('auprès du ou de la secrétaire de votre section (Nîmes centre)');
      const rows = page.getByRole('table', { name: 'Mes cotisations par année' }).getByRole('row');
      expect(await rows.nth(1).textContent()).toContain(`${year}——Non réglée`);
      expect(await rows.nth(2).textContent()).toContain(`${year - 1}30,00`);
    });
    await checkPage(session, 'portal-mon-adhesion-non-a-jour');
  });
});
