import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { ok, paris } from './support/events';

/**
 * A member's and a citizen's data in events (issue 22 item 4, issue 20): « Mes données »
 * lists a member's registrations, check-ins, feedback, summer-university places and
 * delegation lines; their erasure leaves no row of events naming them while the events'
 * statistics and counts stay exactly as they were (and their seat in an event to come goes
 * to the waiting list); citizens' data lapses on explicit dates; the retention table's
 * events rows are the README's.
 */
const load = createRequire(__filename);
let strapi: Core.Strapi;
let w: World;
let leaver: TestMember;
let third: TestMember;
let leaverCode: string;
const city = `Uzès-${Date.now().toString(36)}`;
const past: { event?: string; futureEvent?: string; edition?: string; workshop?: string; pastEdition?: number } = {};
const E = '/api/events';
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const post = async (path: string, token?: string, body: unknown = {}) => {
  const req = (await api()).post(path);
  return (token ? req.set(bearer(token)) : req).send(body as object);
};
const get = async (path: string, token: string) => (await api()).get(path).set(bearer(token));
const moveBack = (documentId: string, days = 1) => strapi.db.query('plugin::events.event').update({ where: { documentId }, data: { startsAt: new Date(Date.now() - days * 86_400_000) } });
const tokenIn = (text: string, page: 'confirmer' | 'annuler') => new URL(text.match(new RegExp(`https?://\\S+${page}\\S+`))![0]).searchParams.get('token')!;

/** A citizen registers on the public page and confirms from the email; returns the links' token. */
async function citizen(eventId: string, name: string, email: string, contactConsent = false): Promise<string> {
  expect((await post(`${E}/public/events/${eventId}/registrations`, undefined, { name, email, contactConsent })).status).toBe(202);
  const token = tokenIn((await waitForMail(email)).text, 'confirmer');
  ok(await post(`${E}/public/registrations/confirmation`, undefined, { token }));
  return token;
}

