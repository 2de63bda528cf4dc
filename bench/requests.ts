/**
 * The request path at Strapi's own speed (issue 13). A production instance (NODE_ENV=production,
 * compiled server) on PostgreSQL with the demo data plus generated members, loaded by
 * `autocannon` (20 connections, each request with another member's session-bound access token):
 *
 * 1. `GET /_health` (no auth), Strapi's own `GET /api/users/me` (the baseline: users-permissions
 *    authentication, with our session check), and every read route a member's home page and
 *    main pages call: req/s, p50/p99, ratio to the baseline (measured in turns with each route,
 *    so that both see the same machine), SQL statements of one request
 *    alone (« SQL/req », the fewest of three in a row) and per request under the load
 *    (« SQL/load », background workers' statements included);
 * 2. votes by distinct members (three quick consultations, each generated member votes once in each,
 *    after a warm-up vote in a fourth):
 *    votes/s, ratio to the baseline, ballots lost and duplicated;
 * 3. the same baseline and votes with two instances behind node's cluster module (its primary
 *    hands connections round-robin to the workers; no proxy process in between, so on a small
 *    machine the balancer costs almost nothing): the ratio two / one for votes.
 *
 * Then ✓/✗ for each goal of the issue. The machine is shared: say its load with the figures.
 *
 *   DATABASE_CLIENT=postgres npm run bench:requests                 (10 s a route, 400 members)
 *   BENCH_SECONDS=5 BENCH_MEMBERS=300 DATABASE_CLIENT=postgres npm run bench:requests -- --cpu-prof
 *   BENCH_SECONDS=5 DATABASE_CLIENT=postgres npm run bench:requests -- --votes   (no read route: baseline and votes, with the CPU split)
 *
 * `--cpu-prof` writes V8 profiles of the one-instance measured runs under `.tmp/cpu-prof/` (open
 * them in Chrome's DevTools): `reads` (the read routes, with the baseline turns beside them) and
 * `votes` (the measured votes, not their warm-up), the boot left out, and prints their heaviest functions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/notifications';
import type {} from '@intranet-militant/consultations';
import { buildMember } from '../src/seed/builders';
import { freshSecrets } from '../scripts/secrets.cjs';
import { databaseName, fixed, inBatches, pgAdmin } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const require_ = createRequire(__filename);
const autocannon = require_('autocannon');
const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 400);
const CONNECTIONS = 20;
const { values: flags } = readBenchArgs(BENCHES.requests.args);
const cpuProf = flags['cpu-prof'] === true;
/** `--only=/api/bodies/me,/api/documents`: those read routes alone (no votes, no second instance), to profile them. */
const only = typeof flags.only === 'string' ? flags.only.split(',').filter(Boolean) : null;
/** `--votes`: no read route; the baseline and the votes, one instance then two, with the CPU each side used. */
const votesOnly = flags.votes === true;
const profDir = path.join(root, '.tmp', 'cpu-prof');
const PASSWORD = 'Bench-Passw0rd-2026';
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

if ((process.env.DATABASE_CLIENT ?? 'sqlite') !== 'postgres') {
  console.error('Several instances share a server database: run it with DATABASE_CLIENT=postgres.');
  process.exit(1);
}

/** In a route, replaced at each request by the next word of the index's lexicon (`freshWords`). */
const NEW_WORD = '<mot>';

/** What a member's home page and main pages read (src/portal, plugins/<id>/portal). */
const READ_ROUTES = [
  '/api/membership/me',
  '/api/notifications/inbox/unread',
  '/api/consultations?page=1&pageSize=20',
  '/api/consultations/open',
  '/api/training/courses?pageSize=10',
  '/api/training/me',
  '/api/training/sponsorships/mine',
  '/api/documents',
  '/api/news',
  '/api/document-categories',
  '/api/search?q=conseil',
  // The same route with words never asked before at each request (two lexicon words of the
  // demo): what a search costs when its answer is not kept (issue 13).
  `/api/search?q=${NEW_WORD}`,
  '/api/events/events',
  '/api/bodies/me',
  '/api/investitures/designations',
];

