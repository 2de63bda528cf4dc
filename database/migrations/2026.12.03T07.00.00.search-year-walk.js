'use strict';

/**
 * PostgreSQL: the text tier of a search read year by year, newest first (issue 21). Works on
 * a fresh database and on an existing one; running it twice changes nothing more.
 *
 * A page of a query whose words are in 500–4,000 documents together was read by testing
 * every match's row for visibility and sorting them by date to keep 10: 1,300–1,500 heap
 * rows, 10–25 ms (`bench/search-explain.ts`). The provider now walks the years from the
 * newest (the undated last, as the year '') and stops once the page is full; each year's
 * matches come from these indexes:
 *  - `search_documents_vector_year` and `search_documents_title_vector_year`, GIN over the
 *    search keys (of the whole document, of its title) and the date's year (`btree_gin`,
 *    installed by the first search migration): a year's matches of rare words without
 *    touching the other years' rows (70 rows tested instead of 1,481 for a 2-word query);
 *  - `search_documents_year_date`, the dates within a year, newest first: a common word's
 *    page walked along one year's dates.
 * The GIN indexes they replace (`search_documents_vector` and `…_title_vector`: the type and
 * the keys) answered the keys alone since the type is tested on the row
 * (…search-lean-lookups.js); the new ones answer them too (their first column), so the count
 * and the exhaustive ranking keep their index.
 * SQLite: nothing (FTS5 and the `(date DESC, id)` walk).
 */
module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (!postgres || !(await knex.schema.hasTable('search_documents'))) return;
    await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
    await knex.raw(`CREATE INDEX IF NOT EXISTS search_documents_vector_year ON search_documents USING gin (search_vector, (coalesce(left(date, 4), '')))`);
    await knex.raw(`CREATE INDEX IF NOT EXISTS search_documents_year_date ON search_documents ((coalesce(left(date, 4), '')), date DESC, id)`);
    await knex.raw(`CREATE INDEX IF NOT EXISTS search_documents_title_vector_year ON search_documents USING gin (title_vector, (coalesce(left(date, 4), '')))`);
    await knex.raw('DROP INDEX IF EXISTS search_documents_vector');
    await knex.raw('DROP INDEX IF EXISTS search_documents_title_vector');
    await knex.raw('ANALYZE search_documents');
  },
};
