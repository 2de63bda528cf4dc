#!/usr/bin/env node
// The search index from the command line:
//   npm run search:reindex    rewrites every document, type by type, with a progress bar
//   npm run search:reconcile  compares index and database, repairs only the differences
//   npm run search:status     provider, documents per type, outbox backlog, last error
// Reindex and reconcile take the index's job lock (`search-catch-up`, as the boot's catch-up):
// while another run holds it they do nothing and say so.
// Exit code: 0 done; 1 failed, stopped (lock lost) or not run (another run holds the lock); 2 bad usage.
import { createRequire } from 'node:module';
import { loadStrapiForCommand } from './command-boot.mjs';
import { readCommandLine, usageError } from './command-line.mjs';

const require = createRequire(import.meta.url);

// The npm scripts pass the command (`search:reindex` runs `search.mjs reindex`); none takes an option.
const COMMAND = { usage: 'npm run search:reindex | npm run search:reconcile | npm run search:status', positionals: 1 };
const [command] = readCommandLine(COMMAND).positionals;
if (!['reindex', 'reconcile', 'status'].includes(command)) {
  usageError(COMMAND, command ? `Commande inconnue : ${command} (reindex, reconcile ou status).` : 'Indiquez la commande : reindex, reconcile ou status.');
}

const number = (n) => Math.round(n).toLocaleString('fr-FR');
// « 1 entrée lue », « 3 entrées lues »: the plural rule the portal and the server use (plugins/shared/src/numbers.ts).
const { plural } = require('@intranet-militant/shared');
const seconds = (s) => s.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * One line per type, redrawn in place on a terminal, every 10 % otherwise; labels padded to
 * `width`. It counts entries read (`done/total`): the summary's « lues » ends where it does.
 */
function progressBar(width) {
  const tty = process.stdout.isTTY;
  let lastType = null;
  let lastTenth = -1;
  return ({ type, label, done, total, seconds: elapsed }) => {
    const share = total ? Math.min(1, done / total) : 1;
    const bar = '█'.repeat(Math.round(share * 24)).padEnd(24, '░');
    const rate = elapsed > 0 ? `${number(done / elapsed)} entrées/s` : '';
    const line = `${label.padEnd(width)} [${bar}] ${String(Math.round(share * 100)).padStart(3)} %  ${number(done)}/${number(total)}  ${rate}`.trimEnd();
    if (tty) {
      if (lastType && lastType !== type) process.stdout.write('\n');
      process.stdout.write(`\r${line}`);
    } else if (type !== lastType || Math.floor(share * 10) !== lastTenth) {
      console.log(line);
    }
    lastType = type;
    lastTenth = Math.floor(share * 10);
  };
}

/** A type's summary line: its French label, the entries read (as the bar ended), the searchable ones, what was written. */
function summaryLine(report, width, rewritten) {
  const writes = `${plural(report.added, 'ajouté')}, ${plural(report.changed, ...rewritten)}, ${plural(report.removed, 'retiré')}`;
  return `${report.label.padEnd(width)} ${plural(report.read, 'entrée lue', 'entrées lues')}, ${number(report.expected)} à indexer : ${writes} (${seconds(report.seconds)} s)`;
}

const app = await loadStrapiForCommand();
try {
  const indexer = app.plugin('search').service('indexer');
  const provider = indexer.provider();
  // The types' French labels, in one column.
  const width = Math.max(16, ...indexer.sources().map((source) => source.searchable.label.length));
  if (command === 'status') {
    const counts = await provider.counts();
    const backlog = await indexer.backlog();
    const state = await indexer.state();
    console.log(`Moteur : ${provider.name === 'meilisearch' ? `Meilisearch (${process.env.MEILISEARCH_HOST})` : 'base de données'}`);
    console.log('Documents indexés :');
    for (const source of indexer.sources()) console.log(`  ${source.searchable.label.padEnd(width)} ${number(counts[source.searchable.type] ?? 0)}`);
    console.log(`File d’attente : ${plural(backlog.pending, 'changement')}, dont ${number(backlog.retrying)} en nouvel essai${backlog.oldest ? `, le plus ancien du ${backlog.oldest}` : ''}`);
    console.log(`Dernière erreur : ${backlog.lastError ?? state.last_error ?? 'aucune'}`);
    console.log(`Dernière réindexation : ${state.last_reindex ?? 'jamais'} ; dernier rapprochement : ${state.last_reconcile ?? 'jamais'}`);
  } else {
    const { rebuildIndexUnderLock } = require('../plugins/search/dist/server/commands/rebuild-index.js');
    const started = Date.now();
    const run = await rebuildIndexUnderLock(app, { force: command === 'reindex', onProgress: progressBar(width) });
    if (process.stdout.isTTY) process.stdout.write('\n');
    if (run.skipped) {
      // The index's job lock (the boot's catch-up takes it too): the other run does its work, not ours.
      console.error('Une autre mise à jour de l’index de recherche est en cours (search:reindex ou search:reconcile lancé ailleurs, ou le rattrapage au démarrage d’une instance) : rien n’a été fait ici. Relancez la commande une fois celle-ci terminée.');
      process.exitCode = 1;
    } else {
      for (const report of run.reports) console.log(summaryLine(report, width, command === 'reindex' ? ['réécrit', 'réécrits'] : ['corrigé', 'corrigés']));
      if (run.stopped) {
        console.error('Arrêt avant la fin : le verrou de la tâche a été perdu (la session de base de données qui le tenait s’est terminée) ; relancez la commande pour finir.');
        process.exitCode = 1;
      } else {
        console.log(`Terminé en ${seconds((Date.now() - started) / 1000)} s.`);
      }
    }
  }
} catch (error) {
  console.error(`Échec : ${error.message}`);
  process.exitCode = 1;
} finally {
  await app.destroy();
}
