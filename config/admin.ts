import { requireSecret } from '../src/platform/secrets';

export default ({ env }: { env: any }) => ({
  auth: {
    secret: requireSecret(env, 'ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: requireSecret(env, 'API_TOKEN_SALT'),
  },
  transfer: {
    token: { salt: requireSecret(env, 'TRANSFER_TOKEN_SALT') },
  },
  secrets: {
    encryptionKey: requireSecret(env, 'ENCRYPTION_KEY'),
  },
  // The member portal is built by Vite (npm run build:portal), not by Strapi's watcher; tests,
  // benchmarks and vitest's config stamps (`*.timestamp-*.mjs`) never restart `npm run develop`.
  watchIgnoreFiles: [
    '**/src/portal/**',
    '**/public/portal/**',
    '**/plugins/*/portal/**',
    '**/tests/**',
    '**/bench/**',
    '**/*.timestamp-*.mjs',
  ],
  flags: {
    nps: false,
    promoteEE: false,
  },
});
