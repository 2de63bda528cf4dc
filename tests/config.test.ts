import { afterEach, describe, expect, it } from 'vitest';
import { env } from '@strapi/utils';
import server from '../config/server';
import admin from '../config/admin';
import plugins from '../config/plugins';
import database from '../config/database';

const SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('secrets come from the environment only', () => {
  it.each(SECRETS)('refuses to start without %s', (name) => {
    delete process.env[name];
    const load = () => {
      server({ env });
      admin({ env });
      plugins({ env });
    };
    expect(load).toThrow(`Missing secret ${name}`);
  });

  it('reads them when present, and uses refresh-token sessions with short access tokens', () => {
    expect(server({ env }).app.keys.length).toBeGreaterThan(0);
    expect(admin({ env }).auth.secret).toBe(process.env.ADMIN_JWT_SECRET);
    const up = (plugins({ env }) as any)['users-permissions'].config;
    expect(up).toMatchObject({ jwtSecret: process.env.JWT_SECRET, jwtManagement: 'refresh', sessions: { accessTokenLifespan: 900 } });
    // users-permissions' own limit (which counted successes) gives way to ours, on failures.
    expect(up.ratelimit).toMatchObject({ enabled: false });
    expect(server({ env }).authLimits).toMatchObject({ enabled: true, perAddress: 10, perAccount: 10 });
  });
});

describe('which plugins the deployment installs', () => {
  it('installs every local plugin by default and always the core ones', () => {
    const config = plugins({ env }) as any;
    for (const id of ['audit', 'membership', 'modules']) expect(config[id]).toEqual({ enabled: true, resolve: `./plugins/${id}` });
    expect(config.shared).toBeUndefined(); // a library, not a plugin
  });

  it('refuses an unknown plugin name in INTRANET_PLUGINS', () => {
    process.env.INTRANET_PLUGINS = 'membership,sondages';
    expect(() => plugins({ env })).toThrow('INTRANET_PLUGINS names unknown plugins: sondages');
  });
});

describe('database', () => {
  it('defaults to an SQLite file under .tmp/', () => {
    delete process.env.DATABASE_CLIENT;
    delete process.env.DATABASE_FILENAME;
    const { connection } = database({ env }) as any;
    expect(connection.client).toBe('sqlite');
    expect(connection.connection.filename).toMatch(/\.tmp\/data\.db$/);
  });

  it('uses PostgreSQL from DATABASE_URL or host variables, with SSL when asked', () => {
    process.env.DATABASE_CLIENT = 'postgres';
    process.env.DATABASE_URL = 'postgres://intranet:secret@db.example:5433/intranet';
    process.env.DATABASE_SSL = 'true';
    const { connection } = database({ env }) as any;
    expect(connection.client).toBe('postgres');
    expect(connection.connection).toMatchObject({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: true } });
  });

  it('refuses an unsupported client', () => {
    process.env.DATABASE_CLIENT = 'mysql';
    expect(() => database({ env })).toThrow('Unsupported DATABASE_CLIENT "mysql"');
  });
});

describe('scripts/ensure-env.mjs (development .env)', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const os = await import('node:os');
  const script = path.resolve(__dirname, '..', 'scripts', 'ensure-env.mjs');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => ![...SECRETS, 'DEMO_PASSWORD', 'NODE_ENV'].includes(k)));

  it('writes the missing secrets once and keeps them afterwards', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'env-')), '.env');
    execFileSync(process.execPath, [script], { env: { ...clean, ENV_FILE: file } });
    const first = readFileSync(file, 'utf8');
    for (const name of [...SECRETS, 'DEMO_PASSWORD']) expect(first).toMatch(new RegExp(`^${name}=.{16,}$`, 'm'));
    execFileSync(process.execPath, [script], { env: { ...clean, ENV_FILE: file } });
    expect(readFileSync(file, 'utf8')).toBe(first);
  });

  it('refuses to generate secrets in production', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'env-')), '.env');
    expect(() => execFileSync(process.execPath, [script], { env: { ...clean, ENV_FILE: file, NODE_ENV: 'production' }, stdio: 'pipe' })).toThrow();
  });
});
