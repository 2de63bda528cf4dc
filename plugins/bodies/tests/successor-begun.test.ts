import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { parisDate, type Actor, type CalendarViewer } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer } from '../../../tests/support/expect';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus } from '../server/src/commands/manage-meeting';
import { bodiesCalendar } from '../server/src/notifications';
import { laterTodayInParis } from '../../../tests/support/dates';

/**
 * Hostile-tester finding: a successor designated once a meeting of the day has begun is
 * (rightly) not convened to it, yet « Mes instances » listed that meeting among hers and, once
 * it was held, its sheet opened a row for her seat — she could be marked absent and counted so
 * (0 % attendance, an absence streak) for a meeting she was never convened to. A member is
 * expected at a meeting only as convocations say; older meetings keep every seat that was there.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
const at = (offset: number) => `${day(offset)}T18:30:00+01:00`;
const meetingsTable = () => strapi.db.metadata.get('plugin::bodies.meeting').tableName;
const seatsTable = () => strapi.db.metadata.get('plugin::bodies.seat').tableName;
const listedFor = async (token: string) =>
  ((await (await api()).get('/api/bodies/me').set(bearer(token))).body.data.nextMeetings as { documentId: string }[]).map((m) => m.documentId);
const sheetSeats = async (meeting: string) =>
  ((await (await api()).get(`/api/bodies/meetings/${meeting}`).set(bearer(w.staff.token))).body.data.sheet as { seat: string }[]).map((r) => r.seat);

/** The meetings in a member's calendar feed from yesterday to a week ahead (document ids). */
const feedOf = async (m: { member: { id: number }; user: { id: number } }) =>
  (await bodiesCalendar[0]!.eventsFor(strapi, (await actorOf(m.user)) as CalendarViewer, { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString() }))
    .map((e) => e.uid.replace('bodies-meeting-', ''));

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
}, 120_000);

