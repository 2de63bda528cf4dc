import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInParis } from '@intranet-militant/shared';
import { bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, type TestMember } from '../support/factories';
import { openConsultation } from '../../plugins/consultations/tests/support/consultations';
import { formatDate } from '../../src/portal/lib/format';
import { checkPage, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step, type PortalSession } from './support/portal';

/**
 * What a newcomer's first pass through the portal found: the phone menu at 320 px, the home
 * page's promise of a vote the consultations refuse, the search's advice for a query of
 * common words or exclusions only, and a form error that stayed after the field was filled.
 */
let origin: string;
let browser: Browser;
let staff: TestMember;
let veteran: TestMember;
let newcomer: TestMember;
let consultationId: string;
const sessions: PortalSession[] = [];
/** A Paris date `days` from today (YYYY-MM-DD). */
const day = (days: number) => todayInParis(new Date(Date.now() + days * 86_400_000));
const joinedOn = day(-10);
const cutoff = day(-20);

beforeAll(async () => {
  origin = await portalOrigin();
  const strapi = await bootStrapi();
  const federation = await createFederation({ name: 'Gard (portail nouveaux)' });
  const section = await createSection(federation, 'Alès');
  const switches = strapi.plugin('modules').service('switches');
  for (const module of ['consultations', 'search']) await switches.set(federation.id, module, true);
  staff = await createMember({ federation, section, role: 'federation-staff', joinedOn: '2015-01-10' });
  veteran = await createMember({ federation, section, password: PASSWORD, joinedOn: '2018-02-01' });
  newcomer = await createMember({ federation, section, password: PASSWORD, joinedOn });
  // A long name, as some members have: the phone menu shows it beside « Se déconnecter ».
  await strapi.db.query('plugin::membership.member').update({ where: { id: newcomer.member.id }, data: { firstName: 'Marie-Clémentine', lastName: 'de La Tour-Montgolfier-Aubanel' } });
  // Open since yesterday, for members who joined 20 days ago at the latest: not the newcomer.
  consultationId = await openConsultation(staff, { title: 'Quelle fédération voulons-nous ?', eligibilityCutoff: cutoff });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
});

async function signedIn(who: TestMember, width = 375): Promise<PortalSession> {
  const session = await newPortalPage(browser, width);
  sessions.push(session);
  await signIn(session, origin, who.user.email);
  return session;
}

