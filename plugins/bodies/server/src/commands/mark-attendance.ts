import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, recordAudit, type Actor } from '@intranet-militant/shared';
import { DEFAULT_ABSENCE_ALERT } from '../domain/vocabulary';
import { seatIndicators } from '../queries/indicators';
import { ATTENDANCE } from '../storage';
import { MEETING_UID, SEAT_UID } from '../uids';
import type { AttendanceInput } from '../validation/schemas';
import { assertSecretariat, loadMeeting, type BodyRow } from './checks';
import { activeSeatsOn } from './seats-on';

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

/**
 * The secretary marks the sheet of a held meeting (several rows at once, e.g. from the
 * phone page): present / remote / excused / absent (or `null` to put a row back « à
 * saisir »), arrived late, left early, and for a suppléant the titular seat they stand in
 * for. Every row is checked before anything is written, then all are written in one
 * transaction: never a half-written sheet. The titular seats stood in for are marked
 * `replaced` (they count as excused, see domain/indicator.ts). Audited.
 * Throws 404/403, 409 (meeting not held), 400 (a seat not active that day, a substitute
 * who is not a suppléant or stands in for someone who is not a titular on the sheet).
 */
export async function markAttendance(strapi: Core.Strapi, actor: Actor, meetingDocumentId: string, input: AttendanceInput) {
  const { meeting, body } = await loadMeeting(strapi, actor, meetingDocumentId);
  await assertSecretariat(strapi, actor, body, meeting.heldOn);
  if (meeting.status !== 'held') throw new ConflictError('La feuille de présence s’ouvre quand la réunion est tenue.');
  const wanted = [...new Set(input.rows.flatMap((r) => [r.seat, ...(r.substituteFor ? [r.substituteFor] : [])]))];
  const seatIds = new Map<string, number>(
    ((await strapi.db.query(SEAT_UID).findMany({ select: ['id', 'documentId'], where: { documentId: { $in: wanted } } })) as { id: number; documentId: string }[]).map((s) => [s.documentId, s.id])
  );
  return strapi.db.transaction(async ({ trx }) => {
    const active = new Map((await activeSeatsOn(trx, body.id, meeting.heldOn)).map((s) => [s.seatId, s]));
    const rows = input.rows.map((row, index) => {
      const seat = active.get(seatIds.get(row.seat) ?? -1);
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

