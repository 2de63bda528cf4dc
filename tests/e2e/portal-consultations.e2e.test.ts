import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../support/expect';
import { api, bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, thisYear, type TestMember } from '../support/factories';
import { advance, consultationInEvaluation, consultationInVote, contribute, openConsultation, quickQuestion } from '../../plugins/consultations/tests/support/consultations';
import { announcements, checkPage, expectFocusLands, expectGroupCleared, expectGroupRefused, expectRefusedAgain, expectSuccessAnnounced, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, statusAnnouncements, step, type PortalSession } from './support/portal';

/**
 * Issue 12, the consultations in the member portal, in a real browser: a member contributes
 * and sees a similar contribution while typing; grades every proposal; votes, keeps the
 * receipt and finds it among the published ballots after the close; answers a quick
 * question; an unpaid member is told why they cannot vote. Every page passes axe at 375 and
 * 1280 px. Each journey is seeded here, from an empty database.
 */
let origin: string;
let browser: Browser;
let staff: TestMember;
let member: TestMember;
let other: TestMember;
let unpaid: TestMember;
const sessions: PortalSession[] = [];

beforeAll(async () => {
  origin = await portalOrigin();
  const strapi = await bootStrapi();
  const federation = await createFederation({ name: 'Gard (portail consultations)' });
  const section = await createSection(federation, 'Nîmes');
  await strapi.plugin('modules').service('switches').set(federation.id, 'consultations', true);
  staff = await createMember({ federation, section, role: 'federation-staff', joinedOn: '2015-01-10' });
  member = await createMember({ federation, section, password: PASSWORD, joinedOn: '2018-02-01' });
  other = await createMember({ federation, section, password: PASSWORD, joinedOn: '2019-02-01' });
  unpaid = await createMember({ federation, section, password: PASSWORD, paidYears: [thisYear() - 1], joinedOn: '2018-05-05' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
});

async function signedIn(who: TestMember): Promise<PortalSession> {
  const session = await newPortalPage(browser, 375);
  sessions.push(session);
  await signIn(session, origin, who.user.email);
  return session;
}

describe('consultations in the member portal', () => {
  it('a member contributes, seeing a similar contribution while typing, then edits it', async () => {
    const id = await openConsultation(staff, { title: 'Transports et vie de la fédération' });
    await contribute(other, id, 'Gratuité des bus', 'La gratuité des transports en commun dans l’agglomération.');
    await contribute(other, id, 'Un journal interne', 'Une lettre d’information mensuelle.');
    const s = await signedIn(member);
    const { page } = s;

    await step(s, 'consultations-home', async () => {
      await page.getByRole('heading', { name: 'Consultations en cours' }).waitFor();
      await page.getByRole('link', { name: 'Contribuer' }).first().waitFor();
      await checkPage(s, 'consultations-home');
    });

    await step(s, 'consultations-list', async () => {
      await page.getByRole('link', { name: 'Consultations', exact: true }).first().click().catch(async () => page.goto(`${origin}/consultations`));
      await page.waitForURL(`${origin}/consultations`);
      await page.getByRole('link', { name: 'Transports et vie de la fédération' }).waitFor();
      await checkPage(s, 'consultations-list');
    });

    await step(s, 'consultation-detail', async () => {
      await page.getByRole('link', { name: 'Transports et vie de la fédération' }).click();
      await page.getByRole('heading', { name: 'Calendrier' }).waitFor();
      await page.getByText('Vous pouvez participer').waitFor();
      await page.getByText('Commission du projet').first().waitFor();
      await checkPage(s, 'consultation-detail');
    });

    await step(s, 'contribute', async () => {
      await page.goto(`${origin}/consultations/${id}/contribuer`);
      await page.getByLabel('Titre').fill('Des bus gratuits pour tous');
      await page.getByLabel('Votre contribution').pressSequentially('Rendre les bus gratuits', { delay: 20 });
      await page.locator('#similar-list').getByText('Gratuité des bus').waitFor({ timeout: 10_000 });
      expect(await page.locator('#similar-list').innerText()).not.toContain('Un journal interne');
      await checkPage(s, 'contribute');
      await page.getByRole('button', { name: 'Déposer ma contribution' }).click();
      await page.getByText('Votre contribution « Des bus gratuits pour tous » est déposée').waitFor();
    });

    await step(s, 'contribution-edit', async () => {
      await page.goto(`${origin}/consultations/${id}`);
      await page.getByRole('link', { name: 'Modifier ou retirer « Des bus gratuits pour tous »' }).click();
      await page.getByRole('heading', { name: 'Modifier ma contribution' }).waitFor();
      await page.getByLabel('Titre').fill('Des bus gratuits pour tous, partout');
      await page.locator('#similar-list').getByText('Gratuité des bus').waitFor({ timeout: 10_000 });
      await checkPage(s, 'contribution-edit');
      // The form stays, ready for another change: the success is announced (role="status")
      // without taking focus, left on the button; saved again, announced again.
      const save = page.getByRole('button', { name: 'Enregistrer les modifications' });
      await expectSuccessAnnounced(save, 'Modifications enregistrées.');
      await expectSuccessAnnounced(save, 'Modifications enregistrées.');
      expect(await page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).count()).toBe(1);
      await checkPage(s, 'contribution-saved');
    });

    await step(s, 'contribution-withdraw', async () => {
      await page.getByRole('button', { name: 'Retirer', exact: true }).click();
      await page.getByRole('button', { name: 'Confirmer le retrait' }).waitFor();
      await checkPage(s, 'contribution-withdraw');
      await page.getByRole('button', { name: 'Confirmer le retrait' }).click();
      await page.waitForURL(`${origin}/consultations/${id}`);
      await page.getByText('Vous l’avez retirée.').waitFor();
    });
  }, 150_000);

  it('« Accueil » asks the open consultations once, for the consultations card and « Mon adhésion » together', async () => {
    await openConsultation(staff, { title: 'Consultation lue une fois' });
    const session = await newPortalPage(browser, 375);
    sessions.push(session);
    const { page } = session;
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/consultations/open') asked.push(`${request.method()} ${url.pathname}${url.search}`);
    });
    const homeShown = async () => {
      await page.locator('.home-grid:not([hidden])').waitFor();
      await page.getByRole('heading', { name: 'Consultations en cours' }).waitFor();
      await page.getByRole('heading', { name: 'Mon adhésion' }).waitFor();
      await page.getByRole('link', { name: 'Consultation lue une fois' }).waitFor();
      await page.waitForLoadState('networkidle');
    };
    await step(session, 'home-one-open-read', async () => {
      // Coming to « Accueil » from the sign-in page (the reads start on arrival)…
      await signIn(session, origin, member.user.email);
      await homeShown();
      expect(asked, 'open consultations asked on arriving at « Accueil »').toHaveLength(1);
      // …and loading it cold (the reads start with the session, before React mounts).
      asked.length = 0;
      await page.goto(`${origin}/`);
      await homeShown();
      expect(asked, 'open consultations asked on a load of « Accueil »').toHaveLength(1);
    });
  }, 150_000);

  it('a member grades every proposal on both axes (progress reaches M / M)', async () => {
    const { id, proposals } = await consultationInEvaluation(staff, [
      [other, 'Transports en commun gratuits', 'Des bus gratuits pour les jeunes.'],
      [other, 'Centres de santé', 'Des médecins salariés dans les déserts médicaux.'],
      [other, 'Un journal interne', 'Une lettre d’information mensuelle.'],
    ]);
    const s = await signedIn(member);
    const { page } = s;
    await step(s, 'grading', async () => {
      // The home page says what is left before anything is graded (« 0 / 3 »).
      await page.goto(`${origin}/`);
      await page.getByRole('link', { name: `Évaluer : 0 / ${proposals.length} propositions notées` }).waitFor();
      await page.goto(`${origin}/consultations/${id}/evaluation`);
      await page.getByText(`0 / ${proposals.length} propositions notées`).waitFor();
      await checkPage(s, 'grading');
      const groups = page.locator('fieldset.proposal-grades');
      expect(await groups.count()).toBe(proposals.length);
      for (let i = 0; i < proposals.length; i++) {
        const group = groups.nth(i);
        await group.getByRole('group', { name: 'Impact attendu' }).getByLabel('4 · Fort').check();
        await group.getByRole('group', { name: 'Effort de mise en œuvre' }).getByLabel('2 · Faible').check();
      }
      // Nothing left to save: the button is disabled yet keeps focus (aria-disabled), rather than leaving it to the page itself.
      const saveAll = page.getByRole('button', { name: /Enregistrer toutes les notes/ });
      const allGraded = `${proposals.length} / ${proposals.length} propositions notées sur les deux axes. Merci, vous avez tout évalué.`;
      await markMessages(page);
      await expectFocusLands(saveAll, () => page.getByText(`${proposals.length} / ${proposals.length} propositions notées`).first().waitFor(), saveAll);
      expect(await saveAll.getAttribute('aria-disabled')).toBe('true');
      // The save told once, with the progress it leaves: the progress on the page (changed by the
      // same save) is no second live region.
      await expect.poll(() => statusAnnouncements(page)).not.toEqual([]);
      await page.waitForTimeout(300);
      expect(await statusAnnouncements(page)).toEqual([`${proposals.length} notes enregistrées. ${allGraded}`]);
      // Change one grade, saved on its own: told beside its button (the progress unchanged), focus
      // left on the button its save leaves disabled.
      await groups.nth(0).getByRole('group', { name: 'Impact attendu' }).getByLabel('5 · Très fort').check();
      await expectSuccessAnnounced(groups.nth(0).getByRole('button', { name: /Enregistrer la note de la proposition/ }), `Note enregistrée. ${allGraded}`);
      await groups.nth(0).getByText('Notée', { exact: true }).waitFor();
      await checkPage(s, 'grading-done');
    });
    await page.reload();
    await page.getByText(`${proposals.length} / ${proposals.length} propositions notées`).waitFor();
    expect(await page.locator('fieldset.proposal-grades').nth(0).getByLabel('5 · Très fort').isChecked()).toBe(true);
    // The home page tells what is left to do.
    await page.goto(`${origin}/`);
    await page.getByText(`toutes les propositions sont notées (${proposals.length} / ${proposals.length})`).waitFor();
  }, 150_000);

  it('a member votes, keeps the receipt, and finds it among the published ballots after the close', async () => {
    const { id } = await consultationInVote(staff, [
      [other, 'Transports en commun gratuits', 'Des bus gratuits pour les jeunes.'],
      [other, 'Centres de santé', 'Des médecins salariés dans les déserts médicaux.'],
    ], [other]);
    const s = await signedIn(member);
    const { page } = s;
    let receipt = '';
    await step(s, 'synthesis', async () => {
      await page.goto(`${origin}/consultations/${id}/synthese`);
      await page.getByRole('heading', { name: /Partie 1 :/ }).waitFor();
      await page.getByText(/Provenance/).first().waitFor();
      await checkPage(s, 'synthesis');
    });
    await step(s, 'results', async () => {
      await page.goto(`${origin}/consultations/${id}/resultats`);
      await page.getByRole('heading', { name: 'Classement' }).waitFor();
      await page.locator('figure.chart img').waitFor();
      // Impact against effort, each proposal in its quadrant.
      await page.getByRole('heading', { name: 'Quadrants' }).waitFor();
      expect(await page.getByRole('region', { name: 'Quadrants' }).getByText('Transports en commun gratuits').count()).toBeGreaterThan(0);
      await checkPage(s, 'results');
    });
    await step(s, 'results-chart-on-a-phone', async () => {
      // On a 390 px phone the chart spans the card (it was drawn 226 px wide, its labels ~5 px)…
      await page.setViewportSize({ width: 390, height: 844 });
      const chart = page.locator('figure.chart img');
      const drawn = (await chart.boundingBox())!.width;
      expect(drawn, 'the chart’s width on a 390 px screen').toBeGreaterThanOrEqual(340);
      // …and its text, drawn that wide, reads at 11 px or more: the same SVG is laid out in a
      // page of that width (its media queries then see what they see in the image).
      const read = await (await api()).get(`/api/consultations/${id}/results/chart.svg`).set(bearer(member.token)).buffer(true).parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => cb(null, text));
      });
      expect(read.status).toBe(200);
      const svg = String(read.body);
      const probe = await s.context.newPage();
      await probe.setViewportSize({ width: Math.floor(drawn), height: 800 });
      await probe.setContent(`<!doctype html><style>body{margin:0}svg{display:block;width:100%;height:auto}</style>${svg}`);
      const sizes = (await probe.evaluate(
        // The text's scale on screen, rotated or not (the vertical axis' title is turned a quarter).
        `[...document.querySelectorAll('svg text')].map((t) => { const m = t.getScreenCTM(); return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) }; })`
      )) as { text: string; px: number }[];
      await probe.close();
      expect(sizes.length).toBeGreaterThan(10);
      expect(sizes.filter((t) => t.px < 11), 'chart text under 11 px on a 390 px phone').toEqual([]);
      await page.setViewportSize({ width: 375, height: 900 });
    });
    await step(s, 'vote', async () => {
      await page.goto(`${origin}/consultations/${id}/vote`);
      const group = page.getByRole('group', { name: 'Votre vote sur la synthèse' });
      await group.waitFor();
      await checkPage(s, 'vote');
      // Nothing chosen: the group says so (its description), and the message goes once a choice is made.
      await markMessages(page);
      await page.getByRole('button', { name: 'Vérifier mon vote' }).click();
      await page.getByText('Choisissez pour, contre ou abstention.').waitFor();
      // Every input in error, described by the message, which is announced (role="alert"); focus on the group's first input.
      await expectGroupRefused(group, 'Choisissez pour, contre ou abstention.');
      expect(await announcements(page)).toEqual(['Choisissez pour, contre ou abstention.']);
      // Sent again with nothing chosen: the same message is announced again (a new alert) and focus comes back from the button.
      await expectRefusedAgain(page.getByRole('button', { name: 'Vérifier mon vote' }), group, 'Choisissez pour, contre ou abstention.');
      await page.getByLabel('Pour', { exact: true }).check();
      await expect.poll(() => page.getByText('Choisissez pour, contre ou abstention.').count()).toBe(0);
      await expectGroupCleared(group);
      await page.getByRole('button', { name: 'Vérifier mon vote' }).click();
      await page.getByRole('heading', { name: 'Confirmez votre vote' }).waitFor();
      await checkPage(s, 'vote-confirm');
      await page.getByRole('button', { name: 'Confirmer et voter' }).click();
      receipt = (await page.getByTestId('receipt').innerText()).trim();
      expect(receipt).toMatch(/^[0-9a-f]{64}$/);
      await page.getByRole('button', { name: 'Copier le reçu' }).waitFor();
      await checkPage(s, 'vote-receipt');
      // « Copier le reçu » tells what it did (role="status"), focus left on the button; pressed
      // again, the same words are announced again (headless, the clipboard may refuse: the
      // message then says so).
      const copy = page.getByRole('button', { name: 'Copier le reçu' });
      await expectSuccessAnnounced(copy, /^(Reçu copié\.|Copie impossible ici)/);
      await expectSuccessAnnounced(copy, /^(Reçu copié\.|Copie impossible ici)/);
    });
    await advance(staff, id, 'vote');
    await step(s, 'vote-result', async () => {
      await page.goto(`${origin}/consultations/${id}/vote`);
      await page.getByRole('heading', { name: 'Résultat officiel' }).waitFor();
      await checkPage(s, 'vote-result');
    });
    await step(s, 'ballots', async () => {
      await page.goto(`${origin}/consultations/${id}/bulletins`);
      // The form stays: each answer, found or not, is announced by a status region always in
      // the page, focus left on the button; the same lookup again, the same answer again.
      const find = page.getByRole('button', { name: 'Rechercher mon bulletin' });
      await page.getByLabel('Votre reçu').fill('0'.repeat(64));
      await expectSuccessAnnounced(find, /^Aucun bulletin ne porte ce reçu\. Vérifiez qu’il est complet ;/);
      await expectSuccessAnnounced(find, /^Aucun bulletin ne porte ce reçu\. Vérifiez qu’il est complet ;/);
      await page.getByLabel('Votre reçu').fill(receipt);
      await expectSuccessAnnounced(find, /^Votre bulletin est bien compté : Pour/);
      await expectSuccessAnnounced(find, /^Votre bulletin est bien compté : Pour/);
      expect(await page.getByRole('status').filter({ hasText: 'Votre bulletin est bien compté' }).count()).toBe(1);
      expect(await page.getByText('Votre bulletin est bien compté').locator('..').innerText()).toContain('Pour');
      await page.getByText('Le recomptage des bulletins publiés donne le même résultat').waitFor();
      await checkPage(s, 'ballots');
    });
    // The contributor sees what became of their contribution: proposal, synthesis part, vote.
    const author = await signedIn(other);
    await step(author, 'fate', async () => {
      await author.page.goto(`${origin}/consultations/${id}`);
      const mine = author.page.getByRole('region', { name: 'Mes contributions et leur devenir' });
      await mine.getByText(/Reprise dans la proposition n° \d+/).first().waitFor();
      const text = await mine.innerText();
      expect(text).toMatch(/Partie \d+ de la synthèse\./);
      expect(text).toMatch(/La synthèse a été (adoptée|rejetée) par le vote\./);
      await checkPage(author, 'fate');
    });
    await author.context.close();
  }, 150_000);

  it('a member answers a quick question; the result shows after the close', async () => {
    const id = await quickQuestion(staff);
    const s = await signedIn(member);
    const { page } = s;
    await step(s, 'quick-question', async () => {
      await page.goto(`${origin}/consultations/${id}`);
      await page.getByText('Faut-il tenir les réunions de section le samedi matin ?').first().waitFor();
      await page.getByRole('link', { name: 'Répondre à la question' }).first().click();
      const answer = page.getByRole('group', { name: 'Votre réponse' });
      await answer.waitFor();
      await checkPage(s, 'quick-question');
      // Nothing chosen: « Choisissez une réponse. » is announced, the answers are in error, focus on the first.
      await page.getByRole('button', { name: 'Vérifier mon vote' }).click();
      await page.getByText('Choisissez une réponse.').waitFor();
      await expectGroupRefused(answer, 'Choisissez une réponse.');
      await page.getByLabel('Non', { exact: true }).check();
      await page.getByRole('button', { name: 'Vérifier mon vote' }).click();
      await page.getByRole('button', { name: 'Confirmer et voter' }).click();
      await page.getByTestId('receipt').waitFor();
    });
    await advance(staff, id, 'vote');
    await step(s, 'quick-result', async () => {
      await page.goto(`${origin}/consultations/${id}/vote`);
      await page.getByRole('heading', { name: 'Résultat de la question' }).waitFor();
      await page.getByRole('row', { name: /Non/ }).getByText('1', { exact: true }).waitFor();
      await checkPage(s, 'quick-result');
      await page.getByRole('link', { name: /Retrouver mon reçu/ }).click();
      await page.getByRole('heading', { name: 'Recomptage' }).waitFor();
      await page.getByText('Le recomptage des bulletins publiés donne le même résultat').waitFor();
      await checkPage(s, 'quick-ballots');
    });
    await step(s, 'quick-no-evaluation', async () => {
      // A quick question has no evaluation: its results page asks nothing of the API's
      // results (answered 403) and points to the question's result.
      const asked: string[] = [];
      const record = (request: { url(): string }) => {
        const path = new URL(request.url()).pathname;
        if (path.startsWith(`/api/consultations/${id}/results`)) asked.push(path);
      };
      page.on('request', record);
      await page.goto(`${origin}/consultations/${id}/resultats`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { name: 'Résultats de l’évaluation' }).waitFor();
      await page.waitForLoadState('networkidle');
      page.off('request', record);
      expect(asked, 'evaluation results asked for a quick question').toEqual([]);
      await page.getByText('Une question rapide n’a pas d’évaluation des propositions').waitFor();
      await checkPage(s, 'quick-no-evaluation');
      await page.getByRole('link', { name: 'Voir le résultat de la question' }).click();
      await page.getByRole('heading', { name: 'Résultat de la question' }).waitFor();
    });
  }, 150_000);

  it('a member whose federation switched consultations off sees no menu entry, and the French reason on a deep link', async () => {
    const off = await createMember({ federation: await createFederation({ name: 'Lozère (sans consultations)' }), password: PASSWORD });
    const s = await signedIn(off);
    const { page } = s;
    await step(s, 'module-off', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.getByRole('link', { name: 'Consultations', exact: true }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Consultations en cours' }).count()).toBe(0);
      await page.goto(`${origin}/consultations/inconnue/vote`);
      await page.getByText('Le module « Consultations » n’est pas activé pour votre fédération.').waitFor();
      await checkPage(s, 'module-off');
    });
  }, 150_000);

  it('an unpaid member sees why they cannot vote', async () => {
    const { id } = await consultationInVote(staff, [[other, 'Transports en commun gratuits', 'Des bus gratuits pour les jeunes.']], [other], { title: 'Consultation sur les transports' });
    const s = await signedIn(unpaid);
    const { page } = s;
    await step(s, 'unpaid-home', async () => {
      // The home card tells the situation, not a task: no « À faire » for what they cannot do.
      const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Consultation sur les transports' }) });
      await item.getByText(`Vous ne pouvez pas y participer : cotisation ${thisYear()} non réglée.`, { exact: true }).waitFor();
      expect(await item.textContent()).not.toContain('À faire');
    });
    await step(s, 'unpaid-vote', async () => {
      await page.goto(`${origin}/consultations/${id}/vote`);
      await page.getByText('Vous ne pouvez pas participer à cette consultation').waitFor();
      await page.getByText(`cotisation ${thisYear()} non réglée`).waitFor();
      expect(await page.getByRole('button', { name: 'Vérifier mon vote' }).count()).toBe(0);
      await checkPage(s, 'unpaid-vote');
    });
    await step(s, 'unpaid-detail', async () => {
      await page.goto(`${origin}/consultations/${id}`);
      await page.getByText(`cotisation ${thisYear()} non réglée`).waitFor();
      await checkPage(s, 'unpaid-detail');
    });
  }, 150_000);
});
