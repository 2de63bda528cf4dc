import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import ical from 'node-ical';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, expectError } from '../../../tests/support/expect';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { openConsultation } from '../../consultations/tests/support/consultations';
import { paris } from './support/events';
import { laterTodayInParis } from '../../../tests/support/dates';
import { parisDate, todayInParis } from '@intranet-militant/shared';
import { ok, routes } from '../../../tests/support/http';

/**
 * Issue 20 through the API: events announced per organiser scope, members' one-click
 * registration with capacity and waiting list (also under concurrent requests), citizens'
 * registration on the public page confirmed by email, check-in at the door, the report sent
 * to a consultation with its provenance, feedback, the public list and its iCalendar feed,
 * reminders, statistics — each route from 401 to success.
 */
let strapi: Core.Strapi;
let w: World;
const E = '/api/events';
const EVENT_UID = 'plugin::events.event';
const REGISTRATION_UID = 'plugin::events.registration';

const { get, post } = routes(E);
const moveBack = (documentId: string, days = 1) => strapi.db.query(EVENT_UID).update({ where: { documentId }, data: { startsAt: new Date(Date.now() - days * 86_400_000) } });
/**
 * Moves the event to today (Paris), still to come: two minutes from now, on the same Paris
 * day whatever the hour (`laterTodayInParis` waits for the next day in a day's last two minutes).
 */
const moveToToday = async (documentId: string) => {
  const startsAt = await laterTodayInParis();
  await strapi.db.query(EVENT_UID).update({ where: { documentId }, data: { startsAt } });
  expect(parisDate(startsAt)).toBe(todayInParis()); // the premise: the event's Paris day is today
  expect(startsAt.getTime()).toBeGreaterThan(Date.now()); // … and it has not started
};
const registrationsOf = async (documentId: string) => {
  const e = await strapi.db.query(EVENT_UID).findOne({ where: { documentId } });
  return strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: e.id } });
};

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'events', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'events', true);
  }
}

const cafe = (overrides: Record<string, unknown> = {}) => ({
  kind: 'cafe-debat',
  title: 'Café-débat : la ville à vélo',
  theme: 'Mobilités',
  startsAt: paris(5),
  endsAt: paris(5, 21),
  address: 'Café du Commerce, 1 place de la Mairie',
  accessibility: 'De plain-pied.',
  organiser: 'section',
  section: w.sectionA.documentId,
  capacity: 2,
  audience: 'public',
  ...overrides,
});

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  strapi.config.set('plugin::events.publicRegistrationsPerAddress', 1000);
  strapi.config.set('plugin::events.publicRegistrationsPerEmail', 1000);
  const switches = strapi.plugin('modules').service('switches');
  for (const f of [w.federation, w.other]) await switches.set(f.id, 'consultations', true);
}, 300_000);

afterAll(() => {
  strapi.config.set('plugin::events.publicRegistrationsPerAddress', 20);
  strapi.config.set('plugin::events.publicRegistrationsPerEmail', 3);
});

