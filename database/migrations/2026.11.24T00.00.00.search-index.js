'use strict';

/**
 * The search plugin's tables (plugins/search): the outbox of index changes, the search
 * state, and the database provider's index.
 *
 * PostgreSQL: a French text search configuration that also ignores accents (`unaccent`
 * before the French stemmer), a weighted tsvector (title A, body B) and a title tsvector
 * kept by the database itself, GIN indexes on them (with the type), a date index, and a
 * lexicon of indexed words with a trigram index
 * (`pg_trgm`) to correct typos. SQLite: an FTS5 table over French stems without accents
 * (computed by the plugin, as SQLite has no French stemmer). Both keep the lexicon of
 * indexed words (without accents) that typo correction draws from.
 */
module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';

    await knex.schema.createTable('search_outbox', (t) => {
      t.bigIncrements('id');
      t.string('uid', 255).notNullable();
      t.string('document_id', 255);
      t.bigInteger('entry_id');
      t.integer('attempts').notNullable().defaultTo(0);
      t.bigInteger('available_at').notNullable(); // epoch ms: when it may be (re)tried
      t.text('last_error');
      t.bigInteger('created_at').notNullable();
      t.index(['available_at', 'id'], 'search_outbox_due');
    });

    await knex.schema.createTable('search_state', (t) => {
      t.string('key', 100).primary();
      t.text('value');
      t.bigInteger('updated_at').notNullable();
    });

    await knex.schema.createTable('search_documents', (t) => {
      t.string('id', 255).primary();
      t.string('type', 100).notNullable();
      t.text('title').notNullable();
      t.text('body').notNullable();
      t.string('date', 40);
      t.text('link').notNullable();
      t.text('facets').notNullable();
      t.string('audience', 20).notNullable();
      t.integer('federation_id');
      t.integer('section_id');
      t.string('roles', 255).notNullable().defaultTo(''); // ",role,role," or "" for every role
      t.integer('owner_user_id');
      t.string('hash', 64).notNullable();
      t.index(['type'], 'search_documents_type');
    });

    if (postgres) {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
      await knex.raw(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'intranet_french') THEN
            CREATE TEXT SEARCH CONFIGURATION intranet_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION intranet_french
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'intranet_words') THEN
            CREATE TEXT SEARCH CONFIGURATION intranet_words (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION intranet_words
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
          END IF;
        END $$`);
      await knex.raw(`
        ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('intranet_french', title), 'A') || setweight(to_tsvector('intranet_french', body), 'B')
        ) STORED`);
      await knex.raw(`ALTER TABLE search_documents ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (to_tsvector('intranet_french', title)) STORED`);
      // The type in the same GIN indexes (btree_gin): a type's matches are counted from the index.
      await knex.raw('CREATE INDEX search_documents_vector ON search_documents USING gin (type, search_vector)');
      await knex.raw('CREATE INDEX search_documents_title_vector ON search_documents USING gin (type, title_vector)');
      // The newest matches first: candidates are taken along the dates.
      await knex.raw('CREATE INDEX search_documents_date ON search_documents (date DESC NULLS LAST)');
    } else {
      await knex.raw(`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`);
    }

    await knex.schema.createTable('search_terms', (t) => {
      t.string('term', 60).primary();
    });
    if (postgres) await knex.raw('CREATE INDEX search_terms_trigrams ON search_terms USING gin (term gin_trgm_ops)');
  },
};
