import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The benches' command lines (`npm run bench:<name>`, bench/run.ts over bench/args.ts): `--help`
 * and a refused argument answer at once, before any build (scripts/build-*.mjs) and without
 * loading the bench. Every Node process the npm script starts is recorded (a file required
 * through NODE_OPTIONS, which each child inherits), so a build started is seen, not guessed
 * from timings.
 */
const root = resolve(__dirname, '..');
const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'bench-args-'));
const spy = join(scratch, 'spy.cjs');
writeFileSync(spy, `require('node:fs').appendFileSync(process.env.BENCH_SPY_LOG, (process.argv[1] ?? '') + '\\n');\n`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const benches = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>)
  .filter((script) => script.startsWith('bench:'))
  .sort();

type Run = { code: number; stdout: string; stderr: string; started: string[] };
async function npmRun(script: string, args: string[]): Promise<Run> {
  const log = join(scratch, `${script.replace(/\W/g, '-')}-${args.join('_').replace(/\W/g, '-')}.log`);
  writeFileSync(log, '');
  const env = { ...process.env, NODE_OPTIONS: `--require ${spy}`, BENCH_SPY_LOG: log };
  const run = await exec('npm', ['run', '--silent', script, '--', ...args], { cwd: root, env, timeout: 60_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: any) => ({ code: error.code as number, stdout: String(error.stdout), stderr: String(error.stderr) }));
  const started = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((file) => file.replace(`${root}/`, ''));
  return { ...run, started };
}
/** A build, or the bench itself, started (anything but npm and the command-line reader). */
const busy = (started: string[]) => started.filter((file) => /scripts\/build-|tsc|vite|bench\/(?!run\.ts)/.test(file));

describe('npm run bench:<name>: --help and a refused argument answer before any build', () => {
  it('finds the benches', () => {
    expect(benches).toEqual(expect.arrayContaining(['bench:votes', 'bench:portal', 'bench:member-import']));
  });

  it.each(benches)('%s -- --help: its usage, exit 0, nothing built', async (script) => {
    const run = await npmRun(script, ['--help']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: .*npm run ${script} -- .*\\n(Arguments:\\n(  .*\\n)+)?Options:\\n(  .*\\n)*  --help +print this help and exit\\n$`));
    expect(busy(run.started)).toEqual([]);
  }, 60_000);

  it.each(benches)('%s -- --bogus: refused with the usage, exit 2, nothing built', async (script) => {
    const run = await npmRun(script, ['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Unknown option '--bogus'.*\nUsage: /);
    expect(busy(run.started)).toEqual([]);
  }, 60_000);

  it('a count that is not a positive integer is refused before the build too', async () => {
    const run = await npmRun('bench:votes', ['200', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^rounds must be a positive integer \(got "0"\)\.\nUsage: DATABASE_CLIENT=postgres npm run bench:votes -- \[voters\] \[rounds\]\n/);
    expect(busy(run.started)).toEqual([]);
  }, 60_000);
});
