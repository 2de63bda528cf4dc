import type { Core } from '@strapi/strapi';
import { pageMeta, type Actor } from '@intranet-militant/shared';
import { MESSAGES } from '../storage';

/** A notification as the member's inbox shows it. */
export interface InboxItem {
  id: number;
  kind: string;
  title: string;
  /** The portal page concerned, or null. */
  link: string | null;
  createdAt: string;
  read: boolean;
}

const inboxOf = (strapi: Core.Strapi, actor: Actor, trx?: any) => (trx ?? strapi.db.connection)(MESSAGES).where({ member_id: actor.memberId ?? -1, in_inbox: true });

/** The actor's notifications, newest first (only unread with `unreadOnly`), with the unread count. */
export async function listInbox(strapi: Core.Strapi, actor: Actor, page: number, pageSize: number, unreadOnly: boolean) {
  const filtered = () => (unreadOnly ? inboxOf(strapi, actor).whereNull('read_at') : inboxOf(strapi, actor));
  const [rows, [{ n }], unread] = await Promise.all([
    filtered().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).select('id', 'kind', 'title', 'link', 'created_at', 'read_at'),
    filtered().count({ n: '*' }),
    unreadCount(strapi, actor),
  ]);
  const data: InboxItem[] = rows.map((r: any) => ({
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    link: r.link,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    read: r.read_at != null,
  }));
  return { data, meta: { ...pageMeta(page, pageSize, Number(n)), unread } };
}

/** How many of the actor's notifications are unread (`trx`: inside that transaction). */
export async function unreadCount(strapi: Core.Strapi, actor: Actor, trx?: unknown): Promise<number> {
  const [{ n }] = await inboxOf(strapi, actor, trx).whereNull('read_at').count({ n: '*' });
  return Number(n);
}
