import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootStrapi } from '../../../tests/support/strapi';
import { catchUpAtBoot, catchUpIndex, outdatedTypes, rebuildIndex } from '../server/src/commands/rebuild-index';
import { createMeilisearchProvider } from '../server/src/providers/meilisearch';
import type { SearchProvider } from '../server/src/providers/types';
import { FakeMeilisearch } from './support/fake-meilisearch';
import { indexSettled } from './support/index-state';
import { jobLockHolder, onPostgres } from '../../../tests/support/instances';

/**
 * The outbox between content and index: with the real Meilisearch client talking to a
 * server that fails, then recovers. Content writes never depend on the index.
 */
let fake: FakeMeilisearch;
let meilisearch: SearchProvider;
const INDEX = `outbox-${Date.now()}`;
const DOCUMENT_UID = 'api::document.document';

beforeAll(async () => {
  fake = new FakeMeilisearch();
  meilisearch = createMeilisearchProvider({ host: await fake.start(), index: INDEX, timeoutMs: 2000 });
  await meilisearch.setup();
});

afterAll(async () => {
  await fake.stop();
});

/** A catch-up that found every type current. */
const CURRENT = { skipped: false, built: false, reports: [], stopped: false };

const pending = async () => {
  const strapi = await bootStrapi();
  return strapi.db.connection('search_outbox').where({ uid: DOCUMENT_UID }).orderBy('id').select('*');
};

