#!/usr/bin/env node
// Applies the retention table once (issue 22, item 4), as the hourly job does:
//   npm run members:retention -- [--dry-run]
// erases the members who left MEMBER_RETENTION_YEARS ago or more, runs each plugin's purge
// (import staging rows, old dues of erased members, old notifications…) and prints the counts.
// --dry-run: prints what would be erased and purged; nothing changes, nothing is audited.
// Exit code: 0 done, 1 an erasure failed (the next run tries again), 2 bad usage.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { compileStrapi, createStrapi } = require('@strapi/strapi');

let options;
try {
  options = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } }).values;
} catch (error) {
  console.error(`${error.message}\nUsage : npm run members:retention -- [--dry-run]`);
  process.exit(2);
}

process.env.SEED_DEMO = 'false';
process.env.SEARCH_WORKER = 'false';
process.env.MEMBER_IMPORT_RESUME = 'false';
// Background work of the server's boot is the server's: this process stops when its run is
// done (a job still running then would fail on the closed database connections).
process.env.MEMBER_DATA_EXPORT_RESUME = 'false';
process.env.CRON_ENABLED = 'false';
process.env.LOG_LEVEL ??= 'warn';
process.env.STARTUP_BANNER = 'false';

const app = await createStrapi(await compileStrapi()).load();
const { applyRetention } = require('../plugins/membership/dist/server/commands/apply-retention.js');
try {
  const dryRun = options['dry-run'];
  const run = await applyRetention(app, { dryRun });
  console.log(`${dryRun ? 'Simulation au' : 'Conservation appliquée le'} ${run.on}`);
  console.log(`Adhérents ${dryRun ? 'à effacer' : 'effacés'} : ${run.members.length - Object.keys(run.failed).length}`);
  for (const part of run.purged) {
    const counts = Object.entries(part.counts).map(([what, n]) => `${what} ${n}`).join(', ');
    console.log(`  ${part.source} : ${counts || 'rien'}`);
  }
  for (const [documentId, message] of Object.entries(run.failed)) console.error(`Échec pour ${documentId} : ${message}`);
  process.exitCode = Object.keys(run.failed).length ? 1 : 0;
} catch (error) {
  console.error(`Échec : ${error.message}`);
  process.exitCode = 1;
} finally {
  await app.destroy();
}
