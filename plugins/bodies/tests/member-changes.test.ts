import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, todayInParis, type Actor } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { actorOf, auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';
import { createMeeting } from '../server/src/commands/manage-meeting';
import { bodiesCalendar } from '../server/src/notifications';

/**
 * A body's seats are for members of its scope (`designateSeat` requires it): one who leaves the
 * party (a recorded departure) leaves every seat, one who moves to another section or federation
 * leaves those of the bodies of their former place — whatever the door (API, admin panel) — on
 * the day it is recorded; their convocations to planned meetings from that day on are withdrawn.
 * National bodies' seats stay, and so do a federation's when only the section changes.
 * « Mes instances » and the calendar feed never list a body one may no longer read (a seat kept
 * from before this rule), and the nightly check (`standing.reconcile`) ends such seats. The
 * background worker is stopped: nothing here reads the mailbox.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
let national: Actor;
let federal: { id: number; documentId: string };
let sectional: { id: number; documentId: string }; // Section A's
let nationwide: { id: number; documentId: string };
const meetingOf: Record<string, { id: number; documentId: string }> = {};
let legacy: TestMember; // moved by a write no door announced
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
const at = (offset: number) => `${day(offset)}T18:30:00+01:00`;
const SEAT = 'plugin::bodies.seat';
const B = '/api/bodies';

/** The member's seats, by body documentId: `[startOn, endOn)` and the end's reason. */
async function seatsOf(m: TestMember) {
  const rows = await strapi.db.query(SEAT).findMany({ where: { member: { id: m.member.id } }, populate: { body: { select: ['documentId'] } }, orderBy: { id: 'asc' } });
  return rows.map((s: any) => ({ body: s.body.documentId as string, startOn: String(s.startOn).slice(0, 10), endOn: s.endOn ? String(s.endOn).slice(0, 10) : null, endReason: s.endReason ?? null }));
}
const convened = async (meeting: { id: number }, m: TestMember) =>
  Number((await strapi.db.connection('bodies_convocations').where({ meeting_id: meeting.id, member_id: m.member.id }).count({ n: '*' }))[0]!.n);

/** A member of Section A holding a running seat in the three bodies. */
async function seated() {
  const m = await createMember({ federation: w.federation, section: w.sectionA });
  for (const [body, by] of [[federal, staff], [sectional, staff], [nationwide, national]] as const) {
    await designateSeat(strapi, by, body.documentId, { member: m.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
  }
  return m;
}

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
  national = await actorOf(w.national.user);
  const common = { kind: 'conseil' as const, seatCount: 30, parityRequired: false, absenceAlertAfter: 3 };
  federal = await createBody(strapi, staff, { ...common, name: 'Conseil fédéral (départs et mutations)', level: 'federation', federation: w.federation.documentId });
  sectional = await createBody(strapi, staff, { ...common, name: 'Bureau de section (départs et mutations)', level: 'section', federation: w.federation.documentId, section: w.sectionA.documentId });
  nationwide = await createBody(strapi, national, { ...common, name: 'Conseil national (départs et mutations)', level: 'national' });
  for (const [body, by] of [[federal, staff], [sectional, staff], [nationwide, national]] as const) {
    meetingOf[body.documentId] = await createMeeting(strapi, by, body.documentId, { startsAt: at(6), durationMinutes: 90, place: 'Nîmes', agenda: [{ title: 'Rentrée' }] });
  }
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('a member who moves section (PUT /api/membership/members/:id)', () => {
  it('leaves the seats of the former section’s bodies today, keeps the federation’s and the national ones', async () => {
    const m = await seated();
    expect(await convened(meetingOf[sectional.documentId]!, m)).toBe(1);
    const moved = await (await api()).put(`/api/membership/members/${m.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionB.documentId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await seatsOf(m)).toEqual([
      { body: federal.documentId, startOn: day(-30), endOn: null, endReason: null },
      { body: sectional.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Changement de section' },
      { body: nationwide.documentId, startOn: day(-30), endOn: null, endReason: null },
    ]);
    expect(await convened(meetingOf[sectional.documentId]!, m)).toBe(0);
    expect(await convened(meetingOf[federal.documentId]!, m)).toBe(1);
    const [seat] = await strapi.db.query(SEAT).findMany({ where: { member: { id: m.member.id }, body: { id: sectional.id } } });
    const [entry] = (await auditEntriesFor(seat.documentId)).filter((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(entry).toMatchObject({ actor_kind: 'system', federation_id: w.federation.id });
    expect(JSON.parse(entry.details)).toMatchObject({ endOn: todayInParis(), reason: 'Changement de section', convocationsWithdrawn: 1 });
  });

  it('the same through the admin panel’s Content Manager', async () => {
    const m = await seated();
    const token = await adminToken(`mutations.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const res = await (await api())
      .put(`/content-manager/collection-types/plugin::membership.member/${m.member.documentId}`)
      .set(bearer(token))
      .send({ section: { connect: [{ documentId: w.sectionB.documentId }], disconnect: [{ documentId: w.sectionA.documentId }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await seatsOf(m)).map((s) => [s.body, s.endOn])).toEqual([
      [federal.documentId, null],
      [sectional.documentId, todayInParis()],
      [nationwide.documentId, null],
    ]);
  });
});

describe('a member who moves to another federation (national administration)', () => {
  it('leaves the former federation’s bodies (a seat to come ends where it starts), keeps the national seat; « Mes instances » follows', async () => {
    const m = await seated();
    await designateSeat(strapi, staff, federal.documentId, { member: m.member.documentId, role: 'suppleant', designation: 'elected-congress', startOn: day(10) });
    const moved = await (await api()).put(`/api/membership/members/${m.member.documentId}`).set(bearer(w.national.token)).send({ federation: w.other.documentId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const seats = await seatsOf(m);
    expect(seats).toEqual([
      { body: federal.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Changement de fédération' },
      { body: sectional.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Changement de fédération' },
      { body: nationwide.documentId, startOn: day(-30), endOn: null, endReason: null },
      { body: federal.documentId, startOn: day(10), endOn: day(10), endReason: 'Changement de fédération' },
    ]);
    const mine = await (await api()).get(`${B}/me`).set(bearer(m.token));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.data.bodies.map((b: any) => b.documentId)).toEqual([nationwide.documentId]);
    expect(mine.body.data.nextMeetings.map((x: any) => x.documentId)).toEqual([meetingOf[nationwide.documentId]!.documentId]);
  });
});

describe('a recorded departure (POST /api/membership/members/:id/departure)', () => {
  it('ends every seat today, national ones too, with the departure’s day as reason, and withdraws the convocations', async () => {
    const m = await seated();
    const on = day(-2);
    const res = await (await api()).post(`/api/membership/members/${m.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on, reason: 'Démission' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const reason = `Départ du parti (le ${frenchDate(on)})`;
    expect(await seatsOf(m)).toEqual([federal, sectional, nationwide].map((b) => ({ body: b.documentId, startOn: day(-30), endOn: todayInParis(), endReason: reason })));
    for (const b of [federal, sectional, nationwide]) expect(await convened(meetingOf[b.documentId]!, m)).toBe(0);
  });
});

describe('an exclusion recorded by staff (POST /api/membership/members/:id/status)', () => {
  it('ends every seat today, « Exclusion du parti » (the staff’s reason stays on membership’s record), and withdraws the convocations; a suspension ends none', async () => {
    const m = await seated();
    const suspended = await (await api()).post(`/api/membership/members/${m.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'suspended', until: day(20), reason: 'Mesure administrative' });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect((await seatsOf(m)).map((s) => s.endOn)).toEqual([null, null, null]);
    const excluded = await (await api()).post(`/api/membership/members/${m.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Propos publics contraires aux statuts' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect(await seatsOf(m)).toEqual([federal, sectional, nationwide].map((b) => ({ body: b.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Exclusion du parti' })));
    for (const b of [federal, sectional, nationwide]) expect(await convened(meetingOf[b.documentId]!, m)).toBe(0);
    const [seat] = await strapi.db.query(SEAT).findMany({ where: { member: { id: m.member.id }, body: { id: federal.id } } });
    const ends = (await auditEntriesFor(seat.documentId)).filter((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(ends.map((e: any) => [e.actor_kind, JSON.parse(e.details).reason])).toEqual([['system', 'Exclusion du parti']]);
    // Reinstated: no seat comes back (staff designate again).
    const back = await (await api()).post(`/api/membership/members/${m.member.documentId}/status`).set(bearer(w.national.token)).send({ status: 'active', reason: 'Recours accueilli' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect((await seatsOf(m)).map((s) => s.endOn)).toEqual([todayInParis(), todayInParis(), todayInParis()]);
  });
});

describe('an exclusion recorded in the admin panel (the member page’s « Statut d’adhésion » panel)', () => {
  it('ends the seats the same way', async () => {
    const m = await seated();
    const token = await adminToken(`exclusions.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const res = await (await api()).post(`/membership/members/${m.member.documentId}/status`).set(bearer(token)).send({ status: 'excluded', reason: 'Exclusion prononcée' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await seatsOf(m)).map((s) => [s.endOn, s.endReason])).toEqual(Array(3).fill([todayInParis(), 'Exclusion du parti']));
  });
});

describe('a member who left the party', () => {
  it('is not designated to a seat running today or later (API and admin panel) — the nightly check would end it unannounced; a past term may still be recorded', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const left = await (await api()).post(`/api/membership/members/${m.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: day(-5), reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    const refused = await (await api()).post(`${B}/bodies/${federal.documentId}/seats`).set(bearer(w.staff.token)).send({ member: m.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(1) });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.details.errors).toEqual([expect.objectContaining({ path: ['member'], message: `Cet adhérent a quitté le parti (le ${frenchDate(day(-5))}) : il ne peut plus occuper de siège.` })]);
    const admin = await adminToken(`departs.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const panel = await (await api())
      .post(`/content-manager/collection-types/${SEAT}`)
      .set(bearer(admin))
      .send({ body: { connect: [{ documentId: federal.documentId }] }, member: { connect: [{ documentId: m.member.documentId }] }, role: 'titulaire', designation: 'co-opted', startOn: day(-1) });
    expect(panel.status, JSON.stringify(panel.body)).toBe(400);
    expect(JSON.stringify(panel.body)).toContain('Cet adhérent a quitté le parti');
    expect(await seatsOf(m)).toEqual([]);
    // A term that ended by the departure is history: still recorded.
    const past = await (await api()).post(`${B}/bodies/${federal.documentId}/seats`).set(bearer(w.staff.token)).send({ member: m.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-60), endOn: day(-5) });
    expect(past.status, JSON.stringify(past.body)).toBe(201);
  });
});

describe('a seat kept in a body one may no longer read (from before moves ended them)', () => {
  it('lists neither the body nor its meetings in « Mes instances », nor in the calendar feed', async () => {
    const m = await seated();
    // Moved without any door's effects (the query engine, as data written before this rule).
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { federation: w.other.id, section: w.otherSection.id } });
    expect((await seatsOf(m)).every((s) => s.endOn === null)).toBe(true);
    const mine = await (await api()).get(`${B}/me`).set(bearer(m.token));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.data.bodies.map((b: any) => b.documentId)).toEqual([nationwide.documentId]);
    expect(mine.body.data.nextMeetings.map((x: any) => x.documentId)).toEqual([meetingOf[nationwide.documentId]!.documentId]);
    const viewer = { userId: m.user.id, memberId: m.member.id, role: 'member' as const, federationId: w.other.id, sectionId: w.otherSection.id };
    const events = await bodiesCalendar[0]!.eventsFor(strapi, viewer, { from: new Date().toISOString(), to: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(events.map((e) => e.uid)).toEqual([`bodies-meeting-${meetingOf[nationwide.documentId]!.documentId}`]);
    legacy = m;
  });

  it('the nightly check ends them (and a departed member’s seats), once — two runs at once too; a later run finds nothing', async () => {
    const gone = await seated();
    await strapi.db.query('plugin::membership.member').update({ where: { id: gone.member.id }, data: { leftOn: day(-1) } });
    const standing = strapi.plugin('bodies').service('standing');
    // Two runs at once (two instances' crons): each seat ends once.
    const runs = await Promise.all([standing.reconcile(), standing.reconcile()]);
    expect(runs.reduce((n: number, r: any) => n + r.departed, 0)).toBeGreaterThanOrEqual(1);
    expect(runs.reduce((n: number, r: any) => n + r.moved, 0)).toBeGreaterThanOrEqual(1);
    expect(await seatsOf(legacy)).toEqual([
      { body: federal.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Changement de fédération' },
      { body: sectional.documentId, startOn: day(-30), endOn: todayInParis(), endReason: 'Changement de fédération' },
      { body: nationwide.documentId, startOn: day(-30), endOn: null, endReason: null },
    ]);
    expect(await seatsOf(gone)).toEqual([federal, sectional, nationwide].map((b) => ({ body: b.documentId, startOn: day(-30), endOn: todayInParis(), endReason: `Départ du parti (le ${frenchDate(day(-1))})` })));
    expect(await convened(meetingOf[federal.documentId]!, legacy)).toBe(0);
    expect(await convened(meetingOf[nationwide.documentId]!, gone)).toBe(0);
    const ended = await strapi.db.query(SEAT).findMany({ where: { member: { id: { $in: [gone.member.id, legacy.member.id] } }, endOn: { $notNull: true } } });
    expect(ended).toHaveLength(5);
    for (const seat of ended) {
      expect((await auditEntriesFor(seat.documentId)).filter((e: any) => e.action === 'plugin::bodies.seat.end').map((e: any) => e.actor_kind)).toEqual(['system']);
    }
    expect(await standing.reconcile()).toMatchObject({ departed: 0, moved: 0 });
  });

  it('the nightly check ends an excluded member’s seats (an exclusion written without its event); none can be designated', async () => {
    const out = await seated();
    await strapi.db.query('plugin::membership.member').update({ where: { id: out.member.id }, data: { membershipStatus: 'excluded', statusReason: 'Exclusion', statusChangedOn: day(-1) } });
    expect(await strapi.plugin('bodies').service('standing').reconcile()).toMatchObject({ departed: 1 });
    expect((await seatsOf(out)).map((s) => s.endOn)).toEqual([todayInParis(), todayInParis(), todayInParis()]);
    expect(await convened(meetingOf[federal.documentId]!, out)).toBe(0);
    const refused = await (await api()).post(`${B}/bodies/${federal.documentId}/seats`).set(bearer(w.staff.token)).send({ member: out.member.documentId, role: 'suppleant', designation: 'co-opted', startOn: day(1) });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.details.errors).toEqual([expect.objectContaining({ path: ['member'], message: 'Cet adhérent est exclu du parti : il ne peut plus occuper de siège.' })]);
  });
});
