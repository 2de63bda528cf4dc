import type { Core } from '@strapi/strapi';
import { NotFoundError, type Actor } from '@intranet-militant/shared';
import { MESSAGES } from '../storage';
import { unreadCount } from '../queries/inbox';

/**
 * Marks one of the actor's notifications read (again: no change). Scope `self`: another
 * member's notification is answered as unknown.
 * @returns the unread count after it
 * @throws NotFoundError (404) for a notification that is not the actor's
 */
export async function markRead(strapi: Core.Strapi, actor: Actor, id: number): Promise<{ id: number; unread: number }> {
  return strapi.db.transaction(async ({ trx }) => {
    const row = await trx(MESSAGES).where({ id, member_id: actor.memberId ?? -1, in_inbox: true }).first('id', 'read_at');
    if (!row) throw new NotFoundError('Notification introuvable.');
    if (row.read_at == null) await trx(MESSAGES).where({ id }).update({ read_at: Date.now() });
    return { id, unread: await unreadCount(strapi, actor, trx) };
  });
}

/** Marks every notification of the actor read. @returns how many were unread */
export async function markAllRead(strapi: Core.Strapi, actor: Actor): Promise<{ marked: number; unread: number }> {
  return strapi.db.transaction(async ({ trx }) => {
    const marked = await trx(MESSAGES).where({ member_id: actor.memberId ?? -1, in_inbox: true }).whereNull('read_at').update({ read_at: Date.now() });
    return { marked: Number(marked), unread: 0 };
  });
}