async function admin(sql: string) {
  const c = new Client({ ...pgAdmin(), database: 'postgres' });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function inDatabase<T>(run: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ ...pgAdmin(), database: databaseName });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

interface Seeded {
  readers: string[];
  /** Per instance setting (one, two): the consultations open to the vote and the voters' tokens. */
  voteRounds: { warmup: { consultationId: number; documentId: string }; consultations: { consultationId: number; documentId: string }[]; tokens: string[] }[];
}

/** Demo data, generated members with a session each, and two quick consultations open to the vote. */
async function seed(): Promise<Seeded> {
  Object.assign(process.env, { NODE_ENV: 'development', DEMO_PASSWORD: PASSWORD, SEED_DEMO: 'true', CRON_ENABLED: 'false', STARTUP_BANNER: 'false', LOG_LEVEL: 'error' });
  const { compileStrapi, createStrapi } = require_('@strapi/strapi');
  const strapi: Core.Strapi = await createStrapi(await compileStrapi({ appDir: root })).load(); // the bootstrap seeds the demo
  try {
    const gard = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '30' } });
    const year = new Date().getFullYear();
    const members = await getService(strapi, 'notifications', 'invitations').alreadyActivated(() =>
      inBatches(Array.from({ length: MEMBERS }, (_, i) => i), 8, (i) =>
        buildMember(strapi, { email: `banc${i}@bench.test`, firstName: 'Banc', lastName: `${i}`, membershipNumber: `BR-${i}`, federation: gard, joinedOn: '2020-01-01', paidYears: [year] })
      )
    );
    // Session-bound access tokens (refresh mode), as a sign-in gives.
    const issue = (id: number) => strapi.plugin('users-permissions').service('jwt').issue({ id }) as Promise<string>;
    const tokens = await inBatches(members, 8, (m) => issue(m.user.id));
    const made = await createConsultations(strapi, ['une instance', 'deux instances'].flatMap((n) => [0, 1, 2, 3].map((k) => `Banc de charge : ${n} (${k || 'échauffement'})`)));
    const voteRounds = [made.slice(0, 4), made.slice(4)].map(([warmup, ...consultations]) => ({ warmup: warmup!, consultations, tokens }));
    // The clock's minute, once: every consultation (the demo's, these two) in the phase its
    // calendar says, as production's clock keeps them — otherwise the first reads and votes after
    // the instances start would each work out the steps due (reads never write).
    await getService(strapi, 'consultations', 'clock').tick();
    return { readers: tokens, voteRounds };
  } finally {
    await strapi.destroy();
  }
}

