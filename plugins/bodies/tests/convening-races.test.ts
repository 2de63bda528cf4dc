import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, type Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { onPostgres } from '../../../tests/support/instances';
import { mailTo } from '../../../tests/support/mail';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat, endSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus, updateMeeting } from '../server/src/commands/manage-meeting';
import { fulfilled, inTurnsAtTheAuditHead } from '../../../tests/support/races';
import { laterTodayInParis } from '../../../tests/support/dates';

/**
 * A seat designated or ended while a meeting of its body is convened (created or moved), at
 * the same moment: each transaction read the other's rows before they were committed
 * (PostgreSQL, READ COMMITTED), so the successor was not convened to the new meeting, or the
 * holder whose seat had just ended was — and, the meeting held, counted absent there. Made
 * deterministic by holding the audit log's head, which both commands take last, after their
 * reads: both wait there, then commit one after the other. SQLite runs one transaction at a
 * time: no such race.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
const at = (offset: number) => `${day(offset)}T18:30:00+01:00`;

/** The seats convened to a meeting (ids, sorted). */
const convenedSeats = async (meeting: { id: number }) =>
  ((await strapi.db.connection('bodies_convocations').where({ meeting_id: meeting.id }).select('seat_id')) as { seat_id: number | string }[])
    .map((r) => Number(r.seat_id))
    .sort((a, b) => a - b);

/** The seats on a meeting's attendance sheet (ids, sorted). */
const sheetSeats = async (meeting: { id: number }) =>
  ((await strapi.db.connection('bodies_attendance').where({ meeting_id: meeting.id }).select('seat_id')) as { seat_id: number | string }[])
    .map((r) => Number(r.seat_id))
    .sort((a, b) => a - b);

/** Two commands made to meet, `first` committing first (tests/support/races.ts); both must succeed. */
async function together<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  const [a, b] = await inTurnsAtTheAuditHead(strapi, first, second);
  return [fulfilled(a), fulfilled(b)];
}
/** Runs the scenario with each command committing first in turn. */
const bothOrders = ['the seat', 'the meeting'] as const;

beforeAll(async () => {
  strapi = await bootStrapi();
  // The test drains the outbox itself: the background worker, woken after each enqueue, would take messages first.
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe.skipIf(!onPostgres())('a seat and a meeting of its body changed at the same moment (PostgreSQL)', () => {
  it.each(bothOrders)('a successor designated while a meeting is created is convened to it (%s committed first)', async (committedFirst) => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: `Bureau (en même temps, ${committedFirst})`, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const designate = () => designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) });
    const create = () => createMeeting(strapi, staff, body.documentId, { startsAt: at(6), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    const [seatLea, meeting] = committedFirst === 'the seat' ? await together(designate, create) : (await together(create, designate)).reverse() as [Awaited<ReturnType<typeof designate>>, Awaited<ReturnType<typeof create>>];
    expect(await convenedSeats(meeting)).toEqual([seatAnne.id, seatLea.id].sort((a, b) => a - b));
    await strapi.plugin('notifications').service('outbox').drain();
    expect(mailTo(lea.user.email).filter((mail) => mail.text.includes(`/instances/reunions/${meeting.documentId}`))).toHaveLength(1);
  });

  it.each(bothOrders)('a seat ended while a meeting after its end is created is not convened to it (%s committed first)', async (committedFirst) => {
    const bruno = await createMember({ federation: w.federation, section: w.sectionA });
    const chloe = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: `Commission (fin en même temps, ${committedFirst})`, level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatBruno = await designateSeat(strapi, staff, body.documentId, { member: bruno.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const seatChloe = await designateSeat(strapi, staff, body.documentId, { member: chloe.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const end = () => endSeat(strapi, staff, seatBruno.documentId, { endOn: day(5) });
    const create = () => createMeeting(strapi, staff, body.documentId, { startsAt: at(10), durationMinutes: 120, place: 'Alès', agenda: [{ title: 'Point' }] });
    const created = committedFirst === 'the seat' ? (await together(end, create))[1] : (await together(create, end))[0];
    expect(await convenedSeats(created)).toEqual([seatChloe.id]);
  });

  it.each(bothOrders)('a seat ended while its meeting is moved after the end is not convened to the new date (%s committed first)', async (committedFirst) => {
    const chloe = await createMember({ federation: w.federation, section: w.sectionA });
    const dora = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: `Conseil (déplacé, ${committedFirst})`, level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatChloe = await designateSeat(strapi, staff, body.documentId, { member: chloe.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const seatDora = await designateSeat(strapi, staff, body.documentId, { member: dora.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: at(3), durationMinutes: 120, place: 'Alès', agenda: [{ title: 'Point' }] });
    expect(await convenedSeats(meeting)).toEqual([seatChloe.id, seatDora.id].sort((a, b) => a - b));
    const end = () => endSeat(strapi, staff, seatChloe.documentId, { endOn: day(8) });
    const move = () => updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(12) });
    if (committedFirst === 'the seat') await together(end, move);
    else await together(move, end);
    expect(await convenedSeats(meeting)).toEqual([seatDora.id]);
  });

  it.each(bothOrders)('a successor designated while her meeting is moved is convened to the new date, and told it (%s committed first)', async (committedFirst) => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: `Bureau (nouvelle date, ${committedFirst})`, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: at(4), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    const designate = () => designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) });
    const move = () => updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(9) });
    const seatLea = committedFirst === 'the seat' ? (await together(designate, move))[0] : (await together(move, designate))[1];
    expect(await convenedSeats(meeting)).toEqual([seatAnne.id, seatLea.id].sort((a, b) => a - b));
    // Her last convocation names the new date (the first one she got, if any, named the old one).
    await strapi.plugin('notifications').service('outbox').drain();
    const hers = mailTo(lea.user.email).filter((mail) => mail.text.includes(`/instances/reunions/${meeting.documentId}`));
    expect(hers.at(-1)?.subject).toContain(frenchDate(day(9)));
  });

  it.each(bothOrders)('a successor designated while a meeting later today is held has her row on its sheet (%s committed first)', async (committedFirst) => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: `Bureau (tenue en même temps, ${committedFirst})`, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    // Later today: the successor is convened to it (it has not begun), and it may be held already.
    const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: (await laterTodayInParis(20 * 60_000)).toISOString(), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    const designate = () => designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: parisDate(meeting.startsAt) });
    const hold = () => setMeetingStatus(strapi, staff, meeting.documentId, 'held');
    const seatLea = committedFirst === 'the seat' ? (await together(designate, hold))[0] : (await together(hold, designate))[1];
    const expected = [seatAnne.id, seatLea.id].sort((a, b) => a - b);
    // Convened to it (or not): either way she is expected there, and her row is on the sheet.
    expect(await sheetSeats(meeting)).toEqual(expected);
  });
});
