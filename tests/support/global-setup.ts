import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import { freshSecrets } from '../../scripts/secrets.cjs';

const root = path.resolve(__dirname, '..', '..');
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** Connection to the server's maintenance database, from the same variables the app reads. */
function adminConnection() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const u = new URL(url);
    u.pathname = '/postgres';
    return { connectionString: u.toString() };
  }
  return {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? '',
    database: 'postgres',
  };
}

export default async function setup() {
  process.env.NODE_ENV = 'test';
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  // Throwaway secrets for this run only.
  for (const [name, value] of Object.entries(freshSecrets() as Record<string, string>)) process.env[name] ??= value;
  // Each run anchors its own audit log (a fresh database each time).
  process.env.AUDIT_ANCHOR_FILE ??= path.join(root, '.tmp', `audit-anchor-${runId}.json`);
  // Private files (case documents…) of this run, removed with its database.
  const privateFiles = (process.env.PRIVATE_FILES_DIR ??= path.join(root, '.tmp', `private-files-${runId}`));

  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-plugins.mjs')], { cwd: root, stdio: 'inherit' });

  let teardown: () => Promise<void>;
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const name = `intranet_test_${runId}`;
    const client = new Client(adminConnection());
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    process.env.DATABASE_NAME = name;
    if (process.env.DATABASE_URL) {
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = `/${name}`;
      process.env.DATABASE_URL = u.toString();
    }
    teardown = async () => {
      const c = new Client(adminConnection());
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
    const file = path.join(root, '.tmp', `test-${runId}.db`);
    mkdirSync(path.dirname(file), { recursive: true });
    process.env.DATABASE_FILENAME = file;
    teardown = async () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
      // Job lock files left by a killed process (`withJobLock` on SQLite: `<file>.job-<job>.lock`).
      for (const name of readdirSync(path.dirname(file))) {
        if (name.startsWith(`${path.basename(file)}.job-`)) rmSync(path.join(path.dirname(file), name), { recursive: true, force: true });
      }
    };
  }

  // compileStrapi exits the process on a TypeScript error: do it here, before any test.
  const { compileStrapi } = createRequire(__filename)('@strapi/strapi');
  await compileStrapi({ appDir: root, ignoreDiagnostics: false });

  return async () => {
    await teardown();
    rmSync(privateFiles, { recursive: true, force: true });
  };
}
