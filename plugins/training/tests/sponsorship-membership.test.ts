import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';

/**
 * A sponsorship is between two members of one federation (`assignSponsor`): membership's events
 * end it, that day, when either of them leaves the party, is excluded, or moves to another
 * federation — whatever the door — so that the newcomer no longer shows a sponsor who is gone
 * and staff may assign another at once. A change of section alone ends none.
 */
let strapi: Core.Strapi;
let w: World;
const day = parisDay;
const SPONSORSHIP = 'plugin::training.sponsorship';

/** A long-standing member of Section A sponsoring a newcomer of Section A. */
async function sponsored() {
  const sponsor = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2018-04-01' });
  const newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-20) });
  const res = await (await api()).post('/api/training/sponsorships').set(bearer(w.staff.token)).send({ newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // Read once, so that a kept answer (the request caches) has to be dropped.
  expect((await sponsorSeenBy(newcomer))?.name).toBe(`${sponsor.member.firstName} ${sponsor.member.lastName}`);
  return { sponsor, newcomer, sponsorship: res.body.data.documentId as string };
}
async function sponsorSeenBy(m: TestMember) {
  const me = await (await api()).get('/api/training/me').set(bearer(m.token));
  expect(me.status, JSON.stringify(me.body)).toBe(200);
  return me.body.data.sponsor as { name: string; since: string } | null;
}
async function endOf(documentId: string) {
  const row = await strapi.db.query(SPONSORSHIP).findOne({ where: { documentId } });
  const ends = (await auditEntriesFor(documentId)).filter((e: any) => e.action === 'plugin::training.sponsorship.end');
  return { endedOn: row.endedOn ? String(row.endedOn).slice(0, 10) : null, ends: ends.map((e: any) => [e.actor_kind, JSON.parse(e.details)]) };
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
}, 120_000);

describe('a sponsorship follows its two members', () => {
  it('ends the day the sponsor’s departure is recorded; the newcomer shows no sponsor and gets another at once', async () => {
    const { sponsor, newcomer, sponsorship } = await sponsored();
    const on = day(-1);
    const left = await (await api()).post(`/api/membership/members/${sponsor.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on, reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(await endOf(sponsorship)).toEqual({ endedOn: day(0), ends: [['system', { reason: `Départ du parti (le ${frenchDate(on)})`, of: 'sponsor' }]] });
    expect(await sponsorSeenBy(newcomer)).toBeNull();
    const next = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2019-01-01' });
    const again = await (await api()).post('/api/training/sponsorships').set(bearer(w.staff.token)).send({ newcomer: newcomer.member.documentId, sponsor: next.member.documentId });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it('ends when the newcomer is excluded (staff’s status command); the sponsor no longer follows them; a suspension ends none', async () => {
    const { sponsor, newcomer, sponsorship } = await sponsored();
    const status = (body: object) => api().then((http) => http.post(`/api/membership/members/${newcomer.member.documentId}/status`).set(bearer(w.staff.token)).send(body));
    const suspended = await status({ status: 'suspended', until: day(10), reason: 'Mesure administrative' });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect((await endOf(sponsorship)).endedOn).toBeNull();
    const excluded = await status({ status: 'excluded', reason: 'Propos contraires aux statuts' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect(await endOf(sponsorship)).toEqual({ endedOn: day(0), ends: [['system', { reason: 'Exclusion du parti', of: 'newcomer' }]] });
    const mine = await (await api()).get('/api/training/sponsorships/mine').set(bearer(sponsor.token));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.data).toEqual([]);
  });

  it('a change of section keeps it; a move to another federation ends it', async () => {
    const { sponsor, newcomer, sponsorship } = await sponsored();
    const move = (token: string, body: object) => api().then((http) => http.put(`/api/membership/members/${newcomer.member.documentId}`).set(bearer(token)).send(body));
    const section = await move(w.staff.token, { section: w.sectionB.documentId });
    expect(section.status, JSON.stringify(section.body)).toBe(200);
    expect((await endOf(sponsorship)).endedOn).toBeNull();
    const federation = await move(w.national.token, { federation: w.other.documentId });
    expect(federation.status, JSON.stringify(federation.body)).toBe(200);
    expect(await endOf(sponsorship)).toEqual({ endedOn: day(0), ends: [['system', { reason: 'Changement de fédération', of: 'newcomer' }]] });
    expect(await sponsorSeenBy(newcomer)).toBeNull();
    const mine = await (await api()).get('/api/training/sponsorships/mine').set(bearer(sponsor.token));
    expect(mine.body.data).toEqual([]);
  });
});
