import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { searchKey, STOP_WORD_SLOT } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';

/**
 * The folded search index's migration (issue 21) on an index built by the first search
 * migration, with rows in it (an existing database), and on an empty one (a fresh
 * database): afterwards the vectors hold search keys, « élu » finds « élus », and the
 * provider can write its own vectors. PostgreSQL: inside a rolled-back transaction, in a
 * schema of its own; SQLite: a file of its own.
 */
const load = createRequire(__filename);
const migrations = path.resolve(__dirname, '../../../database/migrations');
const first = load(path.join(migrations, '2026.11.24T00.00.00.search-index.js'));
const folded = load(path.join(migrations, '2026.12.02T05.00.00.search-folded-index.js'));
const inline = load(path.join(migrations, '2026.12.02T13.00.00.search-inline-vectors.js'));
const lean = load(path.join(migrations, '2026.12.02T16.00.00.search-lean-lookups.js'));
const yearWalk = load(path.join(migrations, '2026.12.03T07.00.00.search-year-walk.js'));
const phraseSlots = load(path.join(migrations, '2026.12.04T16.00.00.search-phrase-slots.js'));
const postgres = process.env.DATABASE_CLIENT === 'postgres';
const ROWS = [
  { id: 'fixture:elus', title: 'Formation des élus', body: 'Les conseillers municipaux.' },
  { id: 'fixture:elu', title: 'Guide', body: 'Ce que doit savoir un élu.' },
];
const row = (r: (typeof ROWS)[number]) => ({ ...r, type: 'fixture', link: '/x', facets: '{}', audience: 'national', roles: '', hash: 'h' });

let knex: Knex;
beforeAll(async () => {
  if (postgres) knex = (await bootStrapi()).db.connection;
});

async function onSchema(run: (trx: Knex.Transaction) => Promise<void>) {
  const schema = `search_migration_${process.pid}`;
  await knex
    .transaction(async (trx) => {
      await trx.raw(`CREATE SCHEMA ${schema}`);
      await trx.raw(`SET LOCAL search_path TO ${schema}, public`);
      await run(trx);
      throw new Error('rollback');
    })
    .catch((error) => {
      if ((error as Error).message !== 'rollback') throw error;
    });
}

const files: string[] = [];
function sqliteFile(): Knex {
  const filename = path.join(os.tmpdir(), `search-migration-${process.pid}-${files.length}.db`);
  files.push(filename);
  return knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
}
afterAll(() => files.forEach((f) => rmSync(f, { force: true })));

