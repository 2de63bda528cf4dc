import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
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
 * @throws NotFoundError (404) for an unknown reference (or one cleared already);
 *         ForbiddenError (403) for an address of another federation's member
 */
export async function clearBounce(strapi: Core.Strapi, actor: Actor, ref: string): Promise<{ id: string; email: string }> {
  return strapi.db.transaction(async ({ trx }) => {
    const row = await trx(BOUNCES).where({ ref }).first('email', 'member_id', 'federation_id', 'code', 'created_at');
    if (!row) throw new NotFoundError('Adresse introuvable parmi les adresses en échec.');
    const federationId = row.federation_id == null ? null : Number(row.federation_id);
    if (!can(actor, 'bounce.clear', { federationId, sectionId: null })) throw new ForbiddenError('Cette adresse ne relève pas de votre fédération.');
    const removed = await trx(BOUNCES).where({ ref }).del();
    if (!removed) throw new NotFoundError('Adresse introuvable parmi les adresses en échec.');
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
