import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, recordAudit, type Actor } from '@intranet-militant/shared';
import { DEFAULT_ABSENCE_ALERT } from '../domain/vocabulary';
import { seatIndicators } from '../queries/indicators';
import { ATTENDANCE, holdMeeting } from '../storage';
import { MEETING_UID, SEAT_UID } from '../uids';
import type { AttendanceInput } from '../validation/schemas';
import { assertSecretariat, loadMeeting, type BodyRow } from './checks';
import { refuseSheetBelowMinutes } from './minutes';
import { seatsExpectedAt } from './seats-on';

/**
 * Announces (`bodies.absences.threshold-reached`) the seat holders this sheet's absences
 * bring exactly to the body's « absences de suite » threshold — the same streak as the
 * indicator (queries/indicators.ts), so the alert and the indicators agree; a run already
 * past the threshold is not announced again at each further absence.
 */
async function announceAbsenceThresholds(strapi: Core.Strapi, trx: any, body: BodyRow, meeting: { id: number }, absentSeatIds: number[]): Promise<void> {
  if (absentSeatIds.length === 0) return;
  const k = body.absenceAlertAfter ?? DEFAULT_ABSENCE_ALERT;
  const absent = new Set(absentSeatIds);
  const reached = (await seatIndicators(strapi, { bodyIds: [body.id] }, trx)).filter((s) => absent.has(s.seatId) && s.streak === k);
  if (reached.length === 0) return;
  await emitEvent(strapi, 'bodies.absences.threshold-reached', { meetingId: meeting.id, bodyId: body.id, members: reached.map((s) => ({ memberId: s.memberId, streak: s.streak })) });
}

/** A seat designated once the meeting had begun, not convened to it: no row on its sheet. */
const LATE_SEAT = 'Ce siège a été pourvu une fois la réunion commencée : son ou sa titulaire n’y était pas convoqué·e, il n’a pas de ligne sur la feuille.';

const attends = (presence: string | null) => presence === 'present' || presence === 'remote';

/**
 * Refuses (400) a sheet where a suppléant stands in for a titular who is present or remote:
 * nobody replaces a titular who is there. Judged on the sheet as it will stand (the rows
 * stored, overlaid with these `rows`, in the request's order); a pair none of these rows
 * touches is left as it was.
 */
async function refuseReplacedWhilePresent(trx: any, meetingId: number, rows: { seatId: number; presence: string | null; substituteFor: number | null }[]): Promise<void> {
  const stored: { seatId: number; presence: string | null; substituteFor: number | null }[] = await trx
    .select({ seatId: 'seat_id', presence: 'presence', substituteFor: 'substitute_for' })
    .from(ATTENDANCE)
    .where('meeting_id', meetingId);
  const sheet = new Map<number, { presence: string | null; substituteFor: number | null; index: number | null }>(
    stored.map((r) => [Number(r.seatId), { presence: r.presence, substituteFor: r.substituteFor == null ? null : Number(r.substituteFor), index: null }])
  );
  rows.forEach((row, index) => sheet.set(row.seatId, { presence: row.presence, substituteFor: row.substituteFor, index }));
  for (const line of sheet.values()) {
    const titular = line.substituteFor === null ? undefined : sheet.get(line.substituteFor);
    if (!titular || !attends(titular.presence) || (line.index === null && titular.index === null)) continue;
    if (line.index !== null) throw fieldError(['rows', line.index, 'substituteFor'], 'Le ou la titulaire de ce siège est présent·e (ou à distance) sur la feuille : personne ne le ou la remplace.');
    throw fieldError(['rows', titular.index!, 'presence'], 'Un·e suppléant·e remplace ce ou cette titulaire sur la feuille : retirez d’abord le remplacement pour le ou la marquer présent·e.');
  }
}

/**
 * The secretary marks the sheet of a held meeting (several rows at once, e.g. from the
 * phone page): present / remote / excused / absent (or `null` to put a row back « à
 * saisir »), arrived late, left early, and for a suppléant the titular seat they stand in
 * for. Every row is checked before anything is written, then all are written in one
 * transaction: never a half-written sheet. The titular seats stood in for are marked
 * `replaced` (they count as excused, see domain/indicator.ts). Audited.
 * Throws 404/403, 409 (meeting not held), 400 (a seat twice, a seat not active that day or
 * designated once the meeting had begun and not convened to it (`seatsExpectedAt`), a
 * substitute who is not a suppléant or stands in for someone who is not a titular on the
 * sheet, or for a titular present or remote: `refuseReplacedWhilePresent`), 409 when the
 * sheet would leave fewer possible voters than a decision of the latest minutes counts votes
 * (`refuseSheetBelowMinutes`; nothing written).
 */
