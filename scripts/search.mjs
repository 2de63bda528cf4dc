#!/usr/bin/env node
// The search index from the command line:
//   npm run search:reindex    rewrites every document, type by type, with a progress bar
//   npm run search:reconcile  compares index and database, repairs only the differences
//   npm run search:status     provider, documents per type, outbox backlog, last error
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

/** One line per type, redrawn in place on a terminal, every 10 % otherwise. */
function progressBar() {
  const tty = process.stdout.isTTY;
  let lastType = null;
  let lastTenth = -1;
  return ({ type, label, done, total, seconds }) => {
    const share = total ? Math.min(1, done / total) : 1;
    const width = 24;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const rate = seconds > 0 ? `${number(done / seconds)} doc/s` : '';
    const line = `${label.padEnd(16)} [${bar}] ${String(Math.round(share * 100)).padStart(3)} %  ${number(done)}/${number(total)}  ${rate}`;
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

const app = await loadStrapiForCommand();
try {
  const indexer = app.plugin('search').service('indexer');
  const provider = indexer.provider();
  if (command === 'status') {
    const counts = await provider.counts();
    const backlog = await indexer.backlog();
    const state = await indexer.state();
    console.log(`Moteur : ${provider.name === 'meilisearch' ? `Meilisearch (${process.env.MEILISEARCH_HOST})` : 'base de données'}`);
    console.log('Documents indexés :');
    for (const source of indexer.sources()) console.log(`  ${source.searchable.label.padEnd(16)} ${number(counts[source.searchable.type] ?? 0)}`);
    console.log(`File d’attente : ${number(backlog.pending)} changement(s), dont ${number(backlog.retrying)} en nouvel essai${backlog.oldest ? `, le plus ancien du ${backlog.oldest}` : ''}`);
    console.log(`Dernière erreur : ${backlog.lastError ?? state.last_error ?? 'aucune'}`);
    console.log(`Dernière réindexation : ${state.last_reindex ?? 'jamais'} ; dernier rapprochement : ${state.last_reconcile ?? 'jamais'}`);
  } else {
    const { rebuildIndex } = require('../plugins/search/dist/server/commands/rebuild-index.js');
    const started = Date.now();
    const reports = await rebuildIndex(app, { force: command === 'reindex', onProgress: progressBar() });
    if (process.stdout.isTTY) process.stdout.write('\n');
    for (const r of reports) {
      console.log(`${r.type.padEnd(16)} ${number(r.expected)} attendus : ${number(r.added)} ajoutés, ${number(r.changed)} ${command === 'reindex' ? 'réécrits' : 'corrigés'}, ${number(r.removed)} retirés (${r.seconds.toFixed(1)} s)`);
    }
    console.log(`Terminé en ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
} catch (error) {
  console.error(`Échec : ${error.message}`);
  process.exitCode = 1;
} finally {
  await app.destroy();
}
