import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/strapi';
import { createAccount, createFederation, createMember, createSection, skillsProfileBody, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { checkPage, expectFocusLands, launchBrowser, newPortalPage, PASSWORD, portalOrigin, signIn, step, type PortalSession } from './support/portal';
import { parisDate } from '@intranet-militant/shared';

/**
 * Issue 15, « Instances » in the member portal: the bureau's secretary finds her bodies, the
 * next meeting (with its ICS file) and the minutes to read; reads each member's attendance
 * indicator and the three-absence alert; marks the attendance sheet of a held meeting on a
 * phone and drafts its minutes; a member of the federation outside the bureau reads the
 * published minutes without their confidential item. axe on every bodies page.
 */
let origin: string;
let browser: Browser;
let secretary: TestMember;
let absentee: TestMember;
let reader: TestMember;
let staff: TestMember;
let session: PortalSession;
let bureau: string;
const ids: Record<string, string> = {};
const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
const at = (day: string) => `${day}T18:30:00+01:00`;

beforeAll(async () => {
  origin = await portalOrigin();
  const federation = await createFederation();
  const section = await createSection(federation, 'Nîmes');
  staff = await createMember({ federation, section, role: 'federation-staff', password: PASSWORD });
  secretary = await createMember({ federation, section, password: PASSWORD });
  absentee = await createMember({ federation, section });
  reader = await createMember({ federation, section, password: PASSWORD });
  const http = await api();
  const call = async (method: 'post' | 'put', path: string, body: object) => {
    const res = await http[method](`/api/bodies${path}`).set(bearer(staff.token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.data;
  };
  bureau = (await call('post', '/bodies', { name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: federation.documentId, seatCount: 8, secretariat: secretary.member.documentId })).documentId;
  for (const [key, m, role] of [['secretary', secretary, 'secretaire'], ['absentee', absentee, 'titulaire'], ['staff', staff, 'president']] as const) {
    ids[key] = (await call('post', `/bodies/${bureau}/seats`, { member: m.member.documentId, role, designation: 'elected-congress', startOn: daysAgo(200) })).documentId;
  }
  const meetings: string[] = [];
  for (const days of [120, 90, 60, 30]) {
    const meeting = (await call('post', `/bodies/${bureau}/meetings`, { startsAt: at(daysAgo(days)), place: 'Siège fédéral', agenda: [{ title: 'Budget' }] })).documentId;
    await call('post', `/meetings/${meeting}/status`, { status: 'held' });
    meetings.push(meeting);
  }
  // The absentee missed the last three; the last sheet is left for the secretary to mark.
  for (const [i, meeting] of meetings.slice(0, 3).entries()) {
    await call('put', `/meetings/${meeting}/attendance`, {
      rows: [
        { seat: ids.secretary, presence: 'present' },
        { seat: ids.staff, presence: 'remote' },
        { seat: ids.absentee, presence: i === 0 ? 'present' : 'absent' },
      ],
    });
  }
  await call('put', `/meetings/${meetings[0]}/minutes`, {
    summary: 'Le bureau a adopté le budget.',
    items: [
      { title: 'Budget', discussion: 'Débat nourri.', decisions: [{ text: 'Budget adopté', votesFor: 3, votesAgainst: 0, abstentions: 0 }] },
      { title: 'Situation d’un adhérent', discussion: 'Examinée à huis clos.', confidential: true },
    ],
  });
  const minutes = (await http.get(`/api/bodies/meetings/${meetings[0]}/minutes`).set(bearer(staff.token))).body.data.versions[0].documentId;
  await call('post', `/minutes/${minutes}/approve`, { atMeeting: meetings[1] });
  await call('post', `/minutes/${minutes}/publish`, {});
  ids.published = meetings[0];
  ids.toMark = meetings[3];
  ids.next = (await call('post', `/bodies/${bureau}/meetings`, { startsAt: at(daysAgo(-12)), remoteLink: 'https://visio.example.org/bureau' })).documentId;
  // The absentee misses the fourth too (marked later by the secretary in the browser).
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Instances: the bureau’s secretary, in the browser', () => {
  it('« Instances »: my bodies, the next meeting with its ICS file, the minutes to read', async () => {
    session = await newPortalPage(browser);
    const { page } = session;
    await signIn(session, origin, secretary.user.email);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Instances' }).click();
    await page.waitForURL((url) => url.pathname === '/instances');
    await step(session, 'bodies-mine', async () => {
      const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Mes instances', level: 2 }) });
      await mine.getByRole('link', { name: 'Bureau fédéral' }).waitFor();
      expect(await mine.textContent()).toContain('Secrétaire depuis le');
      const next = page.locator('section', { has: page.getByRole('heading', { name: 'Prochaines réunions', level: 2 }) });
      await next.getByRole('button', { name: 'Ajouter à mon agenda (.ics)' }).waitFor();
      const download = page.waitForEvent('download');
      await next.getByRole('button', { name: 'Ajouter à mon agenda (.ics)' }).click();
      expect((await download).suggestedFilename()).toMatch(/\.ics$/);
      const minutes = page.locator('section', { has: page.getByRole('heading', { name: 'Procès-verbaux à lire', level: 2 }) });
      await minutes.getByRole('link', { name: /Bureau fédéral — réunion du/ }).waitFor();
      // Every body the member may read (GET /api/bodies/bodies), not a « Ressource introuvable ».
      const all = page.locator('section', { has: page.getByRole('heading', { name: 'Toutes les instances', level: 2 }) });
      await all.getByRole('link', { name: 'Bureau fédéral' }).waitFor();
      expect(await all.textContent()).not.toContain('introuvable');
    });
    await checkPage(session, 'bodies-mine');
    // The calendar feed that carries the meetings is offered from « Mes instances ».
    await page.getByRole('link', { name: 's’abonner à l’agenda de mes réunions' }).click();
    await page.waitForURL((url) => url.pathname === '/notifications/preferences');
    await page.getByRole('heading', { name: 'Mon agenda', level: 2 }).waitFor();
    // Its text says what the feed carries: consultations' deadlines, meetings and events (not consultations alone).
    const agenda = page.locator('section', { has: page.getByRole('heading', { name: 'Mon agenda', level: 2 }) });
    expect(await agenda.locator('p').first().textContent()).toMatch(/consultations.*réunions des instances où vous siégez.*événements auxquels vous êtes inscrit/);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/instances');
  }, 90_000);

  it('the body: each member’s indicator and the three-absence alert', async () => {
    const { page } = session;
    await page.locator('section', { has: page.getByRole('heading', { name: 'Mes instances', level: 2 }) }).getByRole('link', { name: 'Bureau fédéral' }).click();
    await page.getByRole('heading', { name: 'Bureau fédéral', level: 1 }).waitFor();
    await step(session, 'bodies-body', async () => {
      const table = page.getByRole('table', { name: 'Indicateur de présence de chaque membre désigné' });
      await table.waitFor();
      const absenteeRow = table.getByRole('row', { name: new RegExp(`${absentee.member.lastName}`) });
      expect(await absenteeRow.textContent()).toContain('33,3\u00a0%');
      expect(await page.getByText('Moyenne de l’instance').textContent()).toContain('77,8\u00a0%');
    });
    await checkPage(session, 'bodies-body');
  }, 60_000);

  it('marks the attendance sheet on a phone, then the alert counts three absences; drafts the minutes', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${origin}/instances/reunions/${ids.toMark}`);
    await page.getByRole('heading', { name: 'Feuille de présence', level: 2 }).waitFor();
    await step(session, 'bodies-sheet', async () => {
      await page.getByText('3 lignes à saisir.').waitFor();
      const line = (last: string) => page.getByRole('group', { name: new RegExp(last) });
      await line(secretary.member.lastName).getByLabel('Présent·e').check();
      await line(absentee.member.lastName).getByLabel('Absent·e').check();
      await page.getByText('1 ligne à saisir.').waitFor();
      await page.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
      await page.getByText('Feuille de présence enregistrée.').waitFor();
    });
    await checkPage(session, 'bodies-sheet');
    await step(session, 'bodies-minutes-editor', async () => {
      await page.getByLabel('Résumé des débats').fill('Point sur le budget.');
      await page.getByLabel('Décision (facultatif)').fill('Budget prolongé');
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByText('Brouillon enregistré.').waitFor();
    });
    await checkPage(session, 'bodies-minutes-editor');
    await page.goto(`${origin}/instances/${bureau}`);
    await step(session, 'bodies-alert', async () => {
      const alert = page.locator('.notice', { hasText: 'Absences répétées' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('3 absences de suite');
    });
    await checkPage(session, 'bodies-alert');
  }, 90_000);

  it('the indicators over a chosen period, kept in the address', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${origin}/instances/${bureau}`);
    const table = page.getByRole('table', { name: 'Indicateur de présence de chaque membre désigné' });
    const absenteeRate = async () => (await table.getByRole('row', { name: new RegExp(absentee.member.lastName) }).textContent()) ?? '';
    await table.waitFor();
    expect(await absenteeRate()).toContain('1 présence sur 4'); // present once in four held meetings: 25 %
    expect(await absenteeRate()).toContain('25\u00a0%');
    await step(session, 'bodies-period', async () => {
      await page.getByLabel('Du', { exact: true }).fill(daysAgo(100));
      await page.getByRole('button', { name: 'Afficher la période' }).click();
      await page.waitForURL((url) => url.searchParams.get('from') === daysAgo(100));
      await page.getByText(/Moyenne de l’instance depuis le/).waitFor();
      // The three meetings since then: absent each time.
      await page.waitForFunction((name) => [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes(name) && tr.textContent.includes('0 présence sur 3')), absentee.member.lastName);
    });
    await checkPage(session, 'bodies-period');
    await page.reload();
    await page.getByText(/Moyenne de l’instance depuis le/).waitFor();
    expect(await page.getByLabel('Du', { exact: true }).inputValue()).toBe(daysAgo(100));
    expect(await absenteeRate()).toContain('0 présence sur 3');
    // An end before the start is refused in French, without leaving the page.
    await page.getByLabel('Au (non compris)').fill(daysAgo(120));
    await page.getByRole('button', { name: 'Afficher la période' }).click();
    await page.getByText('La fin de la période vient après son début.').waitFor();
    await page.getByRole('button', { name: 'Toute la période' }).click();
    await page.waitForURL((url) => !url.searchParams.has('from'));
    await page.getByText(/Moyenne de l’instance sur toute la durée des mandats/).waitFor();
    expect(await absenteeRate()).toContain('25\u00a0%');
    // « Mes présences » takes the same period.
    await page.goto(`${origin}/instances/mes-presences?from=${daysAgo(45)}`);
    await page.getByRole('heading', { name: 'Bureau fédéral', level: 2 }).waitFor();
    expect(await page.getByLabel('Du', { exact: true }).inputValue()).toBe(daysAgo(45));
    expect(await page.locator('main').textContent()).toMatch(/Indicateur de présence depuis le .* 100\u00a0%/);
    await checkPage(session, 'bodies-my-attendance-period');
  }, 90_000);

  it('« Mes présences »: her own history', async () => {
    const { page } = session;
    await page.goto(`${origin}/instances/mes-presences`);
    await page.getByRole('heading', { name: 'Bureau fédéral', level: 2 }).waitFor();
    expect(await page.locator('main').textContent()).toContain('100\u00a0%');
    await checkPage(session, 'bodies-my-attendance');
  }, 60_000);

  it('the body’s diversity (aggregates, masked under 5) and its activity report, with the PDF', async () => {
    const { page } = session;
    await page.goto(`${origin}/instances/${bureau}`);
    await step(session, 'bodies-composition', async () => {
      const diversity = page.locator('section', { has: page.getByRole('heading', { name: 'Diversité de l’instance', level: 2 }) });
      await diversity.getByRole('table', { name: 'Femmes et hommes (sexe tel qu’enregistré)' }).waitFor();
      // Three members sit: every count is under 5, so masked.
      expect(await diversity.textContent()).toContain('3 membres siègent aujourd’hui');
      expect(await diversity.getByRole('row', { name: /Femmes/ }).textContent()).toContain('moins de 5');
    });
    await checkPage(session, 'bodies-composition');
    await page.getByRole('link', { name: 'Rapport d’activité' }).click();
    await page.getByRole('heading', { name: /^Rapport d’activité \d{4}$/, level: 1 }).waitFor();
    const year = daysAgo(120).slice(0, 4);
    await page.goto(`${origin}/instances/${bureau}/rapport?annee=${year}`);
    await step(session, 'bodies-report', async () => {
      await page.getByRole('heading', { name: `Rapport d’activité ${year}`, level: 1 }).waitFor();
      await page.getByText('Budget : Budget adopté (3 pour, 0 contre, 0 abstention)').waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Télécharger le rapport (PDF)' }).click();
      expect((await download).suggestedFilename()).toBe(`rapport-activite-${year}.pdf`);
    });
    await checkPage(session, 'bodies-report');
  }, 90_000);
});

describe('Instances: a member outside the bureau reads the published minutes', () => {
  it('without the confidential item', async () => {
    const other = await newPortalPage(browser);
    const { page } = other;
    await signIn(other, origin, reader.user.email);
    await page.goto(`${origin}/instances/reunions/${ids.published}`);
    await page.getByRole('heading', { name: 'Procès-verbal', level: 2 }).waitFor();
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('Budget adopté — pour 3, contre 0, abstentions 0');
    expect(text).not.toContain('huis clos');
    expect(await page.getByRole('button', { name: 'Enregistrer la feuille de présence' }).count()).toBe(0);
    await checkPage(other, 'bodies-minutes-reader');
    // The report is theirs to read, not to download; the diversity section is the secretariat's.
    await page.goto(`${origin}/instances/${bureau}/rapport`);
    await page.getByRole('heading', { name: /^Rapport d’activité \d{4}$/, level: 1 }).waitFor();
    await page.getByText('Présence moyenne').waitFor();
    expect(await page.getByRole('button', { name: 'Télécharger le rapport (PDF)' }).count()).toBe(0);
    await checkPage(other, 'bodies-report-reader');
    await page.goto(`${origin}/instances/${bureau}`);
    await page.getByRole('heading', { name: 'Présence des membres', level: 2 }).waitFor();
    expect(await page.getByRole('heading', { name: 'Diversité de l’instance' }).count()).toBe(0);
    await other.context.close();
  }, 90_000);
});

describe('Instances: staff create a body, designate a seat and plan a meeting in the browser', () => {
  it('through the forms of « Instances » and the body page', async () => {
    const manager = await newPortalPage(browser);
    const { page } = manager;
    await signIn(manager, origin, staff.user.email);
    await page.goto(`${origin}/instances`);
    await step(manager, 'bodies-create', async () => {
      const form = page.getByRole('form', { name: 'Créer une instance' });
      await form.waitFor();
      // The API's French message lands beside the field.
      await form.getByRole('button', { name: 'Créer l’instance' }).click();
      await form.getByText('Le nom est obligatoire.').waitFor();
      await form.getByLabel('Nom de l’instance').fill('Commission des finances');
      await form.getByLabel('Type').selectOption('commission');
      await form.getByLabel('Nombre de sièges').fill('5');
      await form.getByRole('button', { name: 'Créer l’instance' }).click();
      await page.getByRole('heading', { name: 'Commission des finances', level: 1 }).waitFor();
      expect(page.url()).toMatch(/\/instances\/[a-z0-9]+$/);
    });
    await checkPage(manager, 'bodies-create');
    await step(manager, 'bodies-designate', async () => {
      const search = page.getByRole('search', { name: 'Rechercher un adhérent à désigner' });
      await search.getByLabel('Nom, numéro d’adhérent ou adresse e-mail').fill(reader.member.lastName);
      await search.getByRole('button', { name: 'Chercher l’adhérent' }).click();
      await page.getByRole('button', { name: `Choisir ${reader.member.firstName} ${reader.member.lastName}` }).click();
      const form = page.getByRole('form', { name: `Désignation de ${reader.member.firstName} ${reader.member.lastName}` });
      await form.getByLabel('Rôle').selectOption('president');
      // The form closes once the designation is recorded: focus goes back to the search (to designate the next member), not to the page itself.
      await expectFocusLands(
        form.getByRole('button', { name: 'Désigner', exact: true }),
        () => page.getByText(`${reader.member.firstName} ${reader.member.lastName} est désigné·e à partir du`).waitFor(),
        search.getByLabel('Nom, numéro d’adhérent ou adresse e-mail')
      );
      const seats = page.locator('section', { has: page.getByRole('heading', { name: 'Composition et historique des sièges', level: 2 }) });
      await seats.getByText(new RegExp(`${reader.member.lastName}`)).waitFor();
      expect(await seats.textContent()).toContain('Président·e');
    });
    await checkPage(manager, 'bodies-designate');
    await step(manager, 'bodies-plan', async () => {
      const form = page.getByRole('form', { name: 'Planifier une réunion' });
      await form.getByRole('button', { name: 'Planifier la réunion' }).click();
      await form.getByText('Indiquez la date et l’heure de la réunion.').waitFor();
      await form.getByLabel('Date et heure (heure de Paris)').fill(`${daysAgo(-15)}T18:30`);
      await form.getByRole('button', { name: 'Planifier la réunion' }).click();
      await form.getByText('Indiquez un lieu ou un lien de visioconférence.').waitFor(); // the API's message, beside its field
      await form.getByLabel('Lieu').fill('Alès');
      await form.getByRole('button', { name: 'Planifier la réunion' }).click();
      await page.getByText('Réunion planifiée : 1 convocation enregistrée.').waitFor();
      const meetingsList = page.locator('section', { has: page.getByRole('heading', { name: 'Réunions', level: 2 }) });
      await meetingsList.getByRole('link', { name: /18 h 30/ }).waitFor();
    });
    await checkPage(manager, 'bodies-plan');
    await step(manager, 'bodies-skills', async () => {
      // A member who declared the skill, shows it to staff and consented: suggested, linked to her profile.
      const national = await createAccount('national-admin');
      const term = await (await api()).post('/api/skills/terms').set(bearer(national.token)).send({ label: `Trésorerie associative ${Date.now().toString(36)}`, kind: 'skill' });
      expect(term.status, JSON.stringify(term.body)).toBe(201);
      const profile = await (await api()).put('/api/skills/me/profile').set(bearer(absentee.token)).send(skillsProfileBody({ visibility: 'staff', skills: [{ term: term.body.data.slug, level: 3 }] }));
      expect(profile.status, JSON.stringify(profile.body)).toBe(200);
      const consent = await (await api()).post('/api/skills/me/consent').set(bearer(absentee.token)).send({ version: '2026-12-v1' });
      expect(consent.status, JSON.stringify(consent.body)).toBeLessThan(300);
      await page.reload(); // the vocabulary is read when the page opens
      const form = page.getByRole('form', { name: 'Chercher des compétences' });
      await form.getByLabel('Compétence recherchée').selectOption({ label: term.body.data.label });
      await form.getByRole('button', { name: 'Suggérer des personnes' }).click();
      const found = page.getByRole('list', { name: 'Suggestions, les plus pertinentes d’abord' });
      await found.getByRole('link', { name: `${absentee.member.firstName} ${absentee.member.lastName}` }).waitFor();
      expect(await found.textContent()).toContain('3/4');
    });
    await checkPage(manager, 'bodies-skills');
    // The meeting is the API's: 18:30 in Paris whatever the browser's zone.
    const created = await (await api()).get(`/api/bodies/bodies/${page.url().split('/').pop()}`).set(bearer(staff.token));
    const meeting = created.body.data.meetings[0];
    expect(new Date(meeting.startsAt).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })).toBe('18:30');
    await manager.context.close();
  }, 120_000);
});