/** Where (table.column) of the events plugin's tables any of `needles` appears, case-insensitive. */
async function foundInEvents(needles: string[]): Promise<string[]> {
  const knex = strapi.db.connection;
  const postgres = strapi.db.dialect.client === 'postgres';
  const columns: [string, string][] = postgres
    ? (await knex.raw(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'events\\_%'`)).rows.map((r: any) => [r.table_name, r.column_name])
    : (
        await Promise.all(
          (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'events\\_%' ESCAPE '\\'`)).map(async ({ name }: any) =>
            (await knex.raw(`PRAGMA table_info("${name}")`)).map((c: any) => [name, c.name])
          )
        )
      ).flat();
  expect(columns.map(([t]) => t)).toEqual(expect.arrayContaining(['events_registrations', 'events_feedbacks', 'events_su_delegates', 'events_su_attendances']));
  const hits: string[] = [];
  for (const [table, column] of columns) {
    for (const needle of needles) {
      const cast = postgres ? `lower("${column}"::text)` : `lower(CAST("${column}" AS TEXT))`;
      const result = await knex.raw(`SELECT ${cast} AS v FROM "${table}" WHERE ${cast} LIKE ?`, [`%${needle.toLowerCase()}%`]);
      // A whole word only: « Nom12 » is not « Nom123 ».
      const word = new RegExp(`(^|[^\\p{L}\\p{N}])${needle.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
      if ((result.rows ?? result).some((r: any) => word.test(String(r.v)))) hits.push(`${table}.${column}`);
    }
  }
  return [...new Set(hits)].sort();
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  leaver = await createMember({ federation: w.federation, section: w.sectionA });
  third = await createMember({ federation: w.federation, section: w.sectionA });
  strapi.config.set('plugin::events.publicRegistrationsPerAddress', 1000);
  strapi.config.set('plugin::events.publicRegistrationsPerEmail', 1000);

  // A past open café-débat: the leaver, a colleague and a citizen came; the leaver gave feedback naming themself.
  const cafe = ok(
    await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café-débat mémoire ${Date.now()}`, startsAt: paris(4), address: 'Café de la Gare', organiser: 'section', section: w.sectionA.documentId, capacity: 10, audience: 'public' }),
    201
  );
  past.event = cafe.documentId;
  leaverCode = ok(await post(`${E}/events/${cafe.documentId}/registration`, leaver.token)).registration.checkInCode;
  const colleague = ok(await post(`${E}/events/${cafe.documentId}/registration`, w.member.token)).registration.checkInCode;
  await citizen(cafe.documentId, 'Nadia Citoyenne', `nadia.${Date.now()}@exemple.fr`);
  const citizenRow = await strapi.db.query('plugin::events.registration').findOne({ where: { name: 'Nadia Citoyenne', state: 'confirmed' }, orderBy: { id: 'desc' } });
  await moveBack(cafe.documentId);
  for (const code of [leaverCode, colleague, citizenRow.checkInCode]) ok(await post(`${E}/events/${cafe.documentId}/check-in`, w.secretary.token, { code }));
  ok(await post(`${E}/events/${cafe.documentId}/feedback`, leaver.token, { rating: 4, comment: `Excellent débat — ${leaver.member.firstName} ${leaver.member.lastName}` }));
  ok(await post(`${E}/events/${cafe.documentId}/feedback`, w.member.token, { rating: 2, comment: 'Trop court.' }));

  // An event to come with one seat: the leaver holds it, `third` waits.
  const soon = ok(await post(`${E}/events`, w.secretary.token, { kind: 'debat', title: `Débat à venir ${Date.now()}`, startsAt: paris(10), address: 'Salle des fêtes', organiser: 'section', section: w.sectionA.documentId, capacity: 1, audience: 'members' }), 201);
  past.futureEvent = soon.documentId;
  ok(await post(`${E}/events/${soon.documentId}/registration`, leaver.token));
  expect(ok(await post(`${E}/events/${soon.documentId}/registration`, third.token)).registration.state).toBe('waiting');

  // Before joining, they had asked as a citizen (never confirmed) for another open event, under their address.
  const open = ok(await post(`${E}/events`, w.secretary.token, { kind: 'reunion-publique', title: `Réunion publique ${Date.now()}`, startsAt: paris(12), address: 'Mairie', organiser: 'section', section: w.sectionA.documentId, audience: 'public' }), 201);
  expect((await post(`${E}/public/events/${open.documentId}/registrations`, undefined, { name: 'Comme citoyen', email: leaver.user.email })).status).toBe(202);

  // The summer university: an edition to come (a full workshop, a delegation line) and a past one (a delegation line, a place).
  // Years no other test file uses: 2099 or 2100 (the demo's are this decade's, summer-university.test.ts takes 2090–2098).
  let year = 2099;
  if (await strapi.db.query('plugin::events.su-edition').count({ where: { year } })) year = 2100;
  const edition = ok(await post(`${E}/summer-universities`, w.national.token, { year, title: `UE ${year}`, hostRegion: `Région ${Date.now()}`, startsOn: `${year}-08-20`, endsOn: `${year}-08-23` }), 201);
  past.edition = edition.documentId;
  const withWorkshop = ok(await post(`${E}/summer-universities/${edition.documentId}/sessions`, w.national.token, { kind: 'workshop', title: 'Atelier mémoire', startsAt: `${year}-08-21T10:00`, capacity: 1 }), 201);
  past.workshop = withWorkshop.sessions[0].documentId;
  expect(ok(await post(`${E}/summer-universities/sessions/${past.workshop}/registration`, leaver.token)).state).toBe('confirmed');
  expect(ok(await post(`${E}/summer-universities/sessions/${past.workshop}/registration`, third.token)).state).toBe('waiting');
  ok(await post(`${E}/summer-universities/${edition.documentId}/delegates`, w.staff.token, { member: leaver.member.documentId, transportMode: 'car', departure: city, seats: 3, lodging: 'accessible' }));
  let pastYear = 2001 + Math.floor(Math.random() * 9);
  while (await strapi.db.query('plugin::events.su-edition').count({ where: { year: pastYear } })) pastYear += 1;
  const old = await strapi.db.query('plugin::events.su-edition').create({ data: { year: pastYear, title: `UE ${pastYear}`, hostRegion: 'Bretagne', startsOn: `${pastYear}-08-20`, endsOn: `${pastYear}-08-23`, datesPublishedOn: `${pastYear - 1}-12-01` } });
  past.pastEdition = old.id;
  const oldSession = await strapi.db.query('plugin::events.su-session').create({ data: { editionId: old.id, kind: 'workshop', title: 'Atelier ancien', startsAt: new Date(`${pastYear}-08-21T08:00:00Z`), capacity: 20 } });
  await strapi.db.query('plugin::events.su-attendance').create({ data: { sessionId: oldSession.id, memberId: leaver.member.id, state: 'confirmed', queuedAt: new Date() } });
  await strapi.db.query('plugin::events.su-delegate').create({ data: { editionId: old.id, federationId: w.federation.id, memberId: leaver.member.id, transportMode: 'train', departure: city, seats: 0, lodging: 'single' } });
}, 300_000);

