import type { Core } from '@strapi/strapi';
import type { CalendarEvent, CalendarSource, CalendarViewer } from '@intranet-militant/shared';
import { KIND_LABELS, type EventKind } from './domain/events';
import { EVENT_UID, REGISTRATION_UID, SU_ATTENDANCE_UID, SU_EDITION_UID, SU_SESSION_UID } from './uids';

type Strapi = Core.Strapi;

/** A session without an end of its own is shown for this long. */
const SESSION_MINUTES = 90;
/** An event without an end time is shown for this long. */
const EVENT_MINUTES = 120;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const plus = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/**
 * Events in members' private calendar feeds (issue 11 § 7, « courses' sessions »: events
 * carry the party's in-person sessions): the events a member registered for (confirmed, not
 * cancelled) and the summer-university sessions they hold a place in, within the range.
 * Waiting-list places are not in the calendar: the member is not expected there yet.
 */
export const eventsCalendar: CalendarSource[] = [
  {
    id: 'events.registrations',
    async eventsFor(strapi: Strapi, viewer: CalendarViewer, range: { from: string; to: string }): Promise<CalendarEvent[]> {
      const registrations: { eventId: number }[] = await strapi.db.query(REGISTRATION_UID).findMany({
        where: { memberId: viewer.memberId, state: 'confirmed' },
        select: ['eventId'],
      });
      const eventIds = [...new Set(registrations.map((r) => r.eventId))];
      const events: { id: number; documentId: string; kind: EventKind; title: string; startsAt: string; endsAt: string | null; address: string | null; onlineUrl: string | null }[] =
        eventIds.length === 0
          ? []
          : await strapi.db.query(EVENT_UID).findMany({
              where: { id: { $in: eventIds }, cancelled: false, startsAt: { $gte: range.from, $lte: range.to } },
              select: ['id', 'documentId', 'kind', 'title', 'startsAt', 'endsAt', 'address', 'onlineUrl'],
            });
      const fromEvents = events.map((e) => ({
        uid: `events-event-${e.documentId}`,
        start: new Date(e.startsAt).toISOString(),
        end: e.endsAt ? new Date(e.endsAt).toISOString() : plus(e.startsAt, EVENT_MINUTES),
        summary: `${capitalised(KIND_LABELS[e.kind] ?? 'événement')} : ${e.title}`,
        description: e.address ? `Lieu : ${e.address}` : e.onlineUrl ? `En ligne : ${e.onlineUrl}` : undefined,
        url: `/evenements/${e.documentId}`,
      }));

      const places: { sessionId: number }[] = await strapi.db.query(SU_ATTENDANCE_UID).findMany({
        where: { memberId: viewer.memberId, state: 'confirmed' },
        select: ['sessionId'],
      });
      const sessionIds = [...new Set(places.map((p) => p.sessionId))];
      const sessions: { documentId: string; editionId: number; title: string; startsAt: string }[] =
        sessionIds.length === 0
          ? []
          : await strapi.db.query(SU_SESSION_UID).findMany({
              where: { id: { $in: sessionIds }, startsAt: { $gte: range.from, $lte: range.to } },
              select: ['documentId', 'editionId', 'title', 'startsAt'],
            });
      const editionIds = [...new Set(sessions.map((s) => s.editionId))];
      const editions: { id: number; title: string; place: string | null }[] =
        editionIds.length === 0 ? [] : await strapi.db.query(SU_EDITION_UID).findMany({ where: { id: { $in: editionIds } }, select: ['id', 'title', 'place'] });
      const editionOf = new Map(editions.map((e) => [e.id, e]));
      const fromSessions = sessions.map((s) => {
        const edition = editionOf.get(s.editionId);
        return {
          uid: `events-su-session-${s.documentId}`,
          start: new Date(s.startsAt).toISOString(),
          end: plus(s.startsAt, SESSION_MINUTES),
          summary: `${edition?.title ?? 'Université d’été'} : ${s.title}`,
          description: edition?.place ? `Lieu : ${edition.place}` : undefined,
          url: '/evenements/universite-ete',
        };
      });
      return [...fromEvents, ...fromSessions];
    },
  },
];
