import type { Core } from '@strapi/strapi';
import { afterCommit, emitEvent, todayInParis } from '@intranet-militant/shared';
import { ATTENDANCE, CONVOCATIONS, holdMeeting } from '../storage';
import { MEETING_UID, SEAT_UID } from '../uids';
import { activeSeatsOn, designatedOnceBegun, instant, seatsExpectedAt, type ActiveSeat } from './seats-on';

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
 *   designated after the meeting was called — or whose convocation was recorded for another
 *   start (`conveneSeats`: for the date the meeting was moved from). It is announced for this member alone
 *   (`bodies.meeting.convened`: the same mandatory email as the others had; the notifications
 *   plugin sends one per member and date, so a member convened by another seat gets nothing more).
 *   A meeting already begun convenes no successor, and so does not expect them: neither its
 *   sheet nor « Mes instances » counts such a seat there (`seatsExpectedAt`, `mine`).

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
    })) as ConvenedMeeting[];
    let convened = 0;
    for (const meeting of inside) {
      convened += await conveneSeats(strapi, trx, { ...meeting, body: seat.body }, [{ seatId: seat.id, memberId: seat.member.id }]);
    }
    return { withdrawn, convened };
  });
}

/**
 * Makes one planned meeting's convocations agree with the seats of its body on its Paris date,
 * once its convening (creation, new date) is committed — run by `afterConvening`:
 * - **Withdrawn**: convocations of seats no longer active on that date (a seat ended, or
 *   its term moved, by a transaction committed meanwhile that did not see the meeting);
 * - **Recorded or refreshed** (`conveneSeats`), if the meeting has not begun: a convocation
 *   for each seat active on that date that has none (a seat designated by a transaction
 *   committed meanwhile that did not see the meeting), or whose convocation was recorded for
 *   another start (the date it was moved from).
 * Read under the meeting's row (`holdMeeting`): meetings held, cancelled or never convened
 * (`convokedAt` empty: from before convocations) are left as they are. Throws nothing of its own.
 * @returns how many convocations were withdrawn, and recorded or refreshed (zeros for an unknown meeting)
 */
export async function reconcileMeetingConvocations(strapi: Core.Strapi, meetingId: number): Promise<SeatConvocationChange> {
  return strapi.db.transaction(async ({ trx }) => {
    // Under the meeting's row: held or cancelled meanwhile, it is left as it is.
    await holdMeeting(strapi, trx, meetingId);
    const meeting = (await strapi.db.query(MEETING_UID).findOne({
      where: { id: meetingId },
      select: ['id', 'startsAt', 'heldOn', 'meetingStatus', 'convokedAt'],
      populate: { body: { select: ['id'], populate: { federation: { select: ['id'] } } } },
    })) as (Omit<ConvenedMeeting, 'body'> & { heldOn: string; meetingStatus: string; convokedAt: string | null; body: ConvenedMeeting['body'] | null }) | null;
    if (!meeting?.body || meeting.meetingStatus !== 'planned' || !meeting.convokedAt) return { withdrawn: 0, convened: 0 };
    const active = await activeSeatsOn(trx, meeting.body.id, meeting.heldOn);
    const activeIds = new Set(active.map((s) => s.seatId));
    const recorded = ((await trx(CONVOCATIONS).where('meeting_id', meeting.id).select('seat_id')) as { seat_id: number | string }[]).map((r) => Number(r.seat_id));
    const stale = recorded.filter((id) => !activeIds.has(id));
    const withdrawn = stale.length ? Number(await trx(CONVOCATIONS).where('meeting_id', meeting.id).whereIn('seat_id', stale).delete()) : 0;
    if (new Date(meeting.startsAt).getTime() <= Date.now()) return { withdrawn, convened: 0 };
    const convened = await conveneSeats(strapi, trx, { ...meeting, body: meeting.body }, active);
    return { withdrawn, convened };
  });
}

/**
 * Opens a row « à saisir » (no presence yet) on a held meeting's sheet for each of these seats
 * that has none, inside `trx`; a row already there (marked or not) is kept as it is.
 * @returns how many rows were opened
 */
export async function openSheetRows(strapi: Core.Strapi, trx: any, bodyId: number, meeting: { id: number; heldOn: string }, seats: ActiveSeat[]): Promise<number> {
  let opened = 0;
  for (const seat of seats) {
    const result = await trx.raw(
      `INSERT INTO ${ATTENDANCE} (meeting_id, seat_id, member_id, body_id, held_on) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, seat_id) DO NOTHING`,
      [meeting.id, seat.seatId, seat.memberId, bodyId, meeting.heldOn]
    );
    opened += Number(strapi.db.dialect.client === 'postgres' ? result?.rowCount : result?.changes) > 0 ? 1 : 0;
  }
  return opened;
}