/** Quick consultations of the Gard, open to the vote now, made through the HTTP API by the demo's federation staff. */
async function createConsultations(strapi: Core.Strapi, titles: string[]) {
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as net.AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/local`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'equipe@gard.example', password: PASSWORD }) });
    const { jwt } = (await login.json()) as { jwt: string };
    const call = async (p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as any;
      if (res.status >= 300) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const made: { consultationId: number; documentId: string }[] = [];
    for (const title of titles) {
      const created = await call('/api/consultations', {
        kind: 'quick', title, audience: 'federation', question: 'Pour ou contre ?', answerType: 'choice', choices: ['Pour', 'Contre'], opensAt: at(-1), phases: { vote: { endsAt: at(2) } },
      });
      const documentId = created.data.documentId as string;
      await call(`/api/consultations/${documentId}/advance`, { from: 'draft' });
      const row = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId } });
      made.push({ consultationId: row.id as number, documentId });
    }
    return made;
  } finally {
    await new Promise((resolve) => strapi.server.httpServer.close(resolve));
  }
}

interface Cluster {
  port: number;
  /** The cluster's primary process (its workers are its children). */
  pid: number | undefined;
  stop: () => Promise<void>;
}

/** N production instances behind node's cluster module (bench/cluster.cjs). */
async function startCluster(workers: number, profile: boolean): Promise<Cluster> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_NAME: databaseName,
    INSTANCE_PORT: String(port),
    CLUSTER_WORKERS: String(workers),
    MAIL_DISABLED: 'true',
    LOG_LEVEL: 'error',
    STARTUP_BANNER: 'false',
    // The clock runs as in production (the seed step turned it off): without it the demo
    // consultations' due phase steps are worked out again on every list read.
    CRON_ENABLED: 'true',
    // Sign-in budgets do not apply to these routes; the instances behave as in production otherwise.
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10',
    // The instance's `/__profile` (tests/support/instance-child.cjs) profiles what `profiled` wraps.
    ...(profile ? { INSTANCE_PROFILE_DIR: profDir } : {}),
  };
  const proc: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'cluster.cjs')], { env, cwd: root });
  let out = '';
  proc.stdout!.on('data', (chunk) => (out += chunk));
  proc.stderr!.on('data', (chunk) => (out += chunk));
  // BENCH_INSTANCE_LOG=file: the instances' output appended there (with CLUSTER_EXEC_ARGV=--trace-gc, their collections).
  if (process.env.BENCH_INSTANCE_LOG) {
    const log = createWriteStream(process.env.BENCH_INSTANCE_LOG, { flags: 'a' });
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);
  }
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('CLUSTER READY')) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`The cluster stopped before it was ready:\n${out.slice(-3000)}`));
    });
  });
  return {
    port,
    pid: proc.pid,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

interface Run {
  /** Answers by status code (failures show here). */
  statuses: Record<string, number>;
  /** Wall time of the run (s). */
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  statements: number | null;
  /** The request cache's hits, misses and invalidations during the run (null when not counted). */
  cache?: CacheStats | null;
  /** Statements of one request alone (`statementsOfOne`), for the read routes. */
  alone?: number | null;
  /** The baseline's req/s measured in turns with this route (`inTurns`): what its ratio divides by. */
  beside?: number;
  /**
   * CPU (ms) one answer cost the instance and PostgreSQL together, this route's and the baseline's
   * of the same turns (`inTurns`, from `/proc`): firmer than req/s when other work shares the machine.
   */
  cpuPerAnswer?: { route: CpuPair; baseline: CpuPair };
}

/** `run()`, profiled under the name `name` when the instance profiles (`--cpu-prof`). */
async function profiled<T>(port: number, name: string, run: () => Promise<T>): Promise<T> {
  if (!cpuProf) return run();
  await fetch(`http://127.0.0.1:${port}/__profile?start`);
  try {
    return await run();
  } finally {
    await fetch(`http://127.0.0.1:${port}/__profile?stop=${name}`);
  }
}

type CacheStats = { hits: number; misses: number; invalidations: number };

/** The instance's request-cache counters so far (`/__cache`), null when it does not tell. */
async function cacheSoFar(port: number): Promise<CacheStats | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/__cache`);
    return (await res.json()) as CacheStats;
  } catch {
    return null;
  }
}

async function statementsSoFar(port: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/__queries`);
    return ((await res.json()) as { queries: number }).queries;
  } catch {
    return null;
  }
}

/**
 * SQL statements of one request to `route`, alone on the instance: the fewest of three
 * requests in a row (a background worker's polling may add to one request's window, never
 * remove from it). Null when the instance does not count (no `/__queries`).
 */
