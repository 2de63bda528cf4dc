import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { withJobLock } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { holdJobInChild, jobLockHolder, onPostgres } from '../../../tests/support/instances';
import { CATCH_UP_JOB, catchUpIndex, rebuildIndex, rebuildIndexUnderLock, type Progress } from '../server/src/commands/rebuild-index';

/**
 * `npm run search:reindex` and `search:reconcile` (scripts/search.mjs): what staff read (the
 * types by their French labels, the summary's counts where the progress bar ended) and the
 * index's job lock they share with the boot's catch-up (`search-catch-up`): never two runs
 * rewriting the index at once.
 */
const root = resolve(__dirname, '..', '..', '..');
const exec = promisify(execFile);
type Run = { code: number; stdout: string; stderr: string };
async function searchCommand(command: string): Promise<Run> {
  return exec(process.execPath, [join(root, 'scripts', 'search.mjs'), command], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 240_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: any) => ({ code: error.code as number, stdout: String(error.stdout), stderr: String(error.stderr) }));
}
/** Each run compiles and boots the app in a child process. */
const BOOTS = 300_000;

let strapi: Core.Strapi;
let w: World;
const labels = () => strapi.plugin('search').service('indexer').sources().map((s: any) => s.searchable.label as string);

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  // A skills profile that is not listed: an entry read, but no search document (`toDocument` is null).
  const unlisted = await createMember({ federation: w.federation, section: w.sectionA });
  await strapi.documents('plugin::skills.profile' as any).create({ data: { memberId: unlisted.member.id, listed: false, federationId: w.federation.id } as any });
});

describe('a reindex’s reports', () => {
  it('name each type by its French label and count the entries read as the progress did (read ≥ searchable)', async () => {
    const progress = new Map<string, Progress>();
    const reports = await rebuildIndex(strapi, { force: true, onProgress: (p) => progress.set(p.type, p) });
    expect(reports.map((r) => r.label)).toEqual(labels());
    for (const report of reports) {
      const last = progress.get(report.type)!;
      expect([report.read, report.read], report.type).toEqual([last.done, last.total]);
      expect(report.read).toBeGreaterThanOrEqual(report.expected);
    }
    const profiles = reports.find((r) => r.type === 'skills-profile')!;
    expect(profiles).toMatchObject({ label: 'Fiches compétences' });
    expect(profiles.read).toBeGreaterThan(profiles.expected);
  });
});

describe('npm run search:reindex', () => {
  it('prints a bar and a summary line per type by its French label, its entries read where the bar ended, exit 0', async () => {
    const run = await searchCommand('reindex');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const names = labels();
    const bars = lines.filter((l) => l.includes('['));
    const summary = lines.filter((l) => / entrées? lues?, /.test(l));
    expect(summary).toHaveLength(names.length);
    expect(lines.at(-1)).toMatch(/^Terminé en \d+,\d s\.$/);
    for (const name of names) {
      const line = summary.find((l) => l.startsWith(`${name} `));
      expect(line, name).toMatch(/ (\d+) (entrées? lues?), \d+ à indexer : (\d+) (ajoutés?), (\d+) (réécrits?), (\d+) (retirés?) \(\d+,\d s\)$/);
      const words = line!.match(/ (\d+) (entrées? lues?), \d+ à indexer : (\d+) (ajoutés?), (\d+) (réécrits?), (\d+) (retirés?) \(/)!;
      // Each count agrees with its words, French style: the plural from 2 (« 1 entrée lue », « 0 ajouté »).
      for (const i of [1, 3, 5, 7]) expect(words[i + 1].endsWith('s'), `${name}: ${words[i]} ${words[i + 1]}`).toBe(Number(words[i]) >= 2);
      const read = words[1];
      const bar = bars.filter((l) => l.startsWith(`${name} `)).at(-1);
      expect(bar, name).toContain(` ${read}/${read}`);
    }
    // No type's internal key leads a line (`skills-profile`, `article`…).
    const keys = strapi.plugin('search').service('indexer').sources().map((s: any) => s.searchable.type as string);
    for (const line of lines) expect(keys.some((key: string) => line.startsWith(`${key} `)), line).toBe(false);
    const profiles = summary.find((l) => l.startsWith('Fiches compétences '))!;
    const [, read, searchable] = profiles.match(/ (\d+) entrées? lues?, (\d+) à indexer/)!;
    expect(Number(read)).toBeGreaterThan(Number(searchable));
  }, BOOTS);
});

describe('the index’s job lock: reindex, reconcile and the boot’s catch-up, one at a time', () => {
  it('a command beside a run holding the lock does nothing (skipped); a catch-up beside a command skips too', async () => {
    let inside: unknown;
    const held = await withJobLock(strapi, CATCH_UP_JOB, async () => {
      inside = await rebuildIndexUnderLock(strapi, { force: true });
      return true;
    });
    expect(held).toEqual({ ran: true, value: true });
    expect(inside).toEqual({ skipped: true });
    // An instance's catch-up starting while the command runs (at its first type).
    let catchUp: Promise<unknown> | undefined;
    const command = await rebuildIndexUnderLock(strapi, { force: false, onProgress: () => void (catchUp ??= catchUpIndex(strapi)) });
    expect(command).toMatchObject({ skipped: false, stopped: false });
    expect(await catchUp).toEqual({ skipped: true, built: false, reports: [], stopped: false });
  });

  it('npm run search:reindex and search:reconcile while another instance or process holds it (PostgreSQL: another session; SQLite: another process on the file): say so in French, exit 1, read nothing', async () => {
    // PostgreSQL: another instance's session holds the advisory lock; SQLite: another process
    // (a command, the server) holds the lock file beside the database.
    let release: () => Promise<void>;
    if (onPostgres()) {
      const client = strapi.db.connection.client;
      const other = await client.acquireConnection();
      await other.query("SELECT pg_advisory_lock(hashtext('intranet:job:search-catch-up'))");
      release = async () => {
        await other.query("SELECT pg_advisory_unlock(hashtext('intranet:job:search-catch-up'))");
        await client.releaseConnection(other);
      };
    } else {
      const holder = await holdJobInChild(CATCH_UP_JOB);
      expect(holder.output()).toMatch(/^HELD$/m);
      release = async () => {
        holder.process.stdin!.write('release\n');
        expect(await holder.exited).toBe(0);
      };
    }
    try {
      const before = (await strapi.plugin('search').service('indexer').state()).last_reindex;
      for (const command of ['reindex', 'reconcile']) {
        const run = await searchCommand(command);
        expect(run.code, run.stdout + run.stderr).toBe(1);
        expect(run.stderr).toContain('Une autre mise à jour de l’index de recherche est en cours');
        expect(run.stderr).toContain('rien n’a été fait ici. Relancez la commande une fois celle-ci terminée.');
        // No bar, no summary (Strapi's own log lines, « [date] warn: … », aside).
        const output = run.stdout.split('\n').filter((line) => !/^\[\d{4}-\d\d-\d\d /.test(line)).join('\n');
        expect(output).not.toMatch(/\[|lues?,|Terminé/);
      }
      expect((await strapi.plugin('search').service('indexer').state()).last_reindex).toBe(before);
      // This instance's catch-up skips too.
      expect(await catchUpIndex(strapi)).toMatchObject({ skipped: true });
    } finally {
      await release();
    }
    if (onPostgres()) expect(await jobLockHolder(strapi.db.connection, 'search-catch-up')).toBeNull();
    // Released: the job runs here again.
    expect(await withJobLock(strapi, CATCH_UP_JOB, async () => true)).toEqual({ ran: true, value: true });
  }, 2 * BOOTS);
});
