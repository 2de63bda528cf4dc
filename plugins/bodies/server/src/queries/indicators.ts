import type { Core } from '@strapi/strapi';
import { DEFAULT_ABSENCE_ALERT } from '../domain/vocabulary';
import { ATTENDANCE } from '../storage';

/** The indicator of one seat as the SQL computes it (same fields as domain/indicator.ts's `Indicator`). */
export interface SeatIndicatorRow {
  seatId: number;
  memberId: number;
  bodyId: number;
  present: number;
  remote: number;
  excused: number;
  absent: number;
  unmarked: number;
  held: number;
  rate: number | null;
  streak: number;
  alert: boolean;
}

export interface IndicatorScope {
  /** Every seat of these bodies … */
  bodyIds?: number[];
  /** … or of the bodies of this federation (its sections' included) … */
  federationId?: number;
  /** … or the seats of this member. */
  memberId?: number;
  from?: string | null;
  to?: string | null;
}

/**
 * The attendance indicator of many seats in one SQL pass over the attendance table
 * (the formula and edge cases of domain/indicator.ts, which the tests compare this with
 * on both databases): held meetings only (joined to their meeting_status), inside each seat's
 * tenure `[start_on, end_on)` and the window `[from, to)`; a titular row `replaced` by a
 * substitute and not marked present or remote counts as excused; unmarked rows are
 * counted apart. The streak: absences dated after the last day present (a correlated
 * count along the `(seat_id, held_on)` index, cheap: most runs are short). Only seats with at least one held meeting in range appear: callers add the
 * others with zeros. `k` per body comes from the body row.
 */
export async function seatIndicators(strapi: Core.Strapi, scope: IndicatorScope, knex: any = strapi.db.connection): Promise<SeatIndicatorRow[]> {
  const conditions: string[] = ['m.meeting_status = ?'];
  const bindings: unknown[] = ['held'];
  if (scope.memberId !== undefined) {
    conditions.push('a.member_id = ?');
    bindings.push(scope.memberId);
  }
  if (scope.bodyIds !== undefined) {
    if (!scope.bodyIds.length) return [];
    conditions.push(`a.body_id IN (${scope.bodyIds.map(() => '?').join(', ')})`);
    bindings.push(...scope.bodyIds);
  }
  if (scope.federationId !== undefined) {
    conditions.push('a.body_id IN (SELECT body_id FROM bodies_bodies_federation_lnk WHERE federation_id = ?)');
    bindings.push(scope.federationId);
  }
  if (scope.from) {
    conditions.push('a.held_on >= ?');
    bindings.push(scope.from);
  }
  if (scope.to) {
    conditions.push('a.held_on < ?');
    bindings.push(scope.to);
  }
  // The run of absences: absences (not replaced) after the last day present, counted per
  // seat along the (seat_id, held_on) index, with the same conditions as the aggregate.
  const streakConditions = ['a2.seat_id = agg.seat_id', 'a2.presence = ?', 'NOT a2.replaced', "a2.held_on > COALESCE(agg.last_attended, '0001-01-01')", 'a2.held_on >= agg.start_on', '(agg.end_on IS NULL OR a2.held_on < agg.end_on)'];
  const streakBindings: unknown[] = ['absent'];
  if (scope.from) {
    streakConditions.push('a2.held_on >= ?');
    streakBindings.push(scope.from);
  }
  if (scope.to) {
    streakConditions.push('a2.held_on < ?');
    streakBindings.push(scope.to);
  }
  const sql = `
    SELECT agg.*, (
      SELECT COUNT(*) FROM ${ATTENDANCE} a2 JOIN bodies_meetings m2 ON m2.id = a2.meeting_id AND m2.meeting_status = 'held'
      WHERE ${streakConditions.join(' AND ')}
    ) AS streak
    FROM (
      SELECT a.seat_id, a.member_id, a.body_id, s.start_on, s.end_on,
        SUM(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END) AS present,
        SUM(CASE WHEN a.presence = 'remote' THEN 1 ELSE 0 END) AS remote,
        SUM(CASE WHEN a.presence = 'excused' OR (a.replaced AND (a.presence IS NULL OR a.presence = 'absent')) THEN 1 ELSE 0 END) AS excused,
        SUM(CASE WHEN a.presence = 'absent' AND NOT a.replaced THEN 1 ELSE 0 END) AS absent,
        SUM(CASE WHEN a.presence IS NULL AND NOT a.replaced THEN 1 ELSE 0 END) AS unmarked,
        COUNT(*) AS held,
        MAX(CASE WHEN a.presence IN ('present', 'remote') THEN a.held_on END) AS last_attended,
        MAX(b.absence_alert_after) AS alert_after
      FROM ${ATTENDANCE} a
      JOIN bodies_meetings m ON m.id = a.meeting_id
      JOIN bodies_seats s ON s.id = a.seat_id
      JOIN bodies_bodies b ON b.id = a.body_id
      WHERE ${conditions.join(' AND ')}
        AND a.held_on >= s.start_on AND (s.end_on IS NULL OR a.held_on < s.end_on)
      GROUP BY a.seat_id, a.member_id, a.body_id, s.start_on, s.end_on
    ) agg`;
  bindings.unshift(...streakBindings);
  // Over many seats PostgreSQL would JIT-compile this plan (its estimated cost passes
  // jit_above_cost) and spend about a second compiling what runs in a tenth of that. One
  // member's seats cost too little to be compiled: no transaction round trips for them.
  const result =
    strapi.db.dialect.client === 'postgres' && scope.memberId === undefined
      ? await knex.transaction(async (trx: any) => {
          await trx.raw('SET LOCAL jit = off');
          return trx.raw(sql, bindings);
        })
      : await knex.raw(sql, bindings);
  const rows: any[] = Array.isArray(result) ? result : result.rows;
  return rows.map((r) => {
    const n = (v: unknown) => Number(v ?? 0);
    const present = n(r.present);
    const remote = n(r.remote);
    const absent = n(r.absent);
    const streak = n(r.streak);
    const denominator = present + remote + absent;
    return {
      seatId: n(r.seat_id),
      memberId: n(r.member_id),
      bodyId: n(r.body_id),
      present,
      remote,
      excused: n(r.excused),
      absent,
      unmarked: n(r.unmarked),
      held: n(r.held),
      rate: denominator === 0 ? null : (present + remote) / denominator,
      streak,
      alert: streak >= n(r.alert_after ?? DEFAULT_ABSENCE_ALERT),
    };
  });
}
