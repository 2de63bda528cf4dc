import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { AUDIT_TABLE } from '../storage';

export const AUDIT_RETENTION: readonly RetentionRule[] = [
  {
    id: 'audit.log',
    what: 'Audit log (who did what, when, on what)',
    period: 'The life of the log (append-only, hash-chained, anchored)',
    then: 'Never changed: an erasure is recorded as one entry with counts only (no erased data); entries written before it keep what they recorded (see Known limits)',
    basis: 'GDPR art. 5(2) and 32 (accountability, security of processing); the party’s proof of its decisions',
  },
];

/**
 * The audit log's part of erasure (issue 22, item 4): the log is append-only and its chain
 * proves it, so nothing is changed; reports how many entries concern the member (kept).
 * Membership records the erasure itself. Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: AUDIT_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const [row] = await strapi.db
        .connection(AUDIT_TABLE)
        .where((q) => {
          q.where('subject_id', subject.memberDocumentId);
          if (subject.userId != null) q.orWhere((by) => by.where({ actor_kind: 'user', actor_id: subject.userId }));
        })
        .count({ n: '*' });
      return { source: 'audit', counts: { entriesKept: Number(row.n) } };
    },
  }) satisfies ErasureProvider;
