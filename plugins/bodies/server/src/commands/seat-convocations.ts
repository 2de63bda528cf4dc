import type { Core } from '@strapi/strapi';
import { emitEvent, todayInParis } from '@intranet-militant/shared';
import { CONVOCATIONS } from '../storage';
import { MEETING_UID, SEAT_UID } from '../uids';

/** What `settleSeatConvocations` changed: convocations withdrawn, convocations recorded. */
export interface SeatConvocationChange {
  withdrawn: number;
  convened: number;
}

/**
 * Makes one seat's convocations agree with its term `[startOn, endOn)` (Paris dates, the end
 * excluded), after the seat was designated or ended through any door: the API
 * (`designateSeat`, `endSeat`), another plugin (`endSeatsOfMember`: a sanction, an erasure) or
 * the admin panel (integrity.ts). A secretariat's rule: who no longer sits is no longer convened.
 *
 * - **Withdrawn**: the seat's convocations to the body's *planned* meetings whose Paris date is
 *   outside the term (on or after `endOn`, or before `startOn`). The holder no longer finds
 *   them among their next meetings (« Mes instances »), the meeting's count drops, and holding
 *   the meeting opens no sheet row for the seat (the sheet is made of the seats expected that
 *   day: `seatsExpectedAt`): they are never counted absent there.
 * - **Recorded**: a convocation to each planned meeting of the body not yet begun, dated
 *   inside the term, already convened (`convokedAt`), that the seat has none for — a successor
 *   designated after the meeting was called. It is announced for this member alone
 *   (`bodies.meeting.convened`: the same mandatory email as the others had; the notifications
 *   plugin sends one per member and date, so a member convened by another seat gets nothing more).
 *   A meeting already begun convenes no successor, and so does not expect them: neither its
 *   sheet nor « Mes instances » counts such a seat there (`seatsExpectedAt`, `mine`).
 *
 * Held and cancelled meetings keep their convocations: who was convened is history, as the
 * attendance sheet is. An email already sent is not taken back: the bodies plugin sends no
 * cancellation email (a cancelled meeting is not announced either); the calendar feed
 * (`bodies.meetings`) already follows the seat's term.
 * Runs in the caller's transaction (or its own). Throws nothing of its own.
 * @returns how many convocations were withdrawn and recorded (zeros for an unknown seat)
 */
export async function settleSeatConvocations(strapi: Core.Strapi, seatId: number): Promise<SeatConvocationChange> {
  return strapi.db.transaction(async ({ trx }) => {
    const seat = (await strapi.db.query(SEAT_UID).findOne({
      where: { id: seatId },
      select: ['id', 'startOn', 'endOn'],
      populate: { body: { select: ['id'], populate: { federation: { select: ['id'] } } }, member: { select: ['id'] } },
    })) as { id: number; startOn: string; endOn: string | null; body: { id: number; federation?: { id: number } | null } | null; member: { id: number } | null } | null;
    if (!seat?.body || !seat.member) return { withdrawn: 0, convened: 0 };
    const outside = (await strapi.db.query(MEETING_UID).findMany({
      where: { body: { id: seat.body.id }, meetingStatus: 'planned', $or: [{ heldOn: { $lt: seat.startOn } }, ...(seat.endOn ? [{ heldOn: { $gte: seat.endOn } }] : [])] },
      select: ['id'],
    })) as { id: number }[];
    const withdrawn = outside.length
      ? Number(await trx(CONVOCATIONS).where('seat_id', seat.id).whereIn('meeting_id', outside.map((m) => m.id)).delete())
      : 0;
    const today = todayInParis();
    const from = seat.startOn > today ? seat.startOn : today;
    if (seat.endOn && seat.endOn <= from) return { withdrawn, convened: 0 };
    const inside = (await strapi.db.query(MEETING_UID).findMany({
      // Not yet begun: a successor designated in the afternoon is not convened to the morning's meeting.
      where: { body: { id: seat.body.id }, meetingStatus: 'planned', convokedAt: { $notNull: true }, startsAt: { $gt: new Date().toISOString() }, heldOn: { $gte: from, ...(seat.endOn ? { $lt: seat.endOn } : {}) } },
      select: ['id', 'startsAt'],
      orderBy: { startsAt: 'asc' },
    })) as { id: number; startsAt: string }[];
    if (inside.length === 0) return { withdrawn, convened: 0 };
    const held = new Set(
      ((await trx(CONVOCATIONS).where('seat_id', seat.id).whereIn('meeting_id', inside.map((m) => m.id)).select('meeting_id')) as { meeting_id: number | string }[]).map((r) => Number(r.meeting_id))
    );
    const dueAt = new Date().toISOString();
    let convened = 0;
    for (const meeting of inside.filter((m) => !held.has(m.id))) {
      // A convening or rescheduling of the meeting committed meanwhile may have recorded it: kept as is, no second email.
      const result = await trx.raw(`INSERT INTO ${CONVOCATIONS} (meeting_id, seat_id, member_id, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id, seat_id) DO NOTHING`, [meeting.id, seat.id, seat.member.id, dueAt]);
      if (Number(strapi.db.dialect.client === 'postgres' ? result?.rowCount : result?.changes) === 0) continue;
      await emitEvent(strapi, 'bodies.meeting.convened', {
        meetingId: meeting.id,
        bodyId: seat.body.id,
        federationId: seat.body.federation?.id ?? null,
        startsAt: meeting.startsAt,
        memberIds: [seat.member.id],
        rescheduled: false,
      });
      convened += 1;
    }
    return { withdrawn, convened };
  });
}
