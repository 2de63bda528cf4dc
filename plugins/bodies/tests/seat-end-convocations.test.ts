import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, SYSTEM_ACTOR, type Actor, type CalendarViewer } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { actorOf, auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';
import { adminToken, federationStaffRole, superAdminRole } from '../../../tests/support/admin';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat, endSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus } from '../server/src/commands/manage-meeting';
import { markAttendance } from '../server/src/commands/mark-attendance';
import { bodyIndicators } from '../server/src/queries/views';
import { bodiesCalendar } from '../server/src/notifications';

/**
 * When a seat ends — through the API (`POST /seats/:id/end`), a sanction or an erasure
 * (bodies' `endSeatsOfMember`), or the admin panel — its holder's convocations to planned
 * meetings dated on or after the end (excluded) are withdrawn: not among their next meetings,
 * not in the meeting's count, no row on the sheet once held, so never counted absent; earlier
 * meetings keep theirs. A successor designated afterwards is convened (and emailed) to the
 * meetings to come. The background worker is stopped: the test drains the outbox itself.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
let alice: TestMember; // titular whose seat the staff ends by hand
let bruno: TestMember; // titular whose seats a sanction ends
let chloe: TestMember; // successor
let dora: TestMember; // erased
let body: { id: number; documentId: string };
const seatOf: Record<string, { id: number; documentId: string }> = {};
let near: { id: number; documentId: string }; // in 3 days
let far: { id: number; documentId: string }; // in 20 days
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
const at = (offset: number) => `${day(offset)}T18:30:00+01:00`;
const B = '/api/bodies';
const detailsOf = (entry: any) => (typeof entry?.details === 'string' ? JSON.parse(entry.details) : entry?.details);


/** The members convened to a meeting (their profile ids, sorted), from the convocations table. */
async function convened(meeting: { id: number }): Promise<number[]> {
  const rows: { member_id: number | string }[] = await strapi.db.connection('bodies_convocations').where({ meeting_id: meeting.id }).select('member_id');
  return rows.map((r) => Number(r.member_id)).sort((a, b) => a - b);
}
const who = (...members: TestMember[]) => members.map((m) => Number(m.member.id)).sort((a, b) => a - b);
const convocationMails = (m: TestMember) => mailTo(m.user.email).filter((mail) => /convocation/i.test(mail.subject));
const meetingCount = async (meeting: { documentId: string }, token: string) => {
  const res = await (await api()).get(`${B}/meetings/${meeting.documentId}`).set(bearer(token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.convocations as number;
};

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
  alice = await createMember({ federation: w.federation, section: w.sectionA });
  bruno = await createMember({ federation: w.federation, section: w.sectionA });
  chloe = await createMember({ federation: w.federation, section: w.sectionB });
  dora = await createMember({ federation: w.federation, section: w.sectionB });
  body = await createBody(strapi, staff, { name: 'Conseil fédéral (fins de sièges)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 9, parityRequired: false, absenceAlertAfter: 3 });
  for (const m of [alice, bruno, dora]) {
    seatOf[m.member.documentId] = await designateSeat(strapi, staff, body.documentId, { member: m.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-60) });
  }
  near = await createMeeting(strapi, staff, body.documentId, { startsAt: at(3), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Budget' }] });
  far = await createMeeting(strapi, staff, body.documentId, { startsAt: at(20), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Congrès' }] });
  await strapi.plugin('notifications').service('outbox').drain();
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('a seat ended by hand (POST /seats/:id/end)', () => {
  it('withdraws the convocations to planned meetings from the end day on, keeps the earlier ones, and says so in the audit', async () => {
    expect(await convened(near)).toEqual(who(alice, bruno, dora));
    expect(await convened(far)).toEqual(who(alice, bruno, dora));
    expect(convocationMails(alice)).toHaveLength(2);
    const ended = await (await api()).post(`${B}/seats/${seatOf[alice.member.documentId]!.documentId}/end`).set(bearer(w.staff.token)).send({ endOn: day(10), reason: 'Démission' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(await convened(near)).toEqual(who(alice, bruno, dora));
    expect(await convened(far)).toEqual(who(bruno, dora));
    expect(await meetingCount(far, alice.token)).toBe(2);
    expect(await meetingCount(near, alice.token)).toBe(3);
    const audit = (await auditEntriesFor(seatOf[alice.member.documentId]!.documentId)).find((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(detailsOf(audit)).toMatchObject({ endOn: day(10), convocationsWithdrawn: 1 });
  });

  it('« Mes instances » lists only the meetings she is still convened to; her calendar feed agrees', async () => {
    const mine = await (await api()).get(`${B}/me`).set(bearer(alice.token));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const next = mine.body.data.nextMeetings.map((m: any) => m.documentId);
    expect(next).toContain(near.documentId);
    expect(next).not.toContain(far.documentId);
    // Bruno still sits on both dates: both listed.
    const his = (await (await api()).get(`${B}/me`).set(bearer(bruno.token))).body.data.nextMeetings.map((m: any) => m.documentId);
    expect(his).toEqual(expect.arrayContaining([near.documentId, far.documentId]));
    const events = await bodiesCalendar[0]!.eventsFor(strapi, (await actorOf(alice.user)) as CalendarViewer, { from: new Date().toISOString(), to: new Date(Date.now() + 40 * 86_400_000).toISOString() });
    expect(events.map((e) => e.uid)).toEqual([`bodies-meeting-${near.documentId}`]);
  });

  it('a successor designated from the end day is convened to the meetings to come in her term, and emailed once', async () => {
    const seat = await designateSeat(strapi, staff, body.documentId, { member: chloe.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(10) });
    seatOf[chloe.member.documentId] = seat;
    expect(await convened(near)).toEqual(who(alice, bruno, dora));
    expect(await convened(far)).toEqual(who(bruno, chloe, dora));
    const audit = (await auditEntriesFor(seat.documentId)).find((e: any) => e.action === 'plugin::bodies.seat.designate');
    expect(detailsOf(audit)).toMatchObject({ convened: 1 });
    await strapi.plugin('notifications').service('outbox').drain();
    const mails = convocationMails(chloe);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/instances/reunions/${far.documentId}`);
    // Nobody else is written to again; Alice gets nothing more (no cancellation email: bodies send none).
    expect(convocationMails(alice)).toHaveLength(2);
    expect(convocationMails(bruno)).toHaveLength(2);
  });
});

describe('seats ended by a sanction or an erasure (endSeatsOfMember)', () => {
  it('a sanction from day +5: the meeting on day +3 keeps Bruno, the one on day +20 no longer convenes him', async () => {
    const ended = await strapi.db.transaction(() => strapi.plugin('bodies').service('bodies').endSeatsOfMember(bruno.member.id, day(5), 'Commission des conflits, affaire CC-1', SYSTEM_ACTOR));
    expect(ended).toEqual([seatOf[bruno.member.documentId]!.documentId]);
    expect(await convened(near)).toEqual(who(alice, bruno, dora));
    expect(await convened(far)).toEqual(who(chloe, dora));
    const audit = (await auditEntriesFor(seatOf[bruno.member.documentId]!.documentId)).find((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(detailsOf(audit)).toMatchObject({ endOn: day(5), convocationsWithdrawn: 1 });
  });

  it('an erasure ends Dora’s seat today: every convocation to a meeting to come is withdrawn', async () => {
    const report = await strapi.plugin('bodies').service('erasure').erase({ memberId: dora.member.id } as any);
    expect(report.counts).toMatchObject({ seatsEnded: 1 });
    expect(await convened(near)).toEqual(who(alice, bruno));
    expect(await convened(far)).toEqual(who(chloe));
  });
});

describe('a seat ended in the admin panel (Content Manager)', () => {
  it('withdraws the same convocations as the API', async () => {
    const token = await adminToken(`fins-de-sieges.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const seatId = seatOf[chloe.member.documentId]!.documentId;
    const res = await (await api()).put(`/content-manager/collection-types/plugin::bodies.seat/${seatId}`).set(bearer(token)).send({ endOn: day(15) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await convened(far)).toEqual([]);
    expect(await meetingCount(far, w.staff.token)).toBe(0);
  });
});

describe('attendance after a seat’s end', () => {
  it('a meeting on the end day or later is never counted against the former holder; earlier ones keep their record', async () => {
    const eve = await createMember({ federation: w.federation, section: w.sectionA });
    const fred = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (présences après une fin)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seats = [];
    for (const m of [eve, fred]) seats.push(await designateSeat(strapi, staff, small.documentId, { member: m.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-60) }));
    // Two meetings recorded after the fact, still planned: 20 and 5 days ago.
    const before = await createMeeting(strapi, staff, small.documentId, { startsAt: at(-20), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Point' }] });
    const after = await createMeeting(strapi, staff, small.documentId, { startsAt: at(-5), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Point' }] });
    await setMeetingStatus(strapi, staff, before.documentId, 'held');
    await markAttendance(strapi, staff, before.documentId, { rows: seats.map((s) => ({ seat: s.documentId, presence: 'absent', arrivedLate: false, leftEarly: false })) } as any);
    // Eve's seat is ended 10 days ago (a resignation recorded late): the meeting 5 days ago is after it.
    const ended = await (await api()).post(`${B}/seats/${seats[0]!.documentId}/end`).set(bearer(w.staff.token)).send({ endOn: day(-10) });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const bySeat = async (m: { id: number }) => (await strapi.db.connection('bodies_convocations').where({ meeting_id: m.id }).select('seat_id')).map((r: any) => Number(r.seat_id)).sort();
    expect(await bySeat(before)).toEqual([seats[0]!.id, seats[1]!.id].sort());
    expect(await bySeat(after)).toEqual([seats[1]!.id]);
    const held = await setMeetingStatus(strapi, staff, after.documentId, 'held');
    expect(held.sheet).toBe(1);
    await markAttendance(strapi, staff, after.documentId, { rows: [{ seat: seats[1]!.documentId, presence: 'absent', arrivedLate: false, leftEarly: false }] } as any);
    const figures = await bodyIndicators(strapi, staff, small.documentId, {});
    const line = (seat: { documentId: string }) => figures.seats.find((s) => s.seat === seat.documentId)!;
    expect(line(seats[0]!)).toMatchObject({ held: 1, absent: 1 }); // the meeting before her end only
    expect(line(seats[1]!)).toMatchObject({ held: 2, absent: 2 });
    // The earlier meeting's sheet is untouched.
    const sheet = await strapi.db.connection('bodies_attendance').where({ meeting_id: before.id }).count({ n: '*' });
    expect(Number(sheet[0]!.n)).toBe(2);
  });
});

describe('« Mes instances » with a renewed seat and a busy body', () => {
  it('lists the meetings a seat starting later convenes her to (a renewal), and the limit counts only her meetings', async () => {
    const gina = await createMember({ federation: w.federation, section: w.sectionA });
    const busy = await createBody(strapi, staff, { name: 'Bureau (renouvellement)', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    const other = await createBody(strapi, staff, { name: 'Commission (réunions lointaines)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    // Her first term ends on day +5; re-elected, her second term starts there.
    await designateSeat(strapi, staff, busy.documentId, { member: gina.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30), endOn: day(5) });
    // 20 meetings of the busy body after her first term's end (none convening her yet)…
    for (let i = 0; i < 20; i++) await createMeeting(strapi, staff, busy.documentId, { startsAt: at(6 + i), durationMinutes: 60, place: 'Nîmes', agenda: [{ title: `Point ${i}` }] });
    // …and one of the other body, later, that she is convened to.
    await designateSeat(strapi, staff, other.documentId, { member: gina.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    const late = await createMeeting(strapi, staff, other.documentId, { startsAt: at(30), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Bilan' }] });
    const mineOf = async () => {
      const res = await (await api()).get(`${B}/me`).set(bearer(gina.token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.nextMeetings.map((m: any) => m.documentId) as string[];
    };
    // The 20 meetings she is not convened to do not push out the one she is.
    expect(await mineOf()).toEqual([late.documentId]);
    // Re-elected from day +5: convened to the busy body's 20 meetings, all listed with the later one (the limit: 20).
    await designateSeat(strapi, staff, busy.documentId, { member: gina.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(5) });
    const listed = await mineOf();
    expect(listed).toHaveLength(20);
    expect(listed).not.toContain(late.documentId);
    const rows = await strapi.db.connection('bodies_convocations').where({ member_id: gina.member.id }).count({ n: '*' });
    expect(Number(rows[0]!.n)).toBe(21);
  });
});

describe('« Mes instances » with a first seat to come', () => {
  it('lists her body (« à partir du ») and the meetings her seat convenes her to, not those before its start', async () => {
    const hugo = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Conseil (élu·e à venir)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    const before = await createMeeting(strapi, staff, body.documentId, { startsAt: at(5), durationMinutes: 60, place: 'Nîmes', agenda: [{ title: 'Avant' }] });
    const after = await createMeeting(strapi, staff, body.documentId, { startsAt: at(12), durationMinutes: 60, place: 'Nîmes', agenda: [{ title: 'Après' }] });
    const seat = await designateSeat(strapi, staff, body.documentId, { member: hugo.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(10) });
    expect(await convened(after)).toEqual(who(hugo));
    expect(await convened(before)).toEqual([]);
    const res = await (await api()).get(`${B}/me`).set(bearer(hugo.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.bodies.map((b: any) => ({ body: b.documentId, seat: b.seat, tenure: b.tenure }))).toEqual([
      { body: body.documentId, seat: seat.documentId, tenure: `Titulaire à partir du ${frenchDate(day(10))}` },
    ]);
    expect(res.body.data.nextMeetings.map((m: any) => m.documentId)).toEqual([after.documentId]);
  });

  it('no longer lists a seat to come a sanction or an erasure ended where it starts (it never runs), nor meetings for it', async () => {
    const ines = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Conseil (siège à venir annulé)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    await createMeeting(strapi, staff, body.documentId, { startsAt: at(12), durationMinutes: 60, place: 'Nîmes', agenda: [{ title: 'Après' }] });
    const seat = await designateSeat(strapi, staff, body.documentId, { member: ines.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(10) });
    const ended = await strapi.db.transaction(() => strapi.plugin('bodies').service('bodies').endSeatsOfMember(ines.member.id, day(0), 'Commission des conflits, affaire CC-9', SYSTEM_ACTOR));
    expect(ended).toEqual([seat.documentId]);
    const res = await (await api()).get(`${B}/me`).set(bearer(ines.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect({ bodies: res.body.data.bodies, nextMeetings: res.body.data.nextMeetings }).toEqual({ bodies: [], nextMeetings: [] });
  });
});

describe('two ends of one seat at once', () => {
  it('the earlier end stays (history is only shortened): the later one is refused (409), and nobody is convened again', async () => {
    const iris = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (fins simultanées)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seat = await designateSeat(strapi, staff, small.documentId, { member: iris.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    const between = await createMeeting(strapi, staff, small.documentId, { startsAt: at(9), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Point' }] });
    await strapi.plugin('notifications').service('outbox').drain();
    expect(convocationMails(iris)).toHaveLength(1);
    // Both read the seat running, then write in turn (SQLite: day +8 first, day +10 after; on
    // PostgreSQL either may come first: day +10 then day +8 only shortens it, both kept).
    const results = await Promise.allSettled([endSeat(strapi, staff, seat.documentId, { endOn: day(8) }), endSeat(strapi, staff, seat.documentId, { endOn: day(10) })]);
    expect(results[0]!.status).toBe('fulfilled');
    if (results[1]!.status === 'rejected') expect(results[1]!.reason?.message).toBe(`Ce siège prend déjà fin le ${frenchDate(day(8))}.`);
    const after = await strapi.db.query('plugin::bodies.seat').findOne({ where: { id: seat.id } });
    expect(after.endOn).toBe(day(8));
    expect(await convened(between)).toEqual([]);
    await strapi.plugin('notifications').service('outbox').drain();
    expect(convocationMails(iris)).toHaveLength(1);
  });
});

describe('a seat deleted in the admin panel (a super admin: staff may not delete)', () => {
  it('takes its convocations to planned meetings with it: the meeting no longer counts a seat that is gone', async () => {
    const jules = await createMember({ federation: w.federation, section: w.sectionA });
    const kim = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (siège supprimé)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const wrong = await designateSeat(strapi, staff, small.documentId, { member: jules.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    await designateSeat(strapi, staff, small.documentId, { member: kim.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    const next = await createMeeting(strapi, staff, small.documentId, { startsAt: at(12), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Point' }] });
    expect(await convened(next)).toEqual(who(jules, kim));
    const token = await adminToken('suppression-siege@admin.test', [await superAdminRole()]);
    const res = await (await api()).delete(`/content-manager/collection-types/plugin::bodies.seat/${wrong.documentId}`).set(bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await strapi.db.query('plugin::bodies.seat').findOne({ where: { id: wrong.id } })).toBeNull();
    expect(await convened(next)).toEqual(who(kim));
    expect(await meetingCount(next, w.staff.token)).toBe(1);
  });
});

describe('a successor designated once a meeting of the day has begun', () => {
  it('is not convened (nor emailed) to it: it is under way; a meeting later in the term still convenes her', async () => {
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (réunion commencée)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const begun = await createMeeting(strapi, staff, small.documentId, { startsAt: at(2), durationMinutes: 180, place: 'Alès', agenda: [{ title: 'Point' }] });
    const later = await createMeeting(strapi, staff, small.documentId, { startsAt: at(15), durationMinutes: 60, place: 'Alès', agenda: [{ title: 'Suite' }] });
    // Moved by hand to today, begun a minute ago (a meeting is not planned in the past through the API).
    const table = strapi.db.metadata.get('plugin::bodies.meeting').tableName;
    await strapi.db.connection(table).where({ id: begun.id }).update({ starts_at: new Date(Date.now() - 60_000), held_on: day(0) });
    await designateSeat(strapi, staff, small.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) });
    expect(await convened(begun)).toEqual([]);
    expect(await convened(later)).toEqual(who(lea));
    await strapi.plugin('notifications').service('outbox').drain();
    expect(convocationMails(lea).map((mail) => mail.text.includes(`/instances/reunions/${later.documentId}`))).toEqual([true]);
  });
});

describe('a sanction ending seats while an earlier end is being written (PostgreSQL: row locks)', () => {
  it.skipIf(process.env.DATABASE_CLIENT !== 'postgres')('the earlier end stays: the sanction moves no end later', async () => {
    const noe = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (fin pendant sanction)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seat = await designateSeat(strapi, staff, small.documentId, { member: noe.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    const table = strapi.db.metadata.get('plugin::bodies.seat').tableName;
    // Another connection writes an end on day +8 and holds the row until it commits.
    const trx = await strapi.db.connection.transaction();
    await trx(table).where({ id: seat.id }).update({ end_on: day(8) });
    const sanction = strapi.db.transaction(() => strapi.plugin('bodies').service('bodies').endSeatsOfMember(noe.member.id, day(10), 'Suspension', SYSTEM_ACTOR));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await trx.commit();
    expect(await sanction).toEqual([]);
    const after = await strapi.db.query('plugin::bodies.seat').findOne({ where: { id: seat.id } });
    expect(after.endOn).toBe(day(8));
  });
});
