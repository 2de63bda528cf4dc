import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Other instances of the app in child processes, against the run's database (issue 13: several
 * instances). Each boots `tests/support/instance-child.cjs` with the parent's environment plus
 * `env` (a variable set to `undefined` is removed), and resolves once it prints `LISTENING <port>`. `stop()` sends SIGTERM (graceful) and waits for the exit; `exited` resolves
 * to the exit code whoever stops it.
 */
export interface Instance {
  port: number;
  url: (p: string) => string;
  output: () => string;
  stop: () => Promise<number | null>;
  exited: Promise<number | null>;
  process: ChildProcess;
}

export function startInstance(env: NodeJS.ProcessEnv = {}): Promise<Instance> {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const proc = spawn(process.execPath, [path.join(__dirname, 'instance-child.cjs')], { env: merged, cwd: path.resolve(__dirname, '..', '..') });
  let out = '';
  proc.stdout.on('data', (chunk) => (out += chunk));
  proc.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', () => {
      const match = /LISTENING (\d+)/.exec(out);
      if (!match) return;
      const port = Number(match[1]);
      resolve({
        port,
        url: (p) => `http://127.0.0.1:${port}${p}`,
        output: () => out,
        exited,
        process: proc,
        stop: async () => {
          if (proc.exitCode === null) proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
          const code = await exited;
          clearTimeout(timer);
          return code;
        },
      });
    });
    void exited.then((code) => reject(new Error(`The instance stopped before listening (exit ${code}):\n${out.slice(-3000)}`)));
  });
}

/** Whether the run is on PostgreSQL (several instances need a shared server database). */
export const onPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

/**
 * The PostgreSQL backend (its pid) holding a `withJobLock` job's advisory lock
 * (`intranet:job:<job>`, plugins/shared/src/transaction.ts) in the current database now, or
 * null: for tests that end that session as an operator would (`pg_terminate_backend`).
 * @param knex a knex connection to the database (`strapi.db.connection`)
 */
export async function jobLockHolder(knex: any, job: string): Promise<number | null> {
  // A bigint advisory key is split into classid (high half) and objid (low half), objsubid 1.
  const { rows } = await knex.raw(
    `SELECT l.pid FROM pg_locks l, (SELECT hashtext(?)::bigint AS k) h
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = ((h.k >> 32) & 4294967295)::oid AND l.objid = (h.k & 4294967295)::oid`,
    [`intranet:job:${job}`]
  );
  return rows[0]?.pid ?? null;
}

/** A process holding a job lock (`holdJobInChild`). */
export interface JobHolder {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts another process that takes `withJobLock`'s lock of `job` on the run's SQLite file
 * (`tests/support/job-lock-child.cjs`, the built shared code): resolves once it prints `HELD`
 * (it runs the job until `release` is written to its stdin) or `SKIPPED` (another process holds
 * it: it has exited). With `mode` `transaction` it holds the job for a transaction instead
 * (`holdJobForTransaction`) until `commit` or `rollback` is written to its stdin. SIGKILL
 * leaves its lock file behind.
 */
export function holdJobInChild(job: string, mode: 'run' | 'transaction' = 'run'): Promise<JobHolder> {
  const proc = spawn(process.execPath, [path.join(__dirname, 'job-lock-child.cjs'), job, mode], { env: process.env, cwd: path.resolve(__dirname, '..', '..') });
  let out = '';
  proc.stdout.on('data', (chunk) => (out += chunk));
  proc.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const holder = { process: proc, output: () => out, exited };
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', () => {
      if (/^(HELD|SKIPPED)$/m.test(out)) resolve(holder);
    });
    void exited.then((code) => reject(new Error(`The job lock holder stopped (exit ${code}):\n${out}`)));
  });
}
