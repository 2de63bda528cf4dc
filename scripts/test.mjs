#!/usr/bin/env node
// `npm test`: the whole suite in SHARDS vitest processes, one after the other, each with its
// own fresh database and its own Strapi (tests/support/global-setup.ts). One Strapi per run
// serves every file of a shard; splitting keeps each run's data within what real data
// allows (test federations take real department codes: about a hundred; two parts of ~70
// files ran out of them, three leave room).
// `npm test -- <files or vitest options>` runs one vitest process with those arguments.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const SHARDS = Number(process.env.TEST_SHARDS ?? 3);
const vitest = createRequire(import.meta.url).resolve('vitest/vitest.mjs');
const run = (args) => spawnSync(process.execPath, [vitest, 'run', ...args], { stdio: 'inherit' }).status ?? 1;

const args = process.argv.slice(2);
if (args.length > 0) process.exit(run(args));

let failed = 0;
for (let shard = 1; shard <= SHARDS; shard++) {
  console.log(`\n== tests, part ${shard} of ${SHARDS}`);
  if (run([`--shard=${shard}/${SHARDS}`]) !== 0) failed++;
}
if (failed) console.error(`\n${failed} of ${SHARDS} parts failed: see above.`);
process.exit(failed ? 1 : 0);
