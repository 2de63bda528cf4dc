import type { Core } from '@strapi/strapi';
import { getService, withJobLock } from '@intranet-militant/shared';
import type { SearchProvider } from '../providers/types';
import type { Source } from '../services/indexer';

export interface TypeReport {
  type: string;
  /** Its French label (`SearchableType.label`), as the progress shows it; for a type no module declares any more, a sentence naming it. */
  label: string;
  /** Entries of the type read in the database: the count the progress (`Progress.done`) ends at. */
  read: number;
  /** Of those, the searchable ones (`toDocument` gave a document): what the index holds for the type afterwards. */
  expected: number;
  added: number;
  changed: number;
  removed: number;
  seconds: number;
}

/** Where a type's rebuild is: `done` entries read of `total` (counted at its start, raised if entries were added since). */
export interface Progress {
  type: string;
  label: string;
  done: number;
  total: number;
  seconds: number;
}

/** How a report names a type no module declares any more (its documents are removed). */
export const undeclaredTypeLabel = (type: string) => `Type qui n’est plus déclaré (${type})`;

/** The state key that records the `version` of a type's documents in the index. */
const versionKey = (type: string) => `version:${type}`;
const versionOf = (source: Source) => String(source.searchable.version ?? 1);

/**
 * The searchable types whose indexed documents an older `toDocument` wrote: their declared
 * `version` differs from the one recorded when the type was last rebuilt or reconciled (a
 * type never recorded counts as older). Pure: takes the sources and the indexer's state.
 */
export function outdatedTypes(sources: Source[], state: Record<string, string>): string[] {
  return sources.filter((s) => state[versionKey(s.searchable.type)] !== versionOf(s)).map((s) => s.searchable.type);
}

/** What the boot's catch-up did (`catchUpIndex`). */
export interface CatchUp {
  /** True when another run (another instance booting, or this one's) held the job: nothing done here. */
  skipped: boolean;
  /** True for a whole build (a provider this index was never built with). */
  built: boolean;
  /** The types' reports (none when every type is current, or when skipped). */
  reports: TypeReport[];
  /** True when the run lost its job lock and stopped before the end: the next boot does the rest. */
  stopped: boolean;
}

/**
 * The job lock (`withJobLock`) of every run that rewrites the index type by type: the boot's
 * catch-up (whose name it keeps: instances of an older release take it under that name) and
 * the command lines' reindex and reconcile (`rebuildIndexUnderLock`). One at a time across
 * instances and command lines: two such runs at once would read and write the same documents twice.
 */
export const CATCH_UP_JOB = 'search-catch-up';

/**
 * What a boot does to the index, in the background, from one read of the indexer's state: a
 * provider this index was never built with (`state.provider` differs: the first boot, or a
 * move to Meilisearch) gets the whole index built from the database; otherwise only the types
 * whose documents an older release wrote (`outdatedTypes`) are reconciled. One run at a time
 * across instances and command lines (`withJobLock`, job `search-catch-up`): an instance
 * booting beside a running catch-up, reindex or reconcile skips it (`skipped`), the runner
 * does the work. The state is read under
 * the lock, so a run after the first finds the types current. Throws what the provider throws.
 */
export async function catchUpIndex(strapi: Core.Strapi, options: { provider?: SearchProvider } = {}): Promise<CatchUp> {
  const held = await withJobLock(strapi, CATCH_UP_JOB, async (signal) => {
    const indexer = getService(strapi, 'search', 'indexer');
    const provider: SearchProvider = options.provider ?? indexer.provider();
    const state = await indexer.state();
    const built = state.provider !== provider.name;
    const types = built ? undefined : outdatedTypes(indexer.sources(), state);
    const reports = built || types!.length ? await rebuildIndex(strapi, { force: false, types, provider, signal }) : [];
    return { skipped: false, built, reports, stopped: signal.aborted };
  });
  return held.ran ? held.value : { skipped: true, built: false, reports: [], stopped: false };
}

/**
 * The boot's catch-up (`catchUpIndex`) with its log lines: the index built, the types brought
 * up to date, or the run skipped because another run holds its job lock. Returns what
 * `catchUpIndex` returns; throws what it throws (the caller logs it).
 */
export async function catchUpAtBoot(strapi: Core.Strapi, options: { provider?: SearchProvider } = {}): Promise<CatchUp> {
  const result = await catchUpIndex(strapi, options);
  const name = (options.provider ?? getService(strapi, 'search', 'indexer').provider()).name;
  const written = result.reports.filter((r) => r.added + r.changed + r.removed > 0);
  if (result.skipped) strapi.log.info('Search index catch-up skipped: another run holds its job lock (another instance’s catch-up, or a search:reindex or search:reconcile command).');
  else if (result.stopped) strapi.log.warn('Search index catch-up stopped before the end (its job lock was lost): the next boot finishes it.');
  else if (result.built) strapi.log.info(`Search index built with ${name}: ${result.reports.reduce((n, r) => n + r.expected, 0)} documents.`);
  else if (written.length) strapi.log.info(`Search index brought up to date: ${written.map((r) => `${r.type} (${r.added + r.changed + r.removed} written)`).join(', ')}.`);
  return result;
}