describe('announcing an event', () => {
  it('POST /events: 401, 403 (role, other section, national), module off 403, 400 in French, 201', async () => {
    expectError(await post('/events', undefined, cafe()), 401);
    expectError(await post('/events', w.member.token, cafe()), 403);
    expectError(await post('/events', w.outsider.token, cafe()), 403);
    expectError(await post('/events', w.secretary.token, cafe({ section: w.sectionB.documentId })), 403, 'votre section');
    // Another federation's section looks absent: exactly an unknown section's answer.
    const elsewhere = await post('/events', w.otherStaff.token, cafe());
    const unknownSection = await post('/events', w.otherStaff.token, cafe({ section: 'zzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect(badRequest(elsewhere)).toHaveProperty('section', 'Section introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknownSection.status, body: unknownSection.body });
    expectError(await post('/events', w.otherStaff.token, cafe({ organiser: 'federation', section: undefined, federation: w.federation.documentId })), 403, 'fédération');
    expectError(await post('/events', w.staff.token, cafe({ organiser: 'national', section: undefined })), 403, 'nationale');
    await withModuleOff(async () => expectError(await post('/events', w.secretary.token, cafe()), 403));
    expect(badRequest(await post('/events', w.secretary.token, cafe({ kind: 'banquet' })))).toHaveProperty('kind', expect.stringContaining('café-débat'));
    expect(badRequest(await post('/events', w.secretary.token, cafe({ address: undefined })))).toHaveProperty('address', 'Indiquez le lieu (adresse) ou le lien en ligne.');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ address: '\u3164\u200b' })))).toHaveProperty('address', 'Indiquez le lieu (adresse) ou le lien en ligne.');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: '2026-02-30T19:00' })))).toHaveProperty('startsAt', 'Le début : cette date n’existe pas.');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: paris(-2) })))).toHaveProperty('startsAt', 'Le début doit être dans le futur.');
    // The spring change's skipped hour: refused in French, never moved to 03:30.
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T05:00' })))).toHaveProperty('startsAt', 'Le début : cette heure n’existe pas le 28 mars 2027 (passage à l’heure d’été).');
    // The autumn change's repeated hour: either of two instants, so refused in French too (the API takes no offset).
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: '2027-10-31T02:30', endsAt: '2027-10-31T05:00' })))).toHaveProperty('startsAt', 'Le début : cette heure existe deux fois le 31 octobre 2027 (passage à l’heure d’hiver) : choisissez une autre heure.');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: '2027-10-31T01:00', endsAt: '2027-10-31T02:15' })))).toHaveProperty('endsAt', 'La fin : cette heure existe deux fois le 31 octobre 2027 (passage à l’heure d’hiver) : choisissez une autre heure.');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ startsAt: '2027-10-31T02:30+01:00' })))).toHaveProperty('startsAt', 'Le début : date et heure attendues au format AAAA-MM-JJTHH:MM (heure de Paris).');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ capacity: 0 })))).toHaveProperty('capacity');
    expect(badRequest(await post('/events', w.secretary.token, cafe({ section: 'inconnue' })))).toHaveProperty('section', 'Section introuvable.');
    const e = ok(await post('/events', w.secretary.token, cafe()), 201);
    expect(e).toMatchObject({ kind: 'cafe-debat', kindLabel: 'café-débat', capacity: 2, seatsLeft: 2, audience: 'public', canManage: true, startsAtParis: paris(5) });
    expect(e.organiser.label).toContain('Section A');
    const debate = ok(
      await post('/events', w.staff.token, { kind: 'debat', title: 'Débat fédéral', startsAt: paris(8, 20), onlineUrl: 'https://visio.example.org/debat', organiser: 'federation', audience: 'members', speakers: [{ name: 'Dr Hélène Vidal', title: 'chercheuse' }] }),
      201
    );
    expect(debate.speakers).toEqual([{ name: 'Dr Hélène Vidal', title: 'chercheuse' }]);
    ok(await post('/events', w.national.token, { kind: 'universite-ete', title: 'Université d’été', startsAt: paris(200, 9), address: 'Montpellier', organiser: 'national', audience: 'members' }), 201);
  });

  it('GET /events and /events/:id: members see their scope’s events and every open one; others 404', async () => {
    const membersOnly = ok(await post('/events', w.secretary.token, cafe({ title: 'Réunion de section', audience: 'members' })), 201);
    const open = ok(await post('/events', w.secretary.token, cafe({ title: 'Café ouvert' })), 201);
    expectError(await get('/events'), 401);
    expectError(await get('/events', w.outsider.token), 403);
    expect(ok(await get(`/events/${membersOnly.documentId}`, w.member.token)).title).toBe('Réunion de section');
    expectError(await get(`/events/${membersOnly.documentId}`, w.memberB.token), 404);
    expectError(await get(`/events/${membersOnly.documentId}`, w.otherMember.token), 404);
    expect(ok(await get(`/events/${membersOnly.documentId}`, w.staff.token)).canManage).toBe(true);
    expect(ok(await get(`/events/${open.documentId}`, w.otherMember.token)).canManage).toBe(false);
    const list = await get('/events?pageSize=100', w.memberB.token);
    const titles = ok(list).map((e: any) => e.title);
    expect(titles).toContain('Café ouvert');
    expect(titles).not.toContain('Réunion de section');
    expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 100 });
    expect(badRequest(await get('/events?when=demain', w.member.token))).toHaveProperty('when');
    expectError(await get('/events/inconnu', w.member.token), 404);
    await withModuleOff(async () => expectError(await get('/events', w.member.token), 403));
  });

  it('POST /events/:id: organisers edit; a capacity below the registered is 409; more seats promote the waiting list', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 1 })), 201);
    ok(await post(`/events/${e.documentId}/registration`, w.member.token));
    expect(ok(await post(`/events/${e.documentId}/registration`, w.memberB.token)).registration.state).toBe('waiting');
    expectError(await post(`/events/${e.documentId}`, undefined, { title: 'X' }), 401);
    expectError(await post(`/events/${e.documentId}`, w.member.token, { title: 'X' }), 403);
    expectError(await post(`/events/${e.documentId}`, w.otherStaff.token, { title: 'X' }), 403); // an open event: seen, not theirs
    expect(badRequest(await post(`/events/${e.documentId}`, w.secretary.token, {}))).toBeTruthy();
    ok(await post(`/events/${e.documentId}`, w.secretary.token, { capacity: 2 }));
    expect(ok(await get(`/events/${e.documentId}`, w.memberB.token)).registration.state).toBe('confirmed');
    expectError(await post(`/events/${e.documentId}`, w.secretary.token, { capacity: 1 }), 409, '2 personnes');
  });
});

