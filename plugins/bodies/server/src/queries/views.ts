import type { Core } from '@strapi/strapi';
import { audienceClauses, audienceFilter, audienceKey, cacheTags, ForbiddenError, requestCache, getService, NotFoundError, parisDate, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { meetingCalendar } from '../domain/meeting-calendar';
import { rateLabel, type Indicator, type Window } from '../domain/indicator';
import {
  BODY_KIND_LABELS,
  DESIGNATION_LABELS,
  MEETING_STATUS_LABELS,
  MINUTES_STATUS_LABELS,
  PRESENCE_LABELS,
  SEAT_ROLE_LABELS,
  type Designation,
  type Presence,
  type SeatRole,
} from '../domain/vocabulary';
import { BODY_POPULATE, loadBody, loadMeeting, readsBody, runsSecretariat, subjectOf, type BodyRow, type MeetingRow } from '../commands/checks';
import { tenureLabel, type SeatRow } from '../commands/designate-seat';
import { versionsOf, type MinutesRow } from '../commands/minutes';
import { can } from '../permissions';
import { ATTENDANCE, CONVOCATIONS, MEETINGS } from '../storage';
import { instant } from '../commands/seats-on';
import { BODY_UID, MEETING_UID, MINUTES_UID, SEAT_UID } from '../uids';
import { seatIndicators, type SeatIndicatorRow } from './indicators';

type Names = Map<number, { membershipNumber: string | null; firstName: string; lastName: string; section: string | null; formerMember: boolean }>;
const namesOf = (strapi: Core.Strapi, ids: number[]): Promise<Names> => getService(strapi, 'membership', 'directory').membersByIds(ids);
const fullName = (names: Names, id: number | undefined) => {
  const n = id === undefined ? undefined : names.get(id);
  return n ? `${n.firstName} ${n.lastName}` : 'Adhérent inconnu';
};
/**
 * A seat holder as others see them: the profile's documentId and name, or, once the holder's
 * data is erased, the pseudonym alone — no documentId, which would be the same in every body
 * and in pages saved before the erasure (issue 22, item 4).
 */
const holderOf = (names: Names, member: { id: number; documentId: string } | null | undefined) => ({
  documentId: member && !names.get(member.id)?.formerMember ? member.documentId : null,
  name: fullName(names, member?.id),
});

/** The query-engine filter of the bodies the actor may read (the audience rule over `level`, `federation`, `section`). */
export const readableBodies = (actor: Actor) => audienceFilter(audienceClauses(actor, 'reader'), { audience: 'level', federation: 'federation', section: 'section' });

const presentBody = (body: BodyRow) => ({
  documentId: body.documentId,
  name: body.name,
  level: body.level,
  kind: body.kind,
  kindLabel: BODY_KIND_LABELS[body.kind],
  seatCount: body.seatCount,
  parityRequired: body.parityRequired,
  absenceAlertAfter: body.absenceAlertAfter,
});

const presentMeeting = (m: MeetingRow) => ({
  documentId: m.documentId,
  startsAt: m.startsAt,
  heldOn: m.heldOn,
  durationMinutes: m.durationMinutes,
  place: m.place,
  remoteLink: m.remoteLink,
  // `status` in the API (the portal's name), `meetingStatus` in the content type.
  status: m.meetingStatus,
  statusLabel: MEETING_STATUS_LABELS[m.meetingStatus],
  agenda: m.agenda ?? [],
  ics: `/api/bodies/meetings/${m.documentId}/ics`,
});

/** The bodies the actor may read, a page of them, by name. */
export async function listBodies(strapi: Core.Strapi, actor: Actor, query: { page: number; pageSize: number; level?: string }) {
  const where = { ...readableBodies(actor), ...(query.level ? { level: query.level } : {}) };
  const [rows, total] = await Promise.all([
    strapi.db.query(BODY_UID).findMany({ where, populate: BODY_POPULATE, orderBy: [{ level: 'asc' }, { name: 'asc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
    strapi.db.query(BODY_UID).count({ where }),
  ]);
  return { data: (rows as BodyRow[]).map(presentBody), total };
}

/** All seats of a body (history included), newest first. */
async function seatsOf(strapi: Core.Strapi, bodyId: number): Promise<SeatRow[]> {
  return (await strapi.db.query(SEAT_UID).findMany({
    where: { body: { id: bodyId } },
    populate: { member: { select: ['id', 'documentId'] } },
    orderBy: [{ startOn: 'desc' }, { id: 'desc' }],
  })) as SeatRow[];
}

const runsOn = (seat: Pick<SeatRow, 'startOn' | 'endOn'>, day: string) => seat.startOn <= day && (!seat.endOn || day < seat.endOn);

/**
 * A body: its seats (current ones and the history, never rewritten), its meetings, and
 * what the actor may do there. 404 when unknown or outside the actor's reach.
 */
export async function showBody(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const body = await loadBody(strapi, actor, documentId);
  const today = todayInParis();
  const [seats, meetings, secretariat] = await Promise.all([
    seatsOf(strapi, body.id),
    strapi.db.query(MEETING_UID).findMany({ where: { body: { id: body.id } }, orderBy: { startsAt: 'desc' }, limit: 200 }) as Promise<MeetingRow[]>,
    runsSecretariat(strapi, actor, body, today),
  ]);
  const names = await namesOf(strapi, [...seats.map((s) => s.member?.id ?? 0), body.secretariat?.id ?? 0]);
  return {
    ...presentBody(body),
    secretariat: body.secretariat ? holderOf(names, body.secretariat) : null,
    seats: seats.map((s) => ({
      documentId: s.documentId,
      member: holderOf(names, s.member),
      role: s.role,
      roleLabel: SEAT_ROLE_LABELS[s.role],
      designation: s.designation,
      designationLabel: DESIGNATION_LABELS[s.designation as Designation],
      startOn: s.startOn,
      endOn: s.endOn,
      endReason: s.endReason ?? null,
      tenure: tenureLabel(s),
      current: runsOn(s, today),
    })),
    meetings: meetings.map(presentMeeting),
    may: { manage: can(actor, 'body.manage', subjectOf(body)), runSecretariat: secretariat },
  };
}

/** The sheet of a held meeting: one line per seat active that day (« à saisir » when not marked). */
async function sheetOf(strapi: Core.Strapi, meetingId: number) {
  const rows = await strapi.db.connection(ATTENDANCE).where({ meeting_id: meetingId }).orderBy('seat_id');
  const seats = (await strapi.db.query(SEAT_UID).findMany({
    where: { id: { $in: rows.map((r: any) => Number(r.seat_id)) } },
    select: ['id', 'documentId', 'role'],
  })) as { id: number; documentId: string; role: SeatRole }[];
  const seatById = new Map(seats.map((s) => [s.id, s]));
  const names = await namesOf(strapi, rows.map((r: any) => Number(r.member_id)));
  return rows.map((r: any) => {
    const seat = seatById.get(Number(r.seat_id));
    const presence = (r.presence ?? null) as Presence | null;
    return {
      seat: seat?.documentId ?? null,
      member: fullName(names, Number(r.member_id)),
      role: seat?.role ?? null,
      roleLabel: seat ? SEAT_ROLE_LABELS[seat.role] : null,
      presence,
      presenceLabel: presence ? PRESENCE_LABELS[presence] : 'À saisir',
      arrivedLate: Boolean(r.arrived_late),
      leftEarly: Boolean(r.left_early),
      replaced: Boolean(r.replaced),
      substituteFor: r.substitute_for ? (seatById.get(Number(r.substitute_for))?.documentId ?? null) : null,
    };
  });
}

/** A meeting with its agenda, its attendance sheet once held, its convocations count and the actor's rights. 404 outside reach. */
export async function showMeeting(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { meeting, body } = await loadMeeting(strapi, actor, documentId);
  const secretariat = await runsSecretariat(strapi, actor, body, meeting.heldOn);
  const convocations = await strapi.db.connection('bodies_convocations').where({ meeting_id: meeting.id }).count({ n: '*' });
  return {
    ...presentMeeting(meeting),
    body: presentBody(body),
    convocations: Number(convocations[0]?.n ?? 0),
    sheet: meeting.meetingStatus === 'held' ? await sheetOf(strapi, meeting.id) : [],
    may: { runSecretariat: secretariat },
  };
}

/** The meeting as an ICS file (UTC times; the title is the body's name). 404 outside reach. */
export async function meetingIcs(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ filename: string; text: string }> {
  const { meeting, body } = await loadMeeting(strapi, actor, documentId);
  const text = meetingCalendar({
    documentId: meeting.documentId,
    bodyName: body.name,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    place: meeting.place,
    remoteLink: meeting.remoteLink,
    agenda: (meeting.agenda ?? []).map((item) => item.title),
    cancelled: meeting.meetingStatus === 'cancelled',
  });
  return { filename: `reunion-${meeting.heldOn}.ics`, text };
}

/** Does the member hold (or has held) a seat of the body on `day` or today? Confidential items stay with the body. */
async function sitsIn(strapi: Core.Strapi, actor: Actor, bodyId: number, days: string[]): Promise<boolean> {
  if (!actor.memberId) return false;
  const seats = (await strapi.db.query(SEAT_UID).findMany({ where: { body: { id: bodyId }, member: { id: actor.memberId } }, select: ['startOn', 'endOn'] })) as SeatRow[];
  return seats.some((s) => days.some((d) => runsOn(s, d)));
}

const presentMinutes = (m: MinutesRow, withConfidential: boolean) => ({
  documentId: m.documentId,
  version: m.version,
  // `status` in the API (the portal's name), `minutesStatus` in the content type.
  status: m.minutesStatus,
  statusLabel: MINUTES_STATUS_LABELS[m.minutesStatus],
  summary: m.summary ?? '',
  items: (m.items ?? []).filter((item) => withConfidential || !item.confidential),
  approvedOn: m.approvedOn,
  approvedAtMeeting: m.approvedAtMeeting?.documentId ?? null,
  releasedOn: m.releasedOn,
  corrects: m.corrects ? { documentId: m.corrects.documentId, version: m.corrects.version } : null,
});

/**
 * The minutes of a meeting: for its secretariat every version (drafts included, with
 * confidential items); for the members of the body's scope the published versions only,
 * confidential items left out unless they sit in the body. The attendance sheet is attached.
 */
export async function meetingMinutes(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { meeting, body } = await loadMeeting(strapi, actor, documentId);
  const today = todayInParis();
  const secretariat = await runsSecretariat(strapi, actor, body, today);
  const withConfidential = secretariat || (await sitsIn(strapi, actor, body.id, [meeting.heldOn, today]));
  const versions = (await versionsOf(strapi, meeting.id)).filter((m) => secretariat || m.minutesStatus === 'published');
  return {
    meeting: presentMeeting(meeting),
    body: presentBody(body),
    versions: versions.map((m) => presentMinutes(m, withConfidential)),
    sheet: meeting.meetingStatus === 'held' ? await sheetOf(strapi, meeting.id) : [],
    may: { runSecretariat: secretariat },
  };
}

/** Zeros for a seat with no held meeting in range. */
const EMPTY: Omit<Indicator, 'alert'> = { present: 0, remote: 0, excused: 0, absent: 0, unmarked: 0, held: 0, rate: null, streak: 0 };

/**
 * A seat's figures; the « absences de suite » run and its alert only `withAlerts` (for whoever
 * reads the alerts: the body's secretariat, the federation's staff, the seat holder).
 */
const presentIndicator = (i: Pick<SeatIndicatorRow, keyof Indicator>, withAlerts: boolean) => ({
  present: i.present, remote: i.remote, excused: i.excused, absent: i.absent, unmarked: i.unmarked, held: i.held,
  rate: i.rate, rateLabel: rateLabel(i.rate),
  ...(withAlerts ? { streak: i.streak, alert: i.alert } : {}),
});

/** Seats of a body that meet the window. */
const meetsWindow = (s: Pick<SeatRow, 'startOn' | 'endOn'>, w: Window) => (!w.to || s.startOn < w.to) && (!w.from || !s.endOn || s.endOn > w.from);

/**
 * Each designated member's indicator in a body over a window (members of the body's scope
 * see them all: transparency is the point), and for its secretariat the « k absences de
 * suite » alerts — the list and each seat's `streak` and `alert`, which others do not get.
 * 404 outside reach.
 */
export async function bodyIndicators(strapi: Core.Strapi, actor: Actor, documentId: string, window: Window) {
  const body = await loadBody(strapi, actor, documentId);
  const [seats, rows, secretariat] = await Promise.all([
    seatsOf(strapi, body.id),
    seatIndicators(strapi, { bodyIds: [body.id], from: window.from, to: window.to }),
    runsSecretariat(strapi, actor, body, todayInParis()),
  ]);
  const bySeat = new Map(rows.map((r) => [r.seatId, r]));
  const names = await namesOf(strapi, seats.map((s) => s.member?.id ?? 0));
  const lines = seats.filter((s) => meetsWindow(s, window)).map((s) => {
    const figures = bySeat.get(s.id) ?? { ...EMPTY, alert: false };
    return {
      seat: s.documentId,
      member: holderOf(names, s.member),
      role: s.role,
      roleLabel: SEAT_ROLE_LABELS[s.role],
      tenure: tenureLabel(s),
      ...presentIndicator(figures, secretariat),
      figures,
    };
  });
  const counted = rows.reduce((acc, r) => ({ attended: acc.attended + r.present + r.remote, expected: acc.expected + r.present + r.remote + r.absent }), { attended: 0, expected: 0 });
  const rate = counted.expected ? counted.attended / counted.expected : null;
  return {
    body: presentBody(body),
    window: { from: window.from ?? null, to: window.to ?? null },
    average: { rate, rateLabel: rateLabel(rate) },
    seats: lines.map(({ figures, ...line }) => line),
    alerts: secretariat ? lines.filter((l) => l.figures.alert).map((l) => ({ seat: l.seat, member: l.member, streak: l.figures.streak, message: `${l.member.name} : ${l.figures.streak} absences de suite.` })) : [],
  };
}

/**
 * Every seat indicator of a federation's bodies (its sections' included), for those who
 * manage them (staff of the federation, national admins). 404 unknown federation, 403 another's.
 */
export async function federationIndicators(strapi: Core.Strapi, actor: Actor, federationDocumentId: string, window: Window) {
  const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!can(actor, 'body.manage', { federationId: federation.id, sectionId: null }) || actor.role === 'section-secretary') {
    throw new ForbiddenError('Les indicateurs de toute une fédération sont réservés à son équipe.');
  }
  const rows = await seatIndicators(strapi, { federationId: federation.id, from: window.from, to: window.to });
  const bodies = (await strapi.db.query(BODY_UID).findMany({ where: { federation: { id: federation.id } }, select: ['id', 'documentId', 'name'] })) as { id: number; documentId: string; name: string }[];
  const bodyOf = new Map(bodies.map((b) => [b.id, b]));
  const names = await namesOf(strapi, rows.map((r) => r.memberId));
  return {
    federation: { documentId: federation.documentId, name: federation.name },
    window: { from: window.from ?? null, to: window.to ?? null },
    seats: rows.map((r) => ({ body: bodyOf.get(r.bodyId)?.name ?? null, member: fullName(names, r.memberId), ...presentIndicator(r, true) })),
    alerts: rows.filter((r) => r.alert).length,
  };
}

/** The member's own seats (history included), each with its indicator and its attendance history. */
export async function myIndicators(strapi: Core.Strapi, actor: Actor, window: Window) {
  if (!actor.memberId) return { seats: [] };
  const seats = (await strapi.db.query(SEAT_UID).findMany({
    where: { member: { id: actor.memberId } },
    populate: { body: { select: ['id', 'documentId', 'name', 'absenceAlertAfter'] } },
    orderBy: { startOn: 'desc' },
  })) as (SeatRow & { body: { id: number; documentId: string; name: string; absenceAlertAfter: number } })[];
  const rows = new Map((await seatIndicators(strapi, { memberId: actor.memberId, from: window.from, to: window.to })).map((r) => [r.seatId, r]));
  const history = await strapi.db
    .connection(ATTENDANCE)
    .where({ member_id: actor.memberId })
    .join('bodies_meetings', 'bodies_meetings.id', `${ATTENDANCE}.meeting_id`)
    .select(`${ATTENDANCE}.seat_id`, `${ATTENDANCE}.presence`, `${ATTENDANCE}.replaced`, `${ATTENDANCE}.held_on`, 'bodies_meetings.document_id', 'bodies_meetings.meeting_status')
    .orderBy(`${ATTENDANCE}.held_on`, 'desc');
  return {
    seats: seats.filter((s) => meetsWindow(s, window)).map((s) => ({
      seat: s.documentId,
      body: { documentId: s.body?.documentId ?? null, name: s.body?.name ?? '' },
      roleLabel: SEAT_ROLE_LABELS[s.role],
      tenure: tenureLabel(s),
      ...presentIndicator(rows.get(s.id) ?? { ...EMPTY, alert: false }, true),
      history: history
        .filter((h: any) => Number(h.seat_id) === s.id)
        .map((h: any) => ({ meeting: h.document_id, heldOn: String(h.held_on).slice(0, 10), presence: h.presence ?? null, presenceLabel: h.presence ? PRESENCE_LABELS[h.presence as Presence] : 'À saisir', replaced: Boolean(h.replaced) })),
    })),
  };
}

/**
 * The member's home in « Instances »: their seats running today or to come (a renewal, or a
 * first seat from a later date: « Titulaire à partir du … ») with their bodies, the next
 * meetings (20 at most) they are convened to — dated inside one of their seats' terms, less a
 * meeting that had begun when the seat was designated and did not convene it
 * (`designatedOnceBegun`, as its sheet) — (with their ICS file), and the latest published
 * minutes of bodies whose scope addresses them. The terms filter the meetings in the query,
 * before the limit: meetings after a seat's end never push out those one is convened to.
 */
export async function mine(strapi: Core.Strapi, actor: Actor) {
  const today = todayInParis();
  const held = actor.memberId && (await holdsASeatFrom(strapi, actor.memberId, today))
    ? ((await strapi.db.query(SEAT_UID).findMany({
        where: { member: { id: actor.memberId }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: today } }] },
        populate: { body: { populate: BODY_POPULATE } },
        orderBy: [{ startOn: 'asc' }, { id: 'asc' }],
      })) as (SeatRow & { createdAt?: string | null; body: BodyRow })[]).filter(runsSomeDay)
    : [];
  // Only the meetings they are convened to: those on a day one of their seats in that body
  // runs (a seat ending before a meeting no longer convenes its holder: settleSeatConvocations;
  // one starting later convenes them from its start), begun after the seat was designated unless
  // it was convened to them (a successor designated once the meeting of the day had begun is not).
  // Only a seat designated today can postdate the start of a meeting listed here (dated today
  // or later): for those alone the convocations are read (one more statement, rarely).
  // Bodies they may read (a seat kept in a former federation's body, from before moves ended
  // them, lists neither the body nor its meetings: both would answer 404).
  const inBodies = held.filter((s) => s.body && readsBody(actor, s.body));
  const designatedToday = new Map(
    inBodies.flatMap((s) => {
      const t = instant(s.createdAt);
      return t !== null && parisDate(new Date(t)) >= today ? [[s.id, t] as const] : [];
    })
  );
  const convened = await convenedToPlanned(strapi, [...designatedToday.keys()]);
  const terms = inBodies.map((s) => {
    const designated = designatedToday.get(s.id) ?? null;
    const since = designated === null ? [] : [{ $or: [{ startsAt: { $gte: new Date(designated).toISOString() } }, ...(convened.get(s.id)?.length ? [{ id: { $in: convened.get(s.id) } }] : [])] }];
    return { body: { id: s.body.id }, heldOn: { $gte: s.startOn > today ? s.startOn : today, ...(s.endOn ? { $lt: s.endOn } : {}) }, ...(since.length ? { $and: since } : {}) };
  });
  const next = terms.length
    ? ((await strapi.db.query(MEETING_UID).findMany({
        where: { meetingStatus: 'planned', $or: terms },
        populate: { body: { select: ['id', 'documentId', 'name'] } },
        orderBy: { startsAt: 'asc' },
        limit: 20,
      })) as (MeetingRow & { body: { id: number; name: string } })[])
    : [];
  return {
    bodies: inBodies.map((s) => ({ ...presentBody(s.body), seat: s.documentId, roleLabel: SEAT_ROLE_LABELS[s.role], tenure: tenureLabel(s, today) })),
    nextMeetings: next.map((m) => ({ ...presentMeeting(m), bodyName: m.body?.name ?? '' })),
    minutesToRead: await publishedMinutes(strapi, actor),
  };
}

/** A seat that runs at least one day: a seat to come ended where it starts (a sanction, an erasure: `endSeatsOfMember`) never does. */
const runsSomeDay = (seat: Pick<SeatRow, 'startOn' | 'endOn'>) => !seat.endOn || seat.endOn > seat.startOn;

/** The planned meetings each of these seats is convened to (`bodies_convocations`), by seat id. */
async function convenedToPlanned(strapi: Core.Strapi, seatIds: number[]): Promise<Map<number, number[]>> {
  const bySeat = new Map<number, number[]>();
  if (seatIds.length === 0) return bySeat;
  const rows: { seat_id: number | string; meeting_id: number | string }[] = await strapi.db
    .connection(`${CONVOCATIONS} as c`)
    .join(`${MEETINGS} as m`, 'm.id', 'c.meeting_id')
    .whereIn('c.seat_id', seatIds)
    .where('m.meeting_status', 'planned')
    .select('c.seat_id', 'c.meeting_id');
  for (const r of rows) bySeat.set(Number(r.seat_id), [...(bySeat.get(Number(r.seat_id)) ?? []), Number(r.meeting_id)]);
  return bySeat;
}

/**
 * Whether the member holds a seat running on `day` (a Paris date) or after it (one that runs at
 * all: `runsSomeDay`): one statement, so that the many members who sit nowhere pay for nothing
 * more (issue 13).
 */
async function holdsASeatFrom(strapi: Core.Strapi, memberId: number, day: string): Promise<boolean> {
  const seat = strapi.db.metadata.get(SEAT_UID) as any;
  const link = seat.attributes.member.joinTable;
  const column = (attribute: string) => (seat.attributes[attribute].columnName ?? attribute) as string;
  const row = await strapi.db
    .connection({ s: seat.tableName })
    .join({ l: link.name }, `l.${link.joinColumn.name}`, 's.id')
    .where(`l.${link.inverseJoinColumn.name}`, memberId)
    .where((q) => q.whereNull(`s.${column('endOn')}`).orWhere(`s.${column('endOn')}`, '>', day))
    // A seat to come ended where it starts never runs (`runsSomeDay`).
    .where((q) => q.whereNull(`s.${column('endOn')}`).orWhereRaw('?? > ??', [`s.${column('endOn')}`, `s.${column('startOn')}`]))
    .first('s.id');
  return Boolean(row);
}

/**
 * The 20 latest published minutes of the bodies the actor may read, newest first. The same for
 * every reader with the same audience clauses (`audienceKey`): kept in the request cache, tag
 * `bodies` (any write to the bodies plugin's tables drops it, on every instance).
 */
function publishedMinutes(strapi: Core.Strapi, actor: Actor) {
  const rule = audienceClauses(actor, 'reader');
  return requestCache(strapi).read(
    `bodies:published-minutes:${audienceKey(rule)}`,
    async () => {
      const minutes = (await strapi.db.query(MINUTES_UID).findMany({
        where: { minutesStatus: 'published', meeting: { body: audienceFilter(rule, { audience: 'level', federation: 'federation', section: 'section' }) } },
        populate: { meeting: { select: ['documentId', 'heldOn'], populate: { body: { select: ['documentId', 'name'] } } } },
        orderBy: { releasedOn: 'desc' },
        limit: 20,
      })) as (MinutesRow & { meeting: { documentId: string; heldOn: string; body: { documentId: string; name: string } } })[];
      return minutes.map((m) => ({
        documentId: m.documentId,
        version: m.version,
        releasedOn: m.releasedOn,
        meeting: m.meeting?.documentId ?? null,
        heldOn: m.meeting?.heldOn ?? null,
        bodyName: m.meeting?.body?.name ?? '',
      }));
    },
    { tags: () => [cacheTags.bodies] }
  );
}

/** The meetings of a body, newest first (200 at most). 404 outside reach. */
export async function listMeetings(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const body = await loadBody(strapi, actor, documentId);
  const meetings = (await strapi.db.query(MEETING_UID).findMany({ where: { body: { id: body.id } }, orderBy: { startsAt: 'desc' }, limit: 200 })) as MeetingRow[];
  return meetings.map(presentMeeting);
}
