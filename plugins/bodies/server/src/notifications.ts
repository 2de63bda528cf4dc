import type { Core } from '@strapi/strapi';
import {
  ABSENCE_THRESHOLD_REACHED,
  addresses,
  defineNotificationKinds,
  frenchDate,
  getService,
  MEETING_CONVENED,
  MINUTES_PUBLISHED,
  parisDate,
  type CalendarEvent,
  type CalendarSource,
  type CalendarViewer,
  type IntranetEvents,
  type NotificationOccurrence,
} from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { audienceOfBody, BODY_POPULATE, type BodyRow } from './commands/checks';
import { designatedOnceBegun, instant } from './commands/seats-on';
import { meetingCalendar } from './domain/meeting-calendar';
import { CONVOCATIONS } from './storage';
import { BODY_UID, MEETING_UID, SEAT_UID } from './uids';

type Strapi = Core.Strapi;

/** « 14 h 30 », the Paris time of an instant. */
const parisTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)).replace(':', ' h ');

/** « le 3 mars 2027 à 18 h 30 ». */
const whenOf = (iso: string) => `le ${frenchDate(parisDate(iso))} à ${parisTime(iso)}`;

/** The body's secretariat on `day`: its named secretary and the holders of a « secrétaire » seat. */
async function secretariatOf(strapi: Strapi, body: BodyRow, day: string): Promise<number[]> {
  const seats: { member: { id: number } | null }[] = await strapi.db.query(SEAT_UID).findMany({
    where: { body: { id: body.id }, role: 'secretaire', startOn: { $lte: day }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: day } }] },
    populate: { member: { select: ['id'] } },
  });
  return [...new Set([...(body.secretariat ? [body.secretariat.id] : []), ...seats.flatMap((s) => (s.member ? [s.member.id] : []))])];
}

