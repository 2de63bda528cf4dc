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

describe('the refresh cookie, as users-permissions builds it from our configuration', () => {
  // users-permissions' own builder, so the test follows what the server sends in Set-Cookie.
  // (not in the package's exports: read by its path)
  const { buildRefreshCookieOptions } = require(require('node:path').resolve(__dirname, '../node_modules/@strapi/plugin-users-permissions/server/src/utils/refresh-cookie-options.js'));
  const cookieIn = (nodeEnv: string) => {
    process.env.NODE_ENV = nodeEnv;
    process.env.MAIL_DISABLED = 'true'; // production refuses to load without SMTP otherwise
    const sessions = (plugins({ env }) as any)['users-permissions'].config.sessions;
    return buildRefreshCookieOptions(sessions, nodeEnv === 'production');
  };

  it('is Secure in production, unreadable by scripts, never sent cross-site, and only to /api/auth', () => {
    expect(cookieIn('production')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'strict', path: '/api/auth' });
  });

  it('is not Secure on the plain-HTTP development server (else the browser would drop it)', () => {
    expect(cookieIn('development')).toMatchObject({ httpOnly: true, secure: false, sameSite: 'strict' });
  });

  it('obeys REFRESH_COOKIE_SECURE when a deployment states it', () => {
    process.env.REFRESH_COOKIE_SECURE = 'false';
    expect(cookieIn('production').secure).toBe(false);
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

describe('email (Strapi’s email plugin with nodemailer)', () => {
  const MAIL_VARS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE', 'MAIL_FROM', 'MAIL_REPLY_TO', 'MAIL_DISABLED'];
  const emailConfig = () => (plugins({ env }) as any).email.config;
  const clear = () => {
    for (const name of MAIL_VARS) delete process.env[name];
  };

  it('sends by SMTP when SMTP_HOST is set, from MAIL_FROM with MAIL_REPLY_TO', () => {
    clear();
    Object.assign(process.env, { SMTP_HOST: 'smtp.example.org', SMTP_PORT: '2525', SMTP_USER: 'intranet', SMTP_PASSWORD: 'secret', MAIL_FROM: 'Intranet <intranet@example.org>', MAIL_REPLY_TO: 'contact@example.org' });
    expect(emailConfig()).toEqual({
      provider: 'nodemailer',
      providerOptions: { host: 'smtp.example.org', port: 2525, secure: false, auth: { user: 'intranet', pass: 'secret' } },
      settings: { defaultFrom: 'Intranet <intranet@example.org>', defaultReplyTo: 'contact@example.org' },
    });
    process.env.SMTP_SECURE = 'true';
    delete process.env.SMTP_PORT;
    delete process.env.SMTP_USER;
    expect(emailConfig().providerOptions).toEqual({ host: 'smtp.example.org', port: 465, secure: true });
  });

  it('writes .eml files under .tmp/mail/ in development without SMTP, and prints their links', async () => {
    clear();
    process.env.NODE_ENV = 'development';
    const config = emailConfig();
    expect(config.provider).toBe('nodemailer');
    expect(config.providerOptions.name).toBe('eml-file');

    const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { createTransport } = await import('nodemailer');
    const { emlFileTransport } = await import('../src/platform/mail');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mail-'));
    const lines: string[] = [];
    const transport = createTransport(emlFileTransport(dir, (line) => lines.push(line)) as any);
    await transport.sendMail({ from: 'a@example.org', to: 'camille@example.org', subject: 'Activez votre compte', text: 'Lien : http://localhost:1337/activer?code=abc', html: '<p>Lien</p>' });
    const [file] = readdirSync(dir);
    expect(file).toMatch(/camille@example\.org\.eml$/);
    const raw = readFileSync(path.join(dir, file), 'utf8');
    expect(raw).toContain('Subject: Activez votre compte');
    expect(raw).toContain('multipart/alternative');
    expect(lines).toEqual([expect.stringContaining('link: http://localhost:1337/activer?code=abc')]);
  });

  it('refuses to start in production without SMTP, unless MAIL_DISABLED=true', () => {
    clear();
    process.env.NODE_ENV = 'production';
    expect(() => plugins({ env })).toThrow('No SMTP server configured: set SMTP_HOST');
    process.env.SMTP_HOST = 'smtp.example.org';
    expect(() => plugins({ env })).toThrow('MAIL_FROM is not set');
    delete process.env.SMTP_HOST;
    process.env.MAIL_DISABLED = 'true';
    expect(emailConfig().providerOptions.name).toBe('discard');
  });
});

describe('what `npm run develop` restarts for (its chokidar watcher, `admin.watchIgnoreFiles`)', () => {
  // Strapi's develop passes `watchIgnoreFiles` to chokidar 3's `ignored`, which matches them with
  // anymatch against each changed file's absolute path (node_modules/@strapi/strapi/dist/src/node/develop.js).
  const anymatch = require('anymatch');
  const root = require('node:path').resolve(__dirname, '..');
  const ignored = (file: string) => anymatch(admin({ env }).watchIgnoreFiles, `${root}/${file}`);

  it('not for documentation, tests, benchmarks, the command lines, the portal or files the tests write', () => {
    for (const file of [
      'README.md',
      'database/migrations/README.md',
      'plugins/membership/README.md',
      'docs/exploitation.md',
      'docs/schema.png',
      'tests/config.test.ts',
      'plugins/search/tests/commands.test.ts',
      'bench/search.ts',
      'tsconfig.tests.json',
      'tsconfig.bench.json',
      'scripts/search.mjs',
      'vitest.config.mts',
      'vitest.config.mts.timestamp-1700000000000-abc.mjs',
      'src/portal/pages/Home.tsx',
      'plugins/events/portal/pages.tsx',
      'coverage/index.html',
      '.tmp/data.db',
      '.tmp/mail/message.eml',
    ]) {
      expect(ignored(file), file).toBe(true);
    }
  });

  it('still for the server’s code and configuration', () => {
    for (const file of ['config/admin.ts', 'config/plugins.ts', 'src/index.ts', 'src/middlewares/body-guard.ts', 'plugins/search/server/src/index.ts', 'database/migrations/2026.01.01-fts.js', 'package.json', 'tsconfig.json']) {
      expect(ignored(file), file).toBe(false);
    }
  });
});

describe('scheduled jobs', () => {
  it('are not started when cron is off (tests drive the clocks): Strapi would start plugins’ jobs anyway', async () => {
    const { bootStrapi } = await import('./support/strapi');
    const strapi = await bootStrapi();
    expect(strapi.config.get('server.cron.enabled')).toBe(false);
    const names = (strapi.cron.jobs as { name: string | null }[]).map((j) => j.name);
    expect(names).not.toContain('consultationsClock');
    expect(names).not.toContain('auditAnchor');
    const { scheduleJobs } = await import('@intranet-militant/shared');
    const fake = { config: { get: () => true }, cron: { add: (jobs: object) => Object.keys(jobs) } } as any;
    expect(scheduleJobs(fake, { job: { task: async () => undefined, options: { rule: '* * * * *' } } })).toBe(true);
  }, 180_000); // the run's Strapi may boot here
});
