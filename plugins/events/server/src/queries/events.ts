import type { Core } from '@strapi/strapi';
import icalModule from 'ical-generator';
import { cacheTags, ForbiddenError, getService, NotFoundError, portalUrl, requestCache, totalFromPage, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { AUDIENCE_LABELS, KIND_LABELS, seatsLeft, STATE_LABELS, type EventKind } from '../domain/events';
import { parisInstant, parisLocal } from '../domain/paris-time';
import { manages, scopeOf } from '../permissions';
import { assertPublic, sees } from '../commands/registrations';
import type { Counts, EventRow, RegistrationRow } from '../services/store';
import { EVENT_UID, FEEDBACK_UID, REGISTRATION_UID } from '../uids';
import '../public';

const ical = ((icalModule as unknown as { default?: typeof icalModule }).default ?? icalModule) as typeof icalModule;
const store = (strapi: Core.Strapi) => getService(strapi, 'events', 'store');

/** What anyone may read of an event: no registrant, no organiser's account. `counts`: already read (a list page), else read here. */
async function publicView(strapi: Core.Strapi, e: EventRow, known?: Counts) {
  const counts = known ?? (await store(strapi).counts(e.id));
  return {
    documentId: e.documentId,
    kind: e.kind,
    kindLabel: KIND_LABELS[e.kind],
    title: e.title,
    description: e.description,
    theme: e.theme,
    startsAt: new Date(e.startsAt).toISOString(),
    startsAtParis: parisLocal(e.startsAt),
    endsAt: e.endsAt ? new Date(e.endsAt).toISOString() : null,
    endsAtParis: e.endsAt ? parisLocal(e.endsAt) : null,
    address: e.address,
    accessibility: e.accessibility,
    onlineUrl: e.onlineUrl,
    organiser: { level: e.organiserLevel, label: await store(strapi).organiserLabel(e) },
    speakers: e.speakers ?? [],
    capacity: e.capacity,
    seatsLeft: seatsLeft(e.capacity, counts.confirmed),
    full: e.capacity != null && counts.confirmed >= e.capacity,
    audience: e.audience,
    audienceLabel: AUDIENCE_LABELS[e.audience],
    cancelled: Boolean(e.cancelled),
  };
}

/** What a member's view needs besides the event: their registration, its feedback, the counts (read at once for a list page). */
interface MemberFacts {
  mine: RegistrationRow | null;
  feedback: { rating: number; comment?: string | null } | null;
  counts: Counts;
}

/** The facts of one event (its page). */
async function factsOf(strapi: Core.Strapi, actor: Actor, e: EventRow): Promise<MemberFacts> {
  const mine = actor.memberId == null ? null : await store(strapi).registrationOfMember(e.id, actor.memberId);
  const counts = await store(strapi).counts(e.id);
  const feedback = mine ? await strapi.db.query(FEEDBACK_UID).findOne({ where: { registrationId: mine.id } }) : null;
  return { mine, feedback, counts };
}

type FeedbackRow = { registrationId: number; rating: number; comment?: string | null };

/**
 * The facts of a page of events whose counts are read (`countsOf`), in two statements at most
 * (the member's registrations, their feedback). `kept`: for the portal's page (the upcoming
 * events' first page), the member's registrations and feedback on these events are kept in the
 * request cache (issue 13), tags `event-registrations:<member>` (any write to a registration of
 * theirs) and `event-feedback:<registration>` (to the feedback on one of them), by any door.
 */
async function factsOfPage(strapi: Core.Strapi, actor: Actor, events: EventRow[], counts: Map<number, Counts>, kept = false): Promise<Map<number, MemberFacts>> {
  const ids = events.map((e) => e.id);
  const read = async (memberId: number) => {
    const registrations = [...(await store(strapi).registrationsOfMember(ids, memberId)).values()];
    const feedbacks: FeedbackRow[] = registrations.length
      ? await strapi.db.query(FEEDBACK_UID).findMany({ where: { registrationId: { $in: registrations.map((r) => r.id) } } })
      : [];
    return { registrations, feedbacks };
  };
  const memberId = actor.memberId;
  const { registrations, feedbacks } =
    memberId == null
      ? { registrations: [] as RegistrationRow[], feedbacks: [] as FeedbackRow[] }
      : kept && ids.length
        ? await requestCache(strapi).read(`events-mine:${memberId}:${ids.join(',')}`, () => read(memberId), {
            tags: (value) => [cacheTags.eventRegistrations(memberId), ...value.registrations.map((r) => cacheTags.eventFeedback(r.id))],
          })
        : await read(memberId);
  const mine = new Map(registrations.map((r) => [r.eventId, r]));
  const feedbackOf = new Map(feedbacks.map((f) => [f.registrationId, f]));
  return new Map(ids.map((id) => {
    const registration = mine.get(id) ?? null;
    return [id, { mine: registration, feedback: registration ? feedbackOf.get(registration.id) ?? null : null, counts: counts.get(id)! }];
  }));
}

/** A member's view: the public one, their registration, and for organisers the counts and the report. */
async function memberView(strapi: Core.Strapi, actor: Actor, e: EventRow, facts?: MemberFacts) {
  const { mine, counts, feedback } = facts ?? (await factsOf(strapi, actor, e));
  const organiser = manages(actor, e.organiserLevel, e);
  return {
    ...(await publicView(strapi, e, counts)),
    registration:
      mine && mine.state !== 'cancelled'
        ? { documentId: mine.documentId, state: mine.state, stateLabel: STATE_LABELS[mine.state], checkInCode: mine.state === 'confirmed' ? mine.checkInCode : null, checkedIn: Boolean(mine.checkedInAt) }
        : null,
    myFeedback: feedback ? { rating: feedback.rating, comment: feedback.comment ?? null } : null,
    canManage: organiser,
    counts: { confirmed: counts.confirmed, waiting: counts.waiting, attended: counts.attended },
    report: organiser || e.report?.contribution ? e.report : null,
  };
}

/** The members-only and open events the member sees (scope in SQL: their section, federation, national or open). */
function visibleWhere(actor: Actor) {
  if (scopeOf(actor, 'event.manage') === 'all') return {};
  const or: Record<string, unknown>[] = [{ audience: 'public' }, { organiserLevel: 'national' }];
  if (actor.federationId != null) or.push({ organiserLevel: 'federation', federationId: actor.federationId });
  if (actor.sectionId != null) or.push({ organiserLevel: 'section', sectionId: actor.sectionId });
  if (actor.federationId != null && scopeOf(actor, 'event.manage') === 'federation') or.push({ federationId: actor.federationId });
  return { $or: or };
}

/**
 * What `visibleWhere` depends on, as a key: every actor with the same key sees the same
 * events (their federation and section, and whether they run their federation's). Pure.
 */
function visibilityKey(actor: Actor): string {
  const scope = scopeOf(actor, 'event.manage');
  if (scope === 'all') return 'all';
  return `${actor.federationId ?? ''}:${actor.sectionId ?? ''}${scope === 'federation' ? ':runs' : ''}`;
}

/**
 * Upcoming (soonest first) or past (latest first) events the member sees, one page, with the
 * registrations counted. The first page of upcoming events — the portal's — is the same for
 * every member of the same `visibilityKey`: it is kept in the request cache (issue 13) until its
 * soonest event starts (then it is no longer upcoming), tag `events` (any write to the events
 * or the registrations, by any door, on every instance). The member's own registrations on
 * that page are kept per member (`factsOfPage`).
 */
export async function listEvents(strapi: Core.Strapi, actor: Actor, query: { when: 'upcoming' | 'past'; kind?: EventKind; page: number; pageSize: number }) {
  const load = async () => {
    const now = new Date();
    const where = { ...visibleWhere(actor), startsAt: query.when === 'upcoming' ? { $gte: now } : { $lt: now }, ...(query.kind ? { kind: query.kind } : {}) };
    const rows: EventRow[] = await strapi.db.query(EVENT_UID).findMany({ where, orderBy: { startsAt: query.when === 'upcoming' ? 'asc' : 'desc' }, offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    // Counted only when the page does not tell the total.
    const [total, counts] = await Promise.all([
      totalFromPage(query.page, query.pageSize, rows.length) ?? strapi.db.query(EVENT_UID).count({ where }),
      store(strapi).countsOf(rows.map((e) => e.id)),
    ]);
    return { rows, counts, total };
  };
  const portalPage = query.when === 'upcoming' && query.page === 1;
  const { rows, counts, total } =
    portalPage
      ? await requestCache(strapi).read(`events-upcoming:${visibilityKey(actor)}:${query.kind ?? ''}:${query.pageSize}`, load, {
          tags: () => [cacheTags.events],
          // Until the soonest starts (rows[0]: soonest first); an empty page waits for a write.
          ttlMs: (page) => (page.rows.length ? new Date(page.rows[0]!.startsAt).getTime() - Date.now() : Infinity),
        })
      : await load();
  const facts = await factsOfPage(strapi, actor, rows, counts, portalPage);
  return { data: await Promise.all(rows.map((e) => memberView(strapi, actor, e, facts.get(e.id)))), total };
}

/** One event as the member sees it, or 404. */
export async function showEvent(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
  return memberView(strapi, actor, e);
}

/**
 * The door list for organisers: registrants (names, member or not, state, check-in), never
 * their emails; pending citizens are left out (they do not count).
 */
export async function registrationsOf(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
  if (!manages(actor, e.organiserLevel, e)) throw new ForbiddenError('La liste des inscrits revient aux organisateurs de l’événement.');
  const rows = await store(strapi).registrationsOf(e.id, ['confirmed', 'waiting']);
  // A name removed (an erased member, a citizen past the retention period) shows as such.
  return rows.map((r) => ({ documentId: r.documentId, name: r.name ?? (r.memberId != null ? 'Ancien adhérent' : 'Participant·e (coordonnées effacées)'), member: r.memberId != null, state: r.state, stateLabel: STATE_LABELS[r.state], checkedIn: Boolean(r.checkedInAt) }));
}

/** Open consultations the report may be sent to (the organiser's scope). */
export async function consultationsFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
  if (!manages(actor, e.organiserLevel, e)) throw new ForbiddenError('Le compte rendu revient aux organisateurs de l’événement.');
  return getService(strapi, 'consultations', 'external-contributions').openFor({ federationId: e.federationId, sectionId: e.sectionId });
}

/**
 * Staff statistics over a period (Paris dates, inclusive): events per section and kind,
 * attendance (check-ins), share of non-members among those who came to open events,
 * contributions sent to consultations, mean feedback. Federation staff: their federation.
 */
export async function statistics(strapi: Core.Strapi, actor: Actor, query: { from?: string; to?: string }) {
  const where: Record<string, unknown> = {};
  if (scopeOf(actor, 'stats.read') !== 'all') where.federationId = actor.federationId ?? -1;
  if (query.from || query.to) where.startsAt = { ...(query.from ? { $gte: parisInstant(`${query.from}T00:00`) } : {}), ...(query.to ? { $lt: new Date(parisInstant(`${query.to}T23:59`).getTime() + 60_000) } : {}) };
  const events = (await strapi.db.query(EVENT_UID).findMany({ where, select: ['id', 'kind', 'sectionId', 'federationId', 'organiserLevel', 'audience', 'cancelled', 'report'] })) as EventRow[];
  const ids = events.map((e) => e.id);
  const registrations: { eventId: number; memberId: number | null; checkedInAt: string | null }[] = ids.length
    ? await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: { $in: ids }, state: 'confirmed' }, select: ['eventId', 'memberId', 'checkedInAt'] })
    : [];
  const feedbacks: { rating: number }[] = ids.length ? await strapi.db.query(FEEDBACK_UID).findMany({ where: { eventId: { $in: ids } }, select: ['rating'] }) : [];
  const directory = getService(strapi, 'membership', 'directory');
  const sectionNames = new Map<number, string>();
  for (const id of new Set(events.flatMap((e) => (e.sectionId ? [e.sectionId] : [])))) sectionNames.set(id, (await directory.sectionById(id))?.name ?? `Section ${id}`);
  const bySection = new Map<string, Record<string, number>>();
  for (const e of events) {
    const key = e.sectionId ? sectionNames.get(e.sectionId)! : e.organiserLevel === 'federation' ? 'Fédération' : 'National';
    const row = bySection.get(key) ?? {};
    row[e.kind] = (row[e.kind] ?? 0) + 1;
    bySection.set(key, row);
  }
  const attended = registrations.filter((r) => r.checkedInAt);
  const publicIds = new Set(events.filter((e) => e.audience === 'public').map((e) => e.id));
  const atPublic = attended.filter((r) => publicIds.has(r.eventId));
  const citizens = atPublic.filter((r) => r.memberId == null).length;
  return {
    events: events.length,
    cancelled: events.filter((e) => e.cancelled).length,
    perSectionAndKind: [...bySection.entries()].map(([organiser, kinds]) => ({ organiser, kinds: Object.entries(kinds).map(([kind, count]) => ({ kind, label: KIND_LABELS[kind as EventKind], count })) })),
    registered: registrations.length,
    attendance: attended.length,
    openEvents: { attendance: atPublic.length, nonMembers: citizens, nonMemberShare: atPublic.length ? Math.round((citizens / atPublic.length) * 1000) / 1000 : null },
    contributions: events.filter((e) => e.report?.contribution).length,
    feedback: { count: feedbacks.length, meanRating: feedbacks.length ? Math.round((feedbacks.reduce((s, f) => s + f.rating, 0) / feedbacks.length) * 10) / 10 : null },
  };
}