export async function markAttendance(strapi: Core.Strapi, actor: Actor, meetingDocumentId: string, input: AttendanceInput) {
  const { meeting, body } = await loadMeeting(strapi, actor, meetingDocumentId);
  await assertSecretariat(strapi, actor, body, meeting.heldOn);
  if (meeting.meetingStatus !== 'held') throw new ConflictError('La feuille de présence s’ouvre quand la réunion est tenue.');
  // One row per seat: with a seat twice, the last row would win silently.
  const firstRowOf = new Map<string, number>();
  input.rows.forEach((row, index) => {
    const first = firstRowOf.get(row.seat);
    if (first !== undefined) throw fieldError(['rows', index, 'seat'], `Ce siège figure déjà à la ligne ${first + 1} de la feuille : une seule ligne par siège.`);
    firstRowOf.set(row.seat, index);
  });
  const wanted = [...new Set(input.rows.flatMap((r) => [r.seat, ...(r.substituteFor ? [r.substituteFor] : [])]))];
  const seatIds = new Map<string, number>(
    ((await strapi.db.query(SEAT_UID).findMany({ select: ['id', 'documentId'], where: { documentId: { $in: wanted } } })) as { id: number; documentId: string }[]).map((s) => [s.documentId, s.id])
  );
  return strapi.db.transaction(async ({ trx }) => {
    // The minutes are judged against this sheet under the meeting's hold (saveMinutes takes it too).
    await holdMeeting(strapi, trx, meeting.id);
    // The seats expected that day: a seat designated once the meeting had begun, not convened to it, has no row.
    const { expected, late } = await seatsExpectedAt(trx, body.id, meeting);
    const active = new Map(expected.map((s) => [s.seatId, s]));
    const lateIds = new Set(late.map((s) => s.seatId));
    const rows = input.rows.map((row, index) => {
      const seat = active.get(seatIds.get(row.seat) ?? -1);
      if (!seat && lateIds.has(seatIds.get(row.seat) ?? -1)) throw fieldError(['rows', index, 'seat'], LATE_SEAT);
      if (!seat) throw fieldError(['rows', index, 'seat'], 'Ce siège n’est pas occupé dans cette instance le jour de la réunion.');
      let substituteFor: number | null = null;
      if (row.substituteFor) {
        const titular = active.get(seatIds.get(row.substituteFor) ?? -1);
        if (seat.role !== 'suppleant') throw fieldError(['rows', index, 'substituteFor'], 'Seul·e un·e suppléant·e remplace un·e titulaire.');
        if (!titular || titular.role !== 'titulaire') throw fieldError(['rows', index, 'substituteFor'], 'Le siège remplacé est celui d’un·e titulaire de l’instance ce jour-là.');
        if (row.presence !== 'present' && row.presence !== 'remote') throw fieldError(['rows', index, 'presence'], 'Un·e suppléant·e qui remplace est présent·e ou à distance.');
        substituteFor = titular.seatId;
      }
      return { seat, row, substituteFor };
    });
    await refuseReplacedWhilePresent(trx, meeting.id, rows.map(({ seat, row, substituteFor }) => ({ seatId: seat.seatId, presence: row.presence, substituteFor })));
    const markedAt = new Date().toISOString();
    for (const { seat, row, substituteFor } of rows) {
      await trx.raw(
        `INSERT INTO ${ATTENDANCE} (meeting_id, seat_id, member_id, body_id, held_on, presence, arrived_late, left_early, substitute_for, marked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id, seat_id) DO UPDATE SET presence = excluded.presence, arrived_late = excluded.arrived_late,
           left_early = excluded.left_early, substitute_for = excluded.substitute_for, marked_at = excluded.marked_at`,
        [meeting.id, seat.seatId, seat.memberId, body.id, meeting.heldOn, row.presence, row.arrivedLate, row.leftEarly, substituteFor, markedAt]
      );
    }
    // Which titulars were stood in for, from the whole sheet (rows marked earlier included).
    await trx.raw(
      `UPDATE ${ATTENDANCE} SET replaced = (EXISTS (SELECT 1 FROM ${ATTENDANCE} s WHERE s.meeting_id = ${ATTENDANCE}.meeting_id AND s.substitute_for = ${ATTENDANCE}.seat_id)) WHERE meeting_id = ?`,
      [meeting.id]
    );
    await refuseSheetBelowMinutes(strapi, trx, meeting, body.id);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.attendance.mark',
      subject: { type: MEETING_UID, id: meeting.documentId },
      federationId: body.federation?.id ?? null,
      details: { rows: rows.map(({ seat, row, substituteFor }) => ({ seat: seat.seatId, presence: row.presence, substituteFor })) },
    });
    await announceAbsenceThresholds(strapi, trx, body, meeting, rows.filter(({ row }) => row.presence === 'absent').map(({ seat }) => seat.seatId));
    return { meeting: meeting.documentId, marked: rows.length };
  });
}