describe('members’ registration', () => {
  it('one click; full → waiting list; a cancellation promotes the first waiting (emailed); again → same registration', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe()), 201);
    const id = e.documentId;
    const third = await createMember({ federation: w.federation, section: w.sectionA });
    expectError(await post(`/events/${id}/registration`), 401);
    expectError(await post(`/events/${id}/registration`, w.outsider.token), 403);
    expectError(await post(`/events/${id}/registration`, w.national.token), 403, 'adhérents');
    await withModuleOff(async () => expectError(await post(`/events/${id}/registration`, w.member.token), 403));
    expect(badRequest(await post(`/events/${id}/registration`, w.member.token, { extra: 1 }))).toBeTruthy();
    const first = ok(await post(`/events/${id}/registration`, w.member.token));
    expect(first.registration).toMatchObject({ state: 'confirmed', stateLabel: 'inscrit·e' });
    expect(first.registration.checkInCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(ok(await post(`/events/${id}/registration`, w.member.token)).registration.documentId).toBe(first.registration.documentId);
    ok(await post(`/events/${id}/registration`, w.memberB.token));
    const waiting = ok(await post(`/events/${id}/registration`, third.token));
    expect(waiting.registration).toMatchObject({ state: 'waiting', checkInCode: null });
    expect(waiting).toMatchObject({ seatsLeft: 0, full: true });
    expect((await registrationsOf(id)).filter((r: any) => r.state !== 'cancelled')).toHaveLength(3);
    // The list page counts as the event's own page does (counted by the database, per event).
    const listed = ok(await get('/events?pageSize=50', w.secretary.token)).find((x: any) => x.documentId === id);
    expect({ counts: listed.counts, seatsLeft: listed.seatsLeft, full: listed.full }).toEqual({ counts: { confirmed: 2, waiting: 1, attended: 0 }, seatsLeft: 0, full: true });
    expect(ok(await get(`/events/${id}`, w.secretary.token)).counts).toEqual(listed.counts);
    const before = mailTo(third.user.email).length;
    expectError(await post(`/events/${id}/registration/cancellation`, w.staff.token), 404);
    expect(ok(await post(`/events/${id}/registration/cancellation`, w.member.token)).registration).toBeNull();
    expect(ok(await get(`/events/${id}`, third.token)).registration.state).toBe('confirmed');
    const mail = await waitForMail(third.user.email, { since: before });
    expect(mail.subject).toContain('Une place s’est libérée');
    expect(mail.text).toMatch(/code d’accueil : [A-Z0-9]{6}/);
    expect(mail.text).toContain('vous êtes inscrit·e pour');
  });

  it('a suspended or excluded member may not register (403, as training); a suspension that ended may', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 10 })), 201);
    const suspended = await createMember({ federation: w.federation, section: w.sectionA, status: 'suspended' });
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    const ended = await createMember({ federation: w.federation, section: w.sectionA, status: 'suspended', suspendedUntil: '2020-01-31' });
    expectError(await post(`/events/${e.documentId}/registration`, suspended.token), 403, 'Votre adhésion est suspendue');
    // An excluded member's account is blocked (401); were it not, the command refuses (403).
    expect([401, 403]).toContain((await post(`/events/${e.documentId}/registration`, excluded.token)).status);
    expect((await registrationsOf(e.documentId)).filter((r: any) => [suspended.member.id, excluded.member.id].includes(r.memberId))).toHaveLength(0);
    expect(ok(await post(`/events/${e.documentId}/registration`, ended.token)).registration.state).toBe('confirmed');
  });

  it('a members-only section event: other sections 404; a started or cancelled event 409', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ audience: 'members' })), 201);
    expectError(await post(`/events/${e.documentId}/registration`, w.memberB.token), 404);
    expectError(await post(`/events/${e.documentId}/registration`, w.otherMember.token), 404);
    ok(await post(`/events/${e.documentId}`, w.secretary.token, { cancelled: true }));
    expectError(await post(`/events/${e.documentId}/registration`, w.member.token), 409, 'annulé');
    const started = ok(await post('/events', w.secretary.token, cafe()), 201);
    await moveBack(started.documentId);
    expectError(await post(`/events/${started.documentId}/registration`, w.member.token), 409, 'commencé');
  });

  it('never overbooks under concurrent registrations: 3 seats, 8 members at once → 3 confirmed, 5 waiting', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 3, audience: 'members' })), 201);
    const crowd: TestMember[] = [];
    for (let i = 0; i < 8; i++) crowd.push(await createMember({ federation: w.federation, section: w.sectionA }));
    const answers = await Promise.all(crowd.map((m) => post(`/events/${e.documentId}/registration`, m.token)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const rows = await registrationsOf(e.documentId);
    expect(rows.filter((r: any) => r.state === 'confirmed')).toHaveLength(3);
    expect(rows.filter((r: any) => r.state === 'waiting')).toHaveLength(5);
    // And concurrent cancellations promote exactly as many as they free.
    const confirmed = crowd.filter((m) => rows.find((r: any) => r.memberId === m.member.id)?.state === 'confirmed');
    await Promise.all(confirmed.slice(0, 2).map((m) => post(`/events/${e.documentId}/registration/cancellation`, m.token)));
    const after = await registrationsOf(e.documentId);
    expect(after.filter((r: any) => r.state === 'confirmed')).toHaveLength(3);
    expect(after.filter((r: any) => r.state === 'waiting')).toHaveLength(3);
  });
});