describe('a successor designated once a meeting of the day has begun', () => {
  it('neither finds that meeting in « Mes instances » nor gets a row on its sheet, nor can be marked there; those convened keep theirs', async () => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const small = await createBody(strapi, staff, { name: 'Commission (successeur)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 1 });
    const seatAnne = await designateSeat(strapi, staff, small.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const begun = await createMeeting(strapi, staff, small.documentId, { startsAt: at(2), durationMinutes: 180, place: 'Alès', agenda: [{ title: 'Point' }] });
    const later = await createMeeting(strapi, staff, small.documentId, { startsAt: at(5), durationMinutes: 120, place: 'Alès', agenda: [{ title: 'Point' }] });
    await strapi.db.connection(meetingsTable()).where({ id: begun.id }).update({ starts_at: new Date(Date.now() - 60_000), held_on: day(0) });
    const seat = await designateSeat(strapi, staff, small.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) });
    const convened = await strapi.db.connection('bodies_convocations').where({ meeting_id: begun.id, member_id: lea.member.id });
    expect(convened).toEqual([]);
    // Hers: the meeting to come she is convened to, not the one under way; Anne keeps both.
    const hers = await listedFor(lea.token);
    expect({ begun: hers.includes(begun.documentId), later: hers.includes(later.documentId) }).toEqual({ begun: false, later: true });
    const annes = await listedFor(anne.token);
    expect({ begun: annes.includes(begun.documentId), later: annes.includes(later.documentId) }).toEqual({ begun: true, later: true });
    // Her calendar feed agrees with « Mes instances »; Anne's keeps both.
    expect(await feedOf(lea)).toEqual(expect.arrayContaining([later.documentId]));
    expect(await feedOf(lea)).not.toContain(begun.documentId);
    expect(await feedOf(anne)).toEqual(expect.arrayContaining([begun.documentId, later.documentId]));
    await setMeetingStatus(strapi, staff, begun.documentId, 'held');
    expect(await sheetSeats(begun.documentId)).toEqual([seatAnne.documentId]);
    expect(await feedOf(lea)).not.toContain(begun.documentId);
    // Marking her there is refused (400 naming the row), nothing written; she is never counted absent.
    const refused = await (await api()).put(`/api/bodies/meetings/${begun.documentId}/attendance`).set(bearer(w.staff.token))
      .send({ rows: [{ seat: seatAnne.documentId, presence: 'present' }, { seat: seat.documentId, presence: 'absent' }] });
    expect(badRequest(refused)['rows.1.seat']).toBe('Ce siège a été pourvu une fois la réunion commencée : son ou sa titulaire n’y était pas convoqué·e, il n’a pas de ligne sur la feuille.');
    expect(await strapi.db.connection('bodies_attendance').where({ meeting_id: begun.id }).whereNotNull('presence')).toEqual([]);
    const mine = (await (await api()).get('/api/bodies/me/indicators').set(bearer(lea.token))).body.data.seats as { seat: string; held: number; absent: number; streak: number; history: unknown[] }[];
    expect(mine.find((s) => s.seat === seat.documentId)).toMatchObject({ held: 0, absent: 0, streak: 0, history: [] });
  });

  it('older meetings keep every seat that was there: convened ones (a meeting recorded afterwards), and all the seats designated before a meeting never convened began', async () => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const bruno = await createMember({ federation: w.federation, section: w.sectionA });
    const chloe = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Bureau (historique)', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-60) });
    const seatBruno = await designateSeat(strapi, staff, body.documentId, { member: bruno.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-60) });
    // A past meeting recorded after its seats: begun before they were created, convened to them.
    const recorded = await createMeeting(strapi, staff, body.documentId, { startsAt: at(-3), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    await setMeetingStatus(strapi, staff, recorded.documentId, 'held');
    expect((await sheetSeats(recorded.documentId)).sort()).toEqual([seatAnne.documentId, seatBruno.documentId].sort());
    // A meeting from before convocations existed (none recorded, never convened), its seats designated before it began.
    const old = await createMeeting(strapi, staff, body.documentId, { startsAt: at(4), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    await strapi.db.connection('bodies_convocations').where({ meeting_id: old.id }).delete();
    await strapi.db.connection(meetingsTable()).where({ id: old.id }).update({ starts_at: new Date(Date.now() - 5 * 86_400_000), held_on: day(-5), convoked_at: null });
    await strapi.db.connection(seatsTable()).whereIn('id', [seatAnne.id, seatBruno.id]).update({ created_at: new Date(Date.now() - 20 * 86_400_000) });
    // Chloé, designated now with a term back-dated over it: not expected there.
    const seatChloe = await designateSeat(strapi, staff, body.documentId, { member: chloe.member.documentId, role: 'membre', designation: 'co-opted', startOn: day(-10) });
    await setMeetingStatus(strapi, staff, old.documentId, 'held');
    expect((await sheetSeats(old.documentId)).sort()).toEqual([seatAnne.documentId, seatBruno.documentId].sort());
    expect(await sheetSeats(old.documentId)).not.toContain(seatChloe.documentId);
  });

  it('a successor designated before a meeting later today begins, once it was held ahead of its start, has her row on its sheet and can be marked there', async () => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Bureau (tenu avant son heure)', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: (await laterTodayInParis(20 * 60_000)).toISOString(), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
    await setMeetingStatus(strapi, staff, meeting.documentId, 'held');
    expect(await sheetSeats(meeting.documentId)).toEqual([seatAnne.documentId]);
    // Designated before it began: she is expected there (`seatsExpectedAt`), so her row opens.
    const seatLea = await designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: parisDate(meeting.startsAt) });
    expect((await sheetSeats(meeting.documentId)).sort()).toEqual([seatAnne.documentId, seatLea.documentId].sort());
    const marked = await (await api()).put(`/api/bodies/meetings/${meeting.documentId}/attendance`).set(bearer(w.staff.token))
      .send({ rows: [{ seat: seatLea.documentId, presence: 'present' }] });
    expect(marked.status).toBe(200);
    expect(await strapi.db.connection('bodies_attendance').where({ meeting_id: meeting.id, seat_id: seatLea.id }).first('presence')).toEqual({ presence: 'present' });
  });

  it('sheets held before the rule lose the rows they kept « à saisir » for a seat designated once begun (a migration); marked rows stay', async () => {
    const { begun, seatAnne, seatLea, seatMarc, row } = await heldWithLateSeats('Bureau (feuilles d’avant)');
    // The rows a sheet held before the rule had: one left « à saisir », one marked.
    await strapi.db.connection('bodies_attendance').insert([row(seatLea, null), row(seatMarc, 'present')]);
    await lateSheet.up(strapi.db.connection);
    expect(await sheetRows(begun)).toEqual([[seatAnne.id, null], [seatMarc.id, 'present']]);
    await lateSheet.up(strapi.db.connection);
    expect(await sheetRows(begun)).toHaveLength(2);
  });
});