describe('the search outbox', () => {
  it('loses nothing while the engine is down, retries with backoff, and catches up when it returns', async () => {
    const strapi = await bootStrapi();
    const indexer = strapi.plugin('search').service('indexer');
    const worker = strapi.plugin('search').service('worker');
    await indexSettled();
    worker.stop(); // this test drains by itself, towards the failing engine
    try {
      fake.down();
      const written = [];
      for (const title of ['Panne un', 'Panne deux', 'Panne trois']) {
        written.push(await strapi.documents(DOCUMENT_UID as any).create({ data: { title, audience: 'national' } as any, status: 'published' }));
      }
      expect(written.every((d: any) => d.documentId)).toBe(true); // writes succeed whatever the engine does
      const waiting = await pending();
      expect(waiting.length).toBeGreaterThanOrEqual(3);

      const failed = await indexer.drain({ provider: meilisearch });
      expect(failed.failed).toBe(waiting.length);
      expect(failed.error).toMatch(/^meilisearch : /);
      const retried = await pending();
      expect(retried.map((r: any) => r.id)).toEqual(waiting.map((r: any) => r.id)); // nothing dropped
      for (const row of retried) {
        expect(row.attempts).toBe(1);
        expect(Number(row.available_at)).toBeGreaterThan(Date.now()); // backoff: not before its time
        expect(row.last_error).toMatch(/meilisearch/);
      }
      const backlog = await indexer.backlog();
      expect(backlog.retrying).toBeGreaterThanOrEqual(3);
      expect(backlog.lastError).toMatch(/meilisearch/);

      // Still down at the next attempt: the wait doubles.
      await indexer.drain({ provider: meilisearch, now: Date.now() + 60_000 });
      const twice = await pending();
      expect(twice.every((r: any) => r.attempts === 2)).toBe(true);

      // A task the engine refuses counts as a failure too.
      fake.up();
      fake.failNextTasks(1, { code: 'internal', message: 'disque plein' });
      const refused = await indexer.drain({ provider: meilisearch, now: Date.now() + 10 * 60_000 });
      expect(refused.error).toMatch(/disque plein/);
      expect((await pending()).length).toBe(waiting.length);

      const recovered = await indexer.drain({ provider: meilisearch, now: Date.now() + 60 * 60_000 });
      expect(recovered).toMatchObject({ failed: 0 });
      expect(await pending()).toEqual([]);
      const indexed = fake.documents(INDEX).map((d) => d.title);
      expect(indexed).toEqual(expect.arrayContaining(['Panne un', 'Panne deux', 'Panne trois']));
    } finally {
      fake.up();
      worker.start(5000);
    }
  });

  it('reconciles an index that drifted: adds the missing, corrects the changed, removes the stale', async () => {
    const strapi = await bootStrapi();
    await rebuildIndex(strapi, { force: true, provider: meilisearch });
    const before = fake.documents(INDEX).filter((d) => d.type === 'document');
    expect(before.length).toBeGreaterThan(2);
    const [missing, changed] = before;
    await meilisearch.remove([String(missing.id)]);
    await meilisearch.upsert([{ ...(changed as any), key: undefined, title: 'Altéré', hash: 'altered' }].map(({ key: _key, dateTs: _ts, ...d }: any) => d));
    await meilisearch.upsert([{ ...(changed as any), id: 'document:fantome', title: 'Fantôme', hash: 'x' }].map(({ key: _key, dateTs: _ts, ...d }: any) => d));

    const reports = await rebuildIndex(strapi, { force: false, provider: meilisearch });
    expect(reports.find((r) => r.type === 'document')).toMatchObject({ added: 1, changed: 1, removed: 1 });
    const after = fake.documents(INDEX).filter((d) => d.type === 'document');
    expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort());
    expect(after.find((d) => d.id === changed.id)?.title).toBe(changed.title);

    const again = await rebuildIndex(strapi, { force: false, provider: meilisearch });
    expect(again.every((r) => r.added + r.changed + r.removed === 0)).toBe(true);
  });

  it('after a release that writes a type’s documents otherwise (its version rose), the boot’s catch-up reconciles that type alone, once', async () => {
    const strapi = await bootStrapi();
    const indexer = strapi.plugin('search').service('indexer');
    await rebuildIndex(strapi, { force: true, provider: meilisearch });
    expect(outdatedTypes(indexer.sources(), await indexer.state())).toEqual([]);
    expect(await catchUpIndex(strapi, { provider: meilisearch })).toEqual(CURRENT);
    // As the older release left them: the documents' text differs and the type's version is older.
    const [older] = fake.documents(INDEX).filter((d) => d.type === 'document');
    await meilisearch.upsert([{ ...(older as any), body: 'Texte d’une version précédente.', hash: 'older' }].map(({ key: _key, dateTs: _ts, ...d }: any) => d));
    await indexer.setState('version:document', '0');
    expect(outdatedTypes(indexer.sources(), await indexer.state())).toEqual(['document']);
    const { built, reports } = await catchUpIndex(strapi, { provider: meilisearch });
    expect(built).toBe(false);
    expect(reports.map((r) => [r.type, r.changed])).toEqual([['document', 1]]);
    expect(fake.documents(INDEX).find((d) => d.id === older.id)?.body).toBe(older.body);
    expect(await catchUpIndex(strapi, { provider: meilisearch })).toEqual(CURRENT);
  });

  it('the boot’s catch-up builds the whole index for a provider it was never built with (first boot, a move to Meilisearch)', async () => {
    const strapi = await bootStrapi();
    const indexer = strapi.plugin('search').service('indexer');
    await rebuildIndex(strapi, { force: true, provider: meilisearch });
    const [gone] = fake.documents(INDEX).filter((d) => d.type === 'document');
    await meilisearch.remove([String(gone.id)]);
    await indexer.setState('provider', 'database');
    const { built, reports } = await catchUpIndex(strapi, { provider: meilisearch });
    expect(built).toBe(true);
    expect(reports.map((r) => r.type).sort()).toEqual(indexer.sources().map((s: any) => s.searchable.type).sort());
    expect(reports.find((r) => r.type === 'document')).toMatchObject({ added: 1 });
    expect((await indexer.state()).provider).toBe(meilisearch.name);
  });
});

