import type { Core } from '@strapi/strapi';
import {
  defineNotificationKinds,
  frenchDate,
  MEETING_CONVENED,
  parisDate,
  type CalendarEvent,
  type CalendarSource,
  type CalendarViewer,
  type IntranetEvents,
  type NotificationOccurrence,
} from '@intranet-militant/shared';
import { MEETING_UID, SEAT_UID } from './uids';

type Strapi = Core.Strapi;

/** « 14 h 30 », the Paris time of an instant. */
const parisTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)).replace(':', ' h ');

/**
 * What bodies tell members (notifications plugin): the convocation of every seat holder
 * to a meeting of their body — mandatory (issue 11: convocations are always emailed, no
 * unsubscribe), sent again when the meeting is moved to another date — never for a meeting
 * whose date has passed (history recorded afterwards). The meeting's page
 * in the portal carries its calendar file (ICS).
 */
export const bodiesNotifications = defineNotificationKinds([
  {
    id: 'bodies.convocation',
    label: 'Convocation à une réunion d’instance',
    audience: 'Les membres d’une instance (titulaires, suppléants, bureau), à chaque réunion convoquée.',
    mandatory: true,
    on: MEETING_CONVENED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['bodies.meeting.convened']): Promise<NotificationOccurrence[]> {
      // A meeting recorded after the fact (its date has passed) convenes no one.
      if (payload.memberIds.length === 0 || new Date(payload.startsAt).getTime() <= Date.now()) return [];
      const meeting = await strapi.db.query(MEETING_UID).findOne({
        where: { id: payload.meetingId },
        select: ['documentId', 'startsAt', 'place', 'remoteLink', 'durationMinutes'],
        populate: { body: { select: ['name'] } },
      });
      if (!meeting) return [];
      return [
        {
          // A new date is a new convocation; the same one convened twice is sent once.
          key: `bodies.convocation:${meeting.documentId}:${new Date(payload.startsAt).toISOString()}`,
          data: {
            body: meeting.body?.name ?? 'Instance',
            startsAt: new Date(payload.startsAt).toISOString(),
            place: meeting.place ?? null,
            online: Boolean(meeting.remoteLink),
            documentId: meeting.documentId,
            rescheduled: payload.rescheduled,
          },
          memberIds: payload.memberIds,
        },
      ];
    },
    render: (data) => {
      const startsAt = String(data.startsAt);
      const when = `le ${frenchDate(parisDate(startsAt))} à ${parisTime(startsAt)}`;
      const where = data.place ? `, ${String(data.place)}` : data.online ? ', en visioconférence' : '';
      return {
        subject: `${data.rescheduled ? 'Nouvelle date — convocation' : 'Convocation'} : ${String(data.body)}, ${when}`,
        paragraphs: [
          `Vous êtes convoqué·e à la réunion de l’instance « ${String(data.body)} » ${when}${where}.`,
          ...(data.rescheduled ? ['La réunion a changé de date : cette convocation remplace la précédente.'] : []),
          'Votre présence est attendue. En cas d’empêchement, prévenez le secrétariat de l’instance pour être excusé·e.',
          'L’ordre du jour et le fichier à ajouter à votre agenda sont sur la page de la réunion.',
        ],
        link: { path: `/instances/reunions/${String(data.documentId)}`, label: 'Voir la réunion' },
      };
    },
  },
]);

/**
 * Meetings in members' calendar feeds: those of the bodies where the member holds a seat on
 * the meeting's Paris date (`[startOn, endOn)`), planned or held, within the range.
 */
export const bodiesCalendar: CalendarSource[] = [
  {
    id: 'bodies.meetings',
    async eventsFor(strapi: Strapi, viewer: CalendarViewer, range: { from: string; to: string }): Promise<CalendarEvent[]> {
      const seats: { startOn: string; endOn: string | null; body: { id: number } | null }[] = await strapi.db.query(SEAT_UID).findMany({
        where: { member: { id: viewer.memberId } },
        select: ['startOn', 'endOn'],
        populate: { body: { select: ['id'] } },
      });
      const bodyIds = [...new Set(seats.flatMap((s) => (s.body ? [s.body.id] : [])))];
      if (bodyIds.length === 0) return [];
      const meetings: { documentId: string; startsAt: string; heldOn: string; durationMinutes: number | null; place: string | null; status: string; body: { id: number; name: string } | null }[] =
        await strapi.db.query(MEETING_UID).findMany({
          where: { body: { id: { $in: bodyIds } }, status: { $ne: 'cancelled' }, startsAt: { $gte: range.from, $lte: range.to } },
          select: ['documentId', 'startsAt', 'heldOn', 'durationMinutes', 'place', 'status'],
          populate: { body: { select: ['id', 'name'] } },
        });
      const seated = (bodyId: number, day: string) => seats.some((s) => s.body?.id === bodyId && s.startOn <= day && (!s.endOn || day < s.endOn));
      return meetings
        .filter((m) => m.body && seated(m.body.id, m.heldOn ?? parisDate(m.startsAt)))
        .map((m) => {
          const start = new Date(m.startsAt).toISOString();
          return {
            uid: `bodies-meeting-${m.documentId}`,
            start,
            end: new Date(new Date(start).getTime() + (m.durationMinutes ?? 120) * 60_000).toISOString(),
            summary: `Réunion : ${m.body!.name}`,
            description: m.place ? `Lieu : ${m.place}` : undefined,
            url: `/instances/reunions/${m.documentId}`,
          };
        });
    },
  },
];
