import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The operators' command lines (`npm run members:import`, `members:retention`, `search:*`,
 * `audit:verify`) read their arguments with one parser (scripts/command-line.mjs): a mistyped
 * option is told in French, with the command's usage and the options it takes, exit code 2,
 * before anything boots (nothing runs on a command line that was not understood).
 */
const root = resolve(__dirname, '..');
const exec = promisify(execFile);
type Run = { code: number; stdout: string; stderr: string };
async function script(name: string, args: string[]): Promise<Run> {
  return exec(process.execPath, [join(root, 'scripts', name), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 120_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: any) => ({ code: error.code as number, stdout: String(error.stdout), stderr: String(error.stderr) }));
}
/** Words of Node's own (English) refusals, or of a run that went ahead. */
const ENGLISH = /Unknown option|Unexpected argument|argument missing|does not take an argument|ambiguous|To specify/;

describe('a command line staff mistyped: French, the usage and the valid options, exit 2, nothing booted', () => {
  it.each([
    ['members-retention.mjs', ['--bogus'], 'Option inconnue : --bogus', 'Usage : npm run members:retention -- [--dry-run]', ['--dry-run', '--help']],
    ['members-retention.mjs', ['--dry-run=oui'], 'L’option --dry-run ne prend pas de valeur', 'Usage : npm run members:retention', ['--dry-run']],
    ['members-retention.mjs', ['maintenant'], 'Argument inattendu : maintenant', 'Usage : npm run members:retention', ['--dry-run']],
    ['members-import.mjs', ['adherents.csv', '--federation', '30', '--bogus'], 'Option inconnue : --bogus', 'Usage : npm run members:import -- fichier.csv --federation 30', ['--federation <code>', '--dry-run', '--invite', '--create-sections', '--as <email>', '--mapping <json>', '--resume']],
    ['members-import.mjs', ['adherents.csv', '--federation', '--dry-run'], 'L’option --federation attend une valeur', 'Usage : npm run members:import', ['--federation <code>']],
    ['members-import.mjs', ['adherents.csv'], 'Indiquez la fédération (--federation).', 'Usage : npm run members:import', ['--federation <code>']],
    ['search.mjs', ['reindex', '--bogus'], 'Option inconnue : --bogus', 'Usage : npm run search:reindex | npm run search:reconcile | npm run search:status', ['--help']],
    ['search.mjs', ['reconcile', '--force'], 'Option inconnue : --force', 'Usage : npm run search:reindex', ['--help']],
    ['search.mjs', ['status', '-v'], 'Option inconnue : -v', 'Usage : npm run search:reindex', ['--help']],
    ['search.mjs', ['rebuild'], 'Commande inconnue : rebuild (reindex, reconcile ou status).', 'Usage : npm run search:reindex', ['--help']],
    ['audit-verify.mjs', ['--bogus'], 'Option inconnue : --bogus', 'Usage : npm run audit:verify', ['--help']],
  ])('%s %s', async (name, args, problem, usage, options) => {
    const run = await script(name, args);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toContain(problem);
    expect(run.stderr).toContain(`\n${usage}`);
    expect(run.stderr).toContain('\nOptions :\n');
    for (const option of options) expect(run.stderr).toMatch(new RegExp(`\\n  ${option.replace(/[<>]/g, '\\$&')} +\\S`));
    expect(run.stderr).not.toMatch(ENGLISH);
  }, 120_000);

  it('--help prints the usage and the options, exit 0, nothing booted', async () => {
    const run = await script('members-retention.mjs', ['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage : npm run members:retention -- \[--dry-run\]\nOptions :\n  --dry-run +simulation/);
  }, 120_000);
});
