#!/usr/bin/env node
// Compiles every local plugin (plugins/<id>/tsconfig.json) with TypeScript's build mode:
// dependencies first (project references), unchanged projects skipped. Strapi loads the
// compiled server entries only, so install, develop, build and test all run this first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pluginsDir = join(root, 'plugins');
const projects = readdirSync(pluginsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(pluginsDir, d.name, 'tsconfig.json')))
  .map((d) => join('plugins', d.name, 'tsconfig.json'));

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const watch = process.argv.includes('--watch') ? ['--watch'] : [];
try {
  execFileSync(process.execPath, [tsc, '-b', ...projects, ...watch], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('Plugin build failed: see the TypeScript errors above.');
  process.exit(1);
}
