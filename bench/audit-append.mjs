#!/usr/bin/env node
// Audit log throughput: every audited command appends one hash-chained entry under a row
// lock on the chain's head, which serialises appends. This measures chained appends per
// second with C concurrent writers, against plain inserts of the same rows into an
// unchained copy of the table (the baseline), on the same server in the same run, and the
// time to verify the whole chain.
//
//   DATABASE_CLIENT=postgres node bench/audit-append.mjs [entries=2000] [concurrency=20]
//
// Runs against a throwaway database it creates and drops (PostgreSQL) or a temp file (SQLite).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freshSecrets } from '../scripts/secrets.mjs';

const require = createRequire(import.meta.url);
const [entries = 2000, concurrency = 20] = process.argv.slice(2).map(Number);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const name = `intranet_bench_${randomBytes(3).toString('hex')}`;
Object.assign(process.env, freshSecrets(), { NODE_ENV: 'test', LOG_LEVEL: 'error', SEED_DEMO: 'false', STARTUP_BANNER: 'false' });

const admin = { host: process.env.DATABASE_HOST ?? '127.0.0.1', port: Number(process.env.DATABASE_PORT ?? 5432), user: process.env.DATABASE_USERNAME ?? 'postgres', password: process.env.DATABASE_PASSWORD ?? '', database: 'postgres' };
if (client === 'postgres') {
  const c = new pg.Client(admin);
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  process.env.DATABASE_NAME = name;
} else {
  process.env.DATABASE_FILENAME = path.join(os.tmpdir(), `${name}.db`);
}

const { compileStrapi, createStrapi } = require('@strapi/strapi');
const app = await createStrapi(await compileStrapi()).load();
const knex = app.db.connection;

async function run(label, task) {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < entries) await task(next++); }));
  const seconds = (performance.now() - started) / 1000;
  return { label, perSecond: entries / seconds, seconds };
}

const entry = (i) => ({
  actor: { kind: 'user', id: 1 + (i % 50), label: `Adhérent ${i % 50} <a${i % 50}@exemple.fr> (federation-staff)` },
  action: 'plugin::membership.due.record',
  subject: { type: 'plugin::membership.due', id: `due${i}` },
  federationId: 1 + (i % 5),
  details: { year: 2026, amountCents: 3000 + (i % 7), method: 'virement' },
});

try {
  await knex.schema.createTable('bench_plain', (t) => {
    t.increments('seq');
    for (const c of ['occurred_at', 'actor_kind', 'actor_label', 'action', 'subject_type', 'subject_id', 'prev_hash', 'hash']) t.string(c);
    t.integer('actor_id');
    t.integer('federation_id');
    t.text('details');
  });
  const plain = await run('plain insert (baseline)', (i) => {
    const e = entry(i);
    return knex('bench_plain').insert({
      occurred_at: new Date().toISOString(), actor_kind: e.actor.kind, actor_id: e.actor.id, actor_label: e.actor.label,
      action: e.action, subject_type: e.subject.type, subject_id: e.subject.id, federation_id: e.federationId,
      details: JSON.stringify(e.details), prev_hash: '0'.repeat(64), hash: '0'.repeat(64),
    });
  });
  const log = app.plugin('audit').service('log');
  const chained = await run('audit record (chained)', (i) => log.record(entry(i)));
  const started = performance.now();
  const verified = await log.verify();
  const verifySeconds = (performance.now() - started) / 1000;

  console.log(`\nAudit log on ${client}, ${entries} entries, ${concurrency} concurrent writers, ${os.cpus().length} cores`);
  for (const r of [plain, chained]) console.log(`  ${r.label.padEnd(26)} ${r.perSecond.toFixed(0).padStart(7)} /s   (${r.seconds.toFixed(2)} s)`);
  console.log(`  ratio chained / plain       ${(chained.perSecond / plain.perSecond).toFixed(2)}`);
  console.log(`  verify whole chain         ${(verified.checked / verifySeconds).toFixed(0).padStart(7)} entries/s (${verifySeconds.toFixed(2)} s, valid: ${verified.valid})`);
} finally {
  await app.destroy();
  if (client === 'postgres') {
    const c = new pg.Client(admin);
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  } else {
    rmSync(process.env.DATABASE_FILENAME, { force: true });
  }
}
