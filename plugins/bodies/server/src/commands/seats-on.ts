import { CONVOCATIONS } from '../storage';

/** A seat of a body active on a day, with its holder. */
export interface ActiveSeat {
  seatId: number;
  memberId: number;
  role: string;
}

/**
 * The seats of a body active on a Paris date (`startOn <= day < endOn`), with their holder:
 * one raw read of the plugin's own tables (seat rows and their link tables), inside the
 * caller's transaction `trx` (a knex transaction or connection).
 */
export async function activeSeatsOn(trx: any, bodyId: number, day: string): Promise<ActiveSeat[]> {
  return (await seatRowsOn(trx, bodyId, day)).map(({ seatId, memberId, role }) => ({ seatId, memberId, role }));
}

async function seatRowsOn(trx: any, bodyId: number, day: string, meetingId?: number) {
  const query = trx
    .select({ seatId: 's.id', memberId: 'm.member_id', role: 's.role', createdAt: 's.created_at', ...(meetingId === undefined ? {} : { convened: 'c.seat_id' }) })
    .from('bodies_seats as s')
    .join('bodies_seats_body_lnk as b', 'b.seat_id', 's.id')
    .join('bodies_seats_member_lnk as m', 'm.seat_id', 's.id')
    .where('b.body_id', bodyId)
    .andWhere('s.start_on', '<=', day)
    .andWhere((q: any) => q.whereNull('s.end_on').orWhere('s.end_on', '>', day))
    .orderBy('s.id');
  if (meetingId !== undefined) query.leftJoin(`${CONVOCATIONS} as c`, (j: any) => j.on('c.seat_id', 's.id').andOnVal('c.meeting_id', '=', meetingId));
  const rows: any[] = await query;
  return rows.map((r) => ({ seatId: Number(r.seatId), memberId: Number(r.memberId), role: String(r.role), createdAt: instant(r.createdAt), convened: r.convened != null }));
}

/**
 * A datetime as read raw (milliseconds on SQLite, a Date on PostgreSQL, an ISO string from the
 * query engine) in milliseconds, or null when absent or unreadable.
 */
export function instant(value: unknown): number | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Was this seat designated once the meeting had begun, without being convened to it? Such a
 * seat is not expected at the meeting — the rule of convocations (`settleSeatConvocations`
 * convenes a successor only to meetings not yet begun): no row on its sheet, so never counted
 * absent there, and the meeting is not among its holder's next ones (« Mes instances »).
 * A seat convened to the meeting (a rescheduling convenes every seat of the new day), or one
 * created before it began, is expected: older meetings — held before convocations existed, or
 * convened before successors were — keep every seat that was there.
 */
export const designatedOnceBegun = (seat: { createdAt: number | null; convened: boolean }, startsAt: unknown): boolean => {
  const start = instant(startsAt);
  return !seat.convened && seat.createdAt !== null && start !== null && seat.createdAt > start;
};

/**
 * The seats expected at a meeting of a body (its attendance sheet): those active on its Paris
 * date, less those designated once it had begun and not convened to it (`designatedOnceBegun`);
 * `late` lists the latter (to tell the secretary why such a seat has no row). Inside `trx`.
 */
export async function seatsExpectedAt(trx: any, bodyId: number, meeting: { id: number; heldOn: string; startsAt: string }): Promise<{ expected: ActiveSeat[]; late: ActiveSeat[] }> {
  const expected: ActiveSeat[] = [];
  const late: ActiveSeat[] = [];
  for (const row of await seatRowsOn(trx, bodyId, meeting.heldOn, meeting.id)) {
    (designatedOnceBegun(row, meeting.startsAt) ? late : expected).push({ seatId: row.seatId, memberId: row.memberId, role: row.role });
  }
  return { expected, late };
}
