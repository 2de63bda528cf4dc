#!/usr/bin/env node
// Imports a federation's members and dues from a CSV or XLSX file, with the same rules,
// dry run, batches, resume and audit as the admin panel's import (plugins/membership):
//   npm run members:import -- adherents.csv --federation 30 [--dry-run] [--invite]
//        [--create-sections] [--as equipe@federation.fr] [--mapping '{"email":"Courriel"}']
//   npm run members:import -- --resume        goes on with imports a stop interrupted
// --federation: the department code (30, 2A, 974) or the federation's documentId.
// --as: the account in whose name (and with whose rights) the import runs; without it, the
// command line acts as a national admin (whoever runs it holds the server).
// Exit code: 0 every row imported (or, with --dry-run, importable); 1 the file or the import
// refused or failed, or at least one row refused (the others are written; the first refused
// rows are printed with their reasons); 2 bad usage (arguments, file not found, --mapping).
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { accessSync, constants, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadStrapiForCommand } from './command-boot.mjs';
import { readCommandLine, usageError } from './command-line.mjs';

const require = createRequire(import.meta.url);

const COMMAND = {
  usage: 'npm run members:import -- fichier.csv --federation 30 [--dry-run] [--invite] [--create-sections] [--as email] [--mapping json]\n        npm run members:import -- --resume',
  positionals: 1,
  options: {
    federation: { type: 'string', value: 'code', description: 'la fédération : son code de département (30, 2A, 974) ou son documentId' },
    'dry-run': { type: 'boolean', default: false, description: 'simulation : affiche l’aperçu et les lignes refusées, sans rien importer' },
    invite: { type: 'boolean', default: false, description: 'envoie leur invitation aux adhérents créés' },
    'create-sections': { type: 'boolean', default: false, description: 'crée les sections du fichier qui n’existent pas encore' },
    as: { type: 'string', value: 'email', description: 'le compte au nom (et avec les droits) duquel l’import est fait ; sans elle, l’administration nationale' },
    mapping: { type: 'string', value: 'json', description: 'la correspondance champ → colonne, en JSON : \'{"email":"Courriel"}\'' },
    resume: { type: 'boolean', default: false, description: 'reprend les imports qu’un arrêt a interrompus' },
  },
};
const { values: options, positionals } = readCommandLine(COMMAND);
const file = positionals[0];
if (!options.resume && (!file || !options.federation)) {
  usageError(COMMAND, file ? 'Indiquez la fédération (--federation).' : 'Indiquez le fichier CSV ou XLSX à importer.');
}
if (file) {
  const problem = fileProblem(file);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
}
// The mapping is checked as the API checks it (same schema, same French messages), before
// anything starts.
let mapping;
if (options.mapping !== undefined) {
  const { parseInput } = require('@intranet-militant/shared');
  const { importUpload } = require('../plugins/membership/dist/server/validation/schemas.js');
  const { IMPORT_FIELDS } = require('../plugins/membership/dist/server/import/fields.js');
  try {
    mapping = parseInput(importUpload, { mapping: options.mapping }).mapping;
  } catch (error) {
    const reasons = (error?.details?.errors ?? []).map((e) => `  ${['--mapping', ...e.path.slice(1)].join(' → ')} : ${e.message}`);
    console.error(`Correspondance des colonnes (--mapping) invalide :\n${reasons.join('\n') || `  ${error.message}`}`);
    console.error(`Attendu : un objet JSON champ → nom de colonne, par exemple --mapping '{"email":"Courriel","membershipNumber":"N° adhérent"}'.`);
    console.error(`Champs : ${IMPORT_FIELDS.join(', ')}.`);
    process.exit(2);
  }
}

const number = (n) => Math.round(n).toLocaleString('fr-FR');
// « 1 créé », « 2 refusés »: the plural rule the portal and the server use (plugins/shared/src/numbers.ts).
const { plural } = require('@intranet-militant/shared');

