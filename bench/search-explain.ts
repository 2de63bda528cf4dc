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

const [text = 'conseil', who = 'member'] = process.argv.slice(2);
const knex = knexFactory({ client: 'pg', connection: { ...pgAdmin(), database: process.env.DATABASE_NAME ?? 'search_bench_pg_100k' } });

(async () => {
  const federation = await knex('membership_federations').where({ name: 'Fédération du banc 1' }).first('id');
  const section = await knex('membership_sections').where({ name: 'Section 1-1' }).first('id');
  const user = await knex('up_users').where({ email: who === 'admin' ? 'national@banc.test' : 'membre@banc.test' }).first('id');
  const viewer: Viewer = who === 'admin'
    ? { role: 'national-admin', userId: user.id, federationId: null, sectionId: null }
    : { role: 'member', userId: user.id, federationId: federation.id, sectionId: section.id };
  const provider = createDatabaseProvider({ db: { dialect: { client: 'postgres' }, connection: knex } } as any, { candidates: 100, countCap: 500 });
  const statements: { sql: string; bindings: unknown[] }[] = [];
  knex.on('query', (q: { sql: string; bindings: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings }));
  const query = { text, types: ['document', 'article', 'proposal'], viewer, offset: 0, limit: 10 };
  await provider.search(query); // warm
  statements.length = 0;
  const started = performance.now();
  const results = await provider.search(query);
  console.log(`« ${text} » for ${who}: ${results.total}${results.totalIsExact ? '' : '+'} matches, ${(performance.now() - started).toFixed(1)} ms, ${statements.length} statements\n`);
  const captured = [...statements];
  for (const { sql, bindings } of captured) {
    // knex's positional placeholders ($1…) go to the driver as they are.
    const { rows } = await knex.client.pool.acquire().promise.then(async (connection: any) => {
      try {
        return await connection.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
      } finally {
        knex.client.pool.release(connection);
      }
    });
    console.log(sql.replace(/\s+/g, ' '));
    console.log(rows.map((r: any) => `  ${r['QUERY PLAN']}`).join('\n'), '\n');
  }
  await knex.destroy();
})();
