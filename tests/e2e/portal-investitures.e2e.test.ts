import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createFederation, createMember, createSection, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { checkPage, expectFocusLands, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step } from './support/portal';
import { parisDay } from '../support/dates';
import { frenchDate } from '@intranet-militant/shared';

/**
 * Issue 19, « Investitures et désignations » in the member portal: a member applies to a
 * municipal list, signs the pledge and follows the checks staff record; members vote in a
 * closed vote on a phone, get their receipt, and read the results recounted in the browser;
 * staff read the parity (first breach named) and the masked indicators; a binôme's running mate
 * accepts the proposal. axe on every page.
 */
let origin: string;
let browser: Browser;
let staff: TestMember;
let candidate: TestMember;
let voter: TestMember;
let list: string;
let vote: string;
const day = parisDay;

beforeAll(async () => {
  origin = await portalOrigin();
  const strapi = await bootStrapi();
  const federation = await createFederation();
  const section = await createSection(federation, 'Nîmes');
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  candidate = await createMember({ federation, section, password: PASSWORD, joinedOn: day(-400) });
  voter = await createMember({ federation, section, password: PASSWORD, joinedOn: day(-400) });
  await strapi.db.query('plugin::membership.member').update({ where: { id: candidate.member.id }, data: { sex: 'F', birthYear: 1980 } });
  const http = await api();
  const call = async (token: string, path: string, body: object = {}) => {
    const res = await http.post(`/api/investitures${path}`).set(bearer(token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.data;
  };
  const open = { candidaciesOpenOn: day(-2), candidaciesCloseOn: day(8), checksBy: day(10), decisionOn: day(20) };
  // A real commune of the federation's department (its chef-lieu: 30189 Nîmes in the Gard): the plugin checks the code exists.
  const chefLieu = (require('@etalab/decoupage-administratif/data/departements.json') as { code: string; chefLieu: string }[]).find((d) => d.code === federation.departmentCode)!.chefLieu;
  list = (await call(staff.token, '/designations', { title: 'Municipales — liste de Nîmes', kind: 'municipales', territoryCode: chefLieu, territoryName: 'Nîmes', seats: 6, decidedBy: 'body', ...open })).documentId;
  // Two others on the list, two men in a row at positions 2 and 3.
  for (const [position, sex] of [[2, 'M'], [3, 'M']] as const) {
    const m = await createMember({ federation, section });
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { sex } });
    await call(m.token, `/designations/${list}/candidacies`, { position, statement: 'Sur la liste.' });
  }
  // A closed vote among three candidates meeting their criteria.
  vote = (await call(staff.token, '/designations', { title: 'Premier·ère secrétaire fédéral·e', kind: 'premier-secretaire-federal', decidedBy: 'members', voteMethod: 'single', ...open })).documentId;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = await createMember({ federation, section, joinedOn: day(-400) });
    const c = await call(m.token, `/designations/${vote}/candidacies`, { statement: `Candidature ${i + 1}` });
    await call(staff.token, `/candidacies/${c.documentId}/checks/standing`);
    await call(staff.token, `/candidacies/${c.documentId}/checks/cumul`);
    ids.push(c.documentId);
  }
  await strapi.db.query('plugin::investitures.designation').update({ where: { documentId: vote }, data: { candidaciesOpenOn: day(-20), candidaciesCloseOn: day(-1), checksBy: day(-1), decisionOn: day(0) } });
  await call(staff.token, `/designations/${vote}/vote/open`);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Investitures in the browser', () => {
  it('a member applies to the list, signs the pledge and follows the checks', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, candidate.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Investitures' }).click();
    await page.waitForURL((url) => url.pathname === '/investitures');
    await checkPage(session, 'investitures-list');
    await page.getByRole('link', { name: 'Municipales — liste de Nîmes' }).click();
    await step(session, 'investitures-apply', async () => {
      await page.getByLabel('Position sur la liste').fill('2');
      await page.getByLabel('Déclaration de candidature').fill('Engagée pour les quartiers de Nîmes.');
      await page.getByRole('button', { name: 'Déposer ma candidature' }).click();
      await page.getByText('Cette position de la liste est déjà prise.').waitFor();
      await page.getByLabel('Position sur la liste').fill('1');
      await page.getByRole('button', { name: 'Déposer ma candidature' }).click();
      await page.getByText('Candidature déposée — position 1').waitFor();
      await page.getByRole('button', { name: 'Signer l’engagement' }).click();
      await page.getByText('Cochez « J’accepte » pour signer l’engagement.').waitFor();
      await page.getByLabel('J’accepte cet engagement').check();
      await page.getByRole('button', { name: 'Signer l’engagement' }).click();
      await page.getByText(/Engagement \(version \d+\) signé le/).waitFor();
    });
    await checkPage(session, 'investitures-candidacy');
    await session.context.close();
  }, 90_000);

  it('staff record the checks and read the parity and the indicators', async () => {
    const session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, staff.user.email);
    await page.goto(`${origin}/investitures/${list}`);
    await step(session, 'investitures-staff-checks', async () => {
      await page.getByRole('heading', { name: 'Candidatures (équipe)', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Vérifier la cotisation' }).first().click();
      await page.getByText('Adhérent·e à jour de cotisation, sans suspension.').first().waitFor();
    });
    await checkPage(session, 'investitures-staff-checks');
    await page.getByRole('link', { name: 'Parité et indicateurs de cette désignation' }).click();
    await step(session, 'investitures-parity', async () => {
      await page.getByText(/Position 3 \(.*\) : un homme après un homme en position 2/).waitFor();
      await page.getByText('Les effectifs de moins de 5 sont masqués.').waitFor();
      // Counts agree with their nouns (« 1 candidature », « 0 circonscription »), never « (s) ».
      await page.getByText(/^\d+ candidatures?\. Les effectifs/).waitFor();
      await page.getByText(/^\d+ circonscriptions?\./).waitFor();
      expect(await page.locator('main').textContent()).not.toContain('(s)');
    });
    await checkPage(session, 'investitures-parity');
    await session.context.close();
  }, 90_000);

  it('a member votes on a phone, keeps the receipt, and reads the recounted results', async () => {
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, voter.user.email);
    await page.goto(`${origin}/investitures/${vote}`);
    let receipt = '';
    await step(session, 'investitures-vote', async () => {
      await page.getByRole('heading', { name: 'Vote — tour 1', level: 2 }).waitFor();
      await page.getByRole('radio').first().check();
      // The receipt replaces the form: focus moves to it (the notice's frame), not to the page itself.
      const notice = page.locator('.notice-success', { hasText: /Vote enregistré\. Votre reçu/ });
      await expectFocusLands(page.getByRole('button', { name: 'Voter' }), () => notice.waitFor(), notice.locator('xpath=..'));
      const text = (await page.getByText(/Vote enregistré\. Votre reçu/).textContent()) ?? '';
      receipt = /[0-9a-f]{64}/.exec(text)?.[0] ?? '';
      expect(receipt).toMatch(/^[0-9a-f]{64}$/);
    });
    await checkPage(session, 'investitures-vote');
    const http = await api();
    const close = await http.post(`/api/investitures/designations/${vote}/vote/close`).set(bearer(staff.token)).send({});
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    await page.goto(`${origin}/investitures/${vote}/resultats`);
    await step(session, 'investitures-results', async () => {
      await page.getByText(/Recompté dans votre navigateur à partir des 1 bulletins publiés : même résultat\./).waitFor();
      await page.getByLabel('Retrouver mon bulletin (reçu du tour 1)').fill(receipt);
      await page.getByText(/Bulletin trouvé/).waitFor();
    });
    await checkPage(session, 'investitures-results');
    // Decided: the designation's page shows the day it was made, no longer the planned one.
    await page.goto(`${origin}/investitures/${vote}`);
    await page.getByText(`faite le ${frenchDate(day(0))} — vote des adhérents`).waitFor();
    await session.context.close();
  }, 90_000);

  it('a member named as a binôme’s running mate reads the proposal and accepts it; the candidate then reads the agreement', async () => {
    // A federation of a département that elects a departmental council (its canton 01).
    const federation = await createFederation({ where: (code) => /^\d\d$/.test(code) && code !== '75' });
    const section = await createSection(federation, 'Canton');
    const fedStaff = await createMember({ federation, section, role: 'federation-staff' });
    const binomeCandidate = await createMember({ federation, section, password: PASSWORD, joinedOn: day(-400) });
    const mate = await createMember({ federation, section, password: PASSWORD, joinedOn: day(-400) });
    const http = await api();
    const call = async (token: string, path: string, body: object = {}) => {
      const res = await http.post(`/api/investitures${path}`).set(bearer(token)).send(body);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body.data;
    };
    const open = { candidaciesOpenOn: day(-2), candidaciesCloseOn: day(8), checksBy: day(10), decisionOn: day(20) };
    const designation = (await call(fedStaff.token, '/designations', { title: 'Départementales — canton 1', kind: 'departementales', territoryCode: `${federation.departmentCode}-01`, decidedBy: 'body', ...open })).documentId;
    await call(binomeCandidate.token, `/designations/${designation}/candidacies`, { statement: 'Un binôme pour le canton.', runningMate: mate.member.documentId });
    const candidateName = `${binomeCandidate.member.firstName} ${binomeCandidate.member.lastName}`;
    const session = await newPortalPage(browser, 375);
    const { page } = session;
    await signIn(session, origin, mate.user.email);
    await page.goto(`${origin}/investitures/${designation}`);
    await step(session, 'investitures-running-mate', async () => {
      await page.getByRole('heading', { name: 'Proposition de colistier·ère', level: 2 }).waitFor();
      await page.getByText(`Vous êtes proposé·e comme colistier·ère de ${candidateName}.`).waitFor();
      await page.getByRole('button', { name: 'Je décline' }).waitFor();
    });
    await checkPage(session, 'investitures-running-mate');
    await step(session, 'investitures-running-mate-accepted', async () => {
      await page.getByRole('button', { name: 'J’accepte' }).click();
      await page.getByText(`Accord du ou de la colistier·ère donné le ${frenchDate(day(0))}. Candidature déposée.`).waitFor();
      expect(await page.getByRole('button', { name: 'J’accepte' }).count()).toBe(0);
    });
    await checkPage(session, 'investitures-running-mate-accepted');
    await session.context.close();
    // The candidate reads the agreement beside their running mate's name and the criterion met.
    const own = await newPortalPage(browser);
    await signIn(own, origin, binomeCandidate.user.email);
    await own.page.goto(`${origin}/investitures/${designation}`);
    await own.page.getByText(`Colistier·ère : ${mate.member.firstName} ${mate.member.lastName} — Accord du ou de la colistier·ère donné le ${frenchDate(day(0))}`).waitFor();
    await own.page.getByText(`Accord donné le ${frenchDate(day(0))}.`).waitFor();
    await own.context.close();
  }, 120_000);
});
