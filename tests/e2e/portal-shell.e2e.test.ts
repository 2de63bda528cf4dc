import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, tokenFor, type TestMember, type World } from '../support/factories';
import { paragraphs } from '../../src/content/blocks';
import { checkPage, expectFocusLands, focusedElement, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';

/**
 * Issue 12, the portal's shell in a real browser: served at /, sign-in with the refresh token
 * in an httpOnly SameSite=Strict cookie, silent renewal on reload, sign-out that revokes the
 * session, the password pages, documents read safely, a module switched off, and axe-core
 * with no WCAG 2.1 AA violation on every page. Run with `npm run test:e2e`.
 */
let browser: Browser;
let origin: string;
let w: World;
let reader: TestMember;
let federationDoc: { documentId: string };
let otherDoc: { documentId: string };

async function publish(uid: string, data: Record<string, unknown>) {
  const strapi = await bootStrapi();
  return strapi.documents(uid as any).create({ data: data as any, status: 'published' });
}

beforeAll(async () => {
  origin = await portalOrigin();
  w = await createWorld();
  reader = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  federationDoc = await publish('api::document.document', { title: 'Compte rendu du bureau fédéral', audience: 'federation', federation: w.federation.id });
  // Written under the Document Service's validation (which refuses a javascript: link), as
  // an import or an older version could have: the portal must still render it inertly.
  await (await bootStrapi()).db.query('api::document.document').updateMany({
    where: { documentId: federationDoc.documentId },
    data: {
      body: [
        ...paragraphs('Le bureau a siégé au complet.', '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">'),
        { type: 'paragraph', children: [{ type: 'link', url: 'javascript:window.pwned=true', children: [{ type: 'text', text: 'lien piégé' }] }] },
        { type: 'heading', level: 1, children: [{ type: 'text', text: 'Décisions' }] },
      ],
    },
  });
  otherDoc = await publish('api::document.document', { title: 'Note de l’autre fédération', audience: 'federation', federation: w.other.id });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the portal before signing in', () => {
  it('is served at / with a strict CSP, and sends an anonymous visitor to « Connexion »', async () => {
    const http = await api();
    for (const path of ['/', '/documents/abc', '/consultations/x/vote']) {
      const res = await http.get(path).set('Accept', 'text/html');
      expect(res.status, path).toBe(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.text).toContain('lang="fr"');
    }
    // The API and the admin panel keep their own answers.
    expect((await http.get('/api/nope').set('Accept', 'text/html')).status).toBe(404);
    const session = await newPortalPage(browser, 375);
    await session.page.goto(`${origin}/documents`);
    await session.page.waitForURL(/\/connexion\?suite=%2Fdocuments$/);
    await checkPage(session, 'connexion');
    await session.context.close();
  }, 120_000);

  it('opens quietly for an anonymous visitor: no refresh asked, and a session that ended while the browser was closed is one 401, then forgotten', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    // Every console error, unfiltered (the session's own list leaves out the browser's lines for refusals).
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const refreshes: { status: number; body: unknown }[] = [];
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname === '/api/auth/refresh') refreshes.push({ status: response.status(), body: await response.json().catch(() => null) });
    });

    // A browser that never had a session asks for no refresh: nothing to refuse, nothing logged.
    await page.goto(`${origin}/documents`);
    await page.waitForURL(/\/connexion\?suite=%2Fdocuments$/);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect({ refreshes, consoleErrors }).toEqual({ refreshes: [], consoleErrors: [] });

    // One whose last session ended while it was closed (its cookie gone, the portal's hints
    // left): the silent refresh is refused 401 in French, like any absent credential, and the
    // hints are forgotten. The portal writes nothing to the console: the one line is the
    // browser's own record of the 401, which no script can silence.
    await page.evaluate(() => {
      localStorage.setItem('intranet.session', '1');
      localStorage.setItem('intranet.federation', 'ancienne-federation');
    });
    await page.goto(`${origin}/documents`);
    await page.waitForURL(/\/connexion\?suite=%2Fdocuments$/);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await expect.poll(() => refreshes.length).toBe(1);
    expect(refreshes[0]).toEqual({ status: 401, body: { data: null, error: { status: 401, name: 'UnauthorizedError', message: 'Aucune session à renouveler : connectez-vous.', details: {} } } });
    expect(await page.evaluate(() => [localStorage.getItem('intranet.session'), localStorage.getItem('intranet.federation')])).toEqual([null, null]);
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);

    // Forgotten: the next visit asks nothing again.
    await page.reload();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(refreshes).toHaveLength(1);
    expect(consoleErrors).toHaveLength(1);
    await checkPage(session, 'connexion-session-finie');
    await session.context.close();
  }, 120_000);

  it('says in French why a sign-in fails', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await page.goto(`${origin}/connexion`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez votre adresse e-mail et votre mot de passe.');
    await page.getByLabel('Adresse e-mail').fill(reader.user.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas-le-bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Identifiant ou mot de passe incorrect.');
    await checkPage(session, 'connexion-erreur');

    const excluded = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD, status: 'excluded' });
    await page.getByLabel('Adresse e-mail').fill(excluded.user.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/fermé|refusés/);
    await session.context.close();
  }, 120_000);

  it('answers « trop de tentatives » in French once the budget is spent', async () => {
    const strapi = await bootStrapi();
    const saved = strapi.config.get('server.authLimits');
    strapi.config.set('server.authLimits', { enabled: true, perAddress: 2, perAccount: 2, round: `portal-${Date.now()}` });
    const session = await newPortalPage(browser);
    try {
      const { page } = session;
      await page.goto(`${origin}/connexion`);
      for (let i = 0; i < 3; i++) {
        await page.getByLabel('Adresse e-mail').fill(reader.user.email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(`faux-${i}`);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByRole('alert').waitFor();
      }
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Trop de tentatives');
    } finally {
      strapi.config.set('server.authLimits', saved);
      await session.context.close();
    }
  }, 120_000);

  it('has accessible password pages, and a reset code chooses a new password once', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await page.goto(`${origin}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByLabel('Adresse e-mail').fill(reader.user.email);
    // The answer replaces the form: focus moves to it (the notice's frame), not to the page itself
    // (a notice put in the page with its text is not reliably announced as a live region).
    const sent = page.locator('.notice-success', { hasText: 'Si un compte existe à cette adresse' });
    await expectFocusLands(page.getByRole('button', { name: 'Recevoir le lien' }), () => sent.waitFor(), sent.locator('xpath=..'));
    await checkPage(session, 'mot-de-passe-oublie');

    await page.goto(`${origin}/activer`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Ce lien est incomplet');
    await checkPage(session, 'activer-sans-code');

    const strapi = await bootStrapi();
    const code = `code-${Date.now()}`;
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: reader.user.id }, data: { resetPasswordToken: code } });
    await page.goto(`${origin}/reinitialiser-mot-de-passe?code=${code}`);
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.getByLabel('Confirmez le mot de passe').fill('autre');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Choisissez un mot de passe d’au moins 8 caractères.').waitFor();
    await checkPage(session, 'reinitialiser-erreurs');
    const fresh = 'Nouveau-Passw0rd-2026';
    await page.getByLabel('Nouveau mot de passe').fill(fresh);
    await page.getByLabel('Confirmez le mot de passe').fill(fresh);
    // The sign-in page that follows opens on its notice: focus on it (its frame), so that it is told.
    const saved = page.locator('.notice-success', { hasText: 'Votre mot de passe est enregistré : connectez-vous.' });
    await expectFocusLands(page.getByRole('button', { name: 'Enregistrer le mot de passe' }), () => page.waitForURL(/\/connexion\?motif=reinitialise/).then(() => saved.waitFor()), saved.locator('xpath=..'));
    await checkPage(session, 'connexion-mot-de-passe-enregistre');
    await signIn(session, origin, reader.user.email, fresh);

    // The code is burnt: a second use is refused in French.
    const again = await newPortalPage(browser);
    await again.page.goto(`${origin}/reinitialiser-mot-de-passe?code=${code}`);
    await again.page.getByLabel('Nouveau mot de passe').fill('Encore-Passw0rd-2026');
    await again.page.getByLabel('Confirmez le mot de passe').fill('Encore-Passw0rd-2026');
    await again.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('Lien de réinitialisation invalide ou expiré.');
    await again.context.close();
    await session.context.close();
    // Back to the shared password for the other tests.
    await strapi.plugin('users-permissions').service('user').edit(reader.user.id, { password: PASSWORD });
  }, 120_000);

  // The sign-in page showed one notice: the erasure's words hid a password chosen or an account
  // activated, and of two markers in the address only the first was read.
  it('opens on every notice it is given (an erasure request, a password chosen, an account activated), each its own, focus on the first', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    const ERASED = 'Votre demande d’effacement est enregistrée et votre compte est fermé.';
    const RESET = 'Votre mot de passe est enregistré : connectez-vous.';
    const ACTIVE = 'Votre compte est activé : connectez-vous avec votre adresse e-mail et votre mot de passe.';
    const notices = page.locator('.auth-card .notice-success');
    const shown = async (expected: string[]) => {
      await notices.first().waitFor();
      await expect.poll(() => notices.allTextContents(), { timeout: 5_000 }).toEqual(expected);
      // Focus on the first notice's frame, so that it is told; the others follow it.
      const first = notices.first().locator('xpath=..');
      const framed = await first.evaluate((element) => `${element.tagName.toLowerCase()}: ${(element.textContent ?? '').replace(/\s+/g, ' ').trim()}`);
      await expect.poll(() => focusedElement(page), { timeout: 5_000 }).toBe(framed);
    };
    // The erasure's words, left in the tab's session storage as « Mes données » leaves them (`leaveSignInNotice`).
    await page.goto(`${origin}/connexion`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.evaluate((message) => sessionStorage.setItem('intranet-sign-in-notice', message), ERASED);
    await page.goto(`${origin}/connexion?motif=reinitialise&motif=active`);
    await shown([ERASED, RESET, ACTIVE]);
    await checkPage(session, 'connexion-trois-avis');
    // Read once: the address's own notices stay, in its order; a repeated or unknown marker adds nothing.
    await page.goto(`${origin}/connexion?motif=active&motif=inconnu&motif=reinitialise&motif=active&motif=toString`);
    await shown([ACTIVE, RESET]);
    await checkPage(session, 'connexion-deux-avis');
    await session.context.close();
  }, 120_000);
});

describe('a signed-in member', () => {
  it('keeps the refresh token out of scripts’ reach, survives a reload, and ends the session on sign-out', async () => {
    const session = await newPortalPage(browser);
    const { page, context } = session;
    await step(session, 'session', async () => {
      await signIn(session, origin, reader.user.email);
      const cookie = (await context.cookies()).find((c) => c.name === 'strapi_up_refresh');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
      expect(await page.evaluate('document.cookie')).not.toContain('strapi_up_refresh');
      const stored = (await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')) as string;
      expect(stored).not.toMatch(/eyJ/); // no token (JWT) kept by the page

      // A deep link reloaded: the page renews its access token silently and shows the document.
      await page.goto(`${origin}/documents/${federationDoc.documentId}`);
      await page.getByRole('heading', { level: 1, name: 'Compte rendu du bureau fédéral' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Compte rendu du bureau fédéral' }).waitFor();

      // The federation is remembered (its switches are then read beside the profile at the next load)…
      expect(await page.evaluate(() => localStorage.getItem('intranet.federation'))).toBeTruthy();
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(/\/connexion$/);
      // …and forgotten at sign-out.
      expect(await page.evaluate(() => localStorage.getItem('intranet.federation'))).toBeNull();
      // The revoked refresh token no longer opens a session, even replayed by hand.
      const replay = await context.request.post(`${origin}/api/auth/refresh`, { headers: { 'x-strapi-refresh-cookie': 'httpOnly' }, data: { refreshToken: cookie!.value } });
      expect(replay.status()).toBe(401);
      await page.goto(`${origin}/documents`);
      await page.waitForURL(/\/connexion/);
    });
    await context.close();
  }, 120_000);

  it('keeps the session when two tabs reload at once: one renewal at a time, the other tab takes its token', async () => {
    const session = await newPortalPage(browser);
    const { page, context } = session;
    await step(session, 'two tabs', async () => {
      await signIn(session, origin, reader.user.email);
      const second = await context.newPage();
      const document = `${origin}/documents/${federationDoc.documentId}`;
      await Promise.all([page.goto(document), second.goto(document)]);
      const heading = (tab: typeof page) => tab.getByRole('heading', { level: 1, name: 'Compte rendu du bureau fédéral' });
      await Promise.all([heading(page).waitFor(), heading(second).waitFor()]);
      const renewals: number[] = [];
      let renewedBySecond = 0;
      context.on('response', (response) => {
        if (new URL(response.url()).pathname !== '/api/auth/refresh') return;
        renewals.push(response.status());
        if (response.frame().page() === second) renewedBySecond++;
      });
      // Both reloaded at the same moment: each renewal sends the cookie the previous one set.
      for (let round = 0; round < 3; round++) {
        await Promise.all([page.reload(), second.reload()]);
        await Promise.all([heading(page).waitFor(), heading(second).waitFor()]);
      }
      // One tab renews while the other stays on its page: the other's next read, in the page
      // (no reload), works with the token the renewal handed over.
      const before = renewedBySecond;
      await page.reload();
      await heading(page).waitFor();
      await second.getByRole('link', { name: 'Tous les documents' }).click();
      await second.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor();
      expect(renewedBySecond).toBe(before); // the token was handed over: no renewal of its own
      expect(renewals.length).toBeGreaterThan(0);
      expect(renewals.every((status) => status === 200)).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('intranet.session'))).toBe('1');
      // Each tab's access token is live: a read from each still works without signing in again.
      await Promise.all([page.goto(`${origin}/documents`), second.goto(`${origin}/documents`)]);
      await Promise.all([page.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor(), second.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor()]);
      expect(page.url()).not.toMatch(/connexion/);
      expect(second.url()).not.toMatch(/connexion/);
      // Signing out in one tab signs the other out too, quietly: one logout, none refused.
      const logouts: number[] = [];
      context.on('response', (response) => {
        if (new URL(response.url()).pathname === '/api/auth/logout') logouts.push(response.status());
      });
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await Promise.all([page.waitForURL(/\/connexion/), second.waitForURL(/\/connexion/)]);
      await second.getByRole('heading', { name: 'Connexion' }).waitFor();
      expect(logouts).toEqual([200]);
    });
    await context.close();
  }, 120_000);

  it('signing out while the home page is still reading stops its reads: no 401, no renewal after it', async () => {
    const session = await newPortalPage(browser);
    const { page, context } = session;
    await signIn(session, origin, reader.user.email, PASSWORD, '/documents');
    // Hold the home page's reads in the browser so that they are under way at the click.
    await page.route('**/api/**', async (route) => {
      if (new URL(route.request().url()).pathname.startsWith('/api/auth/')) return route.continue();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue().catch(() => undefined); // aborted by the page meanwhile
    });
    let signedOut = false;
    const after: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (signedOut && url.pathname.startsWith('/api/') && url.pathname !== '/api/auth/logout') after.push(`${response.status()} ${url.pathname}`);
    });
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accueil' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    signedOut = true;
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion$/);
    await page.waitForTimeout(2_500); // past the held reads' release
    expect(after).toEqual([]);
    await context.close();
  }, 120_000);

  it('reads documents of their audience, rich text rendered without any injection', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, reader.user.email);
    await checkPage(session, 'accueil');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor();
    expect(await page.getByRole('link', { name: 'Note de l’autre fédération' }).count()).toBe(0);
    await checkPage(session, 'documents');
    await page.goto(`${origin}/documents?page=99`);
    await page.getByText('Cette page est au-delà de la dernière.').waitFor();
    await page.getByRole('link', { name: 'Revenir à la première page' }).click();
    await page.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor();
    await page.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).click();
    await page.getByText('Le bureau a siégé au complet.').waitFor();
    // Text stays text; the javascript: link is not a link; an editor's h1 becomes an h2.
    await page.getByText('<script>window.pwned = true</script>', { exact: false }).waitFor();
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.getByRole('link', { name: 'lien piégé' }).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 2, name: 'Décisions' }).count()).toBe(1);
    await checkPage(session, 'document');
    // What one may not read looks absent.
    await page.goto(`${origin}/documents/${otherDoc.documentId}`);
    await step(session, 'document-absent', () => page.getByRole('heading', { level: 1, name: 'Introuvable' }).waitFor({ timeout: 10_000 }));
    await page.goto(`${origin}/une/page/qui/n-existe-pas`);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    // The document of another audience was read and refused (404): that refusal is the point.
    await checkPage(session, 'introuvable', { refusedReads: new RegExp(`^404 GET /api/documents/${otherDoc.documentId}$`) });
    await session.context.close();
  }, 120_000);

  it('does not see a module its federation switched off, and a deep link gives the reason', async () => {
    const strapi = await bootStrapi();
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'documents', false);
    const session = await newPortalPage(browser, 375);
    try {
      const { page } = session;
      await signIn(session, origin, reader.user.email);
      await page.getByRole('button', { name: 'Menu' }).click();
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      await nav.getByRole('link', { name: 'Accueil' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Documents' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Derniers documents' }).count()).toBe(0);
      await page.goto(`${origin}/documents/${federationDoc.documentId}`);
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Le module « Documents » n’est pas activé pour votre fédération.');
      await checkPage(session, 'module-desactive');
      // The API says the same.
      const res = await (await api()).get('/api/documents').set('Authorization', `Bearer ${await tokenFor(strapi, reader.user)}`);
      expect(res.body.error.message).toBe('Le module « Documents » n’est pas activé pour votre fédération.');
    } finally {
      await switches.set(w.federation.id, 'documents', true);
      await session.context.close();
    }
  }, 120_000);

  it('reads the news on a 320 px phone in another time zone: Paris dates, back button, an attachment, no layout jump, silent renewal', async () => {
    const strapi = await bootStrapi();
    const file = path.join(tmpdir(), `ordre-du-jour-${Date.now()}.txt`);
    writeFileSync(file, 'Ordre du jour de la fête fédérale');
    const [attachment] = await strapi.plugin('upload').service('upload').upload({
      data: {},
      files: { filepath: file, originalFilename: 'ordre-du-jour.txt', mimetype: 'text/plain', size: 33 },
    });
    const article = await publish('api::article.article', {
      title: 'La fête fédérale aura lieu à Alès', summary: 'Rendez-vous au parc.', body: paragraphs('Venez nombreux.'),
      audience: 'federation', federation: w.federation.id,
    });
    const agenda = await publish('api::document.document', { title: 'Ordre du jour de la fête', audience: 'federation', federation: w.federation.id, attachments: [attachment.id] });
    // Published yesterday at 12:30 UTC: 13:30 in Paris, but already the next day in Auckland.
    const at = new Date(Date.now() - 86_400_000);
    at.setUTCHours(12, 30, 0, 0);
    await strapi.db.query('api::article.article').updateMany({ where: { documentId: article.documentId, publishedAt: { $notNull: true } }, data: { publishedAt: at } });
    const day = (zone: string) => new Intl.DateTimeFormat('fr-FR', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' }).format(at).replace(/^1 /, '1er ');
    expect(day('Pacific/Auckland')).not.toBe(day('Europe/Paris')); // else the test could not fail

    const session = await newPortalPage(browser, 320, { timezoneId: 'Pacific/Auckland' });
    const { page, context } = session;
    try {
      await context.clock.install(); // the page's timers run on a clock the test can move
      await step(session, 'actualites', async () => {
        await signIn(session, origin, reader.user.email);
        // The home page's card, the list, the reading page: dates in Paris time on a phone set elsewhere.
        const card = page.getByRole('region', { name: 'Dernières actualités' });
        await card.getByRole('link', { name: 'La fête fédérale aura lieu à Alès' }).waitFor();
        expect(await card.textContent()).toContain(day('Europe/Paris'));
        await checkPage(session, 'accueil-320');
        await card.getByRole('link', { name: 'Tout voir' }).click();
        await page.waitForURL(/\/actualites$/);
        await page.getByRole('link', { name: 'La fête fédérale aura lieu à Alès' }).click();
        await page.waitForURL(new RegExp(`/actualites/${article.documentId}$`));
        await page.getByText('Venez nombreux.').waitFor();
        expect(await page.locator('main').textContent()).toContain(`Publié le ${day('Europe/Paris')}`);
        await checkPage(session, 'actualite');
        // The browser's back button returns to the list, and again to the home page.
        await page.goBack();
        await page.waitForURL(/\/actualites$/);
        await page.getByRole('link', { name: 'La fête fédérale aura lieu à Alès' }).waitFor();
        await checkPage(session, 'actualites');
        await page.goBack();
        await page.waitForURL((url) => url.pathname === '/');
        await page.locator('#page-title').waitFor();
        // A document's attachment downloads through the API's signed address.
        await page.goto(`${origin}/documents/${agenda.documentId}`);
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Télécharger « ordre-du-jour.txt »' }).click();
        const saved = await (await download).path();
        expect(readFileSync(saved!, 'utf8')).toBe('Ordre du jour de la fête fédérale');
        await checkPage(session, 'document-piece-jointe');
      });

      await step(session, 'stabilite', async () => {
        // No layout jump while the home page loads (cumulative layout shift, Web Vitals' « good » ≤ 0.1).
        await page.goto(`${origin}/`);
        await page.getByRole('link', { name: 'La fête fédérale aura lieu à Alès' }).waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
        const shift = (await page.evaluate(`new Promise((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
            .observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 300);
        })`)) as number;
        expect(shift, 'cumulative layout shift of the home page').toBeLessThanOrEqual(0.1);
      });

      await step(session, 'renouvellement', async () => {
        // Fourteen minutes later the page renews its access token by itself, a minute before it expires.
        const renewed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/auth/refresh', { timeout: 30_000 });
        await page.clock.fastForward('14:30');
        expect((await renewed).status()).toBe(200);
        await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click().catch(async () => {
          await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
        });
        await page.getByRole('link', { name: 'Compte rendu du bureau fédéral' }).waitFor();
      });
    } finally {
      await context.close();
      await strapi.documents('api::article.article' as any).delete({ documentId: article.documentId });
      await strapi.documents('api::document.document' as any).delete({ documentId: agenda.documentId });
      await strapi.plugin('upload').service('upload').remove(attachment);
    }
  }, 180_000);

  it('shows the admin panel’s link to staff only', async () => {
    const officer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
    const staff = await newPortalPage(browser);
    await signIn(staff, origin, officer.user.email);
    await staff.page.getByRole('link', { name: 'Administration' }).first().waitFor();
    expect(await staff.page.getByRole('link', { name: 'Administration' }).first().getAttribute('href')).toMatch(/\/admin/);
    await staff.context.close();
    const member = await newPortalPage(browser);
    await signIn(member, origin, reader.user.email);
    await member.page.locator('#page-title').waitFor();
    expect(await member.page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await member.context.close();
  }, 120_000);

  it('is usable with the keyboard alone: skip link, menu, search box', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, reader.user.email);
    // Signed in: the focus is on the new page's title, as after any navigation.
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('page-title');
    await page.goto(`${origin}/documents`);
    await page.locator('#page-title').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Aller au contenu');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Menu');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('searchbox', { name: 'Rechercher dans l’intranet' }).focus();
    await page.keyboard.type('bureau');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/recherche\?q=bureau$/);
    await session.context.close();
  }, 120_000);
});
