import type { Core } from '@strapi/strapi';
import { afterCommit, ConflictError, ENTRY_WRITES, fieldError, frenchDate, getService, hasVisibleCharacter, parisDate, updatedDocumentId, writtenDocumentId } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { assertStillMember, BODY_POPULATE, inScopeOf, type BodyRow } from './commands/checks';
import { checkSeatOverlap } from './commands/designate-seat';
import { conveneMeeting } from './commands/manage-meeting';
import { afterConvening, afterSeatChange, settleSeatConvocations } from './commands/seat-convocations';
import { NO_PLACE_NOR_LINK, missingPlaceField } from './domain/meeting-place';
import { CONVOCATIONS, holdMeeting, violatesSeatOverlap } from './storage';
import { BODY_UID, MEETING_UID, SEAT_UID } from './uids';

/**
 * The API's rules for writes that come through the Document Service — the admin panel's
 * Content Manager (create, update, clone). The API's commands write through the query
 * engine and check the same rules themselves; membership's admin-panel guard already
 * keeps staff to their federation and audits the write. Here, inside the write's
 * transaction (a refusal undoes it):
 * - a body keeps a level consistent with its place (a section's federation filled in);
 * - a seat's member belongs to the body's scope (a new seat running today or later: and is
 *   still a member, `assertStillMember`), `endOn` comes after `startOn`, no
 *   overlapping seat of the same member, role and body (409 naming it; the same check and
 *   constraint as `designate-seat`), and an existing seat is only ended earlier, never
 *   rewritten; its convocations follow its term as through the API (`settleSeatConvocations`:
 *   withdrawn from planned meetings after its end, recorded for meetings to come in it);
 * - a meeting's Paris date follows its `startsAt`; it changes only while planned; it says
 *   where it takes place (a place or a video link, 400 naming the field, as the API); a
 *   place that shows nothing (« », spaces, invisible characters) is stored as none (null),
 *   as the API does; a new meeting (or a new date or time) convenes the seat holders as the API does.
 * A seat deleted (a super admin) takes its convocations to planned meetings with it (`deleteSeat`).
 */
export function registerIntegrity(strapi: Core.Strapi) {
  const watched = new Set<string>([BODY_UID, SEAT_UID, MEETING_UID]);
  strapi.documents.use(async (context, next) => {
    if (context.uid === SEAT_UID && context.action === 'delete') return deleteSeat(strapi, (context.params as { documentId?: string })?.documentId, next as () => Promise<any>);
    if (!watched.has(context.uid) || !ENTRY_WRITES.has(context.action)) return next();
    const updating = updatedDocumentId(context);
    return strapi.db.transaction(async ({ trx }) => {
      // A meeting is read under its row: cancelled or held by a request committed meanwhile, it
      // no longer changes (read before it, a move was written onto the cancelled meeting).
      if (context.uid === MEETING_UID && updating) await holdMeeting(strapi, trx, { documentId: updating });
      const before = updating ? await strapi.db.query(context.uid as any).findOne({ where: { documentId: updating } }) : null;
      if (context.uid === MEETING_UID && before && before.meetingStatus !== 'planned') throw new ConflictError('Cette réunion est déjà tenue ou annulée : elle ne change plus.');
      if (context.uid === SEAT_UID) {
        // Before the write: PostgreSQL's daterange refuses an end before the start with an error of its own.
        const data = ((context.params as { data?: { startOn?: string; endOn?: string | null } })?.data ?? {}) as { startOn?: string; endOn?: string | null };
        const startOn = data.startOn ?? before?.startOn;
        const endOn = data.endOn === undefined ? before?.endOn : data.endOn;
        if (startOn && endOn && String(endOn) <= String(startOn)) throw fieldError('endOn', 'La fin (exclue) vient après le début.');
      }
      const result = await next();
      const documentId = writtenDocumentId(context, result);
      if (!documentId) return result;
      if (context.uid === BODY_UID) await settleBody(strapi, documentId);
      if (context.uid === SEAT_UID) await settleSeat(strapi, documentId, before);
      if (context.uid === MEETING_UID) await settleMeeting(strapi, trx, documentId, before);
      await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(context.uid, documentId);
      return result;
    });
  });
}

/**
 * A seat deleted in the admin panel (a super admin's power: staff have no deletion) takes its
 * convocations to planned meetings with it, in the deletion's transaction: the meeting no longer
 * counts a seat that is gone (they were left behind, counted). Held and cancelled meetings keep
 * theirs (history), as when a seat ends (`settleSeatConvocations`).
 * @returns what the deletion returns; throws what it throws (nothing is withdrawn then)
 */
async function deleteSeat<T>(strapi: Core.Strapi, documentId: string | undefined, next: () => Promise<T>): Promise<T> {
  if (!documentId) return next();
  // Strapi types the answer as a promise of the callback's promise: it is the callback's value.
  return strapi.db.transaction(async ({ trx }) => {
    const seats = (await strapi.db.query(SEAT_UID).findMany({ where: { documentId }, select: ['id'] })) as { id: number }[];
    const result = await next();
    if (seats.length === 0) return result;
    const seatIds = seats.map((s) => s.id);
    await withdrawFromPlanned(strapi, trx, seatIds);
    // A meeting convened meanwhile by a transaction that still saw the seat: withdrawn once committed.
    await afterCommit(strapi, 'bodies: convocations of a deleted seat withdrawn after commit', () => strapi.db.transaction(({ trx: again }) => withdrawFromPlanned(strapi, again, seatIds)));
    return result;
  }) as unknown as Promise<T>;
}