describe('« Mes données »: the events part', () => {
  it('lists the member’s registrations with door code and check-in, feedback, session places and delegation lines', async () => {
    ok(await post('/api/membership/me/export', leaver.token), 202);
    let ready: any;
    for (let i = 0; i < 400 && !ready; i += 1) {
      const [latest] = ok(await get('/api/membership/me/exports', leaver.token));
      if (latest?.state === 'ready') ready = latest;
      else if (latest?.state === 'failed') throw new Error(JSON.stringify(latest));
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const res = await get(`/api/membership/me/exports/${ready.documentId}/download?format=json`, leaver.token);
    expect(res.status).toBe(200);
    const part = JSON.parse(res.text).parts.find((p: any) => p.source === 'events');
    expect(part.title).toBe('Événements');
    const section = (title: string) => part.sections.find((s: any) => s.title === title).rows;
    const registrations = section('Inscriptions aux événements');
    expect(registrations).toHaveLength(3);
    expect(registrations.find((r: any) => r['Nom enregistré'] === 'Comme citoyen')).toMatchObject({ 'Inscrit·e en tant que': 'citoyen·ne (sans compte)', État: 'en attente de confirmation' });
    const cafe = registrations.find((r: any) => r['Code d’accueil'] === leaverCode);
    expect(cafe).toMatchObject({ État: 'inscrit·e', 'Inscrit·e en tant que': 'adhérent·e', 'Adresse électronique enregistrée': leaver.user.email.toLowerCase() });
    expect(cafe['Émargé·e le']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(cafe.Événement).toContain('Café-débat mémoire');
    expect(section('Avis donnés')).toEqual([expect.objectContaining({ Note: 4, Commentaire: expect.stringContaining(leaver.member.lastName) })]);
    expect(section('Université d’été : séances et ateliers').map((r: any) => r.Séance).sort()).toEqual(['Atelier ancien', 'Atelier mémoire']);
    expect(section('Université d’été : délégations')).toEqual(
      expect.arrayContaining([expect.objectContaining({ 'Ville de départ': city, Transport: 'voiture', Places: 3, Hébergement: 'chambre accessible (PMR)' })])
    );
    // Another member's export holds nothing of the leaver's.
    const other = await strapi.plugin('events').service('personal-data').personalData({ memberId: w.memberB.member.id, memberDocumentId: w.memberB.member.documentId, userId: w.memberB.user.id });
    expect(JSON.stringify(other)).not.toContain(leaver.member.lastName);
  });
});

describe('erasing a member who registered, checked in, gave feedback and was a delegate', () => {
  it('leaves no row of events naming them; statistics and counts unchanged; their seats go to the waiting lists', async () => {
    const needles = [leaver.user.email, leaver.member.lastName, `${leaver.member.firstName} ${leaver.member.lastName}`, leaverCode, 'Comme citoyen'];
    expect(await foundInEvents(needles)).toEqual(expect.arrayContaining(['events_registrations.email', 'events_registrations.name', 'events_feedbacks.comment']));
    const stats = ok(await get(`${E}/stats`, w.staff.token));
    const counts = ok(await get(`${E}/events/${past.event}`, w.secretary.token)).counts;
    const pastTotals = ok(await get(`${E}/summer-universities/${past.edition}/delegation`, w.national.token)).totals.find((t: any) => t.federation.startsWith(w.federation.name));
    expect(pastTotals.delegates).toBe(1);
    const before = mailTo(third.user.email).length;

    ok(await post(`/api/membership/members/${leaver.member.documentId}/departure`, w.staff.token, { on: today(), reason: 'Démission' }));
    // The departure already gave up what members hold of what is to come (the members' debate's
    // seat, the workshop's place, the delegation line): the erasure cancels the rest — the
    // public meeting's registration made under their address as a citizen.
    const erased = ok(await post(`/api/membership/members/${leaver.member.documentId}/erasure`, w.staff.token));
    expect(erased.parts.events).toEqual({
      registrationsPseudonymised: 3,
      registrationsCancelled: 1,
      feedbackCommentsRemoved: 1,
      sessionPlacesRemoved: 0,
      sessionPlacesKept: 1,
      delegatesRemoved: 0,
      delegatesPseudonymised: 1,
    });

    expect(await foundInEvents(needles)).toEqual([]);
    expect(await foundInEvents([city])).toEqual([]);
    // The past event: the same counts, the same statistics (attendance, non-members' share, feedback mean).
    expect(ok(await get(`${E}/events/${past.event}`, w.secretary.token)).counts).toEqual(counts);
    expect(ok(await get(`${E}/stats`, w.staff.token))).toEqual(stats);
    const door = ok(await get(`${E}/events/${past.event}/registrations`, w.secretary.token));
    expect(door).toHaveLength(3);
    expect(door.filter((r: any) => r.name === 'Ancien adhérent')).toHaveLength(1);
    // The colleague's feedback comment stays; the leaver's rating stays without its text.
    const cafeRow = await strapi.db.query('plugin::events.event').findOne({ where: { documentId: past.event } });
    const feedbacks = await strapi.db.query('plugin::events.feedback').findMany({ where: { eventId: cafeRow.id } });
    expect(feedbacks.map((f: any) => [f.rating, f.comment]).sort()).toEqual([[2, 'Trop court.'], [4, null]]);
    // The event to come: their seat went to `third`, who is told.
    expect(ok(await get(`${E}/events/${past.futureEvent}`, third.token)).registration.state).toBe('confirmed');
    expect((await waitForMail(third.user.email, { since: before, match: (m) => m.subject.startsWith('Une place s’est libérée : Débat à venir') })).text).toMatch(/code d’accueil : [A-Z0-9]{6}/);
    // The workshop to come: `third` promoted and told; the past edition's totals unchanged, its line without a city.
    const workshop = ok(await get(`${E}/summer-universities/${past.edition}`, third.token)).sessions.find((s: any) => s.documentId === past.workshop);
    expect(workshop).toMatchObject({ registered: 1, waiting: 0, mine: true, myState: 'confirmed' });
    await waitForMail(third.user.email, { since: before, match: (m) => m.subject === 'Une place s’est libérée : Atelier mémoire' });
    expect(ok(await get(`${E}/summer-universities/${past.edition}/delegation`, w.national.token)).delegates.filter((d: any) => d.federation.startsWith(w.federation.name))).toHaveLength(0);
    const kept = await strapi.db.query('plugin::events.su-delegate').findMany({ where: { editionId: past.pastEdition } });
    expect(kept).toEqual([expect.objectContaining({ memberId: leaver.member.id, departure: '—', transportMode: 'train', lodging: 'single' })]);

    // Idempotent: a second run changes nothing (zeros; the past place is still reported as kept).
    const again = await strapi.plugin('events').service('erasure').erase({ memberId: leaver.member.id, memberDocumentId: leaver.member.documentId, userId: leaver.user.id, federationId: w.federation.id, email: leaver.user.email, membershipNumber: leaver.member.membershipNumber, firstName: 'x', lastName: 'y' });
    expect(again.counts).toEqual({ registrationsPseudonymised: 0, registrationsCancelled: 0, feedbackCommentsRemoved: 0, sessionPlacesRemoved: 0, sessionPlacesKept: 1, delegatesRemoved: 0, delegatesPseudonymised: 0 });
  });
});

describe('a member’s own erasure request', () => {
  it('ends the links of registrations made under their address at once: they answer as after the erasure, whether it follows or waits on a hold (an import running in their federation)', async () => {
    const PASSWORD = 'Mot-de-passe-1';
    const e = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café effacement ${Date.now()}`, startsAt: paris(6), address: 'Place de la mairie', organiser: 'section', section: w.sectionA.documentId, capacity: 20, audience: 'public' }), 201);
    const free = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const federation = await createFederation();
    const held = await createMember({ federation, section: await createSection(federation), password: PASSWORD });
    await strapi.db.query('plugin::membership.import-job').create({ data: { federationId: federation.id, actor: { label: 'test' }, format: 'csv', state: 'running' } });
    const links: Record<string, string> = {};
    for (const [name, who] of Object.entries({ free, held })) {
      links[name] = await citizen(e.documentId, `${who.member.firstName} ${who.member.lastName}`, who.user.email);
      const session = await (await api()).post('/api/auth/local').send({ identifier: who.user.email, password: PASSWORD });
      expect(session.status, session.text).toBe(200);
      expect((await post('/api/membership/me/erasure', session.body.jwt, { confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    }
    // The free member is erased just after the answer; the held one waits for the import.
    for (let i = 0; i < 150 && !(await strapi.db.query('plugin::membership.member').findOne({ where: { id: free.member.id }, select: ['erasedOn'] })).erasedOn; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: held.member.id }, select: ['erasedOn'] })).erasedOn ?? null).toBeNull();
    const answers = [];
    for (const name of ['free', 'held']) {
      for (const path of ['confirmation', 'cancellation']) {
        const res = await post(`${E}/public/registrations/${path}`, undefined, { token: links[name] });
        answers.push({ name, path, status: res.status, body: res.body });
      }
    }
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(answers[2].body).toEqual(answers[0].body);
  });
});

describe('a member’s own erasure request frees their seats at once, hold or not', () => {
  it('cancels their registrations for events to come at the request (the waiting list moves up), so a seat count does not tell whether the erasure followed or waits on a hold', async () => {
    const PASSWORD = 'Mot-de-passe-1';
    const e = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café des places ${Date.now()}`, startsAt: paris(8), address: 'Place du marché', organiser: 'section', section: w.sectionA.documentId, capacity: 2, audience: 'public' }), 201);
    const row = await strapi.db.query('plugin::events.event').findOne({ where: { documentId: e.documentId }, select: ['id'] });
    const free = await createMember({ federation: w.federation, section: w.sectionA, password: PASSWORD });
    const federation = await createFederation();
    const held = await createMember({ federation, section: await createSection(federation), password: PASSWORD });
    await strapi.db.query('plugin::membership.import-job').create({ data: { federationId: federation.id, actor: { label: 'test' }, format: 'csv', state: 'running' } });
    for (const who of [free, held]) await citizen(e.documentId, `${who.member.firstName} ${who.member.lastName}`, who.user.email);
    const waiter = `attente.${Date.now()}@exemple.fr`;
    expect((await post(`${E}/public/events/${e.documentId}/registrations`, undefined, { name: 'En attente', email: waiter })).status).toBe(202);
    ok(await post(`${E}/public/registrations/confirmation`, undefined, { token: tokenIn((await waitForMail(waiter)).text, 'confirmer') }));
    const counts = () => strapi.plugin('events').service('store').counts(row.id);
    expect(await counts()).toMatchObject({ confirmed: 2, waiting: 1 });
    const stateOf = async (email: string) => (await strapi.db.query('plugin::events.registration').findOne({ where: { eventId: row.id, email: email.toLowerCase() }, select: ['state'] }))?.state;

    const held0 = await (await api()).post('/api/auth/local').send({ identifier: held.user.email, password: PASSWORD });
    expect((await post('/api/membership/me/erasure', held0.body.jwt, { confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    // Right after the answer, before any erasure: the held member's seat is free and the waiting citizen has it.
    expect(await stateOf(held.user.email)).toBe('cancelled');
    expect(await counts()).toMatchObject({ confirmed: 2, waiting: 0 });
    await waitForMail(waiter, { match: (m) => m.subject.startsWith('Une place s’est libérée') });
    const free0 = await (await api()).post('/api/auth/local').send({ identifier: free.user.email, password: PASSWORD });
    expect((await post('/api/membership/me/erasure', free0.body.jwt, { confirmation: 'EFFACER', password: PASSWORD })).status).toBe(202);
    expect(await counts()).toMatchObject({ confirmed: 1, waiting: 0 });
    // The held member is still not erased: the seat went with the request, not with the erasure.
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: held.member.id }, select: ['erasedOn'] })).erasedOn ?? null).toBeNull();
  });
});

