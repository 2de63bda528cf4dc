import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { BOUNCES, FEEDS, MESSAGES, PREFERENCES } from '../storage';

/** The invitations' table (content type `plugin::notifications.invitation`). */
const INVITATIONS = 'notifications_invitations';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days a message that left the outbox (or an inbox entry) is kept (`NOTIFICATIONS_RETENTION_DAYS`, default 180). */
export function notificationsRetentionDays(): number {
  const value = Number(process.env.NOTIFICATIONS_RETENTION_DAYS ?? 180);
  return Number.isInteger(value) && value >= 1 ? value : 180;
}

export const NOTIFICATIONS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'notifications.messages',
    what: 'Notifications: the email outbox (address, title, payload, delivery state) and the portal inbox',
    period: `${notificationsRetentionDays()} days after they were written, once no longer waiting to be sent — \`NOTIFICATIONS_RETENTION_DAYS\``,
    then: 'Deleted; a member’s messages, and others’ messages whose title or text names them, are deleted at their erasure',
    basis: 'GDPR art. 5(1)(e): needed to deliver, show recent notifications and investigate delivery problems',
  },
  {
    id: 'notifications.settings',
    what: 'Notification preferences, calendar feed (hash of its secret address), the invitation record (hash of its one-time code, the address it was sent to), bouncing addresses',
    period: 'While a member',
    then: 'Deleted at the member’s erasure',
    basis: 'GDPR art. 5(1)(c)',
  },
];

/**
 * Notifications' part of retention and erasure (issue 22, item 4). `erase` deletes the
 * member's messages (outbox and inbox), those whose title or payload names them (their full
 * name or address, other members' notifications about them), their preferences, calendar
 * feed, invitation record and bounce record, in one transaction; idempotent. `purge` deletes messages older
 * than the period that are no longer waiting (`pending`, `digest`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: NOTIFICATIONS_RETENTION,

    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      return strapi.db.transaction(async ({ trx }) => {
        const names = [`${subject.firstName} ${subject.lastName}`, `${subject.lastName} ${subject.firstName}`, subject.email]
          .filter((n): n is string => Boolean(n && n.trim().length > 3))
          .map((n) => `%${n.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        const messages = await trx(MESSAGES)
          .where((q: Knex.QueryBuilder) => {
            q.where('member_id', subject.memberId);
            if (subject.userId != null) q.orWhere('user_id', subject.userId);
            if (subject.email) q.orWhereRaw('lower(email) = ?', [subject.email.toLowerCase()]);
            for (const name of names) q.orWhereRaw(`lower(title) LIKE ? ESCAPE '\\'`, [name]).orWhereRaw(`lower(payload) LIKE ? ESCAPE '\\'`, [name]);
          })
          .delete();
        const preferences = await trx(PREFERENCES).where('member_id', subject.memberId).delete();
        const feeds = await trx(FEEDS).where('member_id', subject.memberId).delete();
        const invitations = await trx(INVITATIONS).where('member_id', subject.memberId).delete();
        const bounces = await trx(BOUNCES)
          .where((q: Knex.QueryBuilder) => {
            q.where('member_id', subject.memberId);
            if (subject.email) q.orWhereRaw('lower(email) = ?', [subject.email.toLowerCase()]);
          })
          .delete();
        return { source: 'notifications', counts: { messages: Number(messages), preferences: Number(preferences), feeds: Number(feeds), invitations: Number(invitations), bounces: Number(bounces) } };
      });
    },

    async purge(now: Date, options: { dryRun?: boolean } = {}): Promise<ErasureReport> {
      const before = now.getTime() - notificationsRetentionDays() * DAY_MS;
      const old = () => strapi.db.connection(MESSAGES).where('created_at', '<', before).whereNotIn('email_status', ['pending', 'digest']);
      const messages = options.dryRun ? Number((await old().count({ n: '*' }))[0].n) : Number(await old().delete());
      return { source: 'notifications', counts: { messages } };
    },
  }) satisfies ErasureProvider;
