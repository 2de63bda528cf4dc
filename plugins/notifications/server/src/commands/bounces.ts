import type { Core } from '@strapi/strapi';
import { auditActorOf, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can } from '../permissions';
import { BOUNCES } from '../storage';

/**
 * Staff take an address off the bouncing list (« Retirer »), once the member fixed their
 * mailbox: the next notifications to it are sent again (what was skipped meanwhile is not
 * sent after the fact). Their federation's addresses for federation staff, every one for
 * national admins. Audited, with the address, in the same transaction as the removal.
 * @param ref the bounce's opaque reference (`id` in `GET /api/notifications/bounces`)
 * @returns the reference and the address cleared
 * @throws NotFoundError (404, `BOUNCE_NOT_FOUND`) for an unknown reference (or one cleared
 *         already), and the same for an address of another federation's member (it looks absent)
 */
/** What an unknown reference and another federation's address both answer (404). */
export const BOUNCE_NOT_FOUND = 'Adresse introuvable parmi les adresses en échec.';

export async function clearBounce(strapi: Core.Strapi, actor: Actor, ref: string): Promise<{ id: string; email: string }> {
  return strapi.db.transaction(async ({ trx }) => {
    const row = await trx(BOUNCES).where({ ref }).first('email', 'member_id', 'federation_id', 'code', 'created_at');
    const federationId = row?.federation_id == null ? null : Number(row.federation_id);
    if (!row || !can(actor, 'bounce.clear', { federationId, sectionId: null })) throw new NotFoundError(BOUNCE_NOT_FOUND);
    const removed = await trx(BOUNCES).where({ ref }).del();
    if (!removed) throw new NotFoundError(BOUNCE_NOT_FOUND);
    const member = row.member_id == null ? null : (await getService(strapi, 'membership', 'directory').contactsByIds([Number(row.member_id)])).get(Number(row.member_id));
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::notifications.bounce.clear',
      subject: { type: 'plugin::notifications.bounce', id: ref },
      federationId,
      details: { email: row.email, member: member?.documentId ?? null, code: row.code == null ? null : Number(row.code), since: new Date(Number(row.created_at)).toISOString() },
    });
    return { id: ref, email: row.email as string };
  });
}