/**
 * Opens the rows a seat is owed on the sheets of its body's held meetings, once its change is
 * committed — run by `afterSeatChange`: a row « à saisir » on the sheet of each held meeting of
 * the body dated inside the seat's term that expects it (`designatedOnceBegun`: convened to it,
 * or designated before it began) and has none — a successor designated, and convened, while
 * the meeting was held at the same moment (its sheet made without her), or designated before
 * the start of a meeting later today already held ahead of time. In a transaction of its own,
 * never a caller's (a sanction's holds the audit log's head: an insert there could wait on a
 * sheet being marked, which waits for that head). A row already there is kept as it is.
 * Throws nothing of its own.
 * @returns how many rows were opened (0 for an unknown seat)
 */
export async function openSeatSheetRows(strapi: Core.Strapi, seatId: number): Promise<number> {
  return strapi.db.transaction(async ({ trx }) => {
    const seat = (await strapi.db.query(SEAT_UID).findOne({
      where: { id: seatId },
      select: ['id', 'startOn', 'endOn', 'role', 'createdAt'],
      populate: { body: { select: ['id'] }, member: { select: ['id'] } },
    })) as { id: number; startOn: string; endOn: string | null; role: string; createdAt: string; body: { id: number } | null; member: { id: number } | null } | null;
    if (!seat?.body || !seat.member || (seat.endOn && seat.endOn <= seat.startOn)) return 0;
    return openRowsOnHeldSheets(strapi, trx, { ...seat, body: seat.body, member: seat.member });
  });
}

/** See `openSeatSheetRows`: the rows opened inside `trx`. */
async function openRowsOnHeldSheets(
  strapi: Core.Strapi,
  trx: any,
  seat: { id: number; startOn: string; endOn: string | null; role: string; createdAt: string; body: { id: number }; member: { id: number } }
): Promise<number> {
  const held = (await strapi.db.query(MEETING_UID).findMany({
    where: { body: { id: seat.body.id }, meetingStatus: 'held', heldOn: { $gte: seat.startOn, ...(seat.endOn ? { $lt: seat.endOn } : {}) } },
    select: ['id', 'heldOn', 'startsAt'],
  })) as { id: number; heldOn: string; startsAt: string }[];
  if (held.length === 0) return 0;
  const ids = held.map((m) => m.id);
  const withRow = new Set(((await trx(ATTENDANCE).where('seat_id', seat.id).whereIn('meeting_id', ids).select('meeting_id')) as { meeting_id: number | string }[]).map((r) => Number(r.meeting_id)));
  const convened = new Set(((await trx(CONVOCATIONS).where('seat_id', seat.id).whereIn('meeting_id', ids).select('meeting_id')) as { meeting_id: number | string }[]).map((r) => Number(r.meeting_id)));
  const createdAt = instant(seat.createdAt);
  let opened = 0;
  for (const meeting of held) {
    if (withRow.has(meeting.id) || designatedOnceBegun({ createdAt, convened: convened.has(meeting.id) }, meeting.startsAt)) continue;
    opened += await openSheetRows(strapi, trx, seat.body.id, meeting, [{ seatId: seat.id, memberId: seat.member.id, role: seat.role }]);
  }
  return opened;
}

/**
 * Opens the rows a held meeting's sheet is missing, once its holding is committed — run by
 * `afterHold`: a row « à saisir » for each seat expected that day (`seatsExpectedAt`) that has
 * none, a seat designated by a transaction committed meanwhile that the holding did not see.
 * Read under the meeting's row (`holdMeeting`); a meeting no longer held is left as it is.
 * Throws nothing of its own.
 * @returns how many rows were opened (0 for an unknown meeting)
 */
export async function completeHeldSheet(strapi: Core.Strapi, meetingId: number): Promise<number> {
  return strapi.db.transaction(async ({ trx }) => {
    await holdMeeting(strapi, trx, meetingId);
    const meeting = (await strapi.db.query(MEETING_UID).findOne({
      where: { id: meetingId },
      select: ['id', 'heldOn', 'startsAt', 'meetingStatus'],
      populate: { body: { select: ['id'] } },
    })) as { id: number; heldOn: string; startsAt: string; meetingStatus: string; body: { id: number } | null } | null;
    if (!meeting?.body || meeting.meetingStatus !== 'held') return 0;
    return openSheetRows(strapi, trx, meeting.body.id, meeting, (await seatsExpectedAt(trx, meeting.body.id, meeting)).expected);
  });
}

/** A planned meeting being convened: its id, start and body. */
interface ConvenedMeeting {
  id: number;
  startsAt: string;
  body: { id: number; federation?: { id: number } | null };
}