describe('citizens on the public page', () => {
  const P = '/public';
  it('register (name, email, consent unchecked by default) → email → confirm → counted; same email twice → one; cancel link frees the seat', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 1 })), 201);
    const id = e.documentId;
    const email = `citoyenne.${Date.now()}@exemple.fr`;
    expect(badRequest(await post(`${P}/events/${id}/registrations`, undefined, { email }))).toHaveProperty('name', 'Votre nom est obligatoire.');
    expect(badRequest(await post(`${P}/events/${id}/registrations`, undefined, { name: 'Léa', email: 'pas-un-courriel' }))).toHaveProperty('email', 'L’adresse électronique n’est pas valide.');
    const asked = await post(`${P}/events/${id}/registrations`, undefined, { name: 'Léa Martin', email: email.toUpperCase() });
    expect(asked.status).toBe(202);
    expect(asked.body.data.message).toContain('courriel');
    const mail = await waitForMail(email);
    expect(mail.subject).toContain('Confirmez votre inscription');
    const token = new URL(mail.text.match(/https?:\/\/\S+confirmer\S+/)![0]).searchParams.get('token')!;
    // Pending: never counts.
    expect(ok(await get(`${P}/events/${id}`)).seatsLeft).toBe(1);
    const [pending] = (await registrationsOf(id)).filter((r: any) => r.email === email);
    expect(pending).toMatchObject({ state: 'pending', contactConsent: false, memberId: null });
    // The same email again: one registration, a new link (the first one is replaced).
    expect((await post(`${P}/events/${id}/registrations`, undefined, { name: 'Léa Martin', email, contactConsent: true })).status).toBe(202);
    expect((await registrationsOf(id)).filter((r: any) => r.email === email)).toHaveLength(1);
    expectError(await post(`${P}/registrations/confirmation`, undefined, { token }), 404, 'remplacé');
    const second = await waitForMail(email, { since: 1 });
    const token2 = new URL(second.text.match(/https?:\/\/\S+confirmer\S+/)![0]).searchParams.get('token')!;
    expect(badRequest(await post(`${P}/registrations/confirmation`, undefined, { token: 'court' }))).toHaveProperty('token');
    const confirmed = ok(await post(`${P}/registrations/confirmation`, undefined, { token: token2 }));
    expect(confirmed.state).toBe('confirmed');
    expect(confirmed.checkInCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(ok(await post(`${P}/registrations/confirmation`, undefined, { token: token2 })).state).toBe('confirmed');
    expect(ok(await get(`${P}/events/${id}`)).seatsLeft).toBe(0);
    // A member then waits; the citizen cancels from the link; the member takes the seat.
    expect(ok(await post(`/events/${id}/registration`, w.member.token)).registration.state).toBe('waiting');
    expect(ok(await post(`${P}/registrations/cancellation`, undefined, { token: token2 })).state).toBe('cancelled');
    expect(ok(await get(`/events/${id}`, w.member.token)).registration.state).toBe('confirmed');
    expectError(await post(`${P}/registrations/confirmation`, undefined, { token: token2 }), 409, 'annulée');
    // A citizen confirming on the full event waits, without a door code until promoted.
    const late = `citoyen.${Date.now()}@exemple.fr`;
    expect((await post(`${P}/events/${id}/registrations`, undefined, { name: 'Marc Petit', email: late })).status).toBe(202);
    const lateToken = new URL((await waitForMail(late)).text.match(/https?:\/\/\S+confirmer\S+/)![0]).searchParams.get('token')!;
    expect(ok(await post(`${P}/registrations/confirmation`, undefined, { token: lateToken }))).toMatchObject({ state: 'waiting', checkInCode: null });
  });

  it('members-only, unknown or module-off events are 404; the honeypot records nothing; a spent budget is 429', async () => {
    const membersOnly = ok(await post('/events', w.secretary.token, cafe({ audience: 'members' })), 201);
    const open = ok(await post('/events', w.secretary.token, cafe()), 201);
    const body = { name: 'Robot', email: `robot.${Date.now()}@exemple.fr` };
    expectError(await post(`/public/events/${membersOnly.documentId}/registrations`, undefined, body), 404);
    expectError(await get(`/public/events/${membersOnly.documentId}`), 404);
    expectError(await post('/public/events/inconnu/registrations', undefined, body), 404);
    await withModuleOff(async () => {
      expectError(await get(`/public/events/${open.documentId}`), 404);
      expectError(await post(`/public/events/${open.documentId}/registrations`, undefined, body), 404);
    });
    expect((await post(`/public/events/${open.documentId}/registrations`, undefined, { ...body, website: 'http://spam.example' })).status).toBe(202);
    expect((await registrationsOf(open.documentId)).filter((r: any) => r.email === body.email)).toHaveLength(0);
    strapi.config.set('plugin::events.publicRegistrationsPerAddress', 2);
    try {
      const spend = () => post(`/public/events/${open.documentId}/registrations`, undefined, { name: 'Un humain', email: `h.${Math.random()}@exemple.fr` });
      expect((await spend()).status).toBe(202);
      expect((await spend()).status).toBe(202);
      expectError(await spend(), 429, 'Trop de demandes');
    } finally {
      strapi.config.set('plugin::events.publicRegistrationsPerAddress', 1000);
    }
  });

  it('the public list and its iCalendar feed: open upcoming events only, no registrant named', async () => {
    const open = ok(await post('/events', w.secretary.token, cafe({ title: `Café public ${Date.now()}` })), 201);
    const hidden = ok(await post('/events', w.secretary.token, cafe({ title: `Réunion interne ${Date.now()}`, audience: 'members' })), 201);
    ok(await post(`/events/${open.documentId}/registration`, w.member.token));
    const list = ok(await get('/public/events?pageSize=100'));
    const titles = list.map((e: any) => e.title);
    expect(titles).toContain(open.title);
    expect(titles).not.toContain(hidden.title);
    const text = JSON.stringify(list);
    expect(text).not.toContain(w.member.member.lastName);
    expect(text).not.toContain('@');
    expect(badRequest(await get('/public/events?page=0'))).toHaveProperty('page');
    const feed = await get('/public/events.ics');
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const parsed = Object.values(ical.sync.parseICS(feed.text)).filter((c: any) => c.type === 'VEVENT') as any[];
    const found = parsed.find((c) => c.uid === `event-${open.documentId}@intranet-militant`);
    expect(found.summary).toContain(open.title);
    expect(found.location).toContain('Café du Commerce');
    // Times in UTC (`…Z`), so that every calendar shows the Paris hour the organiser typed.
    expect(feed.text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(new Date(found.start).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T')).toBe(cafe().startsAt);
    expect(parsed.some((c) => String(c.summary).includes(hidden.title))).toBe(false);
    expect(feed.text).not.toContain(w.member.member.lastName);
  });
});