describe('citizens’ data has a retention period', () => {
  const registrations = async (documentId: string) => {
    const e = await strapi.db.query('plugin::events.event').findOne({ where: { documentId } });
    return strapi.db.query('plugin::events.registration').findMany({ where: { eventId: e.id, memberId: { $null: true } } });
  };
  const stamp = Date.now();
  const who = { pending: `attente.${stamp}@exemple.fr`, plain: `simple.${stamp}@exemple.fr`, consent: `recontact.${stamp}@exemple.fr`, leaving: `partante.${stamp}@exemple.fr` };

  it('pending lapses after confirmationHours; confirmed lose name and email 3 months after the event; with consent, 3 years; a cancellation at once', async () => {
    const erasure = strapi.plugin('events').service('erasure');
    const e = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café rétention ${stamp}`, startsAt: paris(5), address: 'Place du marché', organiser: 'section', section: w.sectionA.documentId, capacity: 10, audience: 'public' }), 201);
    expect((await post(`${E}/public/events/${e.documentId}/registrations`, undefined, { name: 'Paul Attente', email: who.pending })).status).toBe(202);
    await citizen(e.documentId, 'Sam Simple', who.plain);
    await citizen(e.documentId, 'Rita Recontact', who.consent, true);
    const leavingToken = await citizen(e.documentId, 'Léo Partant', who.leaving);
    const byEmail = async () => Object.fromEntries((await registrations(e.documentId)).map((r: any) => [r.email ?? `#${r.id}`, r]));

    // A citizen cancels from the link: their name, email and code go at once; the link still answers.
    expect(ok(await post(`${E}/public/registrations/cancellation`, undefined, { token: leavingToken })).state).toBe('cancelled');
    expect(await byEmail()).not.toHaveProperty(who.leaving);
    expect((await registrations(e.documentId)).find((r: any) => r.state === 'cancelled')).toMatchObject({ name: null, email: null, checkInCode: null, contactConsent: false });
    expect(ok(await post(`${E}/public/registrations/cancellation`, undefined, { token: leavingToken })).state).toBe('cancelled');

    // Now: nothing has lapsed.
    const now = new Date();
    await erasure.purge(now);
    expect(Object.keys(await byEmail())).toEqual(expect.arrayContaining([who.pending, who.plain, who.consent]));
    // 49 hours later the pending request has lapsed (48 h): a dry run counts it and changes nothing; the run deletes it.
    const later = new Date(now.getTime() + 49 * 3_600_000);
    expect((await erasure.purge(later, { dryRun: true })).counts.pendingDeleted).toBeGreaterThanOrEqual(1);
    expect(await byEmail()).toHaveProperty(who.pending);
    await erasure.purge(later);
    expect(await byEmail()).not.toHaveProperty(who.pending);
    expect(await byEmail()).toHaveProperty(who.plain);
    const seats = ok(await get(`${E}/events/${e.documentId}`, w.secretary.token)).counts;

    // The event takes place; 3 months and a day after its day the plain citizen keeps no name nor email, the consenting one does.
    const eventDay = e.startsAtParis.slice(0, 10);
    const at = (day: string) => new Date(`${day}T12:00:00Z`);
    const shift = (day: string, months: number, days: number) => {
      const d = new Date(`${day}T12:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + months);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    await erasure.purge(at(shift(eventDay, 3, -2)));
    expect(await byEmail()).toHaveProperty(who.plain);
    await erasure.purge(at(shift(eventDay, 3, 1)));
    const afterMonths = await byEmail();
    expect(afterMonths).not.toHaveProperty(who.plain);
    expect(afterMonths[who.consent]).toMatchObject({ name: 'Rita Recontact', contactConsent: true, state: 'confirmed' });
    expect(ok(await get(`${E}/events/${e.documentId}`, w.secretary.token)).counts).toEqual(seats);
    await erasure.purge(at(shift(eventDay, 36, -2)));
    expect(await byEmail()).toHaveProperty(who.consent);
    await erasure.purge(at(shift(eventDay, 36, 1)));
    const rows = await registrations(e.documentId);
    expect(rows.every((r: any) => r.name === null && r.email === null && r.checkInCode === null && r.contactConsent === false)).toBe(true);
    expect(rows.map((r: any) => r.state).sort()).toEqual(['cancelled', 'confirmed', 'confirmed']);
    expect(ok(await get(`${E}/events/${e.documentId}`, w.secretary.token)).counts).toEqual(seats);
  });
});

describe('the retention table', () => {
  it('lists events’ rules in the README word for word', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const { retentionTable } = load('@intranet-militant/shared') as typeof import('@intranet-militant/shared');
    const rules = retentionTable(strapi as any).filter((r) => r.id.startsWith('events.'));
    expect(rules.map((r) => r.id)).toEqual(['events.registrations', 'events.citizens', 'events.feedback', 'events.summer-university']);
    for (const rule of rules) expect(readme, rule.id).toContain(`| \`${rule.id}\` | ${rule.what} | ${rule.period} | ${rule.then} | ${rule.basis} |`);
  });
});
