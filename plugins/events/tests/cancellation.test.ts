import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { ok, paris } from './support/events';

/**
 * Cancelling an event tells its registrants (issue 20): members holding a seat or waiting
 * through the mandatory `events.cancelled` notification, confirmed or waiting citizens by a
 * letter — each exactly one message, through the real SMTP sink; nobody else (an unconfirmed
 * citizen, a member who had cancelled, a member not registered).
 */
let strapi: Core.Strapi;
let w: World;
const E = '/api/events';
const post = async (path: string, token?: string, body: unknown = {}) => {
  const req = (await api()).post(path);
  return (token ? req.set(bearer(token)) : req).send(body as object);
};

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  strapi.config.set('plugin::events.publicRegistrationsPerAddress', 1000);
  strapi.config.set('plugin::events.publicRegistrationsPerEmail', 1000);
}, 300_000);

describe('cancelling an event', () => {
  it('emails every registrant (seat or waiting list, member or citizen) exactly once, and nobody else', async () => {
    const title = `Café annulé ${Date.now()}`;
    const e = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title, startsAt: paris(6), address: 'Le Bistrot', organiser: 'section', section: w.sectionA.documentId, capacity: 3, audience: 'public' }), 201);
    const id = e.documentId;
    const people: Record<string, TestMember> = {};
    for (const key of ['seat1', 'seat2', 'waits', 'gaveUp', 'notRegistered']) people[key] = await createMember({ federation: w.federation, section: w.sectionA });
    const stamp = Date.now();
    const citizens = { seat: `place.${stamp}@exemple.fr`, waits: `attend.${stamp}@exemple.fr`, unconfirmed: `pasconfirme.${stamp}@exemple.fr` };
    const confirmCitizen = async (name: string, email: string) => {
      expect((await post(`${E}/public/events/${id}/registrations`, undefined, { name, email })).status).toBe(202);
      const token = new URL((await waitForMail(email)).text.match(/https?:\/\/\S+confirmer\S+/)![0]).searchParams.get('token')!;
      return ok(await post(`${E}/public/registrations/confirmation`, undefined, { token })).state;
    };
    expect(ok(await post(`${E}/events/${id}/registration`, people.seat1.token)).registration.state).toBe('confirmed');
    expect(ok(await post(`${E}/events/${id}/registration`, people.seat2.token)).registration.state).toBe('confirmed');
    expect(await confirmCitizen('Chloé Place', citizens.seat)).toBe('confirmed');
    expect(ok(await post(`${E}/events/${id}/registration`, people.waits.token)).registration.state).toBe('waiting');
    expect(await confirmCitizen('Hugo Attente', citizens.waits)).toBe('waiting');
    expect((await post(`${E}/public/events/${id}/registrations`, undefined, { name: 'Inès Pasconfirmée', email: citizens.unconfirmed })).status).toBe(202);
    ok(await post(`${E}/events/${id}/registration`, people.gaveUp.token));
    ok(await post(`${E}/events/${id}/registration/cancellation`, people.gaveUp.token));

    const told = [people.seat1.user.email, people.seat2.user.email, people.waits.user.email, citizens.seat, citizens.waits].map((a) => a.toLowerCase());
    const notTold = [people.gaveUp.user.email, people.notRegistered.user.email, citizens.unconfirmed, w.secretary.user.email, w.member.user.email].map((a) => a.toLowerCase());
    const cancellations = (address: string) => mailTo(address).filter((m) => m.subject.includes('Annulé') && m.subject.includes(title));

    ok(await post(`${E}/events/${id}`, w.secretary.token, { cancelled: true }));
    await strapi.plugin('notifications').service('outbox').drain();
    for (const address of told) await waitForMail(address, { match: (m) => m.subject.includes('Annulé') && m.subject.includes(title) });
    // Saving the cancelled event again tells nobody twice.
    ok(await post(`${E}/events/${id}`, w.secretary.token, { cancelled: true, description: 'Annulé pour cause d’intempéries.' }));
    await strapi.plugin('notifications').service('outbox').drain();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // A cancellation is final: the event is not brought back (its seats would return silently),
    // nor its capacity raised (the waiting list would be told a place is free).
    const back = await post(`${E}/events/${id}`, w.secretary.token, { cancelled: false });
    expect(back.status).toBe(409);
    expect(back.body.error.message).toContain('ne peut pas être rétabli');
    expect((await post(`${E}/events/${id}`, w.secretary.token, { capacity: 10 })).status).toBe(409);
    for (const address of told) expect(cancellations(address), address).toHaveLength(1);
    for (const address of notTold) expect(cancellations(address), address).toHaveLength(0);
    const citizenLetter = cancellations(citizens.seat)[0];
    expect(citizenLetter.text).toContain('Événement annulé par ses organisateurs');
    expect(citizenLetter.text).toContain('Chloé Place');
    const memberMessage = cancellations(people.waits.user.email)[0];
    expect(memberMessage.text).toContain(title);
    // The kind is mandatory: emailed whatever the member's preferences.
    const kind = strapi.plugin('modules').service('registry').get('events').notifications.find((k: any) => k.id === 'events.cancelled');
    expect(kind.mandatory).toBe(true);
  });
});
