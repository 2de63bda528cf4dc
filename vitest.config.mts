import { defineConfig } from 'vitest/config';

/**
 * One real Strapi per run: the global setup builds the plugins, compiles the app and
 * creates a fresh database (SQLite file, or PostgreSQL with DATABASE_CLIENT=postgres);
 * every test file then shares the instance booted by tests/support/strapi.ts.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'plugins/*/tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'threads',
    poolOptions: { threads: { singleThread: true, isolate: false } },
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    sequence: { hooks: 'list' },
  },
});