describe('the migration of sheets held before the rule, with a suppléant standing in', () => {
  it('keeps the row « à saisir » of a titular a suppléant stood in for (`replaced`: counted excused, the secretary’s record)', async () => {
    const { begun, seatAnne, seatLea, seatMarc, row } = await heldWithLateSeats('Bureau (remplacement d’avant)');
    // A sheet held before the rule: Marc stood in for Léa, whose row stayed « à saisir », replaced.
    await strapi.db.connection('bodies_attendance').insert(row(seatLea, null, { replaced: true }));
    await strapi.db.connection('bodies_attendance').insert(row(seatMarc, 'present', { substitute_for: seatLea.id }));
    await lateSheet.up(strapi.db.connection);
    expect(await sheetRows(begun)).toEqual([[seatAnne.id, null], [seatLea.id, null], [seatMarc.id, 'present']]);
  });
});

/** The migration that removes the rows sheets held before the rule kept for late seats. */
const lateSheet = createRequire(import.meta.url)('../../../database/migrations/2026.12.07T16.00.00.late-seat-sheet-rows.js') as { up: (knex: unknown) => Promise<void> };

/** A meeting's sheet rows as [seat id, presence], by seat id. */
const sheetRows = async (meeting: { id: number }) =>
  ((await strapi.db.connection('bodies_attendance').where({ meeting_id: meeting.id }).orderBy('seat_id').select('seat_id', 'presence')) as { seat_id: number | string; presence: string | null }[])
    .map((r) => [Number(r.seat_id), r.presence]);

/**
 * A body whose meeting of the day had begun when Léa (titulaire) and Marc (suppléant) were
 * designated, held since under the rule (Anne's row alone), and `row` to write the rows a
 * sheet held before the rule had.
 */
async function heldWithLateSeats(name: string) {
  const [anne, lea, marc] = [await createMember({ federation: w.federation, section: w.sectionA }), await createMember({ federation: w.federation, section: w.sectionA }), await createMember({ federation: w.federation, section: w.sectionA })];
  const body = await createBody(strapi, staff, { name, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 4, parityRequired: false, absenceAlertAfter: 3 });
  const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
  const begun = await createMeeting(strapi, staff, body.documentId, { startsAt: at(2), durationMinutes: 180, place: 'Alès', agenda: [{ title: 'Point' }] });
  await strapi.db.connection(meetingsTable()).where({ id: begun.id }).update({ starts_at: new Date(Date.now() - 60_000), held_on: day(0) });
  const seatLea = { ...(await designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) })), memberId: lea.member.id };
  const seatMarc = { ...(await designateSeat(strapi, staff, body.documentId, { member: marc.member.documentId, role: 'suppleant', designation: 'co-opted', startOn: day(0) })), memberId: marc.member.id };
  await setMeetingStatus(strapi, staff, begun.documentId, 'held');
  expect(await sheetSeats(begun.documentId)).toEqual([seatAnne.documentId]);
  const row = (seat: { id: number; memberId: number }, presence: string | null, extra: Record<string, unknown> = {}) =>
    ({ meeting_id: begun.id, seat_id: seat.id, member_id: seat.memberId, body_id: body.id, held_on: day(0), presence, ...extra });
  return { begun, seatAnne, seatLea, seatMarc, row };
}