/** Upcoming open events of federations that have the module on (and national ones), soonest first. Nothing about registrants. */
async function openUpcoming(strapi: Core.Strapi, limit: number, offset = 0) {
  const rows = (await strapi.db.query(EVENT_UID).findMany({ where: { audience: 'public', cancelled: false, startsAt: { $gte: new Date() } }, orderBy: { startsAt: 'asc' } })) as EventRow[];
  const switches = getService(strapi, 'modules', 'switches');
  const on = new Map<number, boolean>();
  const kept: EventRow[] = [];
  for (const e of rows) {
    if (e.federationId != null) {
      if (!on.has(e.federationId)) on.set(e.federationId, await switches.isEnabled(e.federationId, 'events'));
      if (!on.get(e.federationId)) continue;
    }
    kept.push(e);
  }
  return { rows: kept.slice(offset, offset + limit), total: kept.length };
}

export async function publicList(strapi: Core.Strapi, query: { page: number; pageSize: number }) {
  const { rows, total } = await openUpcoming(strapi, query.pageSize, (query.page - 1) * query.pageSize);
  return { data: await Promise.all(rows.map((e) => publicView(strapi, e))), total };
}

/** One open event for the public page, or 404 (members-only, module off, unknown). */
export async function publicShow(strapi: Core.Strapi, documentId: string) {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e) throw new NotFoundError('Événement introuvable.');
  await assertPublic(strapi, e);
  return publicView(strapi, e);
}

/** The open events as an iCalendar feed (`ical-generator`, as the notifications' calendars). */
export async function publicCalendar(strapi: Core.Strapi): Promise<string> {
  const { rows } = await openUpcoming(strapi, 500);
  const calendar = ical({ name: 'Événements ouverts au public', prodId: { company: 'intranet-militant', product: 'events', language: 'FR' } });
  for (const e of rows) {
    calendar.createEvent({
      id: `event-${e.documentId}@intranet-militant`,
      start: new Date(e.startsAt),
      end: e.endsAt ? new Date(e.endsAt) : new Date(new Date(e.startsAt).getTime() + 2 * 3_600_000),
      summary: `${KIND_LABELS[e.kind][0].toUpperCase()}${KIND_LABELS[e.kind].slice(1)} — ${e.title}`,
      description: [e.theme ? `Thème : ${e.theme}` : '', e.description ?? '', e.accessibility ? `Accessibilité : ${e.accessibility}` : ''].filter(Boolean).join('\n\n'),
      location: e.address ?? e.onlineUrl ?? undefined,
      url: `${portalUrl(strapi)}/evenements-publics/${e.documentId}`,
    });
  }
  return calendar.toString();
}
