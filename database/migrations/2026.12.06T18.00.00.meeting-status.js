'use strict';

/**
 * A body meeting's status (planned, held, cancelled) was the attribute `status`, which
 * Strapi 5 reserves for draft & publish: the admin panel showed « published » or nothing
 * instead of « Tenue », and saving did not change it. The attribute is now `meetingStatus`
 * (plugins/bodies); this renames its column, keeping every meeting's value, before the
 * schema sync would add an empty `meeting_status` (and drop `status`). Works on a fresh
 * database (no table yet: nothing to do) and on an existing one; running it twice changes
 * nothing more. The API still answers `status` (plugins/bodies queries/views.ts).
 */
module.exports = {
  async up(knex) {
    const table = 'bodies_meetings';
    if (!(await knex.schema.hasTable(table)) || !(await knex.schema.hasColumn(table, 'status'))) return;
    if (await knex.schema.hasColumn(table, 'meeting_status')) {
      await knex(table).update({ meeting_status: knex.ref('status') });
      // Plain SQL (PostgreSQL, SQLite 3.35+): knex's SQLite dropColumn rebuilds the table.
      await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, 'status']);
      return;
    }
    await knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, 'status', 'meeting_status']);
  },
};