describe('the folded search index migration', () => {
  it.runIf(postgres)('turns the generated vectors of an existing PostgreSQL index into search keys, and is harmless on a fresh one', async () => {
    await onSchema(async (trx) => {
      await first.up(trx);
      await trx('search_documents').insert(ROWS.map(row));
      await folded.up(trx);
      const find = async (word: string) =>
        (await trx('search_documents').whereRaw('search_vector @@ ?::tsquery', [`'${searchKey(word)}'`]).orderBy('id').select('id')).map((r) => r.id);
      expect(await find('élu')).toEqual(['fixture:elu', 'fixture:elus']);
      expect(await find('élus')).toEqual(['fixture:elu', 'fixture:elus']);
      expect((await trx('search_documents').whereRaw('title_vector @@ ?::tsquery', [`'${searchKey('formations')}'`]).select('id')).map((r) => r.id)).toEqual(['fixture:elus']);
      // The provider writes the vectors now: they are no longer generated.
      await trx('search_documents').insert({ ...row({ id: 'fixture:new', title: 'Nouveau', body: 'x' }), search_vector: trx.raw('?::tsvector', ["'nouveau':1A"]), title_vector: null });
      const { rows: indexes } = await trx.raw(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_documents' ORDER BY indexname`);
      expect(indexes.map((i: { indexname: string }) => i.indexname)).toEqual(expect.arrayContaining(['search_documents_title_vector', 'search_documents_vector']));
      await folded.up(trx); // again: nothing breaks
      expect(await find('élus')).toEqual(['fixture:elu', 'fixture:elus']);
    });
  });

  it.runIf(!postgres)('refills an existing SQLite FTS index with search keys, and is harmless on a fresh one', async () => {
    const knex = sqliteFile();
    try {
      await first.up(knex);
      await folded.up(knex); // fresh: nothing to refill
      await knex('search_documents').insert(ROWS.map(row));
      const rowids = await knex('search_documents').select(knex.raw('rowid AS rowid'), 'id');
      await knex('search_fts').insert(rowids.map((r: { rowid: number }) => ({ rowid: r.rowid, title: 'old', body: 'old' })));
      await folded.up(knex);
      const find = async (word: string) =>
        (await knex('search_documents').join('search_fts', 'search_fts.rowid', 'search_documents.rowid').whereRaw('search_fts MATCH ?', [`"${searchKey(word)}"`]).orderBy('id').select('id')).map((r) => r.id);
      expect(await find('élu')).toEqual(['fixture:elu', 'fixture:elus']);
      expect(await find('élus')).toEqual(['fixture:elu', 'fixture:elus']);
      expect(await find('old')).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });

  it.runIf(postgres)('keeps the vectors of an existing PostgreSQL index in the rows, and is harmless on a fresh one', async () => {
    await onSchema(async (trx) => {
      await first.up(trx);
      await folded.up(trx);
      await inline.up(trx); // fresh: nothing to rewrite
      const longBody = Array.from({ length: 400 }, (_, i) => `mot${i.toString(36)}`).join(' '); // a vector too big for a row beside its body
      await trx('search_documents').insert([...ROWS, { id: 'fixture:long', title: 'Lexique', body: longBody }].map(row));
      await folded.up(trx); // the vectors, as the provider writes them
      await inline.up(trx);
      const storage = await trx.raw(`SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_documents'::regclass AND attname IN ('search_vector', 'title_vector') ORDER BY attname`);
      expect(storage.rows).toEqual([{ attname: 'search_vector', attstorage: 'm' }, { attname: 'title_vector', attstorage: 'm' }]);
      const find = async (word: string) =>
        (await trx('search_documents').whereRaw('search_vector @@ ?::tsquery', [`'${searchKey(word)}'`]).orderBy('id').select('id')).map((r) => r.id);
      expect(await find('élus')).toEqual(['fixture:elu', 'fixture:elus']);
      expect(await find('mot9x')).toEqual(['fixture:long']);
      await inline.up(trx); // again: nothing breaks
      expect(await find('élu')).toEqual(['fixture:elu', 'fixture:elus']);
    });
  });

  it.runIf(!postgres)('leaves SQLite as it is (FTS5 keeps its own index)', async () => {
    const knex = sqliteFile();
    try {
      await inline.up(knex); // no search tables yet
      await first.up(knex);
      await inline.up(knex);
      expect(await knex.schema.hasTable('search_fts')).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  it.runIf(postgres)('corrects typos from a GiST trigram index and keeps statistics on the row type test, on an existing PostgreSQL index and a fresh one', async () => {
    await onSchema(async (trx) => {
      await lean.up(trx); // no search tables yet: nothing to do
      await first.up(trx);
      await folded.up(trx);
      await inline.up(trx);
      await trx('search_terms').insert(['conseil', 'conseils', 'militant', 'motion'].map((term) => ({ term })));
      await trx('search_documents').insert(ROWS.map(row));
      await lean.up(trx);
      await lean.up(trx); // again: nothing breaks
      const { rows: indexes } = await trx.raw(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_terms' ORDER BY indexname`);
      expect(indexes.map((i: { indexname: string }) => i.indexname)).toEqual(['search_terms_pkey', 'search_terms_trigrams_gist']);
      expect(indexes[1].indexdef).toMatch(/USING gist \(term gist_trgm_ops\)/);
      // The provider's typo lookup, as it asks it: the nearest word within the length bound.
      const nearest = await trx('search_terms').whereRaw('term % ?', ['consiel']).whereRaw('length(term) BETWEEN ? AND ?', [6, 8]).orderByRaw('term <-> ?, term', ['consiel']).limit(8).select('term');
      expect(nearest.map((r: { term: string }) => r.term)[0]).toBe('conseil');
      const { rows: statistics } = await trx.raw(`SELECT stxname FROM pg_statistic_ext WHERE stxnamespace = current_schema()::regnamespace`);
      expect(statistics.map((r: { stxname: string }) => r.stxname)).toEqual(['search_documents_type_on_rows']);
      const { rows: plan } = await trx.raw(`EXPLAIN SELECT id FROM search_documents WHERE (type || '') IN ('fixture')`);
      expect(plan[0]['QUERY PLAN']).toMatch(/rows=2 /); // the expression's share is known: both rows
    });
  });

  it.runIf(!postgres)('gives SQLite an index along the ranking order, on an existing index and a fresh one', async () => {
    const knex = sqliteFile();
    try {
      await lean.up(knex); // no search tables yet: nothing to do
      await first.up(knex);
      await knex('search_documents').insert(ROWS.map(row));
      await lean.up(knex);
      await lean.up(knex); // again: nothing breaks
      const indexes = await knex.raw(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'search_documents_date_id'`);
      expect(indexes).toEqual([{ sql: expect.stringMatching(/\(date DESC, id\)/) }]);
    } finally {
      await knex.destroy();
    }
  });

  it.runIf(postgres)('gives PostgreSQL the keys-and-year indexes the provider walks year by year, on an existing index and a fresh one', async () => {
    await onSchema(async (trx) => {
      await yearWalk.up(trx); // no search tables yet: nothing to do
      await first.up(trx);
      await folded.up(trx);
      await inline.up(trx);
      await lean.up(trx);
      await trx('search_documents').insert([...ROWS.map((r, i) => ({ ...row(r), date: `202${i}-05-01T00:00:00.000Z` })), { ...row({ id: 'fixture:undated', title: 'Élus', body: '' }), date: null }]);
      await folded.up(trx); // the vectors, as the provider writes them
      await yearWalk.up(trx);
      await yearWalk.up(trx); // again: nothing breaks
      const { rows: indexes } = await trx.raw(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_documents' ORDER BY indexname`);
      const defs = Object.fromEntries(indexes.map((i: { indexname: string; indexdef: string }) => [i.indexname, i.indexdef]));
      expect(Object.keys(defs)).toEqual(['search_documents_date', 'search_documents_pkey', 'search_documents_title_vector_year', 'search_documents_type', 'search_documents_vector_year', 'search_documents_year_date']);
      const year = `COALESCE("left"((date)::text, 4), ''::text)`; // the undated are the year ''
      expect(defs.search_documents_vector_year).toContain(`USING gin (search_vector, ${year})`);
      expect(defs.search_documents_title_vector_year).toContain(`USING gin (title_vector, ${year})`);
      expect(defs.search_documents_year_date).toContain(`USING btree (${year}, date DESC, id)`);
      // A year's matches, as the provider asks for them: the keys and the year.
      const ofYear = async (year: string) =>
        (await trx('search_documents').whereRaw('search_vector @@ ?::tsquery', [`'${searchKey('élus')}'`]).whereRaw(`coalesce(left(date, 4), '') = ?`, [year]).select('id')).map((r) => r.id);
      expect([await ofYear('2020'), await ofYear('2021'), await ofYear('2022'), await ofYear('')]).toEqual([['fixture:elus'], ['fixture:elu'], [], ['fixture:undated']]);
    });
  });

  it.runIf(!postgres)('leaves SQLite as it is when PostgreSQL gets the year walk', async () => {
    const knex = sqliteFile();
    try {
      await yearWalk.up(knex); // no search tables yet
      await first.up(knex);
      await yearWalk.up(knex);
      const indexes = await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%year%'`);
      expect(indexes).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });

  it.runIf(!postgres)('refills an existing SQLite FTS index with a slot in each stop word’s place, and is harmless on a fresh one', async () => {
    const knex = sqliteFile();
    try {
      await phraseSlots.up(knex); // no search tables yet
      await first.up(knex);
      await phraseSlots.up(knex); // fresh: nothing to refill
      await knex('search_documents').insert(row({ id: 'fixture:bureau', title: 'Réunion de bureau', body: 'Le bureau se réunit.' }));
      const [{ rowid }] = await knex('search_documents').select(knex.raw('rowid AS rowid'));
      // As the provider wrote it before: the keys alone.
      await knex('search_fts').insert({ rowid, title: [searchKey('réunion'), searchKey('bureau')].join(' '), body: '' });
      const find = async (phrase: string[]) =>
        (await knex('search_fts').whereRaw('search_fts MATCH ?', [`"${phrase.join(' ')}"`]).select('rowid')).length;
      expect(await find([searchKey('réunion'), searchKey('bureau')])).toBe(1);
      await phraseSlots.up(knex);
      await phraseSlots.up(knex); // again: nothing more
      expect(await find([searchKey('réunion'), searchKey('bureau')])).toBe(0);
      expect(await find([searchKey('réunion'), STOP_WORD_SLOT, searchKey('bureau')])).toBe(1);
      expect(await knex('search_fts').count({ n: '*' })).toEqual([{ n: 1 }]);
    } finally {
      await knex.destroy();
    }
  });

  it.runIf(postgres)('leaves PostgreSQL as it is when SQLite gets the phrase slots (its vectors keep positions)', async () => {
    await onSchema(async (trx) => {
      await phraseSlots.up(trx); // no search tables yet
      await first.up(trx);
      await folded.up(trx);
      await trx('search_documents').insert(ROWS.map(row));
      await folded.up(trx);
      const before = await trx('search_documents').orderBy('id').select('id', trx.raw('search_vector::text AS v'));
      await phraseSlots.up(trx);
      expect(await trx('search_documents').orderBy('id').select('id', trx.raw('search_vector::text AS v'))).toEqual(before);
    });
  });
});
