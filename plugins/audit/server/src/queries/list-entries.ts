import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { fieldError, ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import { actionLabel, subjectLabel, subjectName } from '../domain/action-labels';
import type { AuditEntry } from '../domain/chain';
import { auditPermissions } from '../permissions';
import type { EntryListQuery } from '../validation/schemas';

/** An audit entry as the journal shows it: the stored names (for filters) beside their French labels. */
export interface JournalEntry {
  seq: number;
  occurredAt: string;
  actor: { kind: AuditEntry['actorKind']; id: number | null; label: string };
  /** As stored (a uid and a verb, `<kind>::<plugin>.<thing>.<verb>`): what `?action=` filters on. */
  action: string;
  /** In French: « Dépôt — contribution » (`actionLabel`). */
  actionLabel: string;
  /**
   * `type` and `id` as stored (what `?subjectType=` and `?subjectId=` filter on); `label` in
   * French: « Contribution » (`subjectLabel`); `name`: which one, from the entry's own details
   * or a short reference (« « Budget 2027 » », « réf. q1e3tz »: `subjectName`), or null.
   */
  subject: { type: string; id: string | null; label: string; name: string | null };
  federationId: number | null;
  details: unknown;
  prevHash: string;
  keyId: string | null;
  hash: string;
}

/**
 * One page of the audit entries the actor may read (`entry.read`: their federation's, or
 * every entry for national admins), newest first, optionally narrowed to one federation,
 * action or subject (as stored). Paged by the database.
 * @returns the page's entries, each with its action and subject named in French beside the
 *          stored names (`JournalEntry`), and the count of matching entries
 * @throws ForbiddenError (403) for a federation-bound reader without a federation or who
 *         asks for another federation, ValidationError (400) for an unknown federation.
 */
export async function listEntries(strapi: Core.Strapi, actor: Actor, query: EntryListQuery): Promise<{ entries: JournalEntry[]; total: number }> {
  let federationId: number | undefined;
  if (auditPermissions.scopeOf(actor, 'entry.read') === 'federation') {
    if (actor.federationId == null) throw new ForbiddenError('Votre compte n’est rattaché à aucune fédération.');
    federationId = actor.federationId;
  }
  if (query.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(query.federation);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    if (federationId !== undefined && federation.id !== federationId) {
      throw new ForbiddenError('Vous ne consultez que le journal de votre fédération.');
    }
    federationId = federation.id;
  }
  const { entries, total } = await getService(strapi, 'audit', 'log').list({ ...query, federationId });
  const nameOf = (uid: string) => (strapi.contentTypes as unknown as Record<string, { info?: { displayName?: string } }>)[uid]?.info?.displayName;
  return { entries: entries.map((e) => presentEntry(e, nameOf)), total };
}

/** The entry as the journal's API answers it, its action and subject named in French. */
function presentEntry(e: AuditEntry, nameOf: (uid: string) => string | undefined): JournalEntry {
  const details = JSON.parse(e.details);
  return {
    seq: e.seq,
    occurredAt: e.occurredAt,
    actor: { kind: e.actorKind, id: e.actorId, label: e.actorLabel },
    action: e.action,
    actionLabel: actionLabel(e.action, nameOf),
    subject: { type: e.subjectType, id: e.subjectId, label: subjectLabel(e.subjectType, nameOf), name: subjectName(e.subjectId, details) },
    federationId: e.federationId,
    details,
    prevHash: e.prevHash,
    keyId: e.keyId,
    hash: e.hash,
  };
}
