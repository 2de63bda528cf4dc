import { existsSync, rmSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { holdJobForTransaction, SQLITE_JOB_LOCK, withJobLock } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';
import { holdJobInChild, onPostgres, type JobHolder } from './support/instances';

/**
 * `withJobLock` on SQLite across processes (plugins/shared/src/transaction.ts): the server and a
 * command line on the same database file run a job once at a time, as instances do on
 * PostgreSQL. The other process is a real one (`tests/support/job-lock-child.cjs`, the built
 * shared code on a knex connection to the run's file); this run's Strapi is the server.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lockDir = (strapi: Core.Strapi, job: string) =>
  `${(strapi.db.connection as any).client.connectionSettings.filename}.job-${encodeURIComponent(job)}.lock`;

let strapi: Core.Strapi;
beforeAll(async () => {
  if (!onPostgres()) strapi = await bootStrapi();
});
const children: JobHolder[] = [];
const holdInChild = async (job: string, mode: 'run' | 'transaction' = 'run') => {
  const child = await holdJobInChild(job, mode);
  children.push(child);
  return child;
};
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
});

describe.skipIf(onPostgres())('withJobLock on SQLite, across processes sharing the database file', () => {
  it('a job another process holds is skipped here (ran: false, held for a transaction), and runs here once that process releases it', async () => {
    const job = 'job-lock-test:release';
    const child = await holdInChild(job);
    expect(child.output()).toMatch(/^HELD$/m);
    expect(existsSync(lockDir(strapi, job))).toBe(true);
    let ran = false;
    expect(await withJobLock(strapi, job, async () => (ran = true))).toEqual({ ran: false });
    expect(ran).toBe(false);
    expect(await holdJobForTransaction(strapi, job)).toBe(false);
    // A third process is refused too.
    const third = await holdInChild(job);
    expect(third.output()).toMatch(/^SKIPPED$/m);
    expect(third.output()).toContain('RESULT {"ran":false}');

    child.process.stdin!.write('release\n');
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('RESULT {"ran":true,"value":"done"}');
    expect(existsSync(lockDir(strapi, job))).toBe(false);
    expect(await holdJobForTransaction(strapi, job)).toBe(true);
    expect(await withJobLock(strapi, job, async () => 'here')).toEqual({ ran: true, value: 'here' });

    // And the other way round: while this process runs the job, another process skips it.
    const inside = await withJobLock(strapi, job, async () => {
      const other = await holdInChild(job);
      return other.output();
    });
    expect(inside).toMatchObject({ ran: true });
    expect((inside as { value: string }).value).toContain('RESULT {"ran":false}');
  }, 60_000);

  it('a job held for a transaction here is kept from every process until that transaction ends, by a commit or a rollback', async () => {
    const job = 'job-lock-test:transaction';
    for (const end of ['commit', 'rollback'] as const) {
      let during: { inChild: string; here: unknown; again: boolean; lockFile: boolean } | undefined;
      const transaction = strapi.db.transaction(async () => {
        expect(await holdJobForTransaction(strapi, job)).toBe(true);
        // Started by another process (a command line's erasure) before the transaction ends: skipped.
        const child = await holdInChild(job);
        // A child that ran the job (nothing held here) is let end, so that the assertions below tell.
        if (/^HELD$/m.test(child.output())) child.process.stdin!.write('release\n');
        await child.exited;
        during = {
          inChild: child.output(),
          here: await withJobLock(strapi, job, async () => 'ran inside'),
          // Held again within the same transaction, as PostgreSQL's lock is.
          again: await holdJobForTransaction(strapi, job),
          lockFile: existsSync(lockDir(strapi, job)),
        };
        if (end === 'rollback') throw new Error('rolled back');
      });
      if (end === 'rollback') await expect(transaction).rejects.toThrow('rolled back');
      else await transaction;
      expect(during!.inChild).toContain('RESULT {"ran":false}');
      expect(during!.here).toEqual({ ran: false });
      expect(during!.again).toBe(true);
      expect(during!.lockFile).toBe(true);
      // Once it ended, this process and another one run the job.
      expect(await withJobLock(strapi, job, async () => 'here')).toEqual({ ran: true, value: 'here' });
      expect(existsSync(lockDir(strapi, job))).toBe(false);
      const after = await holdInChild(job);
      expect(after.output()).toMatch(/^HELD$/m);
      after.process.stdin!.write('release\n');
      expect(await after.exited).toBe(0);
      expect(after.output()).toContain('RESULT {"ran":true,"value":"done"}');
    }
  }, 60_000);

  it('a job another process holds for its transaction is skipped here until that transaction ends, by a commit or a rollback', async () => {
    const job = 'job-lock-test:transaction-elsewhere';
    for (const end of ['commit', 'rollback'] as const) {
      const child = await holdInChild(job, 'transaction');
      expect(child.output()).toMatch(/^HELD$/m);
      let ran = false;
      expect(await withJobLock(strapi, job, async () => (ran = true))).toEqual({ ran: false });
      expect(ran).toBe(false);
      expect(await holdJobForTransaction(strapi, job)).toBe(false);
      // A third process's transaction is refused too.
      const third = await holdInChild(job, 'transaction');
      expect(third.output()).toMatch(/^SKIPPED$/m);

      child.process.stdin!.write(`${end}\n`);
      expect(await child.exited).toBe(0);
      expect(child.output()).toContain(end === 'commit' ? 'RESULT committed' : 'RESULT rolled back');
      expect(existsSync(lockDir(strapi, job))).toBe(false);
      expect(await withJobLock(strapi, job, async () => 'here')).toEqual({ ran: true, value: 'here' });
    }
  }, 60_000);

  it('the lock file of a killed process is taken over once stale, not before', async () => {
    const job = 'job-lock-test:killed';
    const child = await holdInChild(job);
    child.process.kill('SIGKILL');
    await child.exited;
    // Left behind (no exit handler ran), still fresh: the job is held.
    expect(existsSync(lockDir(strapi, job))).toBe(true);
    expect(await withJobLock(strapi, job, async () => 'too soon')).toEqual({ ran: false });
    await sleep(SQLITE_JOB_LOCK.staleMillis + 1000);
    let held = true;
    expect(await withJobLock(strapi, job, async () => (held = existsSync(lockDir(strapi, job))))).toEqual({ ran: true, value: true });
    expect(held).toBe(true);
    expect(existsSync(lockDir(strapi, job))).toBe(false);
  }, 60_000);

  it('a run whose lock file is compromised (removed from under it) has its signal aborted and logs the job', async () => {
    const job = 'job-lock-test:compromised';
    const errors: string[] = [];
    const log = { error: (message: string) => errors.push(message) };
    const result = await withJobLock({ db: strapi.db, log } as any, job, async (signal) => {
      rmSync(lockDir(strapi, job), { recursive: true });
      const end = Date.now() + SQLITE_JOB_LOCK.staleMillis;
      while (!signal.aborted && Date.now() < end) await sleep(200);
      return signal.aborted ? String(signal.reason?.message) : 'not aborted';
    });
    expect(result).toMatchObject({ ran: true });
    expect((result as { value: string }).value).toMatch(/^Job job-lock-test:compromised lost its lock: its lock file was compromised/);
    expect(errors.join('\n')).toContain('Job job-lock-test:compromised:');
  }, 60_000);
});
