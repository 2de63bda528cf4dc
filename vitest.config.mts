import { defineConfig } from 'vitest/config';

/**
 * One real Strapi per run: the global setup builds the plugins, compiles the app and
 * creates a fresh database (SQLite file, or PostgreSQL with DATABASE_CLIENT=postgres);
 * every test file then shares the instance booted by tests/support/strapi.ts.
 */
export default defineConfig({
  test: {
    // Browser tests need the built admin panel and Chromium: `npm run test:e2e` runs them.
    include: process.env.E2E === 'true' ? ['tests/e2e/**/*.e2e.test.ts'] : ['tests/**/*.test.ts', 'plugins/*/tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.E2E === 'true' ? [] : ['tests/e2e/**'])],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup-file.ts'],
    pool: 'threads',
    poolOptions: { threads: { singleThread: true, isolate: false } },
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    sequence: { hooks: 'list' },
  },
});
