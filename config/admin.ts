import { requireSecret } from '../src/platform/secrets';

export default ({ env }: { env: any }) => ({
  auth: {
    secret: requireSecret(env, 'ADMIN_JWT_SECRET'),
  },
  // Strapi's own budget on the panel's sign-in doors (koa2-ratelimit: 5 requests per 5 minutes
  // per email, path and address) counts successes too: a staff member signing in a sixth time in
  // five minutes (several devices, a session that ended) was refused. Our budgets
  // (src/middlewares/auth-limits.ts) guard the same doors, counting failures, per address and
  // per account, shared by instances.
  rateLimit: { enabled: false },
  apiToken: {
    salt: requireSecret(env, 'API_TOKEN_SALT'),
  },
  transfer: {
    token: { salt: requireSecret(env, 'TRANSFER_TOKEN_SALT') },
  },
  secrets: {
    encryptionKey: requireSecret(env, 'ENCRYPTION_KEY'),
  },
  // What `npm run develop` does not restart for (chokidar globs, beside Strapi's own list): the
  // member portal, built by Vite (npm run build:portal); documentation (README.md, any `*.md`,
  // docs/); tests, benchmarks, their type-check configs (tsconfig.tests.json, tsconfig.bench.json)
  // and vitest's config and its stamps (`*.timestamp-*.mjs`); the
  // command lines and build scripts (scripts/: never loaded by the server); coverage reports
  // and `.tmp/` (databases, mail, test files; dot-folders are Strapi's default already).
  watchIgnoreFiles: [
    '**/src/portal/**',
    '**/public/portal/**',
    '**/plugins/*/portal/**',
    '**/tests/**',
    '**/bench/**',
    '**/tsconfig.tests.json',
    '**/tsconfig.bench.json',
    '**/*.timestamp-*.mjs',
    '**/vitest.config.*',
    '**/*.md',
    '**/docs/**',
    '**/scripts/**',
    '**/coverage/**',
    '**/.tmp/**',
  ],
  // The admin panel's « Mot de passe oublié » email, in French (Strapi's own is English).
  // `<%= url %>` is the reset link, `<%= user.firstname %>` the staff member's first name.
  forgotPassword: {
    emailTemplate: {
      subject: 'Panneau d’administration : choisir un nouveau mot de passe',
      text: [
        'Bonjour <%= user.firstname %>,',
        '',
        'Une demande de nouveau mot de passe a été faite pour votre compte du panneau d’administration de l’intranet.',
        'Pour le choisir, ouvrez ce lien :',
        '',
        '<%= url %>',
        '',
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
      ].join('\n'),
      html: [
        '<p>Bonjour <%= user.firstname %>,</p>',
        '<p>Une demande de nouveau mot de passe a été faite pour votre compte du panneau d’administration de l’intranet.</p>',
        '<p><a href="<%= url %>">Choisir un nouveau mot de passe</a></p>',
        '<p>Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.</p>',
      ].join('\n'),
    },
  },
  // No vendor marketing in the panel: no satisfaction survey (nps), no « purchase » pages for
  // licence-only features in the settings menu (promoteEE), no AI features (they need Strapi's
  // paid licence and its servers). What no switch reaches is withdrawn in the page
  // (src/admin/commercial-extras.ts).
  flags: {
    nps: false,
    promoteEE: false,
  },
  ai: { enabled: false },
});
