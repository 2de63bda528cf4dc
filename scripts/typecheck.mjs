#!/usr/bin/env node
// Type-checks everything: the plugins' server code (by building it), the app, the admin
// panel's customisations with every plugin's admin pages (src/admin/tsconfig.json, as Strapi's
// admin template has it), each plugin's admin pages on its own (Strapi's admin bundler
// compiles them all without checking types), the tests (tsconfig.tests.json: tests/ with the
// browser journeys in tests/e2e/, and plugins/*/tests) and the benchmarks (tsconfig.bench.json),
// which vitest and esbuild-register run without checking types either.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

try {
  run([join(root, 'scripts', 'build-plugins.mjs')]);
  run([tsc, '-p', 'tsconfig.json', '--noEmit']);
  run([tsc, '-p', 'tsconfig.tests.json']);
  run([tsc, '-p', 'tsconfig.bench.json']);
  // The member portal and every plugin's portal/ pages (Vite bundles them without checking types).
  run([tsc, '-p', join('src', 'portal', 'tsconfig.json')]);
  run([tsc, '-p', join('src', 'admin', 'tsconfig.json')]);
  for (const plugin of readdirSync(join(root, 'plugins'))) {
    const admin = join('plugins', plugin, 'admin', 'tsconfig.json');
    if (existsSync(join(root, admin))) run([tsc, '-p', admin]);
  }
} catch {
  console.error('Type check failed: see the errors above.');
  process.exit(1);
}
