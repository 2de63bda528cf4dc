import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { ok, paris } from './support/events';

/**
 * One who is no longer a member — a departure recorded by staff, an exclusion — holds no seat
 * at a members' event to come: their registration is cancelled on membership's event (in its
 * transaction), as their own cancellation would be, and the first on the waiting list gets the
 * seat. Their registrations to public events stay (anyone may come); past events keep theirs.
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
}, 300_000);

/** A members' event with one seat (`who` holds it, `next` waits) and a public one `who` is registered to. */
async function registered() {
  const [who, next] = [await createMember({ federation: w.federation, section: w.sectionA }), await createMember({ federation: w.federation, section: w.sectionA })];
  const stamp = Date.now();
  const members = ok(await post(`${E}/events`, w.secretary.token, { kind: 'reunion-publique', title: `Réunion des adhérents ${stamp}`, startsAt: paris(9), address: 'Salle des fêtes', organiser: 'section', section: w.sectionA.documentId, capacity: 1, audience: 'members' }), 201).documentId as string;
  const open = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café ouvert ${stamp}`, startsAt: paris(10), address: 'Le Bistrot', organiser: 'section', section: w.sectionA.documentId, capacity: 10, audience: 'public' }), 201).documentId as string;
  expect(ok(await post(`${E}/events/${members}/registration`, who.token)).registration.state).toBe('confirmed');
  expect(ok(await post(`${E}/events/${members}/registration`, next.token)).registration.state).toBe('waiting');
  expect(ok(await post(`${E}/events/${open}/registration`, who.token)).registration.state).toBe('confirmed');
  return { who, next, members, open };
}
async function stateOf(event: string, m: TestMember) {
  const { id } = await strapi.db.query('plugin::events.event').findOne({ where: { documentId: event }, select: ['id'] });
  return (await strapi.db.query('plugin::events.registration').findOne({ where: { eventId: id, memberId: m.member.id }, select: ['state'] }))?.state ?? null;
}

describe('registrations of one who is no longer a member', () => {
  it('a recorded departure cancels their seat at a members’ event to come (the waiting list moves up); a public event’s stays', async () => {
    const { who, next, members, open } = await registered();
    const left = await (await api()).post(`/api/membership/members/${who.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: paris(-1).slice(0, 10), reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect([await stateOf(members, who), await stateOf(members, next), await stateOf(open, who)]).toEqual(['cancelled', 'confirmed', 'confirmed']);
  });

  it('so does an exclusion (staff’s status command); a suspension cancels nothing', async () => {
    const { who, next, members, open } = await registered();
    const status = (body: object) => api().then((http) => http.post(`/api/membership/members/${who.member.documentId}/status`).set(bearer(w.staff.token)).send(body));
    expect((await status({ status: 'suspended', until: paris(20).slice(0, 10), reason: 'Mesure administrative' })).status).toBe(200);
    expect(await stateOf(members, who)).toBe('confirmed');
    const excluded = await status({ status: 'excluded', reason: 'Propos contraires aux statuts' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect([await stateOf(members, who), await stateOf(members, next), await stateOf(open, who)]).toEqual(['cancelled', 'confirmed', 'confirmed']);
  });
});
