import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { getService } from '@intranet-militant/shared';
import type {} from '../server/src/public';
import { bearer } from '../../../tests/support/expect';

/**
 * The command-line scripts of membership (`npm run members:import`, `npm run members:retention`)
 * run as staff run them: a child process against the run's database. What they print in
 * French, their exit codes, and that they stop without an error of work they did not start.
 */
const load = createRequire(__filename);
const engine = load('../dist/server/import/engine.js') as typeof import('../server/src/import/engine');
const dataExports = {
  ...(load('../dist/server/commands/request-data-export.js') as typeof import('../server/src/commands/request-data-export')),
  ...(load('../dist/server/commands/generate-data-export.js') as typeof import('../server/src/commands/generate-data-export')),
};
const root = resolve(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'import-cli-test-'));
const fixture = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const HEADER = 'N° adhérent;Nom;Prénom;E-mail;Téléphone;Section;Date d’adhésion;Année;Montant;Payée le;Mode de paiement';

type Run = { code: number; stdout: string; stderr: string };
const exec = promisify(execFile);
/**
 * This file's own Strapi is not the server: it does not resume « Mes données » exports at its
 * boot (it would race the tests' waiting export). The scripts get the switch unset, as a shell
 * gives it them: they must turn it off themselves.
 */
process.env.MEMBER_DATA_EXPORT_RESUME = 'false';
const scriptEnv = { ...process.env };
delete scriptEnv.MEMBER_DATA_EXPORT_RESUME;
async function script(name: string, args: string[]): Promise<Run> {
  return exec(process.execPath, [join(root, 'scripts', name), ...args], { cwd: root, env: { ...scriptEnv, LOG_LEVEL: 'warn' }, timeout: 240_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: any) => ({ code: error.code as number, stdout: String(error.stdout), stderr: String(error.stderr) }));
}
const memberImport = (...args: string[]) => script('members-import.mjs', args);
/**
 * stderr without pg's deprecation warning, which Strapi's own populate inside a transaction
 * triggers on PostgreSQL (two queries at once on the transaction's client; see the README's
 * note on it): not this project's code, and no error.
 */
