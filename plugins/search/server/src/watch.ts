import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type { Source } from './services/indexer';

/**
 * Every write of searchable content, or of content it follows, leaves a row in the outbox
 * within the write's transaction. Database lifecycles see every write of the ORM, through
 * the Document Service (admin panel, commands) and the query engine alike (phase changes,
 * merges); a Document Service middleware alone would miss the latter.
 */
export function watchWrites(strapi: Core.Strapi, sources: Source[]) {
  const indexer = () => getService(strapi, 'search', 'indexer');
  const models = [...new Set(sources.flatMap((s) => [s.searchable.uid, ...(s.searchable.follows ?? []).map((f) => f.uid)]))];
  const changed = (uid: string, entries: unknown) => indexer().enqueue(uid, Array.isArray(entries) ? entries : entries ? [entries] : []);
  // Bulk writes report counts only: the entries they touch are read before.
  const touched = (event: any) => strapi.db.query(event.model.uid).findMany({ where: event.params.where, select: ['id', 'documentId'] });
  const enqueueAll = async (dependents: { uid: string; documentId: string }[] = []) => {
    for (const uid of new Set(dependents.map((d) => d.uid))) await changed(uid, dependents.filter((d) => d.uid === uid));
  };

  strapi.db.lifecycles.subscribe({
    models,
    async afterCreate(event: any) {
      await changed(event.model.uid, event.result);
    },
    async afterUpdate(event: any) {
      await changed(event.model.uid, event.result);
    },
    // A deleted entry takes its links along: what followed it is found before it goes.
    async beforeDelete(event: any) {
      event.state.dependents = await indexer().dependentsOf(event.model.uid, await touched(event));
    },
    async afterDelete(event: any) {
      await changed(event.model.uid, event.result);
      await enqueueAll(event.state.dependents);
    },
    async afterCreateMany(event: any) {
      const ids: number[] = event.result?.ids ?? [];
      if (ids.length) await changed(event.model.uid, await strapi.db.query(event.model.uid).findMany({ where: { id: { $in: ids } }, select: ['id', 'documentId'] }));
    },
    async beforeUpdateMany(event: any) {
      event.state.touched = await touched(event);
    },
    async afterUpdateMany(event: any) {
      await changed(event.model.uid, event.state.touched);
    },
    async beforeDeleteMany(event: any) {
      event.state.touched = await touched(event);
      event.state.dependents = await indexer().dependentsOf(event.model.uid, event.state.touched);
    },
    async afterDeleteMany(event: any) {
      await changed(event.model.uid, event.state.touched);
      await enqueueAll(event.state.dependents);
    },
  } as any);
}