/**
 * What bodies tell members (notifications plugin):
 * - `bodies.convocation`: every seat holder convened to a meeting of their body — mandatory
 *   (issue 11: convocations are always emailed, no unsubscribe), with the meeting's calendar
 *   file attached, sent again when the meeting is moved to another date (the file's SEQUENCE
 *   grows so calendars move the event) — never for a meeting whose date has passed (history
 *   recorded afterwards), and not when, by the time it leaves, the member is no longer convened,
 *   or the meeting was moved, cancelled or has begun (`stillHolds`).
 * - `bodies.minutes-published`: the members of the body's scope (those who may read them:
 *   a section's, a federation's, or every member for a national body), when minutes or a
 *   corrected version are published; in the weekly digest unless the member chooses otherwise.
 * - `bodies.absence-alert`: the body's secretariat, when the attendance sheet brings a seat
 *   holder to the body's « absences de suite » threshold (3 by default), once per meeting that
 *   reaches it — the member's own standing is for the secretariat to follow up, not a public matter.
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
        select: ['documentId', 'startsAt', 'place', 'remoteLink', 'durationMinutes', 'agenda', 'convokedAt'],
        populate: { body: { select: ['name'] } },
      });
      if (!meeting) return [];
      return [
        {
          // A new date is a new convocation; the same one convened twice is sent once. Each
          // convening (creation, move: `convokedAt`, read in the emitter's transaction) is a new
          // one: a meeting moved back to a date it had is convened to it again, not left told
          // the date it was moved to.
          key: `bodies.convocation:${meeting.documentId}:${new Date(payload.startsAt).toISOString()}${meeting.convokedAt ? `:${new Date(meeting.convokedAt).toISOString()}` : ''}`,
          data: {
            body: meeting.body?.name ?? 'Instance',
            startsAt: new Date(payload.startsAt).toISOString(),
            durationMinutes: meeting.durationMinutes ?? null,
            place: meeting.place ?? null,
            online: Boolean(meeting.remoteLink),
            remoteLink: meeting.remoteLink ?? null,
            agenda: (meeting.agenda ?? []).map((item: { title: string }) => item.title),
            documentId: meeting.documentId,
            rescheduled: payload.rescheduled,
            // The convening it announces: one moved away and back to this date is outdated by the last.
            convokedAt: meeting.convokedAt ? new Date(meeting.convokedAt).toISOString() : null,
            sequence: Math.floor(Date.now() / 1000),
          },
          memberIds: payload.memberIds,
        },
      ];
    },
    // Sent only if it still stands when it leaves: the meeting planned at that date, not begun,
    // and the member still convened (their seat did not end before it: `settleSeatConvocations`).
    // A move queues a convocation of its own; the one for the former date is not sent, nor, when
    // the meeting came back to this date, the one of an earlier convening (`convokedAt`: the last
    // one's says the same date, it alone leaves). Messages queued without it are judged by the date.
    async stillHolds(strapi: Strapi, memberId: number, data: Record<string, unknown>): Promise<boolean> {
      const meeting: { id: number; startsAt: string; meetingStatus: string; convokedAt: string | null } | null = await strapi.db
        .query(MEETING_UID)
        .findOne({ where: { documentId: String(data.documentId) }, select: ['id', 'startsAt', 'meetingStatus', 'convokedAt'] });
      const startsAt = new Date(String(data.startsAt)).getTime();
      if (!meeting || meeting.meetingStatus !== 'planned' || new Date(meeting.startsAt).getTime() !== startsAt || startsAt <= Date.now()) return false;
      if (typeof data.convokedAt === 'string' && meeting.convokedAt && new Date(meeting.convokedAt).getTime() !== new Date(data.convokedAt).getTime()) return false;
      return Boolean(await strapi.db.connection(CONVOCATIONS).where({ meeting_id: meeting.id, member_id: memberId }).first('meeting_id'));
    },
    render: (data) => {
      const startsAt = String(data.startsAt);
      const when = whenOf(startsAt);
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
        attachments: [
          {
            filename: `reunion-${parisDate(startsAt)}.ics`,
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: meetingCalendar({
              documentId: String(data.documentId),
              bodyName: String(data.body),
              startsAt,
              durationMinutes: typeof data.durationMinutes === 'number' ? data.durationMinutes : null,
              place: typeof data.place === 'string' ? data.place : null,
              remoteLink: typeof data.remoteLink === 'string' ? data.remoteLink : null,
              agenda: Array.isArray(data.agenda) ? data.agenda.map(String) : [],
              ...(typeof data.sequence === 'number' ? { sequence: data.sequence } : {}),
            }),
          },
        ],
      };
    },
  },
  {
    id: 'bodies.minutes-published',
    label: 'Publication d’un procès-verbal d’instance',
    audience: 'Les adhérents du périmètre de l’instance (section, fédération ou tout le parti), à chaque procès-verbal publié.',
    mandatory: false,
    defaultMode: 'digest',
    on: MINUTES_PUBLISHED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['bodies.minutes.published']): Promise<NotificationOccurrence[]> {
      const body = (await strapi.db.query(BODY_UID).findOne({ where: { id: payload.bodyId }, populate: BODY_POPULATE })) as BodyRow | null;
      const meeting = await strapi.db.query(MEETING_UID).findOne({ where: { id: payload.meetingId }, select: ['documentId', 'heldOn'] });
      if (!body || !meeting) return [];
      const memberIds = await getService(strapi, 'membership', 'directory').activeMemberIds({
        audience: body.level,
        federationId: body.federation?.id ?? null,
        sectionId: body.section?.id ?? null,
      });
      return [
        {
          key: `bodies.minutes-published:${payload.minutesId}`,
          data: { body: body.name, heldOn: meeting.heldOn, documentId: meeting.documentId, corrected: payload.version > 1 },
          memberIds,
        },
      ];
    },
    render: (data) => ({
      subject: `${data.corrected ? 'Procès-verbal corrigé' : 'Procès-verbal'} : ${String(data.body)}, réunion du ${frenchDate(String(data.heldOn))}`,
      paragraphs: [
        data.corrected
          ? `Une version corrigée du procès-verbal de la réunion du ${frenchDate(String(data.heldOn))} de l’instance « ${String(data.body)} » est publiée ; elle remplace la précédente.`
          : `Le procès-verbal de la réunion du ${frenchDate(String(data.heldOn))} de l’instance « ${String(data.body)} » est publié : présences, sujets abordés, décisions.`,
      ],
      link: { path: `/instances/reunions/${String(data.documentId)}`, label: 'Lire le procès-verbal' },
    }),
  },
  {
    id: 'bodies.absence-alert',
    label: 'Alerte d’absences répétées (secrétariat d’instance)',
    audience: 'Le secrétariat d’une instance, quand un membre atteint le nombre d’absences de suite fixé pour l’instance.',
    mandatory: false,
    on: ABSENCE_THRESHOLD_REACHED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['bodies.absences.threshold-reached']): Promise<NotificationOccurrence[]> {
      const body = (await strapi.db.query(BODY_UID).findOne({ where: { id: payload.bodyId }, populate: BODY_POPULATE })) as BodyRow | null;
      const meeting = await strapi.db.query(MEETING_UID).findOne({ where: { id: payload.meetingId }, select: ['documentId', 'heldOn'] });
      if (!body || !meeting || payload.members.length === 0) return [];
      const recipients = await secretariatOf(strapi, body, meeting.heldOn);
      const people = await getService(strapi, 'membership', 'directory').membersByIds(payload.members.map((m) => m.memberId));
      return payload.members.flatMap(({ memberId, streak }) => {
        const person = people.get(memberId);
        // The secretary is not told of their own absences (the body's managers see them in the indicators).
        const to = recipients.filter((id) => id !== memberId);
        if (!person || to.length === 0) return [];
        return [
          {
            key: `bodies.absence-alert:${body.id}:${memberId}:${meeting.documentId}`,
            data: { body: body.name, bodyDocumentId: body.documentId, member: `${person.firstName} ${person.lastName}`, streak, heldOn: meeting.heldOn },
            memberIds: to,
          },
        ];
      });
    },
    render: (data) => ({
      subject: `Absences répétées : ${String(data.member)} (${String(data.body)})`,
      paragraphs: [
        `${String(data.member)} compte ${String(data.streak)} absences non excusées de suite aux réunions de l’instance « ${String(data.body)} », la dernière le ${frenchDate(String(data.heldOn))}.`,
        'En tant que secrétariat de l’instance, vous pouvez prendre contact pour en connaître la raison, ou rappeler la règle d’assiduité.',
      ],
      link: { path: `/instances/${String(data.bodyDocumentId)}`, label: 'Voir les présences de l’instance' },
    }),
  },
]);

/**
 * Meetings in members' calendar feeds: those of the bodies where the member holds a seat on
 * the meeting's Paris date (`[startOn, endOn)`), planned or held, within the range — the ones
 * they are expected at, as « Mes instances » and the sheet have it: a seat designated once the
 * meeting had begun and not convened to it does not count (`designatedOnceBegun`).
 */