describe('a newcomer in the portal', () => {
  it('opens the menu on a 320 px phone: every entry and « Se déconnecter » on screen, nothing sideways', async () => {
    const s = await signedIn(newcomer, 320);
    const { page } = s;
    await step(s, 'menu-320', async () => {
      await page.getByRole('button', { name: 'Menu' }).click();
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      await nav.getByRole('link', { name: 'Accueil' }).waitFor();
      const signOut = page.getByRole('button', { name: 'Se déconnecter' });
      await signOut.waitFor();
      // Every control of the open menu lies within the screen (none cut off on the right).
      const boxes = await nav.locator('a, button, .account-name').evaluateAll((nodes) =>
        nodes.map((n) => ({ text: n.textContent, left: n.getBoundingClientRect().left, right: n.getBoundingClientRect().right }))
      );
      for (const box of boxes) expect(box.right, `${box.text} ends within 320 px`).toBeLessThanOrEqual(320);
      for (const box of boxes) expect(box.left, `${box.text} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(1);
      expect(await nav.locator('.account').evaluate((n) => n.scrollWidth - n.clientWidth)).toBeLessThanOrEqual(1);
      await signOut.click();
      await page.waitForURL(/\/connexion$/);
    });
  }, 120_000);

  it('is not promised a vote on the home page that the consultation refuses: told why, and from when', async () => {
    const s = await signedIn(newcomer);
    const { page } = s;
    await step(s, 'accueil-nouveau', async () => {
      const card = page.getByRole('region', { name: 'Mon adhésion' });
      await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Votre adhésion est à jour, mais vous ne pouvez pas voter à cette consultation');
      const text = (await card.textContent()) ?? '';
      expect(text).not.toContain('Vous pouvez voter');
      expect(text).toContain(`« Quelle fédération voulons-nous ? » : vous avez adhéré le ${formatDate(joinedOn)}, après sa date limite d’adhésion (le ${formatDate(cutoff)}).`);
      expect(text).toContain(`Vous pourrez voter et participer aux consultations dont la date limite d’adhésion est le ${formatDate(joinedOn)} ou plus tard.`);
      // The consultations' card says the same.
      expect(await page.getByRole('region', { name: 'Consultations en cours' }).textContent()).toContain('Vous ne pouvez pas y participer');
      await checkPage(s, 'accueil-nouveau');
    });
    await step(s, 'mon-adhesion-nouveau', async () => {
      await page.goto(`${origin}/mon-adhesion`);
      const region = page.getByRole('region', { name: 'Ma participation' });
      await expect.poll(() => region.textContent(), { timeout: 15_000 }).toContain('après sa date limite d’adhésion');
      expect(await region.textContent()).not.toContain('Vous pouvez voter');
    });
    // A member of long standing is still told they may vote.
    const old = await signedIn(veteran);
    const card = old.page.getByRole('region', { name: 'Mon adhésion' });
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Votre adhésion est à jour.Vous pouvez voter');
  }, 120_000);

  it('is told what to change in a search of common words only, or of exclusions only', async () => {
    const s = await signedIn(veteran);
    const { page } = s;
    const empty = () => page.locator('main .empty, main p').allTextContents().then((texts) => texts.join(' '));
    await step(s, 'recherche-mots-courants', async () => {
      await page.goto(`${origin}/recherche?q=${encodeURIComponent('le la les')}`);
      await page.getByText('Aucun résultat pour « le la les ».').waitFor();
      await expect.poll(empty).toContain('Ajoutez un mot plus précis : les mots très courants');
      expect(await empty()).not.toContain('Vérifiez l’orthographe');
      await checkPage(s, 'recherche-mots-courants');
    });
    await step(s, 'recherche-exclusions', async () => {
      await page.goto(`${origin}/recherche?q=${encodeURIComponent('-élections')}`);
      await page.getByText('Aucun résultat pour « -élections ».').waitFor();
      await expect.poll(empty).toContain('Une recherche ne peut pas contenir que des exclusions');
      expect(await empty()).not.toContain('Vérifiez l’orthographe');
    });
    await step(s, 'recherche-refusee', async () => {
      // A refused search says what is wrong in the member's words, never the envelope's « Paramètres invalides. q : »
      // nor the internal type keys; an address the server's checks refuse (a NUL) still opens the page.
      const alert = () => page.getByRole('alert').textContent();
      await page.goto(`${origin}/recherche?q=${'conseil '.repeat(30).trim()}`);
      await expect.poll(alert, { timeout: 15_000 }).toBe('La recherche est limitée à 200 caractères.');
      await page.goto(`${origin}/recherche?q=conseil&type=pas-un-type`);
      await expect.poll(alert, { timeout: 15_000 }).toBe('Ce type de résultat n’existe pas ou ne vous est pas ouvert.');
      await page.getByRole('link', { name: 'Chercher « conseil » dans tous les types' }).waitFor();
      await page.goto(`${origin}/recherche?q=conseil%00`);
      await page.getByRole('heading', { level: 1, name: 'Recherche' }).waitFor();
      await expect.poll(alert, { timeout: 15_000 }).toBe('Le texte contient un caractère non autorisé (caractère nul).');
      // A page address whose path cannot be read opens the portal, which says so in French (not raw JSON).
      for (const address of ['/%ff', '/une/page%00']) {
        await page.goto(`${origin}${address}`);
        await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor({ timeout: 15_000 });
      }
    });
    await step(s, 'recherche-sans-resultat', async () => {
      // A real word found nowhere still gets the spelling advice.
      await page.goto(`${origin}/recherche?q=${encodeURIComponent('zygomatiquement')}`);
      await expect.poll(empty, { timeout: 15_000 }).toContain('Vérifiez l’orthographe');
    });
  }, 120_000);

  it('sees a field’s error go once the field is filled, and come back if it is emptied again', async () => {
    const s = await signedIn(veteran);
    const { page } = s;
    await step(s, 'erreur-effacee', async () => {
      await page.goto(`${origin}/consultations/${consultationId}/contribuer`);
      await page.getByRole('button', { name: 'Déposer ma contribution' }).click();
      const titleError = page.getByText('Le titre est obligatoire.');
      await titleError.waitFor();
      expect(await page.getByLabel('Titre').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Titre').fill('Des bus gratuits');
      await expect.poll(() => titleError.count()).toBe(0);
      expect(await page.getByLabel('Titre').getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator('.field-error').allTextContents()).not.toContain('Le titre est obligatoire.');
      await checkPage(s, 'erreur-effacee');
      await page.getByLabel('Titre').fill('');
      await titleError.waitFor();
    });
  }, 120_000);
});
