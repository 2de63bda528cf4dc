import fs from 'fs';
import path from 'path';
import { mailConfig } from '../src/platform/mail';
import { requireSecret } from '../src/platform/secrets';

/** Plugins every deployment runs: the others rely on them (notifications: invitations and password resets). */
const CORE_PLUGINS = ['audit', 'membership', 'modules', 'notifications'];

/** This file runs from config/ (admin build) or dist/config/ (server): find the app root either way. */
function appRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'plugins')) || !fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No plugins/ folder above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Local plugins found in plugins/ (a folder with a package.json whose strapi.kind is "plugin"). */
function localPlugins(): string[] {
  const root = path.join(appRoot(__dirname), 'plugins');
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => {
      const manifest = path.join(root, entry.name, 'package.json');
      return fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).strapi?.kind === 'plugin';
    })
    .map((entry) => entry.name);
}

/**
 * INTRANET_PLUGINS chooses which optional plugins this deployment installs: "all"
 * (default) or a comma-separated list. Federations then switch installed modules on or off.
 */
function installedPlugins(selection: string): string[] {
  const available = localPlugins();
  const optional = available.filter((id) => !CORE_PLUGINS.includes(id));
  if (selection.trim() === 'all') return available;
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !optional.includes(id) && !CORE_PLUGINS.includes(id));
  if (unknown.length) {
    throw new Error(`INTRANET_PLUGINS names unknown plugins: ${unknown.join(', ')}. Available: ${optional.join(', ') || '(none)'}.`);
  }
  return [...new Set([...CORE_PLUGINS, ...wanted])];
}

export default ({ env }: { env: any }) => {
  const local = Object.fromEntries(
    installedPlugins(env('INTRANET_PLUGINS', 'all')).map((id) => [id, { enabled: true, resolve: `./plugins/${id}` }])
  );
  return {
    'users-permissions': {
      config: {
        jwtSecret: requireSecret(env, 'JWT_SECRET'),
        // Short-lived access tokens renewed with a rotating refresh token, not 30-day JWTs.
        jwtManagement: 'refresh',
        sessions: {
          accessTokenLifespan: env.int('ACCESS_TOKEN_LIFESPAN', 15 * 60),
          maxRefreshTokenLifespan: env.int('REFRESH_TOKEN_MAX_LIFESPAN', 30 * 24 * 3600),
          idleRefreshTokenLifespan: env.int('REFRESH_TOKEN_IDLE_LIFESPAN', 7 * 24 * 3600),
          httpOnly: env.bool('REFRESH_TOKEN_HTTP_ONLY', false),
          // The portal asks for cookie mode (`x-strapi-refresh-cookie: httpOnly`): the refresh
          // token then travels only to /api/auth, never cross-site, Secure in production.
          cookie: {
            // Stated, not left to users-permissions' default (same rule): a browser sends it
            // over HTTPS only in production; `REFRESH_COOKIE_SECURE=false` for a plain-HTTP
            // test deployment, never in real use.
            secure: env.bool('REFRESH_COOKIE_SECURE', env('NODE_ENV') === 'production'),
            sameSite: 'strict',
            path: '/api/auth',
            maxAge: env.int('REFRESH_TOKEN_MAX_LIFESPAN', 30 * 24 * 3600) * 1000,
          },
        },
        // Replaced by our budgets (src/middlewares/auth-limits.ts), which count failures, not members signing in.
        ratelimit: { enabled: false },
        register: { allowedFields: [] },
      },
    },
    // Email through nodemailer: SMTP, .eml files in development, or nothing (src/platform/mail.ts).
    email: { config: mailConfig(env, appRoot(__dirname)) },
    upload: {
      config: {
        // Documents and images only: nothing a browser would run (HTML, SVG, scripts).
        security: {
          allowedTypes: [
            'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv',
            'application/rtf', 'application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint',
            'application/vnd.openxmlformats-officedocument.*', 'application/vnd.oasis.opendocument.*',
          ],
          deniedTypes: ['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/javascript', 'text/javascript'],
        },
      },
    },
    ...local,
  };
};
