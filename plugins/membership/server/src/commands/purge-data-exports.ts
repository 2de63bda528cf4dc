import type { Core } from '@strapi/strapi';
import { recordAudit, SYSTEM_ACTOR } from '@intranet-militant/shared';
import { DATA_EXPORT_UID } from '../uids';

/**
 * Deletes the exports whose offer has ended (`expiresAt` passed), content included, and
 * audits how many went (no personal data in the entry). Returns how many this run deleted:
 * runs at once (the hourly job on every instance, a member's request) each count and audit
 * only the rows they deleted themselves (none for the later ones), never the same rows twice.
 * Run every hour by the scheduled job (with cron on) and before each new request.
 */
export async function purgeExpiredDataExports(strapi: Core.Strapi, now: Date = new Date()): Promise<number> {
  return strapi.db.transaction(async () => {
    const expired = await strapi.db.query(DATA_EXPORT_UID).findMany({ where: { expiresAt: { $lte: now } }, select: ['id', 'documentId'] });
    if (expired.length === 0) return 0;
    const { count } = await strapi.db.query(DATA_EXPORT_UID).deleteMany({ where: { id: { $in: expired.map((e: { id: number }) => e.id) } } });
    if (!count) return 0;
    await recordAudit(strapi, {
      actor: SYSTEM_ACTOR,
      action: 'plugin::membership.data-export.delete',
      subject: { type: DATA_EXPORT_UID, id: null },
      federationId: null,
      details: { deleted: count, reason: 'expired' },
    });
    return count;
  });
}
