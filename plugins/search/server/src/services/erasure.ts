import type { Core } from '@strapi/strapi';
import { getService, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';

export const SEARCH_RETENTION: readonly RetentionRule[] = [
  {
    id: 'search.index',
    what: 'Search index (documents built from what plugins declare searchable; a member’s skills profile only with their consent)',
    period: 'As long as its source',
    then: 'Follows its source: at erasure the documents the member’s account could find as their author are re-indexed without that link; texts kept by their plugin (contributions, minutes) stay searchable as kept',
    basis: 'A derived copy: same basis as its source',
  },
];

/**
 * Search's part of erasure (issue 22, item 4): the index holds no membership record; a
 * member's skills profile is indexed only while they consent to the directory, and leaves the
 * index when the skills plugin erases it (its deletion is indexed like any write). Otherwise
 * the only link is the account a document belongs to (a contribution's author finds it). The documents owned by
 * the member's account are queued for re-indexing, in the caller's transaction, so that they
 * are rebuilt from their source once the erasure is committed (their source then names no
 * owner). Idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: SEARCH_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      if (subject.userId == null) return { source: 'search', counts: { documentsReindexed: 0 } };
      return strapi.db.transaction(async ({ trx }) => {
        const rows: { id: string; type: string }[] = await trx('search_documents').where({ owner_user_id: subject.userId }).select('id', 'type');
        const indexer = getService(strapi, 'search', 'indexer');
        const byType = new Map<string, string[]>();
        for (const row of rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row.id.slice(row.type.length + 1)]);
        for (const [type, ids] of byType) {
          const source = indexer.source(type);
          if (source) await indexer.enqueue(source.searchable.uid, ids.map((documentId) => ({ documentId })));
        }
        return { source: 'search', counts: { documentsReindexed: rows.length } };
      });
    },
  }) satisfies ErasureProvider;
