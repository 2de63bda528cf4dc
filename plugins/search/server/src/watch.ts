import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type { Source } from './services/indexer';

type Entry = { id: number; documentId: string | null };
type Dependent = { uid: string; documentId: string };

/** What a database lifecycle hands a subscriber (the part we read). */
interface WriteEvent {
  model: { uid: string };
  params: { where?: Record<string, unknown> };
  // The ORM's result: an entry, a list, or `{ ids }` / `{ count }` for bulk writes.
  result?: any;
  state: { touched?: Entry[]; dependents?: Dependent[] } & Record<string, unknown>;
}

/**
 * Every write of searchable content, or of content it follows, leaves a row in the outbox
 * within the write's transaction. Database lifecycles see every write of the ORM, through
 * the Document Service (admin panel, commands) and the query engine alike (phase changes,
 * merges); a Document Service middleware alone would miss the latter.
 */
export function watchWrites(strapi: Core.Strapi, sources: Source[]) {
  const indexer = () => getService(strapi, 'search', 'indexer');
  const models = [...new Set(sources.flatMap((s) => [s.searchable.uid, ...(s.searchable.follows ?? []).map((f) => f.uid)]))];
  const changed = (uid: string, entries: unknown) =>
    indexer().enqueue(uid, (Array.isArray(entries) ? entries : entries ? [entries] : []) as { id?: number; documentId?: string }[]);
  // Bulk writes report counts only: the entries they touch are read before.
  const touched = (event: WriteEvent): Promise<Entry[]> => strapi.db.query(event.model.uid as never).findMany({ where: event.params.where, select: ['id', 'documentId'] });
  const enqueueAll = async (dependents: Dependent[] = []) => {
    for (const uid of new Set(dependents.map((d) => d.uid))) await changed(uid, dependents.filter((d) => d.uid === uid));
  };

  strapi.db.lifecycles.subscribe({
    models,
    async afterCreate(event: WriteEvent) {
      await changed(event.model.uid, event.result);
    },
    async afterUpdate(event: WriteEvent) {
      await changed(event.model.uid, event.result);
    },
    // A deleted entry takes its links along: what followed it is found before it goes.
    async beforeDelete(event: WriteEvent) {
      event.state.dependents = await indexer().dependentsOf(event.model.uid, await touched(event));
    },
    async afterDelete(event: WriteEvent) {
      await changed(event.model.uid, event.result);
      await enqueueAll(event.state.dependents);
    },
    async afterCreateMany(event: WriteEvent) {
      const ids: number[] = event.result?.ids ?? [];
      if (ids.length) await changed(event.model.uid, await strapi.db.query(event.model.uid as never).findMany({ where: { id: { $in: ids } }, select: ['id', 'documentId'] }));
    },
    async beforeUpdateMany(event: WriteEvent) {
      event.state.touched = await touched(event);
    },
    async afterUpdateMany(event: WriteEvent) {
      await changed(event.model.uid, event.state.touched);
    },
    async beforeDeleteMany(event: WriteEvent) {
      event.state.touched = await touched(event);
      event.state.dependents = await indexer().dependentsOf(event.model.uid, event.state.touched);
    },
    async afterDeleteMany(event: WriteEvent) {
      await changed(event.model.uid, event.state.touched);
      await enqueueAll(event.state.dependents);
    },
  });
}