async function statementsOfOne(port: number, route: string, token: string, pathOf: () => string = () => route): Promise<number | null> {
  let fewest: number | null = null;
  for (let i = 0; i < 3; i++) {
    const before = await statementsSoFar(port);
    const res = await fetch(`http://127.0.0.1:${port}${pathOf()}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    const after = await statementsSoFar(port);
    if (before === null || after === null) return null;
    fewest = fewest === null ? after - before : Math.min(fewest, after - before);
  }
  return fewest;
}

/** autocannon against one route, each request with the next member's token. */
async function load(port: number, route: string, tokens: string[], options: { seconds?: number; amount?: number; method?: string; body?: (i: number) => unknown; path?: (i: number) => string; countStatements?: boolean } = {}): Promise<Run> {
  let i = 0;
  const before = options.countStatements ? await statementsSoFar(port) : null;
  const cacheBefore = options.countStatements ? await cacheSoFar(port) : null;
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    timeout: 30,
    // With `amount`, autocannon ends at its next sample tick (1 s by default): 600 votes in
    // 2.2 s read as 3 s. Ticks of 20 ms keep that error under 1 %.
    ...(options.amount ? { amount: options.amount, sampleInt: 20 } : { duration: options.seconds ?? SECONDS }),
    requests: [
      {
        method: options.method ?? 'GET',
        path: route,
        setupRequest: (req: any) => {
          const n = i++;
          const token = tokens.length ? tokens[n % tokens.length] : null;
          return {
            ...req,
            ...(options.path ? { path: options.path(n) } : {}),
            headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
            ...(options.body ? { body: JSON.stringify(options.body(n)) } : {}),
          };
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const after = options.countStatements ? await statementsSoFar(port) : null;
  const cacheAfter = options.countStatements ? await cacheSoFar(port) : null;
  const ok = result['2xx'] as number;
  const failed = (result.non2xx as number) + (result.errors as number) + (result.timeouts as number);
  const total = ok + failed;
  const statuses = Object.fromEntries(Object.entries((result.statusCodeStats ?? {}) as Record<string, { count: number }>).map(([code, s]) => [code, s.count]));
  if (result.timeouts) statuses.timeout = result.timeouts as number;
  return {
    statuses,
    seconds,
    perSecond: options.amount ? total / seconds : (result.requests.average as number),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed,
    // The /__queries call itself is one request with no statement.
    statements: before !== null && after !== null && total ? (after - before) / total : null,
    cache: cacheBefore && cacheAfter ? { hits: cacheAfter.hits - cacheBefore.hits, misses: cacheAfter.misses - cacheBefore.misses, invalidations: cacheAfter.invalidations - cacheBefore.invalidations } : null,
  };
}

/**
 * Searches never asked before, from the search index's lexicon (`search_terms`, shuffled): two
 * words a search, the pair `(i mod n, (i + 1 + ⌊i / n⌋) mod n)` for the i-th — n² − n distinct
 * pairs before one repeats (the demo's lexicon has a few hundred words: single words would
 * repeat within a second). `next()` gives the next one, URL-encoded by the caller.
 */
async function freshWords(): Promise<{ next: () => string }> {
  const { rows } = await inDatabase((c) => c.query<{ term: string }>('SELECT term FROM search_terms ORDER BY md5(term)'));
  const n = rows.length;
  let i = 0;
  return {
    next() {
      const k = i++;
      if (k === n * (n - 1)) console.log(`  (the lexicon's ${n * (n - 1)} word pairs all asked: from now on, searches repeat)`);
      return `${rows[k % n]!.term} ${rows[(k + 1 + Math.floor(k / n)) % n]!.term}`;
    },
  };
}

/**
 * `route` and the baseline (`GET /api/users/me`) in turns, SECONDS/2 each, twice: req/s and
 * statements averaged, p50 averaged, p99 the worst; `beside` is the baseline's req/s of the same turns.
 */
/** CPU ms an answer cost: the instances, PostgreSQL's backends of this benchmark. */
interface CpuPair { instances: number; postgres: number }

async function inTurns(cluster: Cluster, route: string, tokens: string[], pathOf?: () => string): Promise<{ run: Run; beside: number; cpuPerAnswer: { route: CpuPair; baseline: CpuPair } }> {
  const seconds = Math.max(1, SECONDS / 2);
  const runs: Run[] = [];
  const baselines: Run[] = [];
  const cpu = { route: { instances: 0, postgres: 0 }, baseline: { instances: 0, postgres: 0 } };
  // Instance and PostgreSQL CPU seconds a run used (the background workers' share included, alike for both).
  const measured = async (into: 'route' | 'baseline', run: () => Promise<Run>) => {
    const before = cpuSoFar(cluster.pid);
    const result = await run();
    const used = cpuSince(before, cpuSoFar(cluster.pid));
    cpu[into].instances += used.instances;
    cpu[into].postgres += used.postgres;
    return result;
  };
  for (let turn = 0; turn < 2; turn++) {
    baselines.push(await measured('baseline', () => load(cluster.port, '/api/users/me', tokens, { seconds })));
    runs.push(await measured('route', () => load(cluster.port, route, tokens, { seconds, countStatements: true, ...(pathOf ? { path: pathOf } : {}) })));
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const answers = (list: Run[]) => list.reduce((a, r) => a + r.ok + r.failed, 0) || 1;
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const statements = runs.every((r) => r.statements !== null) ? mean(runs.map((r) => r.statements!)) : null;
  const cache = runs.every((r) => r.cache) ? runs.reduce((sum, r) => ({ hits: sum.hits + r.cache!.hits, misses: sum.misses + r.cache!.misses, invalidations: sum.invalidations + r.cache!.invalidations }), { hits: 0, misses: 0, invalidations: 0 }) : null;
  return {
    run: { statuses, seconds: runs.reduce((a, r) => a + r.seconds, 0), perSecond: mean(runs.map((r) => r.perSecond)), p50: mean(runs.map((r) => r.p50)), p99: Math.max(...runs.map((r) => r.p99)), ok: runs.reduce((a, r) => a + r.ok, 0), failed: runs.reduce((a, r) => a + r.failed, 0), statements, cache },
    beside: mean(baselines.map((r) => r.perSecond)),
    cpuPerAnswer: {
      route: { instances: (1000 * cpu.route.instances) / answers(runs), postgres: (1000 * cpu.route.postgres) / answers(runs) },
      baseline: { instances: (1000 * cpu.baseline.instances) / answers(baselines), postgres: (1000 * cpu.baseline.postgres) / answers(baselines) },
    },
  };
}

/**
 * Every generated member votes once in each consultation of the round (member `n % members`,
 * consultation `n / members`): more ballots than members, each by a distinct voter of its
 * consultation, so that the measure lasts long enough to mean something.
 */
/** CPU seconds (user + system) by who used them: PostgreSQL (the backends serving this benchmark's database), the instances (the cluster's process tree), this load generator, the rest of the machine. */
interface CpuSplit { postgres: number; instances: number; generator: number; other: number }

/**
 * CPU used so far, split (`/proc`, Linux only; zeros elsewhere): what bounds a run — the
 * database, the instances, the load generator, or other work sharing the machine.
 */
function cpuSoFar(clusterPid: number | undefined): CpuSplit {
  const split: CpuSplit = { postgres: 0, instances: 0, generator: 0, other: 0 };
  try {
    const tick = 100; // USER_HZ
    const procs = new Map<number, { ppid: number; comm: string; cpu: number }>();
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // A PostgreSQL backend's title names its database (« postgres: user db host(port) state »):
        // only this benchmark's count, not other work's on the same server.
        const ours = comm !== 'postgres' || /^postgres: (?:\S+: )?\S+ (\S+) /.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] === databaseName;
        procs.set(Number(pid), { ppid: Number(fields[1]), comm: ours ? comm : 'postgres (other work)', cpu: (Number(fields[11]) + Number(fields[12])) / tick });
      } catch {
        // the process ended meanwhile
      }
    }
    const inCluster = (pid: number): boolean => pid === clusterPid || (pid > 1 && procs.has(pid) && inCluster(procs.get(pid)!.ppid));
    for (const [pid, p] of procs) {
      if (p.comm === 'postgres') split.postgres += p.cpu;
      else if (pid === process.pid) split.generator += p.cpu;
      else if (clusterPid !== undefined && inCluster(pid)) split.instances += p.cpu;
      else split.other += p.cpu;
    }
  } catch {
    // not Linux
  }
  return split;
}

