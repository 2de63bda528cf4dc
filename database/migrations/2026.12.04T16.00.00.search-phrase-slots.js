'use strict';

/**
 * SQLite: the FTS5 index keeps a slot (`STOP_WORD_SLOT`) in each stop word's place, so that a
 * phrase keeps its gaps as PostgreSQL's positions do (`searchStems` in
 * plugins/shared/src/french-text.ts): « "réunion bureau" » no longer finds « réunion de
 * bureau ». The index is refilled from the rows already indexed (the folded index's refill,
 * which writes what `searchStems` writes now). PostgreSQL: nothing to do (its vectors keep
 * positions). Works on a fresh database and on an existing one; running it twice changes
 * nothing more.
 */
const { refillSqliteIndex } = require('./2026.12.02T05.00.00.search-folded-index.js');

module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (postgres || !(await knex.schema.hasTable('search_documents')) || !(await knex.schema.hasTable('search_fts'))) return;
    await refillSqliteIndex(knex);
  },
};
