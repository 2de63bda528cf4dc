#!/usr/bin/env node
// Builds the member portal (src/portal + plugins/*/portal) into public/portal with Vite.
// Run by `npm install` (postinstall), `npm run develop`, `npm run build` and the e2e tests,
// so a fresh clone serves the portal at / with no extra command.
import { build } from 'vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
try {
  await build({ configFile: join(root, 'src', 'portal', 'vite.config.mts'), mode: process.env.PORTAL_MODE ?? 'production' });
  console.log(`build-portal: member portal built into public/portal in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error('build-portal: the member portal did not build:', error?.message ?? error);
  process.exit(1);
}