const stderrOf = (run: Run) =>
  run.stderr.replace(/^\(node:\d+\) DeprecationWarning: Calling client\.query\(\) when the client is already executing a query[^\n]*\n(\(Use `node --trace-deprecation[^\n]*\n)?/m, '');
/** Each run compiles and boots the app in a child process: tens of seconds on a busy machine. */
const BOOTS = 300_000;

let w: World;
let strapi: Core.Strapi;
const u = Date.now().toString(36).toUpperCase().slice(-5);

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

describe('npm run members:import: bad usage, told in French before anything starts', () => {
  it('a directory, an unknown file, a --mapping that is no JSON or names unknown fields: exit 2', async () => {
    const folder = await memberImport(dir, '--federation', w.federation.departmentCode);
    expect(folder).toMatchObject({ code: 2, stdout: '' });
    expect(folder.stderr.trim()).toBe(`${dir} est un dossier : indiquez le fichier CSV ou XLSX à importer.`);
    expect((await memberImport(join(dir, 'absent.csv'), '--federation', '30')).stderr.trim()).toBe(`Fichier introuvable : ${join(dir, 'absent.csv')}`);
    const path = fixture('usage.csv', `${HEADER}\n`);
    const notJson = await memberImport(path, '--federation', w.federation.departmentCode, '--mapping', '{bad');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('Correspondance des colonnes (--mapping) invalide :\n  --mapping : La correspondance des colonnes doit être un objet JSON.');
    expect(notJson.stderr).not.toMatch(/SyntaxError|JSON at position|Expected/);
    const unknownField = await memberImport(path, '--federation', w.federation.departmentCode, '--mapping', '{"courriel":"Mail"}');
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toContain('--mapping → courriel : ');
    expect(unknownField.stderr).toContain('Champs : membershipNumber, lastName');
  }, BOOTS);
});

describe('npm run members:import: as an account, with its rights and what it may read', () => {
  it('refuses an account that may not import, with that reason', async () => {
    const path = fixture('adherent.csv', `${HEADER}\nM1-${u};Nom;Prénom;m1.${u}@exemple.fr;;;01/01/2020;;;;\n`);
    const run = await memberImport(path, '--federation', w.federation.departmentCode, '--as', w.member.user.email);
    expect(run.code, run.stderr).toBe(1);
    expect(stderrOf(run).trim()).toBe('Refusé : Ce compte ne peut pas importer d’adhérents : l’import est réservé à l’équipe d’une fédération et à l’administration nationale.');
    expect(await strapi.db.query('plugin::membership.member').findOne({ where: { membershipNumber: `M1-${u}` } })).toBeNull();
  }, BOOTS);

  it('a staff’s import with 2 rows of 3 refused: writes the third, prints the reasons the API gives that staff (neutral about other federations), exits 1, stops cleanly', async () => {
    const lines = [
      HEADER,
      `${w.otherMember.member.membershipNumber};Autre;Numéro;numero.${u}@exemple.fr;;;01/01/2020;;;;`,
      `S1-${u};Autre;Adresse;${w.otherMember.user.email};;;01/01/2020;;;;`,
      `S2-${u};Bon;Adhérent;s2.${u}@exemple.fr;;Section A;01/01/2020;;;;`,
    ];
    const path = fixture('staff.csv', `${lines.join('\n')}\n`);
    const run = await memberImport(path, '--federation', w.federation.departmentCode, '--as', w.staff.user.email);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(`${run.stdout}${stderrOf(run)}`).not.toMatch(/error|could not/i); // no error of work it did not start (« Data exports could not resume… »)
    expect(stderrOf(run)).toBe('');
    expect(run.stdout).toContain('Aperçu : 1 à créer, 0 à mettre à jour, 0 inchangé, 2 refusés');
    expect(run.stdout).toContain('1 créé, 0 mis à jour, 0 inchangé, 2 refusés');
    expect(run.stdout).toContain(`  ligne 2 : ${engine.IMPORT_NOT_HERE}\n  ligne 3 : ${engine.IMPORT_NOT_HERE}\n`);
    expect(run.stdout).not.toMatch(/autre fédération|Un autre compte/);
    const created = await strapi.db.query('plugin::membership.member').findOne({ where: { membershipNumber: `S2-${u}` }, populate: { federation: true } });
    expect(created.federation.id).toBe(w.federation.id);
    // The API tells the same staff the same, for the same file.
    const http = await api();
    const job = await http.post('/api/membership/imports').set(bearer(w.staff.token)).attach('file', path);
    const rows = await http.get(`/api/membership/imports/${job.body.data.id}/rows?outcome=refused`).set(bearer(w.staff.token));
    expect(rows.body.data.map((r: any) => `  ligne ${r.line} : ${r.reasons.map((x: any) => x.message).join(' ; ')}`)).toEqual([
      `  ligne 2 : ${engine.IMPORT_NOT_HERE}`,
      `  ligne 3 : ${engine.IMPORT_NOT_HERE}`,
    ]);
  }, BOOTS);

  it('a broken CSV: says in French what is wrong and from which line', async () => {
    const path = fixture('casse.csv', `${HEADER}\nB1-${u};Nom;Prénom;b1.${u}@exemple.fr;;;01/01/2020;;;;\n"B2-${u};Guillemet;Ouvert;b2.${u}@exemple.fr;;;01/01/2020;;;;\nB3-${u};Nom;Prénom;b3.${u}@exemple.fr;;;01/01/2020;;;;\n`);
    const run = await memberImport(path, '--federation', w.federation.departmentCode, '--dry-run');
    expect(run.code, run.stderr).toBe(1);
    expect(stderrOf(run).trim()).toBe(
      'Refusé : Fichier CSV illisible : à partir de la ligne 3, un guillemet (") ouvert n’est jamais refermé. Corrigez cette ligne (un guillemet qui fait partie du texte s’écrit "") ou enregistrez à nouveau le fichier au format CSV depuis le tableur.'
    );
  }, BOOTS);
});

describe('npm run members:retention', () => {
  it('prints its counts and stops cleanly (exit 0, no error), leaving the server’s background work to the server', async () => {
    // A « Mes données » export waiting for the server's worker: the command is no worker.
    const asker = await createMember({ federation: w.federation, section: w.sectionA });
    const actor = await getService(strapi, 'membership', 'actors').forUserId(asker.user.id);
    const waiting = await dataExports.requestDataExport(strapi, actor);
    const run = await script('members-retention.mjs', ['--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Simulation au \d{4}-\d{2}-\d{2}\nAdhérents à effacer : \d+$/m);
    expect(`${run.stdout}${stderrOf(run)}`).not.toMatch(/error|could not/i);
    expect(stderrOf(run)).toBe('');
    expect(await strapi.db.query('plugin::membership.data-export').findOne({ where: { id: waiting.id } })).toMatchObject({ state: 'requested' });
    await dataExports.generateDataExport(strapi, waiting.id); // as the server's worker would
  }, BOOTS);
});

describe('the other command lines (npm run audit:verify, npm run search:status)', () => {
  it('boot without the server’s background work: a waiting export stays the server’s, nothing fails at the stop', async () => {
    const asker = await createMember({ federation: w.federation, section: w.sectionA });
    const actor = await getService(strapi, 'membership', 'actors').forUserId(asker.user.id);
    const waiting = await dataExports.requestDataExport(strapi, actor);
    const verify = await script('audit-verify.mjs', []);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^Journal d’audit intact : \d+ entrées? vérifiées?\.$/m);
    const status = await script('search.mjs', ['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Moteur : /m);
    for (const run of [verify, status]) {
      expect(`${run.stdout}${stderrOf(run)}`).not.toMatch(/\berror\b|could not|Échec/i);
      expect(stderrOf(run)).toBe('');
    }
    expect(await strapi.db.query('plugin::membership.data-export').findOne({ where: { id: waiting.id } })).toMatchObject({ state: 'requested' });
    await dataExports.generateDataExport(strapi, waiting.id); // as the server's worker would
  }, 2 * BOOTS);
});