describe('at the door and after', () => {
  it('check-in by code or from the list; not registered → 409; counted once', { timeout: 180_000 }, async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 1 })), 201);
    const id = e.documentId;
    const code = ok(await post(`/events/${id}/registration`, w.member.token)).registration.checkInCode;
    ok(await post(`/events/${id}/registration`, w.memberB.token)); // waiting
    expectError(await post(`/events/${id}/check-in`, undefined, { code }), 401);
    expectError(await post(`/events/${id}/check-in`, w.member.token, { code }), 403);
    expectError(await post(`/events/${id}/check-in`, w.otherStaff.token, { code }), 403); // an open event: seen, not theirs
    await withModuleOff(async () => expectError(await post(`/events/${id}/check-in`, w.secretary.token, { code }), 403));
    expect(badRequest(await post(`/events/${id}/check-in`, w.secretary.token, {}))).toHaveProperty('code');
    // Days before the event: nobody can have come yet.
    expectError(await post(`/events/${id}/check-in`, w.secretary.token, { code }), 409, 'jour de l’événement');
    expect(ok(await get(`/events/${id}`, w.secretary.token)).counts.attended).toBe(0);
    await moveToToday(id);
    expectError(await post(`/events/${id}/check-in`, w.secretary.token, { code: 'ZZZZZZ' }), 409, 'n’est pas inscrite');
    const list = ok(await get(`/events/${id}/registrations`, w.secretary.token));
    expect(list.map((r: any) => r.state).sort()).toEqual(['confirmed', 'waiting']);
    expect(JSON.stringify(list)).not.toContain('@');
    expectError(await get(`/events/${id}/registrations`, w.member.token), 403);
    const waitingOne = list.find((r: any) => r.state === 'waiting');
    expectError(await post(`/events/${id}/check-in`, w.secretary.token, { registration: waitingOne.documentId }), 409, 'liste d’attente');
    const done = ok(await post(`/events/${id}/check-in`, w.secretary.token, { code: code.toLowerCase() }));
    expect(done).toMatchObject({ alreadyCheckedIn: false, attended: 1, member: true });
    expect(ok(await post(`/events/${id}/check-in`, w.staff.token, { code })).alreadyCheckedIn).toBe(true);
    expect(ok(await get(`/events/${id}`, w.secretary.token)).counts).toMatchObject({ confirmed: 1, waiting: 1, attended: 1 });
  });

  it('a member checked in who cancels and registers again is judged afresh: not checked in, a seat if one is free', { timeout: 180_000 }, async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 2, startsAt: paris(2) })), 201);
    const id = e.documentId;
    const code = ok(await post(`/events/${id}/registration`, w.member.token)).registration.checkInCode;
    await moveToToday(id); // the event's day, before its start: registrations still open, the door too
    expect(ok(await post(`/events/${id}/check-in`, w.secretary.token, { code })).attended).toBe(1);
    ok(await post(`/events/${id}/registration/cancellation`, w.member.token));
    expect(ok(await get(`/events/${id}`, w.secretary.token)).counts).toEqual({ confirmed: 0, waiting: 0, attended: 0 });
    const again = ok(await post(`/events/${id}/registration`, w.member.token)).registration;
    expect(again).toMatchObject({ state: 'confirmed', checkedIn: false });
    const [row] = (await registrationsOf(id)).filter((r: any) => r.memberId === w.member.member.id);
    expect(row.checkedInAt).toBeNull();
    expect(ok(await get(`/events/${id}`, w.secretary.token)).counts).toEqual({ confirmed: 1, waiting: 0, attended: 0 });
    expect(ok(await post(`/events/${id}/check-in`, w.secretary.token, { code: again.checkInCode })).alreadyCheckedIn).toBe(false);
  });

  it('the report becomes a contribution to an open consultation of the organiser’s scope, « issu du café-débat du … »', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 10 })), 201);
    const id = e.documentId;
    const code = ok(await post(`/events/${id}/registration`, w.member.token)).registration.checkInCode;
    const report = { themes: ['Pistes cyclables', 'Stationnement'], proposals: ['Une piste cyclable sur l’avenue Jean-Jaurès'], summary: 'Vingt habitants, beaucoup de propositions.' };
    expectError(await post(`/events/${id}/report`, w.secretary.token, report), 409, 'après l’événement');
    await moveBack(id);
    ok(await post(`/events/${id}/check-in`, w.secretary.token, { code }));
    expectError(await post(`/events/${id}/report`, undefined, report), 401);
    expectError(await post(`/events/${id}/report`, w.member.token, report), 403);
    expectError(await post(`/events/${id}/report`, w.secretary.token, { themes: 'un' }), 400);
    const consultation = await openConsultation(w.staff);
    expectError(await post(`/events/${id}/report/contribution`, w.secretary.token, { consultation }), 409, 'Écrivez d’abord');
    const written = ok(await post(`/events/${id}/report`, w.secretary.token, report));
    expect(written.report).toMatchObject({ attendance: 1, themes: report.themes });
    expect(ok(await get(`/events/${id}/consultations`, w.secretary.token)).map((c: any) => c.documentId)).toContain(consultation);
    expectError(await get(`/events/${id}/consultations`, w.member.token), 403);
    const otherConsultation = await openConsultation(w.otherStaff);
    expectError(await post(`/events/${id}/report/contribution`, w.secretary.token, { consultation: otherConsultation }), 409, 'périmètre');
    expectError(await post(`/events/${id}/report/contribution`, w.secretary.token, { consultation: 'inconnue' }), 404);
    expect(badRequest(await post(`/events/${id}/report/contribution`, w.secretary.token, {}))).toHaveProperty('consultation');
    const sent = ok(await post(`/events/${id}/report/contribution`, w.secretary.token, { consultation }));
    expect(sent.report.contribution.provenance).toMatch(/^Issu du café-débat du \d+/);
    const contribution = await strapi.db.query('plugin::consultations.contribution').findOne({ where: { documentId: sent.report.contribution.documentId } });
    expect(contribution.body).toContain('Issu du café-débat du');
    expect(contribution.body).toContain('Une piste cyclable sur l’avenue Jean-Jaurès');
    expectError(await post(`/events/${id}/report/contribution`, w.secretary.token, { consultation }), 409, 'déjà');
    expectError(await post(`/events/${id}/report`, w.secretary.token, report), 409, 'déjà été versé');
  });

  it('feedback 1–5 from participants only, after the event', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ capacity: 10 })), 201);
    const id = e.documentId;
    ok(await post(`/events/${id}/registration`, w.member.token));
    expectError(await post(`/events/${id}/feedback`, w.member.token, { rating: 5 }), 409, 'après');
    await moveBack(id);
    expectError(await post(`/events/${id}/feedback`, undefined, { rating: 5 }), 401);
    expectError(await post(`/events/${id}/feedback`, w.outsider.token, { rating: 5 }), 403);
    expect(badRequest(await post(`/events/${id}/feedback`, w.member.token, { rating: 6 }))).toHaveProperty('rating', 'La note : un nombre entier de 1 à 5.');
    expectError(await post(`/events/${id}/feedback`, w.secretary.token, { rating: 4 }), 409, 'inscrites');
    expect(ok(await post(`/events/${id}/feedback`, w.member.token, { rating: 4, comment: 'Très bon débat.' }))).toEqual({ rating: 4, comment: 'Très bon débat.' });
    expect(ok(await post(`/events/${id}/feedback`, w.member.token, { rating: 5 })).rating).toBe(5);
    expect(ok(await get(`/events/${id}`, w.member.token)).myFeedback.rating).toBe(5);
  });

  it('reminders the day before: members by the scheduled notification kind, citizens by email (once)', async () => {
    const e = ok(await post('/events', w.secretary.token, cafe({ startsAt: paris(3, 18), capacity: 10 })), 201);
    ok(await post(`/events/${e.documentId}/registration`, w.member.token));
    // The kind the notifications clock asks (not a whole tick: that would fire every plugin's scheduled kinds for the shared database).
    const kind = strapi.plugin('modules').service('registry').get('events').notifications.find((k: any) => k.id === 'events.reminder');
    const dayBefore = new Date(Date.now() + 2 * 86_400_000);
    const due = (await kind.due(strapi, dayBefore)).find((o: any) => o.key === `events.reminder:${e.documentId}`);
    expect(due.memberIds).toEqual([w.member.member.id]);
    expect(kind.render(due.data).subject).toContain('Demain');
    expect((await kind.due(strapi, new Date())).some((o: any) => o.key === due.key)).toBe(false); // not three days before
    // A confirmed citizen: one email the day before, not two.
    const email = `rappel.${Date.now()}@exemple.fr`;
    expect((await post(`/public/events/${e.documentId}/registrations`, undefined, { name: 'Paul Roche', email })).status).toBe(202);
    const token = new URL((await waitForMail(email)).text.match(/https?:\/\/\S+confirmer\S+/)![0]).searchParams.get('token')!;
    ok(await post('/public/registrations/confirmation', undefined, { token }));
    const { remindCitizens } = await import('../dist/server/commands/reminders.js');
    expect(await remindCitizens(strapi, dayBefore)).toBeGreaterThanOrEqual(1);
    expect(await remindCitizens(strapi, dayBefore)).toBe(0);
    expect((await waitForMail(email, { match: (m) => m.subject.startsWith('Demain') })).text).toMatch(/code d’accueil : [A-Z0-9]{6}/);
  });

  it('statistics: staff of the federation and national admins; members 403', async () => {
    expectError(await get('/stats'), 401);
    expectError(await get('/stats', w.member.token), 403);
    expectError(await get('/stats', w.secretary.token), 403);
    await withModuleOff(async () => expectError(await get('/stats', w.staff.token), 403));
    expect(badRequest(await get('/stats?from=2026-13-01', w.staff.token))).toHaveProperty('from');
    expect(badRequest(await get('/stats?from=2027-01-01&to=2026-01-01', w.staff.token))).toHaveProperty('to', 'La fin de la période vient après son début (ou le même jour).');
    ok(await get('/stats?from=2026-01-01&to=2026-01-01', w.staff.token)); // one day: both included
    const stats = ok(await get('/stats', w.staff.token));
    expect(stats.events).toBeGreaterThan(5);
    expect(stats.contributions).toBeGreaterThanOrEqual(1);
    expect(stats.attendance).toBeGreaterThanOrEqual(2);
    expect(stats.perSectionAndKind.find((s: any) => s.organiser === 'Section A').kinds.find((k: any) => k.kind === 'cafe-debat').count).toBeGreaterThan(3);
    expect(stats.openEvents.nonMemberShare).not.toBeUndefined();
    const other = ok(await get('/stats', w.otherStaff.token));
    expect(other.events).toBeLessThan(stats.events);
    expect(ok(await get('/stats', w.national.token)).events).toBeGreaterThanOrEqual(stats.events);
  });
});
