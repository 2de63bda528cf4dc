import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus } from '../server/src/commands/manage-meeting';
import { markAttendance } from '../server/src/commands/mark-attendance';
import { attendanceIndicator, type AttendanceFact } from '../server/src/domain/indicator';
import type { Presence } from '../server/src/domain/vocabulary';
import { seatIndicators } from '../server/src/queries/indicators';
import { ATTENDANCE } from '../server/src/storage';
import { parisDate } from '@intranet-militant/shared';

/**
 * The SQL indicator (queries/indicators.ts) agrees with the pure formula
 * (domain/indicator.ts) on the same sheets, on whichever database the run uses: a year of
 * monthly meetings of two bodies, seats designated mid-period and ended, substitutes,
 * excused, unmarked rows, a cancelled meeting, windows of every kind.
 */
let w: World;
let staff: Actor;
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));


/** A small deterministic generator (mulberry32): the same sheets on both databases. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bodyIds: number[] = [];
let members: TestMember[] = [];

beforeAll(async () => {
  const strapi = await bootStrapi();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
  members = [];
  for (let i = 0; i < 6; i += 1) members.push(await createMember({ federation: w.federation, section: w.sectionA }));
  const rand = random(15);
  for (const name of ['Bureau fédéral (indicateurs)', 'Conseil fédéral (indicateurs)']) {
    const body = await createBody(strapi, staff, { name, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 10, parityRequired: false, absenceAlertAfter: name.startsWith('Bureau') ? 3 : 2 });
    bodyIds.push(body.id);
    const seats: { documentId: string; role: string }[] = [];
    for (const [i, m] of members.entries()) {
      // Some designated mid-period, some ended, one suppléant.
      const role = i === 5 ? 'suppleant' : 'titulaire';
      const start = i === 3 ? day(-150) : day(-380);
      const end = i === 4 ? day(-120) : undefined;
      seats.push({ ...(await designateSeat(strapi, staff, body.documentId, { member: m.member.documentId, role: role as any, designation: 'elected-congress', startOn: start, endOn: end })), role });
      if (i === 4) seats.push({ ...(await designateSeat(strapi, staff, body.documentId, { member: m.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-60) })), role: 'titulaire' });
    }
    for (let month = 12; month >= 1; month -= 1) {
      const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: `${day(-month * 30)}T18:00:00+01:00`, durationMinutes: 120, place: 'Nîmes', agenda: [] });
      if (month === 7) {
        await setMeetingStatus(strapi, staff, meeting.documentId, 'cancelled');
        continue;
      }
      const held = await setMeetingStatus(strapi, staff, meeting.documentId, 'held');
      const active = await strapi.db.connection(ATTENDANCE).where({ meeting_id: held.id });
      const activeSeats = new Set(active.map((r: any) => Number(r.seat_id)));
      const byId = new Map((await strapi.db.query('plugin::bodies.seat').findMany({ select: ['id', 'documentId'] })).map((s: any) => [s.documentId, s.id]));
      const rows: any[] = [];
      let substituted = false;
      for (const seat of seats) {
        if (!activeSeats.has(byId.get(seat.documentId))) continue;
        if (seat.role === 'suppleant') continue;
        const r = rand();
        if (r < 0.15) continue; // left « à saisir »
        const presence: Presence = r < 0.5 ? 'present' : r < 0.6 ? 'remote' : r < 0.7 ? 'excused' : 'absent';
        rows.push({ seat: seat.documentId, presence, arrivedLate: r > 0.9, leftEarly: false });
        if (presence === 'absent' && !substituted && rand() < 0.5) {
          const suppleant = seats.find((s) => s.role === 'suppleant')!;
          rows.push({ seat: suppleant.documentId, presence: 'present', arrivedLate: false, leftEarly: false, substituteFor: seat.documentId });
          substituted = true;
        }
      }
      if (rows.length) await markAttendance(strapi, staff, held.documentId, { rows });
    }
  }
  // A row on a cancelled meeting (never written by the commands, forced here): both sides ignore it.
  const cancelled = await strapi.db.query('plugin::bodies.meeting').findOne({ where: { meetingStatus: 'cancelled', body: { id: bodyIds[0] } } });
  const someSeat = await strapi.db.connection(ATTENDANCE).where({ body_id: bodyIds[0] }).first();
  await strapi.db.connection(ATTENDANCE).insert({ meeting_id: cancelled.id, seat_id: someSeat.seat_id, member_id: someSeat.member_id, body_id: bodyIds[0], held_on: cancelled.heldOn, presence: 'present' });
}, 300_000);

/** The pure formula over the raw rows, seat by seat. */
async function expected(window: { from?: string; to?: string }, filter: (row: any) => boolean) {
  const strapi = await bootStrapi();
  const rows = (await strapi.db
    .connection(ATTENDANCE)
    .join('bodies_meetings as m', 'm.id', `${ATTENDANCE}.meeting_id`)
    .select(`${ATTENDANCE}.*`, 'm.meeting_status')
    .whereIn(`${ATTENDANCE}.body_id`, bodyIds)).filter(filter);
  const seats = await strapi.db.query('plugin::bodies.seat').findMany({ where: { id: { $in: [...new Set(rows.map((r: any) => Number(r.seat_id)))] } }, populate: { body: { select: ['absenceAlertAfter'] } } });
  const result = new Map<number, ReturnType<typeof attendanceIndicator>>();
  for (const seat of seats) {
    const facts: AttendanceFact[] = rows
      .filter((r: any) => Number(r.seat_id) === seat.id)
      .map((r: any) => ({ heldOn: String(r.held_on instanceof Date ? r.held_on.toISOString() : r.held_on).slice(0, 10), meetingStatus: r.meeting_status, presence: r.presence ?? null, replaced: Boolean(r.replaced) }));
    const indicator = attendanceIndicator(facts, { startOn: seat.startOn, endOn: seat.endOn ?? null }, window, seat.body.absenceAlertAfter);
    if (indicator.held > 0) result.set(seat.id, indicator);
  }
  return result;
}