/**
 * Convenes these seats to a meeting that has not begun, inside `trx`: a convocation recorded
 * for each seat that has none, and one told again for each seat whose convocation was recorded
 * for another start (`starts_at`: by a designation running at the same moment as a move, for
 * the date the meeting was moved from, and emailed with that date). Announced for those members
 * alone (`bodies.meeting.convened`; `rescheduled` for the ones told again: « Nouvelle date »).
 * A convocation a convening committed meanwhile recorded is kept as it is (`ON CONFLICT DO
 * NOTHING`); one told again meanwhile is not told twice (the update names the start it replaces).
 * @returns how many convocations were recorded or told again
 */
async function conveneSeats(strapi: Core.Strapi, trx: any, meeting: ConvenedMeeting, seats: { seatId: number; memberId: number }[]): Promise<number> {
  if (seats.length === 0) return 0;
  const startsAt = new Date(meeting.startsAt).toISOString();
  const recorded = new Map(
    ((await trx(CONVOCATIONS).where('meeting_id', meeting.id).whereIn('seat_id', seats.map((s) => s.seatId)).select('seat_id', 'starts_at')) as { seat_id: number | string; starts_at: string | null }[]).map((r) => [Number(r.seat_id), r.starts_at])
  );
  const dueAt = new Date().toISOString();
  const fresh: number[] = [];
  const again: number[] = [];
  for (const seat of seats) {
    if (!recorded.has(seat.seatId)) {
      const result = await trx.raw(`INSERT INTO ${CONVOCATIONS} (meeting_id, seat_id, member_id, due_at, starts_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, seat_id) DO NOTHING`, [meeting.id, seat.seatId, seat.memberId, dueAt, startsAt]);
      if (Number(strapi.db.dialect.client === 'postgres' ? result?.rowCount : result?.changes) > 0) fresh.push(seat.memberId);
      continue;
    }
    const before = recorded.get(seat.seatId);
    if (!before || instant(before) === instant(startsAt)) continue;
    const count = Number(await trx(CONVOCATIONS).where({ meeting_id: meeting.id, seat_id: seat.seatId, starts_at: before }).update({ due_at: dueAt, starts_at: startsAt }));
    if (count > 0) again.push(seat.memberId);
  }
  for (const [memberIds, rescheduled] of [[fresh, false], [again, true]] as const) {
    if (memberIds.length === 0) continue;
    await emitEvent(strapi, 'bodies.meeting.convened', {
      meetingId: meeting.id,
      bodyId: meeting.body.id,
      federationId: meeting.body.federation?.id ?? null,
      startsAt: meeting.startsAt,
      memberIds: [...new Set(memberIds)],
      rescheduled,
    });
  }
  return fresh.length + again.length;
}

/**
 * A seat's designation or end and a meeting's convening, run at once, each read the other's
 * rows before they were committed (PostgreSQL, READ COMMITTED): a successor was not convened
 * to a meeting created meanwhile, or a holder whose seat had just ended was. Whichever
 * commits last sees the other's rows after its commit: the seat's convocations are settled
 * again (`settleSeatConvocations`), the meeting's reconciled (`reconcileMeetingConvocations`);
 * the seat's rows on held meetings' sheets are opened then (`openSeatSheetRows`).
 * Outside a transaction this runs now and is awaited; inside one, once it is committed
 * (`afterCommit`). Chosen over a lock per body: seats are ended inside other plugins'
 * transactions that have already written to the audit log, whose head every command takes
 * last — a body lock taken after it would deadlock with a convening holding the body lock.
 */
export const afterSeatChange = (strapi: Core.Strapi, seatId: number) =>
  afterCommit(strapi, 'bodies: convocations and sheet rows of a seat settled after commit', async () => {
    await settleSeatConvocations(strapi, seatId);
    await openSeatSheetRows(strapi, seatId);
  });

/**
 * See `afterSeatChange`: a seat designated while a meeting was held, at the same moment, was
 * convened to it (the meeting still planned in its reads) but left off its sheet (the seat
 * uncommitted in the holding's): whichever commits last opens the row — the holding here
 * (`completeHeldSheet`), the designation in `afterSeatChange` (`openSeatSheetRows`).
 */
export const afterHold = (strapi: Core.Strapi, meetingId: number) =>
  afterCommit(strapi, 'bodies: sheet of a held meeting completed after commit', () => completeHeldSheet(strapi, meetingId));

/** See `afterSeatChange`: a meeting's convocations reconciled once its convening is committed. */
export const afterConvening = (strapi: Core.Strapi, meetingId: number) =>
  afterCommit(strapi, 'bodies: convocations of a meeting reconciled after commit', () => reconcileMeetingConvocations(strapi, meetingId));
