'use strict';

/**
 * Lookups of the database search made cheap (issue 21). Works on a fresh database and on an
 * existing one; running it twice changes nothing more.
 *
 * 1. Typo correction reads the lexicon (`search_terms`) through a GiST trigram index instead
 *    of a GIN one. The planner judged the GIN index dearer than comparing the typed word with
 *    every lexicon word (`%` is costed as a cheap operator) as soon as the word had a dozen
 *    trigrams, and then spent 20–40 ms on a 3,780-word lexicon under load; the GiST index
 *    answers `term % ? ORDER BY term <-> ?` (the nearest words first) in about 0.5 ms, and the
 *    planner takes it for short and long words alike. The GIN index, no longer read, goes.
 *    (`pg_trgm` comes from the first search migration.)
 * 2. The provider tests a document's type on the row (`(type || '') IN (…)`), out of reach of
 *    the GIN indexes' type column (looking up every searched type's posting list cost more
 *    than the words' own); statistics on that expression give the planner the types' real
 *    shares, without which it took every type list for a rare one and sorted thousands of
 *    matches instead of walking the dates. Expression statistics need PostgreSQL 14.
 * 3. SQLite: an index along the ranking's order within a tier (newest first, then the id), so
 *    that a common word's page is read by walking the dates instead of sorting every match
 *    FTS5 returns in rowid order.
 */
module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (!postgres) {
      if (await knex.schema.hasTable('search_documents')) await knex.raw('CREATE INDEX IF NOT EXISTS search_documents_date_id ON search_documents (date DESC, id)');
      return;
    }
    if (await knex.schema.hasTable('search_terms')) {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex.raw('CREATE INDEX IF NOT EXISTS search_terms_trigrams_gist ON search_terms USING gist (term gist_trgm_ops)');
      await knex.raw('DROP INDEX IF EXISTS search_terms_trigrams');
    }
    if (await knex.schema.hasTable('search_documents')) {
      const { rows } = await knex.raw('SELECT current_setting(?)::int AS version', ['server_version_num']);
      if (rows[0].version >= 140000) {
        await knex.raw(`CREATE STATISTICS IF NOT EXISTS search_documents_type_on_rows ON (type || '') FROM search_documents`);
        await knex.raw('ANALYZE search_documents');
      }
    }
  },
};
