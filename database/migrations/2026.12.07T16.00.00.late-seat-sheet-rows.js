'use strict';

/**
 * Sheet rows left « à saisir » for seats a meeting never expected. Since 2026-12-07 a meeting
 * held opens no row for a seat designated once it had begun and not convened to it
 * (plugins/bodies `seatsExpectedAt`, `designatedOnceBegun`), and such a seat cannot be marked
 * there (400); sheets held before kept a row for it that the secretary could neither fill nor
 * remove. This removes those rows — never marked (`presence` empty), their seat created after
 * the meeting's start, no convocation of that seat to it, no suppléant standing in for it (a
 * titular's row left « à saisir » a substitute replaced counts as excused, and the substitute's
 * row names it). Rows already marked are the secretary's record and stay. Works on a fresh database (no tables yet: nothing to do) and
 * on an existing one; running it twice changes nothing more. Datetimes are compared as the
 * database stores them (both columns are Strapi datetimes: one type on each database).
 */
module.exports = {
  async up(knex) {
    for (const table of ['bodies_attendance', 'bodies_meetings', 'bodies_seats', 'bodies_convocations']) {
      if (!(await knex.schema.hasTable(table))) return;
    }
    await knex.raw(`
      DELETE FROM bodies_attendance
      WHERE presence IS NULL
        AND EXISTS (
          SELECT 1 FROM bodies_meetings m, bodies_seats s
          WHERE m.id = bodies_attendance.meeting_id AND s.id = bodies_attendance.seat_id AND s.created_at > m.starts_at
        )
        AND NOT EXISTS (
          SELECT 1 FROM bodies_convocations c
          WHERE c.meeting_id = bodies_attendance.meeting_id AND c.seat_id = bodies_attendance.seat_id
        )
        AND NOT EXISTS (
          SELECT 1 FROM bodies_attendance r
          WHERE r.meeting_id = bodies_attendance.meeting_id AND r.substitute_for = bodies_attendance.seat_id
        )`);
  },
};
