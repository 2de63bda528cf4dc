import type { Core } from '@strapi/strapi';
import { defineNotificationKinds, EVENT_CANCELLED, frenchDate, parisDate, todayInParis, type IntranetEvents, type NotificationOccurrence } from '@intranet-militant/shared';
import { KIND_LABELS, type EventKind } from './domain/events';
import { parisHour } from './domain/paris-time';
import type { EventRow } from './services/store';
import { EVENT_UID, REGISTRATION_UID } from './uids';

/** The Paris calendar day after `today` (YYYY-MM-DD). */
export function nextDay(today: string): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Events (not cancelled) taking place on the Paris day after `now`'s. */
export async function eventsOfTomorrow(strapi: Core.Strapi, now: Date): Promise<EventRow[]> {
  const tomorrow = nextDay(todayInParis(now));
  // A window wide enough for any offset, then the exact Paris day.
  const from = new Date(`${tomorrow}T00:00:00Z`).getTime() - 3 * 3_600_000;
  const rows = (await strapi.db.query(EVENT_UID).findMany({ where: { cancelled: false, startsAt: { $gte: new Date(from), $lt: new Date(from + 30 * 3_600_000) } } })) as EventRow[];
  return rows.filter((e) => parisDate(e.startsAt) === tomorrow);
}

/**
 * What the events plugin tells members (notifications plugin):
 * - `events.reminder`: the day before, each member holding a seat (confirmed), once per event
 *   (the key). Citizens get theirs by email (`remindCitizens`).
 * - `events.cancelled`: when organisers cancel an event, each member who held a seat or
 *   waited on its list, once (the key; cancelling again after a reopening tells nobody twice).
 *   Mandatory: someone would travel for nothing. Citizens get a letter (`cancelledLetter`).
 */
export const eventsNotifications = defineNotificationKinds([
  {
    id: 'events.reminder',
    label: 'Rappel la veille d’un événement où je suis inscrit·e',
    audience: 'Les adhérent·es inscrit·es (place confirmée) à un événement du lendemain.',
    mandatory: false,
    async due(strapi: Core.Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const events = await eventsOfTomorrow(strapi, now);
      const occurrences: NotificationOccurrence[] = [];
      for (const e of events) {
        const rows: { memberId: number | null }[] = await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: e.id, state: 'confirmed', memberId: { $notNull: true } }, select: ['memberId'] });
        const memberIds = rows.flatMap((r) => (r.memberId ? [r.memberId] : []));
        if (memberIds.length === 0) continue;
        occurrences.push({
          key: `events.reminder:${e.documentId}`,
          data: { event: e.documentId, kind: e.kind, title: e.title, day: parisDate(e.startsAt), hour: parisHour(e.startsAt), place: e.address ?? e.onlineUrl ?? '' },
          memberIds,
        });
      }
      return occurrences;
    },
    render: (data) => ({
      subject: `Demain : ${String(data.title)}`,
      paragraphs: [
        `Rappel : le ${KIND_LABELS[data.kind as EventKind] ?? 'événement'} « ${String(data.title)} » a lieu demain, ${frenchDate(String(data.day))} à ${String(data.hour)}.`,
        data.place ? `Lieu : ${String(data.place)}.` : '',
        'Si vous ne pouvez plus venir, annulez votre inscription pour libérer la place.',
      ].filter(Boolean),
      link: { path: `/evenements/${String(data.event)}`, label: 'Voir l’événement' },
    }),
  },
  {
    id: 'events.cancelled',
    label: 'Annulation d’un événement où je suis inscrit·e',
    audience: 'Les adhérent·es inscrit·es à l’événement annulé (place confirmée ou liste d’attente).',
    mandatory: true,
    on: EVENT_CANCELLED,
    async occurrences(strapi: Core.Strapi, p: IntranetEvents['events.event.cancelled']): Promise<NotificationOccurrence[]> {
      if (p.memberIds.length === 0) return [];
      const e = (await strapi.db.query(EVENT_UID).findOne({ where: { id: p.eventId } })) as EventRow | null;
      if (!e) return [];
      return [
        {
          key: `events.cancelled:${p.eventDocumentId}`,
          data: { event: e.documentId, kind: e.kind, title: e.title, day: parisDate(e.startsAt), hour: parisHour(e.startsAt) },
          memberIds: p.memberIds,
        },
      ];
    },
    render: (data) => ({
      subject: `Annulé : ${String(data.title)}`,
      paragraphs: [
        `Événement annulé par ses organisateurs : ${KIND_LABELS[data.kind as EventKind] ?? 'événement'} « ${String(data.title)} », le ${frenchDate(String(data.day))} à ${String(data.hour)}.`,
        'Votre inscription n’a plus d’objet : vous n’avez rien à faire.',
      ],
      link: { path: `/evenements/${String(data.event)}`, label: 'Voir l’événement' },
    }),
  },
]);
