import type { Core } from '@strapi/strapi';
import { getService, type EventNotificationKind, type NotificationKind, type ScheduledNotificationKind } from '@intranet-militant/shared';
import { TRIGGERS } from '../storage';

const isScheduled = (kind: NotificationKind): kind is ScheduledNotificationKind => 'due' in kind;
const isEvent = (kind: NotificationKind): kind is EventNotificationKind => 'on' in kind;

/**
 * Connects the kinds to what announces them: events of the hub (the occurrences are
 * enqueued inside the emitter's transaction, so a rolled-back change notifies nobody) and
 * the clock (`tick`, every 15 minutes by cron; tests call it with their own `now`): each
 * scheduled occurrence fires once, its key remembered in `notifications_triggers`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Subscribes every event kind (once, at bootstrap). */
  subscribe() {
    const byEvent = new Map<string, EventNotificationKind[]>();
    for (const kind of getService(strapi, 'notifications', 'kinds').all().filter(isEvent)) {
      byEvent.set(kind.on, [...(byEvent.get(kind.on) ?? []), kind]);
    }
    for (const [event, kinds] of byEvent) {
      strapi.eventHub.on(event, async (payload: unknown) => {
        for (const kind of kinds) {
          for (const occurrence of await kind.occurrences(strapi, payload)) {
            await getService(strapi, 'notifications', 'outbox').enqueue(kind, occurrence);
          }
        }
      });
    }
  },

  /** Fires the scheduled occurrences due at `now` that have not fired yet. @returns how many messages were enqueued */
  async tick(now = new Date()): Promise<number> {
    let added = 0;
    for (const kind of getService(strapi, 'notifications', 'kinds').all().filter(isScheduled)) {
      let occurrences;
      try {
        occurrences = await kind.due(strapi, now);
      } catch (error) {
        strapi.log.error(`Notifications clock: kind ${kind.id} failed: ${(error as Error).message}`);
        continue;
      }
      for (const occurrence of occurrences) {
        added += await strapi.db.transaction(async ({ trx }) => {
          const fired = await trx(TRIGGERS).insert({ key: occurrence.key, fired_at: now.getTime() }).onConflict('key').ignore().returning('key');
          if (fired.length === 0) return 0;
          const added = await getService(strapi, 'notifications', 'outbox').enqueue(kind, occurrence);
          if (kind.afterEnqueue) await kind.afterEnqueue(strapi, occurrence);
          return added;
        });
      }
    }
    return added;
  },
});
