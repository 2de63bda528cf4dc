#!/usr/bin/env node
// Applies the retention table once (issue 22, item 4), as the hourly job does:
//   npm run members:retention -- [--dry-run]
// erases the members who left MEMBER_RETENTION_YEARS ago or more, runs each plugin's purge
// (import staging rows, old dues of erased members, old notifications…) and prints the counts.
// --dry-run: prints what would be erased and purged; nothing changes, nothing is audited.
// Exit code: 0 done, 1 an erasure failed or the run stopped early (the next run tries again), 2 bad usage.
import { createRequire } from 'node:module';
import { loadStrapiForCommand } from './command-boot.mjs';
import { readCommandLine } from './command-line.mjs';

const require = createRequire(import.meta.url);

const { values: options } = readCommandLine({
  usage: 'npm run members:retention -- [--dry-run]',
  options: { 'dry-run': { type: 'boolean', default: false, description: 'simulation : affiche ce qui serait effacé et purgé, sans rien modifier' } },
});

const app = await loadStrapiForCommand();
const { applyRetention } = require('../plugins/membership/dist/server/commands/apply-retention.js');
try {
  const dryRun = options['dry-run'];
  const run = await applyRetention(app, { dryRun });
  if (run.skipped) {
    // Another instance's hourly job is applying the table: it does the work.
    console.log('Une autre application de la conservation est en cours (tâche du serveur) : rien fait ici, elle s’en charge.');
  } else {
    console.log(`${dryRun ? 'Simulation au' : 'Conservation appliquée le'} ${run.on}`);
    console.log(`Adhérents ${dryRun ? 'à effacer' : 'effacés'} : ${run.members.length - Object.keys(run.failed).length}`);
    for (const part of run.purged) {
      const counts = Object.entries(part.counts).map(([what, n]) => `${what} ${n}`).join(', ');
      console.log(`  ${part.source} : ${counts || 'rien'}`);
    }
    for (const [documentId, message] of Object.entries(run.failed)) console.error(`Échec pour ${documentId} : ${message}`);
    // Its job lock was lost (the database session holding it ended): stopped before the end.
    if (run.stopped) console.error('Arrêt avant la fin : le verrou de la tâche a été perdu ; la prochaine application fera le reste.');
  }
  process.exitCode = Object.keys(run.failed).length || run.stopped ? 1 : 0;
} catch (error) {
  console.error(`Échec : ${error.message}`);
  process.exitCode = 1;
} finally {
  await app.destroy();
}
