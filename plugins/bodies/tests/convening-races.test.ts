import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { parisDate, type Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { onPostgres } from '../../../tests/support/instances';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat, endSeat } from '../server/src/commands/designate-seat';
import { createMeeting, updateMeeting } from '../server/src/commands/manage-meeting';

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

/**
 * Runs the commands at once while the audit log's head is held by another transaction: each
 * does its reads and writes, then waits for the head; released once both wait.
 */
async function together<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  const holder = await strapi.db.connection.transaction();
  await holder('audit_log_head').where({ id: 1 }).forUpdate().first();
  const running = Promise.all([first(), second()]);
  running.catch(() => undefined);
  try {
    await expect
      .poll(
        async () =>
          Number(
            (await strapi.db.connection.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%audit_log_head%'")).rows[0].n
          ),
        { timeout: 20_000, interval: 50 }
      )
      .toBe(2);
  } finally {
    await holder.rollback();
  }
  return running;
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  const full = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: w.staff.user.id }, populate: { role: true } });
  staff = await strapi.plugin('membership').service('actors').forUser(full);
}, 120_000);

describe.skipIf(!onPostgres())('a seat and a meeting of its body changed at the same moment (PostgreSQL)', () => {
  it('a successor designated while a meeting is created is convened to it, and the meeting counts her', async () => {
    const anne = await createMember({ federation: w.federation, section: w.sectionA });
    const lea = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Bureau (en même temps)', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatAnne = await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const [seatLea, meeting] = await together(
      () => designateSeat(strapi, staff, body.documentId, { member: lea.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(0) }),
      () => createMeeting(strapi, staff, body.documentId, { startsAt: at(6), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] })
    );
    expect(await convenedSeats(meeting)).toEqual([seatAnne.id, seatLea.id].sort((a, b) => a - b));
  });

  it('a seat ended while a meeting after its end is created, or moved after it, is not convened to it', async () => {
    const bruno = await createMember({ federation: w.federation, section: w.sectionA });
    const chloe = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { name: 'Commission (fin en même temps)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
    const seatBruno = await designateSeat(strapi, staff, body.documentId, { member: bruno.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const seatChloe = await designateSeat(strapi, staff, body.documentId, { member: chloe.member.documentId, role: 'membre', designation: 'elected-congress', startOn: day(-30) });
    const [, created] = await together(
      () => endSeat(strapi, staff, seatBruno.documentId, { endOn: day(5) }),
      () => createMeeting(strapi, staff, body.documentId, { startsAt: at(10), durationMinutes: 120, place: 'Alès', agenda: [{ title: 'Point' }] })
    );
    expect(await convenedSeats(created)).toEqual([seatChloe.id]);
    // Moved past the end of Chloé's seat (and Bruno's) while hers is ended: neither is convened to the new date.
    const moved = await createMeeting(strapi, staff, body.documentId, { startsAt: at(3), durationMinutes: 120, place: 'Alès', agenda: [{ title: 'Point' }] });
    expect(await convenedSeats(moved)).toEqual([seatBruno.id, seatChloe.id].sort((a, b) => a - b));
    await together(
      () => endSeat(strapi, staff, seatChloe.documentId, { endOn: day(8) }),
      () => updateMeeting(strapi, staff, moved.documentId, { startsAt: at(12) })
    );
    expect(await convenedSeats(moved)).toEqual([]);
  });
});
