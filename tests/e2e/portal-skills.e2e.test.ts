import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/strapi';
import { createAccount, createFederation, createMember, createSection, skillsProfileBody, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { checkPage, expectFocusLands, expectRefusedAgain, fieldState, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, statusAnnouncements, step } from './support/portal';

/**
 * Issue 18, « Compétences et réseaux » in the member portal: a member answers the census,
 * fills in her profile, reads the consent text and opts in, checks « ce que voient les
 * autres »; another member finds her in the directory; the staff's matching suggests her;
 * the coordinator of a network sees its members and exports the contact list. axe on
 * every page at 375 and 1280 px.
 */
let origin: string;
let browser: Browser;
let camille: TestMember; // fills in her profile
let paul: TestMember; // searches the directory
let staff: TestMember;
let coordinator: TestMember;
let federation: Awaited<ReturnType<typeof createFederation>>;
let skill: string;
let network: string;
const tag = `${Date.now() % 100000}`;

beforeAll(async () => {
  origin = await portalOrigin();
  federation = await createFederation();
  const section = await createSection(federation, 'Nîmes');
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  camille = await createMember({ federation, section, password: PASSWORD });
  paul = await createMember({ federation, section, password: PASSWORD });
  coordinator = await createMember({ federation, section, password: PASSWORD });
  const national = await createAccount('national-admin');
  const http = await api();
  const call = async (token: string, method: 'post' | 'put', path: string, body: object) => {
    const res = await http[method](`/api/skills${path}`).set(bearer(token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.data;
  };
  const parent = (await call(national.token, 'post', '/terms', { label: `Formation ${tag}`, kind: 'skill' })).slug;
  skill = (await call(national.token, 'post', '/terms', { label: `Animation de formation ${tag}`, kind: 'skill', parent, synonyms: ['animateur'] })).slug;
  await call(national.token, 'post', '/terms', { label: `Syndicats ${tag}`, kind: 'network' });
  await call(staff.token, 'post', '/censuses', { title: `Recensement des talents ${tag}`, closesOn: '2099-06-30' });
  network = (await call(staff.token, 'post', '/networks', { name: `Réseau des formateurs ${tag}`, description: 'Supports et échanges.', coordinators: [coordinator.member.documentId] })).slug;
  await call(coordinator.token, 'put', '/me/profile', skillsProfileBody({ visibility: 'federation', skills: [{ term: skill, level: 4 }], willingness: ['train'], hoursPerMonth: 20 }));
  await call(coordinator.token, 'post', '/me/consent', { version: '2026-12-v1' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Compétences et réseaux, in the browser', () => {
  it('a member answers the census: fills in her profile, opts in, checks what others see', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, camille.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Compétences' }).click();
    await page.waitForURL((url) => url.pathname === '/competences');
    await checkPage(session, 'skills-directory-empty');
    await page.getByRole('navigation', { name: 'Compétences et réseaux' }).getByRole('link', { name: 'Ma fiche' }).click();
    await step(session, 'skills-my-profile', async () => {
      await page.getByText(`Recensement des talents ${tag}`).waitFor();
      await page.getByText('opinion politique, article 9 du RGPD').waitFor();
      await page.getByLabel('Ajouter une compétence').selectOption(skill);
      await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await page.getByLabel(`Niveau en Animation de formation ${tag}`).selectOption('3');
      await page.getByLabel('Secteur d’activité', { exact: true }).fill('Enseignement');
      await page.getByLabel('Former d’autres adhérents').check();
      await page.getByLabel('Heures par mois, à peu près').fill('8');
      await page.getByLabel('Ma fiche est visible par').selectOption('federation');
      await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
      await page.getByText('Fiche enregistrée.').waitFor();
    });
    await checkPage(session, 'skills-my-profile');
    await step(session, 'skills-consent', async () => {
      // « Retirer mon consentement » takes the place of the button pressed (the same element, its words changed): focus stays on it, not on the page itself.
      await expectFocusLands(
        page.getByRole('button', { name: 'J’accepte et je figure dans l’annuaire' }),
        () => page.getByText('Votre fiche figure dans l’annuaire.').waitFor(),
        page.getByRole('button', { name: 'Retirer mon consentement' })
      );
      const preview = page.locator('section', { has: page.getByRole('heading', { name: 'Ce que voient les autres', level: 2 }) });
      await preview.getByText('Enseignement').waitFor();
      await preview.getByLabel('Vu par').selectOption('member');
      await preview.getByText('Cette personne ne voit pas votre fiche.').waitFor();
    });
    await checkPage(session, 'skills-consent');
    await step(session, 'skills-consent-withdrawn', async () => {
      // Withdrawn, then given again: each time the button pressed gives way to the other one, and
      // focus goes to it, never to the page itself; each change is told once.
      const accept = page.getByRole('button', { name: 'J’accepte et je figure dans l’annuaire' });
      const withdraw = page.getByRole('button', { name: 'Retirer mon consentement' });
      for (const [button, landing, told] of [
        [withdraw, accept, 'Consentement retiré : votre fiche n’apparaît plus dans l’annuaire ni dans la recherche.'],
        [accept, withdraw, 'Merci : votre fiche figure désormais dans l’annuaire, pour les personnes que vous avez choisies.'],
      ] as const) {
        await markMessages(page);
        await expectFocusLands(button, () => landing.waitFor(), landing);
        await expect.poll(() => statusAnnouncements(page), { timeout: 15_000 }).toEqual([told]);
      }
    });
  }, 120_000);

  it('the hours refused by the API (or typed in words) show their French error beside the field, gone once it changes', async () => {
    const lea = await createMember({ federation, password: PASSWORD });
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, lea.user.email, PASSWORD, '/competences/ma-fiche');
    const hours = page.getByLabel('Heures par mois, à peu près');
    /** The field's error as its control announces it (aria-describedby), or null. */
    const describedError = () =>
      hours.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id))
          .find((el) => el?.classList.contains('field-error'))?.textContent ?? null
      );
    await step(session, 'skills-hours-refused', async () => {
      await hours.fill('250');
      await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
      await page.getByText('Heures par mois : de 0 à 200.').waitFor();
      expect(await describedError()).toBe('Heures par mois : de 0 à 200.');
      expect(await hours.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByText('Fiche enregistrée.').count()).toBe(0);
      await checkPage(session, 'skills-hours-refused');
      // Changed, the field no longer carries the refusal; put back, it does again.
      await hours.fill('25');
      expect(await page.getByText('Heures par mois : de 0 à 200.').count()).toBe(0);
      expect(await describedError()).toBeNull();
      expect(await hours.getAttribute('aria-invalid')).toBeNull();
      await hours.fill('250');
      expect(await describedError()).toBe('Heures par mois : de 0 à 200.');
    });
    const form = page.getByRole('form', { name: 'Ma fiche compétences' });
    const hint = 'Un nombre entier, de 0 à 200 ; vide si vous ne savez pas.';
    await step(session, 'skills-hours-refused-again', async () => {
      // Sent again as it is: the API's same refusal is announced again (its message mounted anew,
      // role="alert"), and focus comes back to the field from the button.
      await expectRefusedAgain(page.getByRole('button', { name: 'Enregistrer ma fiche' }), form, 'Heures par mois : de 0 à 200.', {
        check: async () => expect(await fieldState(hours)).toEqual({ invalid: 'true', describedBy: `${hint} | Heures par mois : de 0 à 200.`, live: ' | alert', marked: false, focused: true }),
      });
      // Two fields refused at once: one announcement, the first field's; the second is described, not announced.
      const languages = page.getByLabel('Langues (codes de deux lettres : fr, en, es…)');
      await languages.fill('xyz');
      await expectRefusedAgain(page.getByRole('button', { name: 'Enregistrer ma fiche' }), form, 'Heures par mois : de 0 à 200.', {
        messages: 2,
        check: async () => {
          expect(await form.getByRole('alert').allTextContents()).toEqual(['Heures par mois : de 0 à 200.']);
          expect(await fieldState(hours)).toMatchObject({ invalid: 'true', live: ' | alert', focused: true });
          expect(await fieldState(languages)).toEqual({ invalid: 'true', describedBy: 'Langue : un code de deux lettres (fr, en…).', live: '', marked: false, focused: false });
        },
      });
      await languages.fill('');
    });
    await step(session, 'skills-hours-words', async () => {
      // Typed in words: sent as typed, never emptied into « no hours » without a word.
      await hours.fill('huit');
      await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
      await page.getByText('Heures par mois : un nombre entier.').waitFor();
      expect(await describedError()).toBe('Heures par mois : un nombre entier.');
      await hours.fill('8');
      expect(await describedError()).toBeNull();
      await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
      await page.getByText('Fiche enregistrée.').waitFor();
    });
  }, 90_000);

  it('another member of the federation finds her in the directory, by a synonym', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, paul.user.email, PASSWORD, '/competences');
    await step(session, 'skills-search', async () => {
      await page.getByLabel('Mots (compétence, réseau, nom)').fill('animateur');
      await page.getByRole('button', { name: 'Rechercher dans l’annuaire' }).click();
      await page.getByRole('link', { name: `${camille.member.firstName} ${camille.member.lastName}` }).waitFor();
    });
    await checkPage(session, 'skills-search');
    await page.getByRole('link', { name: `${camille.member.firstName} ${camille.member.lastName}` }).click();
    await page.getByRole('heading', { name: `${camille.member.firstName} ${camille.member.lastName}`, level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).toContain('3/4');
    await checkPage(session, 'skills-profile');
  }, 90_000);

  it('staff ask who can run a training: the matching suggests the coordinator first; the census shows masked figures', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, staff.user.email, PASSWORD, '/competences/equipe');
    await step(session, 'skills-staff', async () => {
      await page.getByLabel('Compétence recherchée').selectOption(skill);
      await page.getByRole('button', { name: 'Suggérer des personnes' }).click();
      const list = page.getByRole('list', { name: 'Suggestions, les plus pertinentes d’abord' });
      await list.getByRole('link').first().waitFor();
      expect(await list.getByRole('link').first().textContent()).toBe(`${coordinator.member.firstName} ${coordinator.member.lastName}`);
      await page.getByRole('table', { name: /Avancement par section/ }).first().waitFor();
      expect(await page.getByRole('table', { name: /Avancement par section/ }).first().textContent()).toContain('moins de 5');
      // « 34 fiches sur 58 adhérents (58,6 %) », « moins de 5 fiches »: never « fiche(s) », nor « 58.6 % ».
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toMatch(/ · (moins de 5|\d+) fiches? sur (moins de 5|\d+) adhérents?/);
      expect(main).not.toContain('(s)');
      expect(main).not.toMatch(/\d\.\d+ %/);
    });
    await checkPage(session, 'skills-staff');
  }, 90_000);

  it('a member opening the staff page by its address reads that it is for staff; the API is not asked (no raw 403)', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    const asked: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/skills/') && response.status() >= 400) asked.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await signIn(session, origin, paul.user.email);
    await page.goto(`${origin}/competences/equipe`);
    await page.getByRole('alert').filter({ hasText: 'Cette page est réservée à l’équipe fédérale et aux administrateurs nationaux.' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Lancer le recensement' }).count()).toBe(0);
    expect(asked).toEqual([]);
    await checkPage(session, 'skills-staff-refused');
  }, 90_000);

  it('a member joins the network; its coordinator sees the members and exports the contact list', async () => {
    const member = await newPortalPage(browser);
    await signIn(member, origin, camille.user.email, PASSWORD, `/competences/reseaux/${network}`);
    await step(member, 'skills-network-join', async () => {
      await member.page.getByLabel('Adresse e-mail').check();
      await member.page.getByRole('button', { name: 'Rejoindre le réseau' }).click();
      await member.page.getByText('Vous avez rejoint le réseau.').waitFor();
      await member.page.getByRole('heading', { name: 'Membres du réseau', level: 2 }).waitFor();
    });
    await checkPage(member, 'skills-network-member');
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, coordinator.user.email, PASSWORD, '/competences/reseaux');
    await page.getByRole('link', { name: `Réseau des formateurs ${tag}` }).click();
    await step(session, 'skills-network', async () => {
      await page.getByRole('heading', { name: 'Membres du réseau', level: 2 }).waitFor();
      await page.getByText(camille.user.email).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Exporter la liste de contacts (CSV)' }).click();
      expect((await download).suggestedFilename()).toBe(`reseau-${network}.csv`);
    });
    await checkPage(session, 'skills-network');
    // The member leaves: « Quitter le réseau » goes, focus goes to « Rejoindre le réseau » (the button before it), not to the page itself.
    await step(member, 'skills-network-leave', async () => {
      await expectFocusLands(
        member.page.getByRole('button', { name: 'Quitter le réseau' }),
        () => member.page.getByText('Vous avez quitté le réseau.').waitFor(),
        member.page.getByRole('button', { name: 'Rejoindre le réseau' })
      );
    });
  }, 90_000);
});