const cpuSince = (before: CpuSplit, after: CpuSplit): CpuSplit => ({
  postgres: after.postgres - before.postgres,
  instances: after.instances - before.instances,
  generator: after.generator - before.generator,
  other: after.other - before.other,
});

async function votes(cluster: Cluster, round: Seeded['voteRounds'][number]): Promise<Run & { lost: number; duplicated: number; ballots: number; cpu: CpuSplit }> {
  const port = cluster.port;
  const members = round.tokens.length;
  // Warm-up, not measured: every member votes once in another consultation — the code paths
  // compiled, each instance's start-up work done, and each member's session and profile read,
  // as when a member opens the consultation's page before voting.
  await load(port, `/api/consultations/${round.warmup.documentId}/vote`, round.tokens, { method: 'POST', amount: members, body: (n) => ({ answer: 1 + (n % 2) }) });
  const expected = members * round.consultations.length;
  const cpuBefore = cpuSoFar(cluster.pid);
  const run = await profiled(port, 'votes', () =>
    load(port, '/api/consultations/-/vote', round.tokens, {
      method: 'POST',
      amount: expected,
      path: (n) => `/api/consultations/${round.consultations[Math.floor(n / members) % round.consultations.length]!.documentId}/vote`,
      body: (n) => ({ answer: 1 + (n % 2) }),
      countStatements: true,
    })
  );
  const cpu = cpuSince(cpuBefore, cpuSoFar(cluster.pid));
  const ids = round.consultations.map((c) => c.consultationId);
  const ballots = await inDatabase(async (c) => Number((await c.query('SELECT count(*) AS n FROM consultations_ballots WHERE consultation_id = ANY($1)', [ids])).rows[0].n));
  return { ...run, cpu, ballots: expected, lost: Math.max(0, run.ok - ballots) + Math.max(0, expected - run.ok), duplicated: Math.max(0, ballots - run.ok) };
}

