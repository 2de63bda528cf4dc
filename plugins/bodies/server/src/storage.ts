import type { Knex } from 'knex';

export const ATTENDANCE = 'bodies_attendance';
export const MEETINGS = 'bodies_meetings';
export const CONVOCATIONS = 'bodies_convocations';
export const SEAT_OVERLAP_CONSTRAINT = 'bodies_seats_no_overlap';

/**
 * Tables and constraints the ORM cannot express, made at bootstrap (after Strapi's schema
 * sync; indexes Strapi never declared are left alone by it):
 *
 * - PostgreSQL: the same member cannot hold overlapping seats of the same role in the same
 *   body: an exclusion constraint over `daterange(start_on, end_on, '[)')` (btree_gist for
 *   the equality on the key). SQLite has no such constraint: `designate-seat` checks the
 *   same rule inside its transaction (SQLite runs one writer at a time).
 * - The attendance sheet: one row per held meeting and seat (primary key), written only for
 *   seats active on the meeting's date; `member_id`, `body_id` and `held_on` are copied from
 *   the seat and the meeting so that indicators read one table. A row without `presence` is
 *   « à saisir ». `substitute_for` is the titular seat a substitute stood in for; that titular seat's row is
 *   then `replaced`.
 * - Convocations: one per meeting and seat holder, recorded as due (the notifications
 *   plugin sends them when it exists), with the start they were recorded for (`starts_at`, an
 *   ISO instant: a convocation recorded for a date the meeting was moved from is told again).
 */
export async function ensureBodiesTables(knex: Knex, client: string): Promise<void> {
  const withoutRowid = client === 'sqlite' ? ' WITHOUT ROWID' : '';
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${ATTENDANCE} (
    meeting_id integer NOT NULL,
    seat_id integer NOT NULL,
    member_id integer NOT NULL,
    body_id integer NOT NULL,
    held_on date NOT NULL,
    presence varchar(8) CHECK (presence IN ('present', 'remote', 'excused', 'absent')),
    arrived_late boolean NOT NULL DEFAULT false,
    left_early boolean NOT NULL DEFAULT false,
    substitute_for integer,
    replaced boolean NOT NULL DEFAULT false,
    marked_at varchar(30),
    PRIMARY KEY (meeting_id, seat_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${ATTENDANCE}_member_idx ON ${ATTENDANCE} (member_id, held_on)`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${ATTENDANCE}_body_idx ON ${ATTENDANCE} (body_id, seat_id, held_on)`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${ATTENDANCE}_seat_idx ON ${ATTENDANCE} (seat_id, held_on)`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${CONVOCATIONS} (
    meeting_id integer NOT NULL,
    seat_id integer NOT NULL,
    member_id integer NOT NULL,
    due_at varchar(30) NOT NULL,
    sent_at varchar(30),
    starts_at varchar(30),
    PRIMARY KEY (meeting_id, seat_id)
  )${withoutRowid}`);
  // The start a convocation was recorded (and emailed) for; null: recorded before it was kept.
  if (!(await knex.schema.hasColumn(CONVOCATIONS, 'starts_at'))) await knex.schema.alterTable(CONVOCATIONS, (t) => t.string('starts_at', 30).nullable());
  if (client === 'postgres') {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
    const exists = await knex.raw('SELECT 1 FROM pg_constraint WHERE conname = ?', [SEAT_OVERLAP_CONSTRAINT]);
    if (!exists.rows.length) {
      await knex.raw(`ALTER TABLE bodies_seats ADD CONSTRAINT ${SEAT_OVERLAP_CONSTRAINT}
        EXCLUDE USING gist (overlap_key WITH =, daterange(start_on, end_on, '[)') WITH &&)`);
    }
  }
}

/** Did PostgreSQL refuse this write because of the seats' exclusion constraint? */
export function violatesSeatOverlap(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23P01' && e.constraint === SEAT_OVERLAP_CONSTRAINT;
}

/**
 * Holds a meeting's row until the transaction `trx` ends (PostgreSQL `FOR UPDATE`; SQLite has
 * one writer): its attendance sheet and its minutes are written under it, so a sheet and a
 * draft saved at once (two instances) cannot each pass the votes check against the other's old
 * state; its status and date are read again under it before a change (API and admin panel).
 * @param meeting its id, or its `documentId` (the admin panel's)
 */
export async function holdMeeting(strapi: { db: { dialect: { client: string } } }, trx: any, meeting: number | { documentId: string }): Promise<void> {
  const query = trx(MEETINGS).where(typeof meeting === 'number' ? { id: meeting } : { document_id: meeting.documentId }).first('id');
  if (strapi.db.dialect.client === 'postgres') query.forUpdate();
  await query;
}
