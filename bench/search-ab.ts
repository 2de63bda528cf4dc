/**
 * The database provider against itself, in one process, on a PostgreSQL corpus kept by the
 * search benchmark (`BENCH_DATABASE=…`): the benchmark's queries (same generator, same seed)
 * alternated between side A and side B, three viewers in turn, so that both sides meet the
 * same load — on this shared 2-core machine one run of `bench:search` swings by half, an
 * A/B does not. Prints p50 / p95 / p99 of each side, their ratios, how many queries answered
 * differently (hits or total), and side A's slowest queries with each statement's time.
 *
 *   node -r esbuild-register bench/search-ab.ts                                  # A = B: the noise floor
 *   PROVIDER_B=/abs/path/to/old/database.ts node -r esbuild-register bench/search-ab.ts
 *   DB_A=search_h_pg_100k DB_B=another_copy node -r esbuild-register bench/search-ab.ts
 *
 * PROVIDER_B: a module exporting `createDatabaseProvider` (e.g. the previous commit's
 * `git show HEAD~1:plugins/search/server/src/providers/database.ts` saved beside the
 * current one, so that its relative imports resolve). QUERIES (300), ROUNDS (2), SLOWEST (10).
 * Reads only.
 */
import knexFactory, { type Knex } from 'knex';
import { createDatabaseProvider } from '../plugins/search/server/src/providers/database';
import type { SearchProvider, Viewer } from '../plugins/search/server/src/providers/types';
import { queries } from './search';
import { percentile, pgAdmin, seeded } from './support';
import { readBenchArgs } from './args';

// Settings come from the environment (see above); no arguments.
readBenchArgs({ usage: '[PROVIDER_B=/abs/path/database.ts] [DB_A=…] [DB_B=…] [QUERIES=300] [ROUNDS=2] [SLOWEST=10] node -r esbuild-register bench/search-ab.ts' });

const QUERIES = Number(process.env.QUERIES ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SLOWEST = Number(process.env.SLOWEST ?? 10);
const TYPES = ['document', 'article', 'proposal'];

interface Side {
  label: string;
  knex: Knex;
  viewers: Viewer[];
  provider: SearchProvider;
  /** Statements of the query being timed, with their times (ms). */
  statements: { sql: string; ms: number }[];
}

async function side(label: string, database: string, make: typeof createDatabaseProvider): Promise<Side> {
  const knex = knexFactory({ client: 'pg', connection: { ...pgAdmin(), database }, pool: { min: 2, max: 10 } });
  const federation = await knex('membership_federations').where({ name: 'Fédération du banc 1' }).first('id');
  const section = await knex('membership_sections').where({ name: 'Section 1-1' }).first('id');
  const [member, staff, admin] = await Promise.all(['membre@banc.test', 'staff@banc.test', 'national@banc.test'].map((email) => knex('up_users').where({ email }).first('id')));
  if (!federation || !member) throw new Error(`${database}: not a corpus of the search benchmark (run it with BENCH_DATABASE=${database} first).`);
  const viewers: Viewer[] = [
    { role: 'member', userId: member.id, federationId: federation.id, sectionId: section.id },
    { role: 'federation-staff', userId: staff.id, federationId: federation.id, sectionId: section.id },
    { role: 'national-admin', userId: admin.id, federationId: null, sectionId: null },
  ];
  // The server's limits (config/plugins.ts: countCap 500, countAhead 100).
  const provider = make({ db: { dialect: { client: 'postgres' }, connection: knex } } as any, { countCap: 500, countAhead: 100 });
  const s: Side = { label, knex, viewers, provider, statements: [] };
  const started = new Map<string, number>();
  knex.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  knex.on('query-response', (_rows: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const kind = q.sql.includes('count(') ? 'count' : q.sql.includes('"years"') ? 'page' : q.sql.includes('search_terms') ? 'lexicon' : 'other';
    s.statements.push({ sql: kind, ms: performance.now() - (started.get(q.__knexQueryUid) ?? performance.now()) });
  });
  return s;
}

(async () => {
  const makeB: typeof createDatabaseProvider = process.env.PROVIDER_B ? require(process.env.PROVIDER_B).createDatabaseProvider : createDatabaseProvider;
  const a = await side('A', process.env.DB_A ?? 'search_h_pg_100k', createDatabaseProvider);
  const b = await side('B', process.env.DB_B ?? process.env.DB_A ?? 'search_h_pg_100k', makeB);
  const list = queries(QUERIES, seeded(2026)); // the benchmark's queries
  const ask = (s: Side, i: number) => s.provider.search({ text: list[i]!.text, types: TYPES, viewer: s.viewers[i % 3]!, offset: 0, limit: 10 });
  for (let i = 0; i < Math.min(40, list.length); i++) for (const s of [a, b]) await ask(s, i); // warm-up

  const times = new Map<Side, number[]>([[a, []], [b, []]]);
  const slowest: { ms: number; i: number; statements: Side['statements'] }[] = [];
  let differing = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < list.length; i++) {
      const answers = new Map<Side, Awaited<ReturnType<SearchProvider['search']>>>();
      for (const s of (i + round) % 2 ? [a, b] : [b, a]) {
        s.statements = [];
        const started = performance.now();
        answers.set(s, await ask(s, i));
        const ms = performance.now() - started;
        times.get(s)!.push(ms);
        if (s === a) slowest.push({ ms, i, statements: s.statements });
      }
      const [x, y] = [answers.get(a)!, answers.get(b)!];
      if (x.total !== y.total || x.hits.map((h) => h.id).join() !== y.hits.map((h) => h.id).join()) differing++;
    }
  }
  const fmt = (n: number) => n.toFixed(2).padStart(6);
  for (const s of [a, b]) {
    const t = times.get(s)!;
    console.log(`${s.label}  p50 ${fmt(percentile(t, 50))} ms  p95 ${fmt(percentile(t, 95))} ms  p99 ${fmt(percentile(t, 99))} ms`);
  }
  const [ta, tb] = [times.get(a)!, times.get(b)!];
  console.log(`B / A  p50 ${fmt(percentile(tb, 50) / percentile(ta, 50))}  p95 ${fmt(percentile(tb, 95) / percentile(ta, 95))}  p99 ${fmt(percentile(tb, 99) / percentile(ta, 99))}   (> 1: A is faster)`);
  console.log(`queries answered differently (hits or total): ${differing} of ${list.length * ROUNDS}`);
  console.log(`\nA's slowest queries (viewer; statements side by side: their own times):`);
  for (const { ms, i, statements } of slowest.sort((x, y) => y.ms - x.ms).slice(0, SLOWEST)) {
    console.log(`${fmt(ms)} ms  « ${list[i]!.text} » (${a.viewers[i % 3]!.role}${list[i]!.typo ? ', typo' : ''}): ${statements.map((st) => `${st.sql} ${st.ms.toFixed(1)}`).join(', ')}`);
  }
  await Promise.all([a.knex.destroy(), b.knex.destroy()]);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