function printProfile() {
  const files = (() => {
    try {
      return readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    } catch {
      return [];
    }
  })();
  for (const [phase, label] of [['reads', 'the read routes (each in turns with the baseline)'], ['votes', 'the measured votes']] as const) {
    const ofPhase = files.filter((f) => f.startsWith(phase));
    if (!ofPhase.length) continue;
    const { self, ours } = topFunctions(ofPhase);
    console.log(`\n  CPU profile of ${label}, one instance (${profDir}), heaviest functions (self time):`);
    for (const line of self) console.log(`  ${line}`);
    console.log(`\n  our functions (src/, plugins/), total time (self and what they call):`);
    for (const line of ours) console.log(`  ${line}`);
  }
}

/** The heaviest functions of these profiles by self time, and ours (src/, plugins/) by total time (a frame counted once per sample). */
function topFunctions(files: string[]): { self: string[]; ours: string[] } {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
  const name = (frame: Node['callFrame']) => `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(root, '').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}`;
  const isOurs = (frame: Node['callFrame']) => !frame.url.includes('node_modules') && /\/(src|plugins)\//.test(frame.url);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as { nodes: Node[]; samples: number[] };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (const id of profile.samples) {
      const where = name(byId.get(id)!.callFrame);
      self.set(where, (self.get(where) ?? 0) + 1);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        if (!isOurs(frame)) continue;
        const key = name(frame);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
      }
    }
  }
  const total = [...self.values()].reduce((sum, n) => sum + n, 0) || 1;
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([f, k]) => `${fixed((100 * k) / total, 1).padStart(5)} %  ${f}`);
  return { self: top(self, 15), ours: top(inclusive, 25) };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');
/** « CPU route / baseline ms (ratio) », each as instance + PostgreSQL: what one answer cost the instance and PostgreSQL, and the ratio that cost alone would give. */
const cpuColumn = (run: Run) => {
  if (!run.cpuPerAnswer) return '';
  const { route, baseline } = run.cpuPerAnswer;
  const pair = (c: CpuPair) => `${fixed(c.instances, 2)} + ${fixed(c.postgres, 2)}`;
  return `CPU ${pair(route)} / ${pair(baseline)} ms (${fixed((baseline.instances + baseline.postgres) / (route.instances + route.postgres), 2)})`;
};
const cacheLine = (c: CacheStats | null | undefined) => (c ? `${c.hits} hits, ${c.misses} misses, ${c.invalidations} invalidations` : '—');