/** What a command line's reindex or reconcile did (`rebuildIndexUnderLock`). */
export type IndexCommandRun =
  /** Another run (a command line, an instance's catch-up at boot) holds the index's job lock: nothing done. */
  | { skipped: true }
  /** `stopped`: the run lost its job lock and stopped before the end (its reports say how far it went). */
  | { skipped: false; reports: TypeReport[]; stopped: boolean };

/**
 * `rebuildIndex` for the command lines (`npm run search:reindex`, `search:reconcile`): every
 * declared type, under the index's job lock (`CATCH_UP_JOB`, `withJobLock`) that the boot's
 * catch-up takes, so that two commands at once, or a command beside a booting instance, never
 * do the work twice. Returns `skipped` when another run holds it (nothing done; the command
 * says so and may be run again), `stopped` when the lock was lost mid-run.
 * @throws what `rebuildIndex` throws (the lock is released first)
 */
export async function rebuildIndexUnderLock(
  strapi: Core.Strapi,
  options: { force: boolean; provider?: SearchProvider; onProgress?: (progress: Progress) => void }
): Promise<IndexCommandRun> {
  const held = await withJobLock(strapi, CATCH_UP_JOB, async (signal) => {
    const reports = await rebuildIndex(strapi, { ...options, signal });
    return { skipped: false as const, reports, stopped: signal.aborted };
  });
  return held.ran ? held.value : { skipped: true };
}

/**
 * Brings the index to what the database holds, type by type: documents missing or
 * different are written, documents no longer searchable are removed. `force` rewrites
 * every document (reindex); without it only the differences are (reconcile), compared by
 * the hash each indexed document carries. `types`: only these (default every declared
 * type; then types no module declares any more are emptied). Records each type's `version`.
 * `signal` (a job lock's, `withJobLock`): once aborted, stops before the next batch and
 * returns the reports of the types finished so far, recording nothing more (no version of the
 * type cut short, no provider): the next run does the rest.
 */
export async function rebuildIndex(
  strapi: Core.Strapi,
  options: { force: boolean; types?: string[]; provider?: SearchProvider; onProgress?: (progress: Progress) => void; signal?: AbortSignal }
): Promise<TypeReport[]> {
  const indexer = getService(strapi, 'search', 'indexer');
  const provider: SearchProvider = options.provider ?? indexer.provider();
  await provider.setup();
  const reports: TypeReport[] = [];
  const declaredSources = indexer.sources();
  const sources = options.types ? declaredSources.filter((s) => options.types!.includes(s.searchable.type)) : declaredSources;
  const stopped = () => options.signal?.aborted === true;

  for (const source of sources) {
    if (stopped()) return reports;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const { type, label } = source.searchable;
    const total = await indexer.countEntries(source);
    const indexed = await provider.fingerprints(type);
    const report: TypeReport = { type, label, read: 0, expected: 0, added: 0, changed: 0, removed: 0, seconds: 0 };
    const seen = new Set<string>();
    let done = 0;
    options.onProgress?.({ type, label, done, total, seconds: 0 });
    for await (const { documents, read } of indexer.documentsOf(source)) {
      if (stopped()) return reports;
      const writes = documents.filter((d) => options.force || indexed.get(d.id) !== d.hash);
      for (const d of documents) seen.add(d.id);
      report.expected += documents.length;
      report.added += writes.filter((d) => !indexed.has(d.id)).length;
      report.changed += writes.filter((d) => indexed.has(d.id)).length;
      await provider.upsert(writes);
      done += read;
      report.read = done;
      options.onProgress?.({ type, label, done, total: Math.max(total, done), seconds: seconds() });
    }
    const stale = [...indexed.keys()].filter((id) => !seen.has(id));
    await provider.remove(stale);
    report.removed = stale.length;
    report.seconds = seconds();
    reports.push(report);
    await indexer.setState(versionKey(type), versionOf(source));
  }
  if (options.types || stopped()) return reports;

  const declared = new Set(sources.map((s) => s.searchable.type));
  for (const [type, count] of Object.entries(await provider.counts())) {
    if (declared.has(type) || count === 0) continue;
    const ids = [...(await provider.fingerprints(type)).keys()];
    await provider.remove(ids);
    reports.push({ type, label: undeclaredTypeLabel(type), read: 0, expected: 0, added: 0, changed: 0, removed: ids.length, seconds: 0 });
  }
  await indexer.setState(options.force ? 'last_reindex' : 'last_reconcile', new Date().toISOString());
  await indexer.setState('provider', provider.name);
  return reports;
}