describe('the boot’s catch-up, one instance at a time', () => {
  /** Meilisearch, counting the types whose indexed documents a run reads (each run reads each of its types once). */
  const counting = (reads: string[], before?: (type: string) => Promise<void>): SearchProvider => ({
    ...meilisearch,
    async fingerprints(type: string) {
      reads.push(type);
      await before?.(type);
      return meilisearch.fingerprints(type);
    },
  });
  /** The documents' type left outdated by an older release (its version and one document). */
  async function olderRelease() {
    const strapi = await bootStrapi();
    await rebuildIndex(strapi, { force: true, provider: meilisearch });
    const [older] = fake.documents(INDEX).filter((d) => d.type === 'document');
    await meilisearch.upsert([{ ...(older as any), body: 'Texte d’une version précédente.', hash: 'older' }].map(({ key: _key, dateTs: _ts, ...d }: any) => d));
    await strapi.plugin('search').service('indexer').setState('version:document', '0');
    return { strapi, older };
  }

  it('two catch-ups at once (two instances booting together): the work is done once, the other run skips it and logs that it did', async () => {
    const { strapi, older } = await olderRelease();
    const reads: string[] = [];
    const info = vi.spyOn(strapi.log, 'info');
    try {
      const runs = await Promise.all([catchUpAtBoot(strapi, { provider: counting(reads) }), catchUpAtBoot(strapi, { provider: counting(reads) })]);
      expect(runs.map((r) => r.skipped).sort()).toEqual([false, true]);
      expect(reads).toEqual(['document']); // read, compared and written by one run only
      expect(runs.find((r) => !r.skipped)!.reports.map((r) => [r.type, r.changed])).toEqual([['document', 1]]);
      expect(runs.find((r) => r.skipped)).toEqual({ skipped: true, built: false, reports: [], stopped: false });
      expect(info).toHaveBeenCalledWith('Search index catch-up skipped: another run holds its job lock (another instance’s catch-up, or a search:reindex or search:reconcile command).');
    } finally {
      info.mockRestore();
    }
    expect(fake.documents(INDEX).find((d) => d.id === older.id)?.body).toBe(older.body);
    expect(await catchUpIndex(strapi, { provider: meilisearch })).toEqual(CURRENT);
  });

  it.skipIf(!onPostgres())('while another instance runs it (its job lock, on its own connection), a boot’s catch-up reads nothing; once released, the next one does the work (PostgreSQL)', async () => {
    const { strapi } = await olderRelease();
    const reads: string[] = [];
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection(); // another instance's session
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('intranet:job:search-catch-up'))");
      expect(await catchUpAtBoot(strapi, { provider: counting(reads) })).toMatchObject({ skipped: true, reports: [] });
      expect(reads).toEqual([]);
      await other.query("SELECT pg_advisory_unlock(hashtext('intranet:job:search-catch-up'))");
    } finally {
      await client.releaseConnection(other);
    }
    const run = await catchUpAtBoot(strapi, { provider: counting(reads) });
    expect(run.reports.map((r) => [r.type, r.changed])).toEqual([['document', 1]]);
  });

  it.skipIf(!onPostgres())('a catch-up whose lock’s session is ended mid-run (pg_terminate_backend) stops before its next batch and records nothing; the next one does the work (PostgreSQL)', async () => {
    const { strapi, older } = await olderRelease();
    const errors = vi.spyOn(strapi.log, 'error');
    try {
      // Ended while the run reads the index, before its first batch of documents.
      const endLock = async () => {
        await strapi.db.connection.raw('SELECT pg_terminate_backend(?)', [await jobLockHolder(strapi.db.connection, 'search-catch-up')]);
        for (let i = 0; i < 100 && !errors.mock.calls.length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      const run = await catchUpAtBoot(strapi, { provider: counting([], endLock) });
      expect(run).toEqual({ skipped: false, built: false, reports: [], stopped: true });
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^Job search-catch-up: the database session holding its lock ended/));
    } finally {
      errors.mockRestore();
    }
    const indexer = strapi.plugin('search').service('indexer');
    expect(outdatedTypes(indexer.sources(), await indexer.state())).toEqual(['document']); // still to do
    expect(fake.documents(INDEX).find((d) => d.id === older.id)?.body).toBe('Texte d’une version précédente.');
    const again = await catchUpAtBoot(strapi, { provider: meilisearch });
    expect(again.reports.map((r) => [r.type, r.changed])).toEqual([['document', 1]]);
    expect(fake.documents(INDEX).find((d) => d.id === older.id)?.body).toBe(older.body);
  });
});

describe('outdatedTypes', () => {
  const source = (type: string, version?: number) => ({ module: 'm', searchable: { type, label: type, uid: 'api::x.x', toDocument: () => null, version } });
  it('names the types whose recorded version is not the declared one; no version declared is 1; none recorded is older', () => {
    const sources = [source('a'), source('b', 2), source('c', 2), source('d')];
    expect(outdatedTypes(sources, { 'version:a': '1', 'version:b': '1', 'version:c': '2' })).toEqual(['b', 'd']);
    expect(outdatedTypes(sources, { 'version:a': '1', 'version:b': '2', 'version:c': '2', 'version:d': '1' })).toEqual([]);
  });
});