async function main() {
  Object.assign(process.env, freshSecrets(), { DATABASE_CLIENT: 'postgres', ACCESS_TOKEN_LIFESPAN: '14400', STRAPI_TELEMETRY_DISABLED: 'true' });
  await admin(`CREATE DATABASE ${databaseName}`);
  process.env.DATABASE_NAME = databaseName;
  if (cpuProf) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  try {
    const load1 = os.loadavg()[0];
    const seeded = await seed();
    console.log(`\nRequest path — production instance(s), PostgreSQL, demo + ${MEMBERS} generated members, ${CONNECTIONS} connections, ${SECONDS} s a route`);
    console.log(`  machine: ${os.cpus().length} cores, Node ${process.version}; load average at start ${fixed(load1, 1)} (other work shares this machine)`);

    const one = await startCluster(1, cpuProf);
    const rows: { route: string; run: Run }[] = [];
    let baseline: Run;
    let baselineCpu: CpuSplit;
    let oneVotes: Awaited<ReturnType<typeof votes>>;
    try {
      const words = await freshWords();
      const pathOf = (route: string) => (route.includes(NEW_WORD) ? () => route.replace(NEW_WORD, encodeURIComponent(words.next())) : undefined);
      const warm = async (route: string, tokens: string[]) => load(one.port, route, tokens, { seconds: 2, ...(pathOf(route) ? { path: pathOf(route) } : {}) });
      await warm('/api/users/me', seeded.readers);
      rows.push({ route: 'GET /_health', run: await load(one.port, '/_health', [], { countStatements: true }) });
      const cpuBefore = cpuSoFar(one.pid);
      baseline = { ...(await load(one.port, '/api/users/me', seeded.readers, { countStatements: true })), alone: await statementsOfOne(one.port, '/api/users/me', seeded.readers[0]!) };
      baselineCpu = cpuSince(cpuBefore, cpuSoFar(one.pid));
      rows.push({ route: 'GET /api/users/me (baseline)', run: baseline });
      for (const route of votesOnly ? [] : only ?? READ_ROUTES) {
        await warm(route, seeded.readers);
        // The route and the baseline in turns (half the time each, twice): its ratio compares
        // them in the same minute, whatever the rest of the machine does meanwhile.
        const { run, beside, cpuPerAnswer } = await profiled(one.port, `reads-${route}`, () => inTurns(one, route, seeded.readers, pathOf(route)));
        rows.push({ route: `GET ${route}`, run: { ...run, alone: await statementsOfOne(one.port, route, seeded.readers[0]!, pathOf(route)), beside, cpuPerAnswer } });
      }
      if (only) {
        await one.stop();
        for (const { route, run } of rows) console.log(`  ${route.padEnd(48)} ${fixed(run.perSecond).padStart(7)} req/s  p50 ${fixed(run.p50, 1)}  p99 ${fixed(run.p99, 1)}  ratio ${fixed(run.perSecond / (run.beside ?? baseline.perSecond), 2)}  ${cpuColumn(run)}  SQL/req ${run.alone ?? '—'}  cache ${cacheLine(run.cache)}`);
        if (cpuProf) printProfile();
        return;
      }
      oneVotes = await votes(one, seeded.voteRounds[0]!);
    } finally {
      await one.stop();
    }

    const two = await startCluster(2, false);
    let twoBaseline: Run;
    let twoVotes: Awaited<ReturnType<typeof votes>>;
    try {
      await load(two.port, '/api/users/me', seeded.readers, { seconds: 2 });
      twoBaseline = await load(two.port, '/api/users/me', seeded.readers);
      twoVotes = await votes(two, seeded.voteRounds[1]!);
    } finally {
      await two.stop();
    }

    const goals: [string, boolean][] = [];
    console.log(`\n  ratio: to the baseline measured in turns with the route (« beside », req/s); CPU: instance + PostgreSQL CPU an answer (ms), the route's / the baseline's in the same turns, and the ratio of their sums`);
    console.log(`  ${'route'.padEnd(48)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'beside'.padStart(7)} ${'SQL/req'.padStart(8)} ${'SQL/load'.padStart(8)} ${'failed'.padStart(6)}  CPU an answer, route / baseline beside (ratio)`);
    for (const { route, run } of rows) {
      const ratio = run.perSecond / (run.beside ?? baseline.perSecond);
      const isRead = route.startsWith('GET /api/') && !route.includes('baseline');
      console.log(`  ${route.padEnd(48)} ${fixed(run.perSecond).padStart(7)} ${fixed(run.p50, 1).padStart(7)} ${fixed(run.p99, 1).padStart(7)} ${fixed(ratio, 2).padStart(6)} ${(run.beside === undefined ? '—' : fixed(run.beside)).padStart(7)} ${(run.alone == null ? '—' : String(run.alone)).padStart(8)} ${(run.statements === null ? '—' : fixed(run.statements, 1)).padStart(8)} ${String(run.failed).padStart(6)}${run.failed ? ` ${JSON.stringify(run.statuses)}` : ''}  ${cpuColumn(run)}${isRead ? `  ${mark(ratio >= 0.9 && run.failed === 0)} ≥ 0.9×  ${mark(run.p99 <= 2 * run.p50)} p99 ≤ 2×p50` : ''}`);
      if (isRead) {
        goals.push([`${route}: ≥ 0.9× baseline (${fixed(ratio, 2)})${run.failed ? `, ${run.failed} failed` : ''}`, ratio >= 0.9 && run.failed === 0]);
        goals.push([`${route}: p99 ≤ 2× p50 (${fixed(run.p99, 1)} / ${fixed(run.p50, 1)} ms)`, run.p99 <= 2 * run.p50]);
      }
    }
    const votesRatio = oneVotes.perSecond / baseline.perSecond;
    const scale = twoVotes.perSecond / oneVotes.perSecond;
    console.log(`\n  votes, one instance    ${fixed(oneVotes.perSecond).padStart(6)} /s  p50 ${fixed(oneVotes.p50)} ms  p99 ${fixed(oneVotes.p99)} ms  ratio to baseline ${fixed(votesRatio, 2)}  lost ${oneVotes.lost}  duplicated ${oneVotes.duplicated}  SQL/vote ${oneVotes.statements === null ? '—' : fixed(oneVotes.statements, 1)}  cache ${cacheLine(oneVotes.cache)}  (${oneVotes.ballots} ballots: ${seeded.voteRounds[0]!.tokens.length} members in ${seeded.voteRounds[0]!.consultations.length} consultations)`);
    console.log(`  votes, two instances   ${fixed(twoVotes.perSecond).padStart(6)} /s  p50 ${fixed(twoVotes.p50)} ms  p99 ${fixed(twoVotes.p99)} ms  lost ${twoVotes.lost}  duplicated ${twoVotes.duplicated}`);
    const perAnswer = (cpu: CpuSplit, run: Run) => `${fixed((1000 * cpu.instances) / (run.ok + run.failed), 2)} / ${fixed((1000 * cpu.postgres) / (run.ok + run.failed), 2)} ms`;
    console.log(`  CPU per answer, instances / PostgreSQL: baseline ${perAnswer(baselineCpu!, baseline!)}, a vote ${perAnswer(oneVotes.cpu, oneVotes)} (one instance), ${perAnswer(twoVotes.cpu, twoVotes)} (two)`);
    const cpuLine = (v: typeof oneVotes) =>
      `CPU over ${fixed(v.seconds, 1)} s (${fixed(v.seconds * os.cpus().length, 1)} s of cores): instances ${fixed(v.cpu.instances, 1)} s, PostgreSQL ${fixed(v.cpu.postgres, 1)} s, load generator ${fixed(v.cpu.generator, 1)} s, other work ${fixed(v.cpu.other, 1)} s`;
    console.log(`  votes, one instance:   ${cpuLine(oneVotes)}`);
    console.log(`  votes, two instances:  ${cpuLine(twoVotes)}`);
    console.log(`  baseline, two instances ${fixed(twoBaseline.perSecond).padStart(5)} req/s (one: ${fixed(baseline.perSecond)})   votes two / one: ${fixed(scale, 2)}`);
    goals.push([`votes ≥ 0.8× baseline (${fixed(votesRatio, 2)})`, votesRatio >= 0.8]);
    goals.push([`votes: 0 lost, 0 duplicated (one: ${oneVotes.lost}/${oneVotes.duplicated}, two: ${twoVotes.lost}/${twoVotes.duplicated})`, oneVotes.lost + oneVotes.duplicated + twoVotes.lost + twoVotes.duplicated === 0]);
    goals.push([`two instances ≥ 1.5× one for votes (${fixed(scale, 2)})`, scale >= 1.5]);
    console.log(`\n  goals (load average now ${fixed(os.loadavg()[0], 1)}):`);
    for (const [label, ok] of goals) console.log(`  ${mark(ok)} ${label}`);
    if (cpuProf) printProfile();
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
