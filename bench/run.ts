/**
 * `npm run bench:<name> -- [arguments]` (package.json: `node -r esbuild-register bench/run.ts
 * <name>`): reads the bench's command line first (bench/commands.ts, bench/args.ts) — `--help`
 * prints its usage, a refused argument exits 2, at once, nothing built or loaded — then runs
 * what it needs built (scripts/build-*.mjs), then bench/<script>.ts with the same arguments in
 * a process of its own (a bench may read `require.main`). Exits with the bench's exit code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readBenchArgs, USAGE_ERROR } from './args';
import { BENCHES } from './commands';

const root = join(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
const bench = (BENCHES as Record<string, (typeof BENCHES)[keyof typeof BENCHES]>)[name ?? ''];
if (!bench) {
  console.error(`Unknown bench: ${name ?? '(none)'}. Benches: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(USAGE_ERROR);
}
readBenchArgs(bench.args, args);
try {
  for (const build of bench.builds) execFileSync(process.execPath, [join(root, 'scripts', `${build}.mjs`)], { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1); // the build said why
}
const run = spawnSync(process.execPath, ['-r', 'esbuild-register', join(root, 'bench', `${bench.script}.ts`), ...args], { cwd: root, stdio: 'inherit' });
if (run.signal) process.kill(process.pid, run.signal);
process.exit(run.status ?? 1);
