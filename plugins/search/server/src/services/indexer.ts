import { createHash } from 'node:crypto';
import type { Core, Modules, UID } from '@strapi/strapi';
import { getService, notBarredByMembership, ROLES, truncateText, withSavepoint, withTransaction, type Actor, type SearchableType, type SearchDocument } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import type { IndexedDocument, SearchProvider } from '../providers/types';

/**
 * Keeps the index in step with the content that plugins declare searchable.
 *
 * Every write of a searchable entry (or of content it `follows`) leaves a row in the
 * outbox, in the same transaction as the write (see `watch`): if the write commits, the
 * change will be indexed; if it rolls back, nothing is. The outbox holds references
 * only; draining it reads the entry as it is then, so retries always converge on the
 * latest state. A failed batch stays, retried with exponential backoff.
 */
export const OUTBOX = 'search_outbox';
const STATE = 'search_state';
const BATCH = 200;
const BODY_LIMIT = 100_000;
const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * Entries are read published: entries without drafts are stored published, and a
 * published read populates the published version of related content with drafts (a
 * lesson's course), or nothing when it has none.
 */
const PUBLISHED = { status: 'published' as const };

export interface Source {
  module: string;
  searchable: SearchableType;
}

export interface DrainReport {
  indexed: number;
  removed: number;
  /** Outbox rows that failed and wait for a retry. */
  failed: number;
  error?: string;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: SearchProvider | null = null;
  let draining: Promise<DrainReport> | null = null;
  const sectionFederations = new Map<number, number | null>();
  const connection = () => strapi.db.connection;

  const self = {
    use(chosen: SearchProvider) {
      provider = chosen;
    },

    provider(): SearchProvider {
      if (!provider) throw new Error('Search provider not set: the search plugin has not booted.');
      return provider;
    },

    /** What the installed modules declare searchable. */
    sources(): Source[] {
      return getService(strapi, 'modules', 'registry')
        .list()
        .flatMap((m) => m.searchable.map((searchable): Source => ({ module: m.id, searchable })))
        // `strapi.contentType(uid)` looks one up; `strapi.contentTypes` copies them all at each call.
        .filter((s) => Boolean(strapi.contentType(s.searchable.uid as Parameters<typeof strapi.contentType>[0])));
    },

    source(type: string): Source | undefined {
      return self.sources().find((s) => s.searchable.type === type);
    },

    /**
     * The types an actor may search: those of the modules their federation has on, less
     * those only active members find (`activeMembersOnly`) when the actor's membership bars
     * them (`notBarredByMembership`: an account without member profile is not barred).
     */
    async typesFor(actor: Actor): Promise<Source[]> {
      const sources = self.sources().filter((s) => !s.searchable.activeMembersOnly || notBarredByMembership(actor.status));
      if (actor.role === ROLES.nationalAdmin || actor.federationId == null) {
        return actor.role === ROLES.nationalAdmin ? sources : sources.filter((s) => defaultEnabled(s.module));
      }
      const states = await getService(strapi, 'modules', 'switches').statesOf(actor.federationId);
      const enabled = new Set(states.filter((m) => m.enabled).map((m) => m.id));
      return sources.filter((s) => enabled.has(s.module));
    },

    /**
     * For the searched types, the federations whose content of that type nobody may find: the
     * federations that switched the type's module off (modules' kept map, tag `modules`).
     * @returns one entry per module with such federations: its types among `sources`, the federation ids
     */
    async hiddenFor(sources: Source[]): Promise<{ types: string[]; federationIds: number[] }[]> {
      const byModule = new Map<string, string[]>();
      for (const s of sources) byModule.set(s.module, [...(byModule.get(s.module) ?? []), s.searchable.type]);
      const switches = getService(strapi, 'modules', 'switches');
      const hidden: { types: string[]; federationIds: number[] }[] = [];
      for (const [module, types] of byModule) {
        const federationIds = await switches.federationsWithout(module);
        if (federationIds.length) hidden.push({ types, federationIds });
      }
      return hidden;
    },

    /** Records that entries of `uid` changed: called inside the write's transaction. */
    async enqueue(uid: string, entries: { id?: number; documentId?: string }[]) {
      const now = Date.now();
      const rows = entries
        .filter((e) => e.documentId || e.id)
        .map((e) => ({ uid, document_id: e.documentId ?? null, entry_id: e.id ?? null, attempts: 0, available_at: now, created_at: now }));
      if (rows.length === 0) return;
      await strapi.db.transaction(async ({ trx, onCommit }) => {
        await trx(OUTBOX).insert(rows);
        onCommit(() => getService(strapi, 'search', 'worker').soon());
      });
    },

    /**
     * One batch of due outbox rows → the index. On PostgreSQL the rows are claimed with
     * SKIP LOCKED, so several instances drain side by side without doing the work twice.
     */
    async drainBatch(options: { provider?: SearchProvider; now?: number } = {}): Promise<DrainReport & { claimed: number }> {
      const target = options.provider ?? self.provider();
      const now = options.now ?? Date.now();
      return strapi.db.transaction(async ({ trx }) => {
        let claim = trx(OUTBOX).where('available_at', '<=', now).orderBy('id').limit(BATCH).select('*');
        if (strapi.db.dialect.client === 'postgres') claim = claim.forUpdate().skipLocked();
        const rows: OutboxRow[] = await claim;
        if (rows.length === 0) return { claimed: 0, indexed: 0, removed: 0, failed: 0 };
        let batch: { documents: IndexedDocument[]; gone: string[] };
        try {
          // A failure must not abort the transaction that records it (the database provider
          // writes in it): the index work runs in a savepoint, undone on failure.
          batch = await withSavepoint(trx, async () => {
            const found = await self.documentsFor(rows);
            await target.upsert(found.documents);
            await target.remove(found.gone);
            return found;
          });
        } catch (error) {
          const message = truncateText(`${target.name} : ${(error as Error).message}`, 2000);
          for (const row of rows) {
            const attempts = row.attempts + 1;
            await trx(OUTBOX).where({ id: row.id }).update({ attempts, available_at: now + backoff(attempts), last_error: message });
          }
          await self.setState('last_error', `${new Date(now).toISOString()} ${message}`);
          strapi.log.warn(`Search index: ${rows.length} change(s) not indexed, will retry: ${message}`);
          return { claimed: rows.length, indexed: 0, removed: 0, failed: rows.length, error: message };
        }
        await trx(OUTBOX).whereIn('id', rows.map((r) => r.id)).delete();
        await self.setState('last_success', new Date(now).toISOString());
        return { claimed: rows.length, indexed: batch.documents.length, removed: batch.gone.length, failed: 0 };
      });
    },

    /** Drains every due row (one drain at a time in this process). */
    async drain(options: { provider?: SearchProvider; now?: number } = {}): Promise<DrainReport> {
      if (draining && !options.provider) return draining;
      const run = (async () => {
        const total: DrainReport = { indexed: 0, removed: 0, failed: 0 };
        for (;;) {
          const report = await self.drainBatch(options);
          total.indexed += report.indexed;
          total.removed += report.removed;
          total.failed += report.failed;
          if (report.error) total.error = report.error;
          if (report.claimed < BATCH || report.failed) return total;
        }
      })();
      if (options.provider) return run;
      draining = run.finally(() => {
        draining = null;
      });
      return draining;
    },

    /** Entries of searchable types that follow these entries of `uid`. */
    async dependentsOf(uid: string, entries: { id: number; documentId: string | null }[]): Promise<{ uid: string; documentId: string }[]> {
      const found: { uid: string; documentId: string }[] = [];
      for (const source of self.sources()) {
        for (const follow of (source.searchable.follows ?? []).filter((f) => f.uid === uid)) {
          for (const entry of entries) {
            const rows: { documentId: string }[] = await strapi.db.query(uidOf(source)).findMany({ where: follow.where(entry), select: ['documentId'] });
            found.push(...rows.map((r) => ({ uid: source.searchable.uid, documentId: r.documentId })));
          }
        }
      }
      return found;
    },

    /** The search documents for a batch of outbox rows, and the ids to remove. */
    async documentsFor(rows: OutboxRow[]): Promise<{ documents: IndexedDocument[]; gone: string[] }> {
      const wanted = new Map<Source, Set<string>>(); // documentIds per source
      const want = (source: Source, documentId: string) => {
        if (!wanted.has(source)) wanted.set(source, new Set());
        wanted.get(source)!.add(documentId);
      };
      const sources = self.sources();
      const sourceOf = (uid: string) => sources.find((s) => s.searchable.uid === uid);
      const followed = new Map<string, { uid: string; id: number; documentId: string | null }>(); // one look per changed entry
      for (const row of rows) {
        const own = sourceOf(row.uid);
        if (own && row.document_id) want(own, row.document_id);
        if (row.entry_id != null) followed.set(`${row.uid}:${row.entry_id}`, { uid: row.uid, id: Number(row.entry_id), documentId: row.document_id });
      }
      for (const entry of followed.values()) {
        for (const d of await self.dependentsOf(entry.uid, [entry])) want(sourceOf(d.uid)!, d.documentId);
      }
      const documents: IndexedDocument[] = [];
      const gone: string[] = [];
      for (const [source, ids] of wanted) {
        const entries = await self.entries(source, { documentId: { $in: [...ids] } });
        const found = new Map(entries.map((e) => [e.documentId, e]));
        for (const documentId of ids) {
          const doc = found.has(documentId) ? await self.toIndexed(source, found.get(documentId)) : null;
          if (doc) documents.push(doc);
          else gone.push(`${source.searchable.type}:${documentId}`);
        }
      }
      return { documents, gone };
    },

    /** Entries of a source as `toDocument` expects them (published version). */
    async entries(source: Source, filters: Modules.Documents.Params.Filters.Any<UID.ContentType>, page?: { start: number; limit: number }) {
      return strapi.documents(uidOf(source)).findMany({
        filters,
        populate: source.searchable.populate as Modules.Documents.Params.Populate.Any<UID.ContentType>,
        ...PUBLISHED,
        ...(page ? { start: page.start, limit: page.limit, sort: 'id:asc' } : {}),
      });
    },

    /** How many entries `documentsOf` will read. */
    async countEntries(source: Source): Promise<number> {
      return strapi.documents(uidOf(source)).count({ ...PUBLISHED });
    },

    /** A plugin's search document as the providers store it; null when not searchable. */
    async toIndexed(source: Source, entry: unknown): Promise<IndexedDocument | null> {
      const doc: SearchDocument | null = source.searchable.toDocument(entry);
      if (!doc) return null;
      const v = doc.visibility;
      // Section content is also reachable by its federation's staff: store the federation.
      const federationId = v.federationId ?? (v.sectionId != null ? await federationOfSection(v.sectionId) : null);
      const indexed: Omit<IndexedDocument, 'hash'> = {
        id: doc.id,
        type: doc.type,
        title: doc.title,
        body: doc.body.length > BODY_LIMIT ? doc.body.slice(0, BODY_LIMIT) : doc.body,
        date: doc.date,
        link: doc.link,
        facets: doc.facets,
        audience: v.audience,
        federationId,
        sectionId: v.sectionId ?? null,
        roles: [...(v.roles ?? [])].sort(),
        ownerUserId: v.ownerUserId ?? null,
      };
      return { ...indexed, hash: createHash('sha256').update(JSON.stringify(indexed)).digest('hex').slice(0, 32) };
    },

    /** Every searchable entry of a source, page by page. */
    async *documentsOf(source: Source, pageSize = 500): AsyncGenerator<{ documents: IndexedDocument[]; read: number }> {
      for (let start = 0; ; start += pageSize) {
        const entries = await self.entries(source, {}, { start, limit: pageSize });
        const documents: IndexedDocument[] = [];
        for (const entry of entries) {
          const doc = await self.toIndexed(source, entry);
          if (doc) documents.push(doc);
        }
        yield { documents, read: entries.length };
        if (entries.length < pageSize) return;
      }
    },

    async setState(key: string, value: string) {
      await withTransaction(strapi, (trx) => trx(STATE).insert({ key, value, updated_at: Date.now() }).onConflict('key').merge());
    },

    async state(): Promise<Record<string, string>> {
      const rows: { key: string; value: string }[] = await connection()(STATE).select('key', 'value');
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },

    async backlog(): Promise<{ pending: number; retrying: number; oldest: string | null; lastError: string | null }> {
      const [row] = await connection()(OUTBOX).select(
        connection().raw('count(*) AS pending'),
        connection().raw('sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS retrying'),
        connection().raw('min(created_at) AS oldest')
      );
      const failing = await connection()(OUTBOX).whereNotNull('last_error').orderBy('id', 'desc').first('last_error');
      return {
        pending: Number(row?.pending ?? 0),
        retrying: Number(row?.retrying ?? 0),
        oldest: row?.oldest ? new Date(Number(row.oldest)).toISOString() : null,
        lastError: failing?.last_error ?? null,
      };
    },
  };


  function defaultEnabled(module: string): boolean {
    return Boolean(getService(strapi, 'modules', 'registry').get(module)?.defaultEnabled);
  }

  async function federationOfSection(sectionId: number): Promise<number | null> {
    if (!sectionFederations.has(sectionId)) {
      const section = await getService(strapi, 'membership', 'directory').sectionById(sectionId);
      sectionFederations.set(sectionId, section?.federation?.id ?? null);
    }
    return sectionFederations.get(sectionId)!;
  }

  return self;
};

/** A searchable type's content type (`sources()` keeps only those Strapi has). */
const uidOf = (source: Source) => source.searchable.uid as UID.ContentType;

export interface OutboxRow {
  id: number;
  uid: string;
  document_id: string | null;
  entry_id: number | string | null;
  attempts: number;
}

/** 2 s, 4 s, 8 s… up to ten minutes, with jitter so that instances do not retry in step. */
export function backoff(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
