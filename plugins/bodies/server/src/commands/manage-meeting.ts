import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, getService, NotFoundError, parisDate, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { NO_PLACE_NOR_LINK, missingPlaceField } from '../domain/meeting-place';
import { CONVOCATIONS, holdMeeting } from '../storage';
import { MEETING_UID } from '../uids';
import type { MeetingInput, MeetingUpdate } from '../validation/schemas';
import { assertSecretariat, loadBodyForWrite, loadMeeting, type BodyRow, type MeetingRow } from './checks';
import { afterConvening, afterHold, openSheetRows } from './seat-convocations';
import { activeSeatsOn, seatsExpectedAt } from './seats-on';

const MEETING_POPULATE = { body: { select: ['id', 'documentId'] } };

/**
 * Records one convocation as due per seat holder active on the meeting's date (the
 * notifications plugin sends them when it exists; until then they are « dues ») and
 * announces them (`bodies.meeting.convened`). Inside the caller's transaction.
 */
export async function conveneMeeting(strapi: Core.Strapi, trx: any, meeting: MeetingRow, body: BodyRow, rescheduled: boolean): Promise<number> {
  const seats = await activeSeatsOn(trx, body.id, meeting.heldOn);
  const dueAt = new Date().toISOString();
  if (rescheduled) await trx(CONVOCATIONS).where({ meeting_id: meeting.id }).delete();
  for (const seat of seats) {
    await trx.raw(`INSERT INTO ${CONVOCATIONS} (meeting_id, seat_id, member_id, due_at, starts_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, seat_id) DO NOTHING`, [meeting.id, seat.seatId, seat.memberId, dueAt, new Date(meeting.startsAt).toISOString()]);
  }
  await strapi.db.query(MEETING_UID).update({ where: { id: meeting.id }, data: { convokedAt: dueAt } });
  await emitEvent(strapi, 'bodies.meeting.convened', {
    meetingId: meeting.id,
    bodyId: body.id,
    federationId: body.federation?.id ?? null,
    startsAt: meeting.startsAt,
    memberIds: [...new Set(seats.map((s) => s.memberId))],
    rescheduled,
  });
  return seats.length;
}

/**
 * Plans a meeting of the body (its secretariat or those who manage it) and convenes every
 * seat holder active on its Paris date. Audited. Throws 404/403 (body), 400 (input).
 */
export async function createMeeting(strapi: Core.Strapi, actor: Actor, bodyDocumentId: string, input: MeetingInput): Promise<MeetingRow & { convocations: number }> {
  const body = await loadBodyForWrite(strapi, actor, bodyDocumentId);
  const heldOn = parisDate(input.startsAt);
  await assertSecretariat(strapi, actor, body, todayInParis());
  const created = await strapi.db.transaction(async ({ trx }) => {
    const meeting = (await strapi.db.query(MEETING_UID).create({
      data: {
        body: body.id,
        startsAt: new Date(input.startsAt).toISOString(),
        heldOn,
        durationMinutes: input.durationMinutes,
        place: input.place ?? null,
        remoteLink: input.remoteLink ?? null,
        meetingStatus: 'planned',
        agenda: input.agenda,
      },
      populate: MEETING_POPULATE,
    })) as MeetingRow;
    const convocations = await conveneMeeting(strapi, trx, meeting, body, false);
    await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(MEETING_UID, meeting.documentId);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.meeting.create',
      subject: { type: MEETING_UID, id: meeting.documentId },
      federationId: body.federation?.id ?? null,
      details: { body: body.documentId, startsAt: meeting.startsAt, convocations },
    });
    return { ...meeting, convocations };
  });
  // Seats designated or ended meanwhile by transactions that did not see this meeting: reconciled once committed.
  await afterConvening(strapi, created.id);
  return created;
}

interface CurrentMeeting {
  meetingStatus: string;
  heldOn: string;
  startsAt: string;
  place: string | null;
  remoteLink: string | null;
}

/**
 * A planned meeting's status, date, start, place and link, read under its row (`holdMeeting`) inside `trx`:
 * a change checked before its transaction began met the meeting as it was before a change
 * committed meanwhile (two requests at once).
 * @throws NotFoundError (404) when it is gone, ConflictError (409, `noLongerPlanned`'s message) when it is held or cancelled
 */
async function meetingUnderItsRow(strapi: Core.Strapi, trx: any, meetingId: number, noLongerPlanned: (status: string) => string): Promise<CurrentMeeting> {
  await holdMeeting(strapi, trx, meetingId);
  const current = (await strapi.db.query(MEETING_UID).findOne({ where: { id: meetingId }, select: ['meetingStatus', 'heldOn', 'startsAt', 'place', 'remoteLink'] })) as CurrentMeeting | null;
  if (!current) throw new NotFoundError('Réunion introuvable.');
  if (current.meetingStatus !== 'planned') throw new ConflictError(noLongerPlanned(current.meetingStatus));
  return current;
}

const NO_LONGER_CHANGES = () => 'Cette réunion est déjà tenue ou annulée : elle ne change plus.';
const ALREADY_SET = (status: string) => (status === 'held' ? 'Cette réunion est déjà tenue.' : 'Cette réunion est annulée.');

