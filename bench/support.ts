import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { Core } from '@strapi/strapi';
import { freshSecrets } from '../scripts/secrets.cjs';

/**
 * Benchmarks boot the real application against a throwaway database (PostgreSQL with
 * DATABASE_CLIENT=postgres, else SQLite), print their figures, and always clean up.
 */
export const client = process.env.DATABASE_CLIENT ?? 'sqlite';
/** BENCH_DATABASE=name: a database kept between runs (created when missing, never dropped), so a seeded corpus is reused. */
export const reusedDatabase = process.env.BENCH_DATABASE && /^[a-z0-9_]+$/.test(process.env.BENCH_DATABASE) ? process.env.BENCH_DATABASE : null;
export const databaseName = reusedDatabase ?? `intranet_bench_${randomBytes(3).toString('hex')}`;

export const pgAdmin = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
});

async function pg(sql: string, values: unknown[] = []) {
  const c = new Client({ ...pgAdmin(), database: 'postgres' });
  await c.connect();
  const result = await c.query(sql, values);
  await c.end();
  return result;
}

export async function withStrapi(run: (strapi: Core.Strapi) => Promise<void>) {
  Object.assign(process.env, freshSecrets(), { NODE_ENV: 'test', LOG_LEVEL: 'error', SEED_DEMO: 'false', STARTUP_BANNER: 'false' });
  if (client === 'postgres') {
    const exists = reusedDatabase && (await pg('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName])).rowCount;
    if (!exists) await pg(`CREATE DATABASE ${databaseName}`);
    process.env.DATABASE_NAME = databaseName;
  } else {
    process.env.DATABASE_FILENAME = path.join(os.tmpdir(), `${databaseName}.db`);
  }
  const { compileStrapi, createStrapi } = createRequire(__filename)('@strapi/strapi');
  const strapi: Core.Strapi = await createStrapi(await compileStrapi()).load();
  strapi.server.mount(); // attach the routes (load alone does not)
  try {
    await run(strapi);
  } finally {
    await strapi.destroy();
    // BENCH_KEEP_DATABASE=true keeps a PostgreSQL database for a look afterwards (EXPLAIN…).
    if (reusedDatabase || (client === 'postgres' && process.env.BENCH_KEEP_DATABASE === 'true')) console.log(`\n  database kept: ${databaseName}`);
    else if (client === 'postgres') await pg(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    else for (const suffix of ['', '-wal', '-shm']) rmSync(`${process.env.DATABASE_FILENAME}${suffix}`, { force: true });
  }
}

export async function timed<T>(run: () => Promise<T> | T): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await run();
  return { result, seconds: (performance.now() - started) / 1000 };
}

export async function inBatches<T, R>(items: T[], size: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => run(x, i + j)))));
  return results;
}

export const machine = () => `${os.cpus().length} cores, ${client === 'postgres' ? 'PostgreSQL' : 'SQLite'}, Node ${process.version}`;
export const fixed = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Deterministic pseudo-random numbers (the test corpus's): the same seed gives the same run. */
export { seeded } from '../plugins/consultations/tests/support/gard-corpus';

/** The p-th percentile (0–100) of some values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Latency summary of some durations (ms). */
export function latencies(ms: number[]) {
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    mean: ms.reduce((s, x) => s + x, 0) / (ms.length || 1),
    max: Math.max(...ms),
  };
}