const strip = ({ seatId: _s, memberId: _m, bodyId: _b, ...rest }: any) => rest;

describe('the SQL indicator agrees with the formula', () => {
  const windows = [{}, { from: day(-200) }, { to: day(-100) }, { from: day(-300), to: day(-90) }, { from: day(-40), to: day(-35) }];

  it.each(windows)('bodies, window %o', async (window) => {
    const strapi = await bootStrapi();
    const sql = await seatIndicators(strapi, { bodyIds, ...window });
    const pure = await expected(window, () => true);
    expect(sql.length).toBe(pure.size);
    for (const row of sql) expect(strip(row), `seat ${row.seatId}`).toEqual(pure.get(row.seatId));
    if (!('from' in window) && !('to' in window)) {
      expect(sql.some((r) => r.excused > 0 && r.unmarked > 0 && r.absent > 0)).toBe(true); // the sheets cover every case
    }
  });

  it('one federation and one member give the same figures', async () => {
    const strapi = await bootStrapi();
    const federation = await seatIndicators(strapi, { federationId: w.federation.id });
    const pure = await expected({}, () => true);
    expect(federation.length).toBe(pure.size);
    for (const row of federation) expect(strip(row)).toEqual(pure.get(row.seatId));
    const memberId = members[4].member.id; // an ended seat and a later one
    const own = await seatIndicators(strapi, { memberId });
    const pureOwn = await expected({}, (r) => Number(r.member_id) === memberId);
    expect(own.length).toBe(pureOwn.size);
    expect(own.length).toBe(4);
    for (const row of own) expect(strip(row)).toEqual(pureOwn.get(row.seatId));
    expect(await seatIndicators(strapi, { federationId: w.other.id })).toEqual([]);
  });
});
