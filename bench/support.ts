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
export const databaseName = `intranet_bench_${randomBytes(3).toString('hex')}`;

export const pgAdmin = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
});

async function pg(sql: string) {
  const c = new Client({ ...pgAdmin(), database: 'postgres' });
  await c.connect();
  await c.query(sql);
  await c.end();
}

export async function withStrapi(run: (strapi: Core.Strapi) => Promise<void>) {
  Object.assign(process.env, freshSecrets(), { NODE_ENV: 'test', LOG_LEVEL: 'error', SEED_DEMO: 'false', STARTUP_BANNER: 'false' });
  if (client === 'postgres') {
    await pg(`CREATE DATABASE ${databaseName}`);
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
    if (client === 'postgres') await pg(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
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
