import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { getService } from '@intranet-militant/shared';

export const AUDIT_RETENTION: readonly RetentionRule[] = [
  {
    id: 'audit.log',
    what: 'Audit log (who did what, when, on what)',
    period: 'The life of the log (append-only, hash-chained, anchored)',
    then: 'Entries are never deleted; at erasure, in the entries about the member or naming them, their account’s label becomes « ancien adhérent (effacé) » and each detail naming them « [effacé] », vouched for by a signed redaction entry so that the chain still verifies; the erasure is recorded as one entry with counts only',
    basis: 'GDPR art. 5(2) and 32 (accountability, security of processing); the party’s proof of its decisions; art. 17 for the blanked identity',
  },
];

/**
 * The audit log's part of erasure (issue 22, item 4): entries are kept (the party's proof)
 * but every trace of the member's identity in them is blanked through the log's
 * chain-compatible redaction (`log.redact`: a signed redaction entry vouches for each
 * blanked entry). Runs last among the parts, inside the erasure's final transaction, so that
 * entries the other parts wrote are blanked too. Idempotent (a second call blanks nothing).
 * Returns the entries kept about the member and how many were blanked.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: AUDIT_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const { kept, redacted } = await getService(strapi, 'audit', 'log').redact(subject, subject.federationId);
      return { source: 'audit', counts: { entriesKept: kept, entriesRedacted: redacted } };
    },
  }) satisfies ErasureProvider;