/** Deletes these seats' convocations to planned meetings (held and cancelled ones keep theirs), inside `trx`. */
async function withdrawFromPlanned(strapi: Core.Strapi, trx: any, seatIds: number[]): Promise<void> {
  const meetingIds = ((await trx(CONVOCATIONS).whereIn('seat_id', seatIds).distinct('meeting_id')) as { meeting_id: number | string }[]).map((r) => Number(r.meeting_id));
  if (meetingIds.length === 0) return;
  const planned = (await strapi.db.query(MEETING_UID).findMany({ where: { id: { $in: meetingIds }, meetingStatus: 'planned' }, select: ['id'] })) as { id: number }[];
  if (planned.length) await trx(CONVOCATIONS).whereIn('seat_id', seatIds).whereIn('meeting_id', planned.map((m) => m.id)).delete();
}

async function settleBody(strapi: Core.Strapi, documentId: string) {
  const body = await strapi.db.query(BODY_UID).findOne({ where: { documentId }, populate: { federation: { select: ['id'] }, section: { populate: { federation: { select: ['id'] } } } } });
  if (body.level === 'section') {
    if (!body.section) throw fieldError('section', 'Une instance de section a besoin de sa section.');
    if (body.federation?.id !== body.section.federation?.id) await strapi.db.query(BODY_UID).update({ where: { id: body.id }, data: { federation: body.section.federation?.id ?? null } });
  } else if (body.level === 'federation') {
    if (!body.federation) throw fieldError('federation', 'Une instance fédérale a besoin de sa fédération.');
    if (body.section) throw fieldError('section', 'Une instance fédérale n’a pas de section.');
  }
}

async function settleSeat(strapi: Core.Strapi, documentId: string, before: any) {
  const seat = await strapi.db.query(SEAT_UID).findOne({ where: { documentId }, populate: { body: { populate: BODY_POPULATE }, member: { select: ['id'] } } });
  if (!seat.body) throw fieldError('body', 'Un siège appartient à une instance.');
  if (!seat.member) throw fieldError('member', 'Un siège est occupé par un adhérent.');
  if (seat.endOn && seat.endOn <= seat.startOn) throw fieldError('endOn', 'La fin (exclue) vient après le début.');
  if (before) {
    if (before.startOn !== seat.startOn || before.role !== seat.role || before.overlapKey?.split(':')[1] !== String(seat.member.id) || before.overlapKey?.split(':')[0] !== String(seat.body.id)) {
      throw new ConflictError('Un siège n’est jamais réécrit : mettez-y fin et créez-en un autre.');
    }
    if (before.endOn && (!seat.endOn || seat.endOn > before.endOn)) throw new ConflictError(`Ce siège prend déjà fin le ${frenchDate(before.endOn)}.`);
  }
  const member = await getService(strapi, 'membership', 'directory').memberById(seat.member.id);
  if (!inScopeOf(seat.body as BodyRow, { federationId: member?.federation?.id ?? null, sectionId: member?.section?.id ?? null })) throw fieldError('member', 'Cet adhérent ne relève pas du périmètre de cette instance.');
  // A new seat for one who left: refused as the API refuses it (an end written is always taken).
  if (!before) await assertStillMember(strapi, { id: seat.member.id, leftOn: member?.leftOn ?? null, erasedOn: member?.erasedOn ?? null }, seat.endOn ?? null);
  const key = `${seat.body.id}:${seat.member.id}:${seat.role}`;
  await checkSeatOverlap(strapi, key, seat.startOn, seat.endOn ?? null, seat.id);
  await strapi.db
    .query(SEAT_UID)
    .update({ where: { id: seat.id }, data: { overlapKey: key } })
    .catch((error: unknown) => {
      if (violatesSeatOverlap(error)) throw new ConflictError('Cet adhérent occupe déjà ce rôle dans cette instance sur une période qui chevauche.');
      throw error;
    });
  await settleSeatConvocations(strapi, seat.id);
  await afterSeatChange(strapi, seat.id);
}

async function settleMeeting(strapi: Core.Strapi, trx: any, documentId: string, before: any) {
  const meeting = await strapi.db.query(MEETING_UID).findOne({ where: { documentId }, populate: { body: { populate: BODY_POPULATE } } });
  if (!meeting.body) throw fieldError('body', 'Une réunion appartient à une instance.');
  const missing = missingPlaceField(meeting, before);
  if (missing) throw fieldError(missing, NO_PLACE_NOR_LINK);
  const heldOn = parisDate(meeting.startsAt);
  const data: Record<string, unknown> = { heldOn };
  if (!before) data.meetingStatus = 'planned';
  if (typeof meeting.place === 'string' && !hasVisibleCharacter(meeting.place)) data.place = null;
  const updated = await strapi.db.query(MEETING_UID).update({ where: { id: meeting.id }, data, populate: { body: { select: ['id', 'documentId'] } } });
  // A new date or time convenes again, as through the API (`updateMeeting`): a time changed
  // within the day was not told, and the convocations kept the start they were recorded for.
  if (!before || new Date(before.startsAt).getTime() !== new Date(meeting.startsAt).getTime()) {
    await conveneMeeting(strapi, trx, updated, meeting.body as BodyRow, Boolean(before));
    await afterConvening(strapi, updated.id);
  }
}