function progress() {
  const started = Date.now();
  return (done, total) => {
    const share = total ? done / total : 1;
    const bar = '█'.repeat(Math.round(share * 24)).padEnd(24, '░');
    const rate = number(done / Math.max(0.001, (Date.now() - started) / 1000));
    const line = `Import [${bar}] ${String(Math.round(share * 100)).padStart(3)} %  ${number(done)}/${number(total)} lignes  ${rate} lignes/s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  };
}

const app = await loadStrapiForCommand();
const imports = require('../plugins/membership/dist/server/commands/import-members.js');
const { importRows } = require('../plugins/membership/dist/server/queries/imports.js');
try {
  if (options.resume) {
    const resumed = await imports.resumeImports(app);
    console.log(`${plural(resumed, 'import repris', 'imports repris')}.`);
  } else {
    const federation = await app.db.query('plugin::membership.federation').findOne({
      where: { $or: [{ departmentCode: options.federation.toUpperCase() }, { documentId: options.federation }] },
    });
    if (!federation) throw Object.assign(new Error(`Fédération inconnue : ${options.federation}`), { usage: true });
    const actor = options.as
      ? await actorOfEmail(options.as)
      : { userId: 0, label: `ligne de commande (${userInfo().username})`, role: 'national-admin', memberId: null, memberDocumentId: null, federationId: null, sectionId: null, status: null };
    const job = await imports.startImport(app, actor, {
      path: resolve(file),
      fileName: basename(file),
      federation: federation.documentId,
      mapping,
    });
    report(job);
    if (job.preview.counts?.refused && (options['dry-run'] || job.preview.problems.length)) await printRefused(actor, job.documentId, job.preview.counts.refused);
    if (job.preview.problems.length || options['dry-run']) {
      process.exitCode = job.preview.problems.length || job.preview.counts?.refused ? 1 : 0;
    } else {
      const sections = options['create-sections'] ? job.preview.missingSections.map((s) => s.name) : [];
      const confirmed = await imports.confirmImport(app, actor, job.documentId, { invite: options.invite, createSections: sections });
      const started = Date.now();
      const result = await imports.runImport(app, confirmed.id, { onProgress: progress() });
      if (process.stdout.isTTY) process.stdout.write('\n');
      const seconds = ((Date.now() - started) / 1000).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      console.log(`Terminé en ${seconds} s : ${plural(result.created, 'créé')}, ${number(result.updated)} mis à jour, ${plural(result.unchanged, 'inchangé')}, ${plural(result.refused, 'refusé')}, ${plural(result.duesRecorded, 'cotisation enregistrée', 'cotisations enregistrées')}.`);
      if (sections.length) console.log(`Sections créées : ${sections.join(', ')}`);
      if (result.refused) await printRefused(actor, job.documentId, result.refused);
      process.exitCode = result.refused ? 1 : 0;
    }
  }
} catch (error) {
  // A refusal's message already says it; the per-field details only when they add to it.
  const details = (error?.details?.errors ?? []).filter((e) => e.message !== error.message).map((e) => `  ${e.path.join('.')} : ${e.message}`).join('\n');
  console.error(`Refusé : ${error.message}${details ? `\n${details}` : ''}`);
  process.exitCode = error?.usage ? 2 : 1;
} finally {
  await app.destroy();
}

async function actorOfEmail(email) {
  const user = await app.db.query('plugin::users-permissions.user').findOne({ where: { email: { $eqi: email } }, select: ['id'] });
  if (!user) throw new Error(`Aucun compte n’a l’adresse ${email}.`);
  return app.plugin('membership').service('actors').forUserId(user.id);
}

function report(job) {
  const p = job.preview;
  console.log(`${job.fileName} : ${job.format.toUpperCase()}${job.encoding ? `, ${job.encoding}, séparateur « ${job.delimiter === '\t' ? 'tabulation' : job.delimiter} »` : ''}, ${number(job.totalRows)} lignes.`);
  console.log(`Colonnes : ${Object.entries(job.mapping).map(([field, column]) => `${field} ← « ${column} »`).join(', ')}`);
  for (const problem of p.problems) console.log(`  ✗ ${problem.message}`);
  for (const warning of p.warnings ?? []) console.log(`  ! ${warning}`);
  if (p.counts) {
    console.log(`Aperçu : ${number(p.counts.create)} à créer, ${number(p.counts.update)} à mettre à jour, ${plural(p.counts.unchanged, 'inchangé')}, ${plural(p.counts.refused, 'refusé')} ; ${plural(p.duesToRecord, 'cotisation')} à enregistrer.`);
  }
  if (p.missingSections.length) {
    console.log(`Sections inexistantes (--create-sections pour les créer) : ${p.missingSections.map((s) => `« ${s.name} » (${plural(s.rows, 'ligne')})`).join(', ')}`);
  }
}

/** The first refused rows with their reasons, as the API shows them to this actor. */
async function printRefused(actor, documentId, refused) {
  const { data } = await importRows(app, actor, documentId, { outcome: 'refused', page: 1, pageSize: 20 });
  for (const row of data) console.log(`  ligne ${row.line} : ${row.reasons.map((r) => r.message).join(' ; ')}`);
  if (refused > data.length) console.log(`  … et ${plural(refused - data.length, 'autre ligne refusée', 'autres lignes refusées')} (toutes : GET /api/membership/imports/${documentId}/refused).`);
}

/** Why `path` cannot be imported (French), or null when it is a readable file. */
function fileProblem(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return `Fichier introuvable : ${path}`;
  }
  if (stat.isDirectory()) return `${path} est un dossier : indiquez le fichier CSV ou XLSX à importer.`;
  if (!stat.isFile()) return `${path} n’est pas un fichier ordinaire : indiquez le fichier CSV ou XLSX à importer.`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `Fichier illisible (droits d’accès) : ${path}`;
  }
  return null;
}
