'use strict';

/**
 * PostgreSQL keeps the search vectors in the table's rows, the body out of them (issue 21).
 *
 * A document's `search_vector` (~1.5 KB) and its compressed body (~1.1 KB) do not both fit
 * in a row, and PostgreSQL moved the larger — the vector — to TOAST: every match tested
 * outside the GIN index (a walk along the dates, a capped count) fetched it from there.
 * With `STORAGE MAIN` on the vectors the body goes to TOAST instead (it is read for the 10
 * hits of a page only), and the vectors stay in the row, read where the row is.
 *
 * The storage applies to rows written from now on; the rows already indexed are rewritten
 * here (a new vector value, the same lexemes), by batches of ids. The space of the old row
 * versions is reused after the next (auto)vacuum; `VACUUM FULL search_documents` returns it
 * to the system at once (not run here: it cannot run inside the migration's transaction).
 * SQLite: nothing to do (FTS5 keeps its own index). Works on a fresh database and on an
 * existing one; running it twice changes nothing more.
 */
const BATCH = 5000;

module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (!postgres || !(await knex.schema.hasTable('search_documents'))) return;
    await knex.raw('ALTER TABLE search_documents ALTER COLUMN search_vector SET STORAGE MAIN, ALTER COLUMN title_vector SET STORAGE MAIN');
    let after = '';
    for (;;) {
      const rows = await knex('search_documents').where('id', '>', after).orderBy('id').limit(BATCH).select('id');
      if (rows.length === 0) break;
      const last = rows[rows.length - 1].id;
      // `|| ''` makes a new value: written again, it follows the column's storage.
      await knex.raw(
        `UPDATE search_documents SET search_vector = search_vector || ''::tsvector, title_vector = title_vector || ''::tsvector WHERE id > ? AND id <= ?`,
        [after, last]
      );
      after = last;
    }
  },
};
