import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type TestMember } from '../support/factories';
import { bearer } from '../support/expect';
import { announcements, checkPage, expectRefusalAnnounced, fieldState, focusedElement, launchBrowser, markMessages, newPortalPage, PASSWORD, portalOrigin, signIn, statusAnnouncements, step } from './support/portal';

/**
 * « Départs et effacements » (issue 22, staff): federation staff see the members who left
 * and are not erased yet (day left, erasure due), record a departure found by number, record
 * a return (réadhésion: the account opens again), then erase a member now after confirming;
 * axe-clean at 1280 and 375 px. Members have no entry.
 */
let browser: Browser;
let origin: string;
let strapi: Core.Strapi;
let staff: TestMember;
let gone: TestMember; // left before the test
let raced: TestMember; // left before the test, erased by someone else while the page shows it
let back: TestMember; // left before the test, comes back during it
let leaving: TestMember; // leaves during the test
let member: TestMember;
let requester: TestMember; // asked for their own erasure while a case they were not told of is open
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

beforeAll(async () => {
  origin = await portalOrigin();
  strapi = await bootStrapi();
  const w = await createWorld();
  staff = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff', password: PASSWORD });
  member = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  gone = await createMember({ federation: w.federation, section: w.sectionA });
  raced = await createMember({ federation: w.federation, section: w.sectionA });
  leaving = await createMember({ federation: w.federation, section: w.sectionB });
  back = await createMember({ federation: w.federation, section: w.sectionB, password: PASSWORD });
  for (const left of [gone, back, raced]) {
    const res = await (await api()).post(`/api/membership/members/${left.member.documentId}/departure`).set(bearer(staff.token)).send({ on: today(), reason: 'Démission' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  // A case referred by the section's secretary: the federation's staff are no party to it.
  requester = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
  const referred = await (await api())
    .post('/api/sanctions/cases')
    .set(bearer(w.secretary.token))
    .send({ respondent: requester.member.documentId, category: 'denigrement-public', facts: 'Propos publics contre la section.' });
  expect(referred.status, referred.text).toBe(201);
  const asked = await (await api()).post('/api/membership/me/erasure').set(bearer(requester.token)).send({ confirmation: 'EFFACER', password: PASSWORD });
  expect(asked.status, asked.text).toBe(202);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it('lists departures pending erasure, records a departure and erases now after confirming', async () => {
  const session = await newPortalPage(browser);
  const { page } = session;
  await signIn(session, origin, staff.user.email);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Départs et effacements' }).click();
  await page.getByRole('heading', { level: 1, name: 'Départs et effacements' }).waitFor();
  const goneCard = page.getByRole('listitem').filter({ hasText: `${gone.member.firstName} ${gone.member.lastName}` });
  await goneCard.waitFor();
  expect(await goneCard.textContent()).toContain('A quitté le parti le');
  expect(await goneCard.textContent()).toContain('Effacement prévu le');
  // The member's own request, held by a case these staff may not see: the day to answer by, not the case.
  const requestCard = page.getByRole('listitem').filter({ hasText: `${requester.member.firstName} ${requester.member.lastName}` });
  await requestCard.waitFor();
  const requestText = (await requestCard.textContent()) ?? '';
  expect(requestText).toContain('Réponse due au plus tard le');
  expect(requestText).toContain('Conservation requise (motif confidentiel)');
  expect(requestText).not.toMatch(/commission|procédure/i);
  // A member's own erasure request is not withdrawn from this page.
  expect(await requestCard.getByRole('button', { name: /Enregistrer un retour/ }).count()).toBe(0);
  // Soonest due first: the request (a month) before the departure (years).
  const names = await page.getByRole('list', { name: 'Départs en attente d’effacement' }).getByRole('heading', { level: 3 }).allTextContents();
  expect(names.findIndex((n) => n.includes(`${requester.member.lastName} n°`))).toBeLessThan(names.findIndex((n) => n.includes(`${gone.member.lastName} n°`)));
  await checkPage(session, 'departs');

  await step(session, 'departs-enregistrer', async () => {
    await page.getByLabel('Nom, numéro d’adhérent ou adresse e-mail').fill(leaving.member.membershipNumber);
    await page.getByRole('button', { name: 'Chercher l’adhérent' }).click();
    await page.getByRole('button', { name: `Choisir ${leaving.member.firstName} ${leaving.member.lastName}` }).click();
    await page.getByLabel('Motif').fill('Démission par courrier');
    // A day before joining: the API's refusal of the date, beside it, announced, focus on it.
    const day = page.getByLabel('Date du départ');
    await day.fill('2000-01-01');
    await markMessages(page);
    await page.getByRole('button', { name: 'Enregistrer le départ' }).click();
    await expect.poll(async () => (await fieldState(day)).invalid).toBe('true');
    const refusal = await fieldState(day);
    expect(refusal).toMatchObject({ live: 'alert', marked: false, focused: true });
    expect(refusal.describedBy).toMatch(/^La date de départ précède l’adhésion \(/);
    expect(await announcements(page)).toEqual([refusal.describedBy]);
    await day.fill(today());
    await page.getByRole('button', { name: 'Enregistrer le départ' }).click();
    await page.getByText(`Le départ de ${leaving.member.firstName} ${leaving.member.lastName} est enregistré`).waitFor();
    await page.getByRole('listitem').filter({ hasText: `${leaving.member.firstName} ${leaving.member.lastName}` }).waitFor();
  });
  const left = await strapi.db.query('plugin::membership.member').findOne({ where: { id: leaving.member.id } });
  expect(left.leftOn).toBe(today());
  await checkPage(session, 'departs-enregistre');

  const backName = `${back.member.firstName} ${back.member.lastName}`;
  await step(session, 'departs-retour', async () => {
    await page.getByRole('button', { name: `Enregistrer un retour de ${backName}` }).click();
    const form = page.getByRole('form', { name: `Retour de ${backName}` });
    await form.waitFor();
    // The reason is required: the API's French message, on the field.
    await form.getByRole('button', { name: 'Enregistrer le retour' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.locator('.field-error').first().textContent()).toMatch(/motif/i);
  });
  await checkPage(session, 'departs-retour');
  const form = page.getByRole('form', { name: `Retour de ${backName}` });
  await form.getByLabel('Motif du retour').fill('Réadhésion à la fête de la section');
  await markMessages(page);
  await form.getByRole('button', { name: 'Enregistrer le retour' }).click();
  await page.getByText(`Le retour de ${backName} est enregistré`).waitFor();
  // A second success on the page (the departure's notice still shown): told once, by focus moving
  // to its notice — not also as the new text of a live region already there.
  await expect.poll(async () => (await focusedElement(page)).startsWith(`div: Le retour de ${backName} est enregistré`)).toBe(true);
  await page.waitForTimeout(300);
  expect(await statusAnnouncements(page)).toEqual([]);
  await page.getByRole('list', { name: 'Départs en attente d’effacement' }).getByRole('heading', { name: new RegExp(back.member.membershipNumber) }).waitFor({ state: 'detached' });
  const returned = await strapi.db.query('plugin::membership.member').findOne({ where: { id: back.member.id }, populate: { user: true } });
  expect(returned.leftOn).toBeNull();
  expect(returned.joinedOn).toBe(today());
  expect(returned.user.blocked).toBe(false);
  const signedIn = await (await api()).post('/api/auth/local').send({ identifier: back.user.email, password: PASSWORD });
  expect(signedIn.status, signedIn.text).toBe(200);

  const racedName = `${raced.member.firstName} ${raced.member.lastName}`;
  await step(session, 'departs-effacer-deja', async () => {
    // Erased by someone else while the confirmation shows: the API's 409 is announced (role="alert"),
    // focus left on the button (nothing to mend on the page); pressed again, announced again.
    await page.getByRole('button', { name: `Effacer maintenant les données de ${racedName}` }).click();
    const confirm = page.getByRole('group', { name: `Confirmer l’effacement des données de ${racedName}` }).getByRole('button', { name: 'Confirmer l’effacement' });
    const erased = await (await api()).post(`/api/membership/members/${raced.member.documentId}/erasure`).set(bearer(staff.token)).send({});
    expect(erased.status, erased.text).toBe(200);
    await expectRefusalAnnounced(confirm, 'Les données de cet adhérent sont déjà effacées.');
    await expectRefusalAnnounced(confirm, 'Les données de cet adhérent sont déjà effacées.');
    await page.getByRole('group', { name: `Confirmer l’effacement des données de ${racedName}` }).getByRole('button', { name: 'Annuler' }).click();
  });

  await step(session, 'departs-effacer', async () => {
    await page.getByRole('button', { name: `Effacer maintenant les données de ${gone.member.firstName} ${gone.member.lastName}` }).click();
    await page.getByRole('group', { name: `Confirmer l’effacement des données de ${gone.member.firstName} ${gone.member.lastName}` }).waitFor();
  });
  await checkPage(session, 'departs-confirmer');
  await page.getByRole('button', { name: 'Confirmer l’effacement' }).click();
  await page.getByText(`Les données de ${gone.member.firstName} ${gone.member.lastName} sont effacées.`).waitFor();
  const erased = await strapi.db.query('plugin::membership.member').findOne({ where: { id: gone.member.id } });
  expect(erased).toMatchObject({ firstName: 'Ancien', lastName: 'adhérent' });
  expect(erased.erasedOn).not.toBeNull();
  await session.context.close();

  const phone = await newPortalPage(browser, 375);
  await signIn(phone, origin, staff.user.email, PASSWORD, '/departs');
  await phone.page.getByRole('heading', { level: 1, name: 'Départs et effacements' }).waitFor();
  await phone.page.getByRole('listitem').filter({ hasText: `${leaving.member.firstName} ${leaving.member.lastName}` }).waitFor();
  await checkPage(phone, 'departs-375');
  await phone.context.close();

  const other = await newPortalPage(browser, 375);
  await signIn(other, origin, member.user.email);
  expect(await other.page.getByRole('link', { name: 'Départs et effacements' }).count()).toBe(0);
  await other.page.goto(`${origin}/departs`);
  await other.page.getByRole('alert').filter({ hasText: 'réservée à l’équipe fédérale' }).waitFor();
  await other.context.close();
}, 180_000);