export const bodiesCalendar: CalendarSource[] = [
  {
    id: 'bodies.meetings',
    async eventsFor(strapi: Strapi, viewer: CalendarViewer, range: { from: string; to: string }): Promise<CalendarEvent[]> {
      const seats: { id: number; startOn: string; endOn: string | null; createdAt: string | null; body: Pick<BodyRow, 'id' | 'level' | 'federation' | 'section'> | null }[] = await strapi.db.query(SEAT_UID).findMany({
        where: { member: { id: viewer.memberId } },
        select: ['id', 'startOn', 'endOn', 'createdAt'],
        populate: { body: { select: ['id', 'level'], populate: { federation: { select: ['id'] }, section: { select: ['id'] } } } },
      });
      // Bodies they may read, as « Mes instances » (a seat kept in a former federation's body lists nothing).
      // (`readsBody`'s audience part: its `body.manage` reach adds no body to a member's reader reach.)
      const bodyIds = [...new Set(seats.flatMap((s) => (s.body && addresses(viewer, audienceOfBody(s.body), 'reader') ? [s.body.id] : [])))];
      if (bodyIds.length === 0) return [];
      const meetings: { id: number; documentId: string; startsAt: string; heldOn: string; durationMinutes: number | null; place: string | null; meetingStatus: string; body: { id: number; name: string } | null }[] =
        await strapi.db.query(MEETING_UID).findMany({
          where: { body: { id: { $in: bodyIds } }, meetingStatus: { $ne: 'cancelled' }, startsAt: { $gte: range.from, $lte: range.to } },
          select: ['id', 'documentId', 'startsAt', 'heldOn', 'durationMinutes', 'place', 'meetingStatus'],
          populate: { body: { select: ['id', 'name'] } },
        });
      const seatedAt = (m: (typeof meetings)[number]) => {
        const day = m.heldOn ?? parisDate(m.startsAt);
        return seats.filter((s) => s.body?.id === m.body?.id && s.startOn <= day && (!s.endOn || day < s.endOn));
      };
      // Convocations are read only for the seats designated after a listed meeting began (rare).
      const late = meetings.flatMap((m) => seatedAt(m).filter((s) => designatedOnceBegun({ createdAt: instant(s.createdAt), convened: false }, m.startsAt)).map((s) => [s.id, m.id] as const));
      const convened = new Set<string>();
      if (late.length) {
        const rows: { seat_id: number | string; meeting_id: number | string }[] = await strapi.db
          .connection(CONVOCATIONS)
          .whereIn('seat_id', [...new Set(late.map(([seat]) => seat))])
          .whereIn('meeting_id', [...new Set(late.map(([, meeting]) => meeting))])
          .select('seat_id', 'meeting_id');
        for (const r of rows) convened.add(`${Number(r.seat_id)}:${Number(r.meeting_id)}`);
      }
      const expected = (m: (typeof meetings)[number]) =>
        seatedAt(m).some((s) => !designatedOnceBegun({ createdAt: instant(s.createdAt), convened: convened.has(`${s.id}:${m.id}`) }, m.startsAt));
      return meetings
        .filter((m) => m.body && expected(m))
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
