'use strict';

/**
 * A version of a body's minutes (draft, approved, published) and a question on a mandate
 * report (pending, published, rejected) kept their state in an attribute named `status`,
 * which Strapi 5 reserves for draft & publish (as a meeting's did: see
 * 2026.12.06T18.00.00.meeting-status.js). The attributes are now `minutesStatus`
 * (plugins/bodies) and `questionStatus` (plugins/mandates); this renames their columns,
 * keeping every row's value, before the schema sync would add empty new columns (and leave
 * the values in a `status` column nothing reads: tests/status-columns.test.ts). Works on a fresh database (no table yet: nothing to do) and on an existing one,
 * also when a sync already added the new column; running it twice changes nothing more. The
 * API still answers `status` (bodies queries/views.ts, mandates queries/reports.ts).
 */
const RENAMED = [
  { table: 'bodies_minutes', from: 'status', to: 'minutes_status' },
  { table: 'mandates_questions', from: 'status', to: 'question_status' },
];

/**
 * Moves `from` to `to` in `table`, values kept; nothing when the table or `from` is absent.
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ table: string, from: string, to: string }} column
 */
async function renameKeepingValues(knex, { table, from, to }) {
  if (!(await knex.schema.hasTable(table)) || !(await knex.schema.hasColumn(table, from))) return;
  if (await knex.schema.hasColumn(table, to)) {
    // A sync that ran first added `to` (empty or at its default): `from` holds the values.
    await knex(table).update({ [to]: knex.ref(from) });
    // Plain SQL (PostgreSQL, SQLite 3.35+): knex's SQLite dropColumn rebuilds the table.
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, from]);
    return;
  }
  await knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, from, to]);
}

module.exports = {
  async up(knex) {
    for (const column of RENAMED) await renameKeepingValues(knex, column);
  },
};
