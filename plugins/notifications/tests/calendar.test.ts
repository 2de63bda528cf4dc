import { beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { quickQuestion } from '../../consultations/tests/support/consultations';

/** Calendar feeds: a private ICS address per member, parsed with a library; the token is required and resettable. */
let w: World;
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  w = await createWorld();
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(w.federation.id, 'consultations', true);
  await switches.set(w.other.id, 'consultations', true);
});

describe('the calendar feed', () => {
  it('lists the deadlines of the consultations that address the member, behind a secret, resettable token', async () => {
    const http = await api();
    const mine = await quickQuestion(w.staff, { title: 'Horaires des permanences', phases: { vote: { endsAt: at(5), inCharge: 'Bureau fédéral' } } });
    const theirs = await quickQuestion(w.otherStaff, { title: 'Question d’une autre fédération' });

    expectError(await http.post('/api/notifications/feed').send({}), 401);
    expect((await http.get('/api/notifications/feed').set(bearer(w.member.token))).body.data).toEqual({ exists: false, createdAt: null });
    const issued = await http.post('/api/notifications/feed').set(bearer(w.member.token)).send({});
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const url = new URL(issued.body.data.url);
    expect(url.pathname).toBe('/api/notifications/calendar.ics');
    expect((await http.get('/api/notifications/feed').set(bearer(w.member.token))).body.data.exists).toBe(true);

    const res = await http.get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = Object.values(ical.sync.parseICS(res.text)).filter((e: any) => e.type === 'VEVENT') as any[];
    const summaries = events.map((e) => e.summary);
    expect(summaries).toContain('Fin du vote : Horaires des permanences');
    expect(summaries.some((s) => s.includes('autre fédération'))).toBe(false);
    const end = events.find((e) => e.summary === 'Fin du vote : Horaires des permanences');
    expect(Math.abs(new Date(end.start).getTime() - new Date(at(5)).getTime())).toBeLessThan(120_000);
    // The event links to the consultation's page (lines unfolded as RFC 5545 folds them).
    expect(res.text.replace(/\r\n[ \t]/g, '')).toContain(`URL;VALUE=URI:http://localhost:1337/consultations/${mine}`);
    expect(theirs).not.toBe(mine);

    // No token, a wrong one, or the former one after a reset: refused.
    expect((await http.get('/api/notifications/calendar.ics')).status).toBe(400);
    expectError(await http.get(`/api/notifications/calendar.ics?token=${'A'.repeat(43)}`), 404, 'Agenda introuvable');
    // A federation that switches consultations off takes them out of its members' feeds.
    await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', false);
    const off = Object.values(ical.sync.parseICS((await http.get(`${url.pathname}${url.search}`)).text)).filter((e: any) => e.type === 'VEVENT');
    expect(off).toHaveLength(0);
    await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    const reset = await http.post('/api/notifications/feed').set(bearer(w.member.token)).send({});
    expect(reset.body.data.url).not.toBe(issued.body.data.url);
    expectError(await http.get(`${url.pathname}${url.search}`), 404);
    const fresh = new URL(reset.body.data.url);
    expect((await http.get(`${fresh.pathname}${fresh.search}`)).status).toBe(200);
  });

  it('stops while the member is suspended, and for good once their password changes (an address made by an intruder dies with the recovery)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const password = 'Un-mot-de-passe-solide-42';
    const m = await createMember({ federation: w.federation, password });
    const address = async (token: string) => new URL((await http.post('/api/notifications/feed').set(bearer(token)).send({})).body.data.url);
    const get = (url: URL) => http.get(`${url.pathname}${url.search}`);
    const url = await address(m.token);
    expect((await get(url)).status).toBe(200);
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { membershipStatus: 'suspended' } });
    expectError(await get(url), 404, 'Agenda introuvable');
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { membershipStatus: 'active' } });
    expect((await get(url)).status).toBe(200);
    const login = await http.post('/api/auth/local').send({ identifier: m.user.email, password });
    const changed = await http.post('/api/auth/change-password').set(bearer(login.body.jwt)).send({ currentPassword: password, password: 'Un-autre-mot-de-passe-43', passwordConfirmation: 'Un-autre-mot-de-passe-43' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expectError(await get(url), 404, 'Agenda introuvable');
    expect((await http.get('/api/notifications/feed').set(bearer(changed.body.jwt))).body.data.exists).toBe(false);
  });
});
