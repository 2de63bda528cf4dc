'use strict';

/**
 * SQLite: the FTS5 index keeps a slot (`STOP_WORD_SLOT`) in each stop word's place, so that a
 * phrase keeps its gaps as PostgreSQL's positions do (`searchStems` in
 * plugins/shared/src/french-text.ts): « "réunion bureau" » no longer finds « réunion de
 * bureau ». The index is refilled from the rows already indexed. PostgreSQL: nothing to do
 * (its vectors keep positions). Works on a fresh database and on an existing one; running it
 * twice changes nothing more.
 */
const BATCH = 500;

module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (postgres || !(await knex.schema.hasTable('search_documents')) || !(await knex.schema.hasTable('search_fts'))) return;
    const { searchStems } = require('@intranet-militant/shared');
    await knex('search_fts').delete();
    let after = -1;
    for (;;) {
      const rows = await knex('search_documents').where(knex.raw('rowid'), '>', after).orderByRaw('rowid').limit(BATCH).select(knex.raw('rowid AS rowid'), 'title', 'body');
      if (rows.length === 0) break;
      await knex('search_fts').insert(rows.map((r) => ({ rowid: r.rowid, title: searchStems(r.title), body: searchStems(r.body) })));
      after = rows[rows.length - 1].rowid;
    }
  },
};