/**
 * Changes a planned meeting (date, place, link, agenda); a new date or time convenes again
 * (seat holders of the new day, a new email with its calendar file). The meeting as changed
 * still says where it takes place, as at creation: a place or a video link.
 * @throws NotFoundError / ForbiddenError (404/403: the meeting, its body), ConflictError (409)
 *   once held or cancelled, ValidationError (400, French, naming `place` or `remoteLink`) when
 *   the change would leave neither a place nor a video link
 */
export async function updateMeeting(strapi: Core.Strapi, actor: Actor, documentId: string, input: MeetingUpdate): Promise<MeetingRow> {
  const { meeting, body } = await loadMeeting(strapi, actor, documentId);
  await assertSecretariat(strapi, actor, body, todayInParis());
  if (meeting.meetingStatus !== 'planned') throw new ConflictError(NO_LONGER_CHANGES());
  const assertSaysWhere = (before: { place?: string | null; remoteLink?: string | null }) => {
    const missing = missingPlaceField(
      { place: input.place === undefined ? before.place : input.place, remoteLink: input.remoteLink === undefined ? before.remoteLink : input.remoteLink },
      before,
    );
    if (missing) throw fieldError(missing, NO_PLACE_NOR_LINK);
  };
  assertSaysWhere(meeting);
  const data: Record<string, unknown> = { ...input };
  if (input.startsAt) {
    data.startsAt = new Date(input.startsAt).toISOString();
    data.heldOn = parisDate(input.startsAt);
  }
  let convened = false;
  const changed = await strapi.db.transaction(async ({ trx }) => {
    // Read again under the meeting's row: held or cancelled meanwhile, it no longer changes
    // (a move accepted after a cancellation emailed a new date); moved meanwhile, the new date
    // is compared with the one it has now; its place or link removed meanwhile, this change
    // must not remove the other (both removed at once left it with neither).
    const current = await meetingUnderItsRow(strapi, trx, meeting.id, NO_LONGER_CHANGES);
    assertSaysWhere(current);
    const updated = (await strapi.db.query(MEETING_UID).update({ where: { id: meeting.id }, data, populate: MEETING_POPULATE })) as MeetingRow;
    convened = Boolean(input.startsAt) && new Date(updated.startsAt).getTime() !== new Date(current.startsAt).getTime();
    if (convened) await conveneMeeting(strapi, trx, updated, body, true);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.meeting.update',
      subject: { type: MEETING_UID, id: meeting.documentId },
      federationId: body.federation?.id ?? null,
      details: { changed: Object.keys(input) },
    });
    return updated;
  });
  if (convened) await afterConvening(strapi, meeting.id);
  return changed;
}

/**
 * A planned meeting is held (on or after its date: its attendance sheet opens, one row
 * « à saisir » per seat expected that day — active, less a seat designated once the meeting
 * had begun and not convened to it: `seatsExpectedAt`) or cancelled (it never counts). Once held or
 * cancelled, the status is final (409). Audited. A seat designated at the same moment, that
 * the holding did not see, has its row opened once both are committed (`afterHold`).
 */
export async function setMeetingStatus(strapi: Core.Strapi, actor: Actor, documentId: string, status: 'held' | 'cancelled'): Promise<MeetingRow & { sheet: number }> {
  const { meeting, body } = await loadMeeting(strapi, actor, documentId);
  await assertSecretariat(strapi, actor, body, todayInParis());
  if (meeting.meetingStatus !== 'planned') throw new ConflictError(ALREADY_SET(meeting.meetingStatus));
  if (status === 'held' && meeting.heldOn > todayInParis()) throw new ConflictError('Une réunion à venir ne peut pas encore être tenue.');
  const result = await strapi.db.transaction(async ({ trx }) => {
    // Read again under the meeting's row: held, cancelled or moved meanwhile (see updateMeeting).
    const current = await meetingUnderItsRow(strapi, trx, meeting.id, ALREADY_SET);
    if (status === 'held' && current.heldOn > todayInParis()) throw new ConflictError('Une réunion à venir ne peut pas encore être tenue.');
    const updated = (await strapi.db.query(MEETING_UID).update({ where: { id: meeting.id }, data: { meetingStatus: status }, populate: MEETING_POPULATE })) as MeetingRow;
    let sheet = 0;
    if (status === 'held') {
      const { expected } = await seatsExpectedAt(trx, body.id, { id: meeting.id, heldOn: current.heldOn, startsAt: current.startsAt });
      await openSheetRows(strapi, trx, body.id, { id: meeting.id, heldOn: current.heldOn }, expected);
      sheet = expected.length;
    }
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: `plugin::bodies.meeting.${status === 'held' ? 'hold' : 'cancel'}`,
      subject: { type: MEETING_UID, id: meeting.documentId },
      federationId: body.federation?.id ?? null,
      details: { sheet },
    });
    return { ...updated, sheet };
  });
  // A seat designated meanwhile by a transaction that did not see the holding: its row opened once committed.
  if (status === 'held') await afterHold(strapi, meeting.id);
  return result;
}
