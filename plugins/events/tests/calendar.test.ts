import { beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { ok, paris, withEventsOff } from './support/events';

/**
 * Events in members' private calendar feeds (issue 11 § 7): the events a member holds a seat
 * at and the summer-university sessions they hold a place in — not a waiting-list place, not a
 * cancelled event, not another member's — and nothing once their federation switches events off.
 */
let strapi: Core.Strapi;
let w: World;
let member: TestMember;
let waiting: TestMember;
const E = '/api/events';
const post = async (path: string, token: string, body: unknown = {}) => (await api()).post(path).set(bearer(token)).send(body as object);

async function feedOf(who: TestMember): Promise<any[]> {
  const http = await api();
  const issued = await http.post('/api/notifications/feed').set(bearer(who.token)).send({});
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  const url = new URL(issued.body.data.url);
  const res = await http.get(`${url.pathname}${url.search}`);
  expect(res.status).toBe(200);
  return Object.values(ical.sync.parseICS(res.text)).filter((e: any) => e.type === 'VEVENT');
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  member = await createMember({ federation: w.federation, section: w.sectionA });
  waiting = await createMember({ federation: w.federation, section: w.sectionA });
}, 300_000);

describe('events in the calendar feed', () => {
  it('lists the member’s seats and session places, in Paris time, and only those', async () => {
    const stamp = Date.now();
    const seat = ok(await post(`${E}/events`, w.secretary.token, { kind: 'cafe-debat', title: `Café de l’agenda ${stamp}`, startsAt: paris(4, 19), address: 'Le Bistrot, Nîmes', organiser: 'section', section: w.sectionA.documentId, capacity: 1, audience: 'members' }), 201);
    const called = ok(await post(`${E}/events`, w.secretary.token, { kind: 'debat', title: `Débat annulé ${stamp}`, startsAt: paris(5, 18), address: 'Salle B', organiser: 'section', section: w.sectionA.documentId, audience: 'members' }), 201);
    const unrelated = ok(await post(`${E}/events`, w.secretary.token, { kind: 'debat', title: `Débat sans moi ${stamp}`, startsAt: paris(6, 18), address: 'Salle C', organiser: 'section', section: w.sectionA.documentId, audience: 'members' }), 201);
    expect(ok(await post(`${E}/events/${seat.documentId}/registration`, member.token)).registration.state).toBe('confirmed');
    expect(ok(await post(`${E}/events/${seat.documentId}/registration`, waiting.token)).registration.state).toBe('waiting');
    ok(await post(`${E}/events/${called.documentId}/registration`, member.token));
    ok(await post(`${E}/events/${called.documentId}`, w.secretary.token, { cancelled: true }));

    // A summer-university session the member holds a place in (rows written as its commands would).
    const year = 2090 + (stamp % 9);
    const edition = await strapi.db.query('plugin::events.su-edition').create({
      data: { year, title: `Université d’été ${year}`, hostRegion: 'Occitanie', place: 'Campus de Montpellier', startsOn: `${year}-08-25`, endsOn: `${year}-08-27`, datesPublishedOn: `${year}-01-10` },
    });
    const startsAt = new Date(Date.now() + 8 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0); // 10:00 in Paris in summer, 9:00 in winter
    const session = await strapi.db.query('plugin::events.su-session').create({ data: { editionId: edition.id, kind: 'workshop', title: `Atelier logement ${stamp}`, startsAt } });
    await strapi.db.query('plugin::events.su-attendance').create({ data: { sessionId: session.id, memberId: member.member.id, state: 'confirmed', queuedAt: new Date() } });

    try {
      const mine = await feedOf(member);
      const summaries = mine.map((e) => e.summary as string);
      expect(summaries).toContain(`Café-débat : Café de l’agenda ${stamp}`);
      expect(summaries).toContain(`Université d’été ${year} : Atelier logement ${stamp}`);
      expect(summaries.some((s) => s.includes(`Débat annulé ${stamp}`))).toBe(false);
      expect(summaries.some((s) => s.includes(`Débat sans moi ${stamp}`))).toBe(false);
      const cafe = mine.find((e) => e.summary === `Café-débat : Café de l’agenda ${stamp}`);
      expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(cafe.start))).toBe('19:00');
      expect(cafe.location ?? cafe.description).toContain('Le Bistrot');

      // A waiting-list place is not a date in one's calendar.
      const theirs = (await feedOf(waiting)).map((e) => e.summary as string);
      expect(theirs.some((s) => s.includes(`Café de l’agenda ${stamp}`))).toBe(false);

      // Events switched off for the federation: out of the feed.
      await withEventsOff(strapi, w.federation.id, async () => {
        const off = (await feedOf(member)).map((e) => e.summary as string);
        expect(off.some((s) => s.includes(String(stamp)))).toBe(false);
      });
      expect(unrelated.documentId).not.toBe(seat.documentId);
    } finally {
      await strapi.db.query('plugin::events.su-attendance').deleteMany({ where: { sessionId: session.id } });
      await strapi.db.query('plugin::events.su-session').delete({ where: { id: session.id } });
      await strapi.db.query('plugin::events.su-edition').delete({ where: { id: edition.id } });
    }
  });
});
