/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement the database provider makes for one query,
 * against a PostgreSQL database kept by the search benchmark (BENCH_DATABASE or
 * BENCH_KEEP_DATABASE), for its member (home federation and section) or national admin:
 *
 *   DATABASE_NAME=search_bench_pg_100k node -r esbuild-register bench/search-explain.ts "conseil" [member|admin]
 *
 * Prints each statement with its plan. Reads only.
 */
import knexFactory from 'knex';
import { createDatabaseProvider } from '../plugins/search/server/src/providers/database';
import type { Viewer } from '../plugins/search/server/src/providers/types';
import { pgAdmin } from './support';
import { readBenchArgs } from './args';

const [text, who] = readBenchArgs({
  usage: 'DATABASE_NAME=<kept search bench database> node -r esbuild-register bench/search-explain.ts [query] [viewer]',
  positionals: [
    { name: 'query', description: 'the search query', default: 'conseil', text: true },
    { name: 'viewer', description: 'who searches', default: 'member', choices: ['member', 'admin'] },
  ],
}).positionals as string[];
const knex = knexFactory({ client: 'pg', connection: { ...pgAdmin(), database: process.env.DATABASE_NAME ?? 'search_bench_pg_100k' } });

(async () => {
  const federation = await knex('membership_federations').where({ name: 'Fédération du banc 1' }).first('id');
  const section = await knex('membership_sections').where({ name: 'Section 1-1' }).first('id');
  const user = await knex('up_users').where({ email: who === 'admin' ? 'national@banc.test' : 'membre@banc.test' }).first('id');
  const viewer: Viewer = who === 'admin'
    ? { role: 'national-admin', userId: user.id, federationId: null, sectionId: null }
    : { role: 'member', userId: user.id, federationId: federation.id, sectionId: section.id };
  const provider = createDatabaseProvider({ db: { dialect: { client: 'postgres' }, connection: knex } } as any, { countCap: 500, countAhead: 100 }); // the server's defaults
  // Statements of a transaction (the count's plan settings) are replayed with the settings before them.
  const statements: { sql: string; bindings: unknown[]; tx?: string }[] = [];
  knex.on('query', (q: { sql: string; bindings: unknown[]; __knexTxId?: string }) => statements.push({ sql: q.sql, bindings: q.bindings, tx: q.__knexTxId }));
  const query = { text, types: ['document', 'article', 'proposal'], viewer, offset: 0, limit: 10 };
  await provider.search(query); // warm
  statements.length = 0;
  const started = performance.now();
  const results = await provider.search(query);
  console.log(`« ${text} » for ${who}: ${results.total}${results.totalIsExact ? '' : '+'} matches, ${(performance.now() - started).toFixed(1)} ms, ${statements.length} statements\n`);
  const captured = statements.filter((s) => /^\s*\(?\s*(select|with)/i.test(s.sql));
  for (const { sql, bindings, tx } of captured) {
    const settings = statements.filter((s) => tx && s.tx === tx && /^\s*set /i.test(s.sql)).map((s) => s.sql);
    // knex's positional placeholders ($1…) go to the driver as they are.
    const { rows } = await knex.client.pool.acquire().promise.then(async (connection: any) => {
      try {
        await connection.query('BEGIN');
        for (const set of settings) await connection.query(set);
        return await connection.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
      } finally {
        await connection.query('ROLLBACK');
        knex.client.pool.release(connection);
      }
    });
    if (settings.length) console.log(settings.join('; '));
    console.log(sql.replace(/\s+/g, ' '));
    console.log(rows.map((r: any) => `  ${r['QUERY PLAN']}`).join('\n'), '\n');
  }
  await knex.destroy();
})();
