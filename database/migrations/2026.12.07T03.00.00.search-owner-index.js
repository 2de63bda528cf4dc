'use strict';

/**
 * The search's kept answers (issue 13) ask, once per account, whether the account owns an
 * indexed document (`owner_user_id`: a member's own contributions, which they alone find among
 * members): a partial index on the owners makes that one lookup instead of a scan of the index.
 * Works on a fresh database and on an existing one, on both databases; running it twice changes
 * nothing more.
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('search_documents'))) return;
    await knex.raw('CREATE INDEX IF NOT EXISTS search_documents_owner ON search_documents (owner_user_id) WHERE owner_user_id IS NOT NULL');
  },
};
