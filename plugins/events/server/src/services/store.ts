import type { Core } from '@strapi/strapi';
import { cacheTags, getService, requestCache, withConnection } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type { Audience, EventKind, OrganiserLevel, RegistrationState } from '../domain/events';
import { EVENT_TABLE, EVENT_UID, REGISTRATION_UID } from '../uids';

export interface EventRow {
  id: number;
  documentId: string;
  kind: EventKind;
  title: string;
  description: string | null;
  theme: string | null;
  startsAt: string;
  endsAt: string | null;
  address: string | null;
  accessibility: string | null;
  onlineUrl: string | null;
  organiserLevel: OrganiserLevel;
  federationId: number | null;
  sectionId: number | null;
  speakers: { name: string; title?: string }[] | null;
  capacity: number | null;
  audience: Audience;
  cancelled: boolean;
  createdByUserId: number | null;
  report: EventReport | null;
}

export interface EventReport {
  themes: string[];
  proposals: string[];
  summary: string | null;
  attendance: number;
  writtenOn: string;
  contribution?: { consultation: string; consultationTitle?: string; documentId: string; sentOn: string; provenance: string };
}

export interface RegistrationRow {
  id: number;
  documentId: string;
  eventId: number;
  memberId: number | null;
  name: string | null;
  email: string | null;
  contactConsent: boolean;
  state: RegistrationState;
  queuedAt: string | null;
  tokenHash: string | null;
  checkInCode: string | null;
  checkedInAt: string | null;
  remindedAt: string | null;
  createdAt: string;
}

export interface Counts {
  confirmed: number;
  waiting: number;
  attended: number;
}

/** Reads and writes of the plugin's rows. Rules live in commands. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  eventByDocumentId(documentId: string): Promise<EventRow | null> {
    return strapi.db.query(EVENT_UID).findOne({ where: { documentId } });
  },

  eventById(id: number): Promise<EventRow | null> {
    return strapi.db.query(EVENT_UID).findOne({ where: { id } });
  },

  /**
   * Holds the event's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite has one
   * writer): every change to an event's registrations goes through it, so two registrations
   * never take the last seat together and one email never registers twice.
   * @returns the event, or null when unknown
   */
  async holdEvent(trx: any, documentId: string): Promise<EventRow | null> {
    const query = trx(EVENT_TABLE).where({ document_id: documentId }).first('id');
    if (strapi.db.dialect.client === 'postgres') query.forUpdate();
    const held = await query;
    return held ? strapi.db.query(EVENT_UID).findOne({ where: { id: held.id } }) : null;
  },

  async counts(eventId: number): Promise<Counts> {
    const rows: { state: string; checkedInAt: string | null }[] = await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId, state: { $in: ['confirmed', 'waiting'] } }, select: ['state', 'checkedInAt'] });
    return {
      confirmed: rows.filter((r) => r.state === 'confirmed').length,
      waiting: rows.filter((r) => r.state === 'waiting').length,
      attended: rows.filter((r) => r.state === 'confirmed' && r.checkedInAt).length,
    };
  },

  /**
   * `counts` of several events in one statement (a list page).
   * @returns event id → counts (every asked id, zeros when nobody registered)
   */
  async countsOf(eventIds: number[]): Promise<Map<number, Counts>> {
    const counts = new Map<number, Counts>(eventIds.map((id) => [id, { confirmed: 0, waiting: 0, attended: 0 }]));
    if (!eventIds.length) return counts;
    // Counted by the database, one row per event (a summer university's hundreds of
    // registrations are not brought back to be counted here).
    const meta = strapi.db.metadata.get(REGISTRATION_UID) as { tableName: string; attributes: Record<string, { columnName?: string }> };
    const column = (attribute: string) => meta.attributes[attribute]?.columnName ?? attribute;
    const [event, state, checkedIn] = [column('eventId'), column('state'), column('checkedInAt')];
    const rows: { event: number; confirmed: number | string; waiting: number | string; attended: number | string }[] = await withConnection(strapi, (knex) => knex(meta.tableName)
      .select({ event })
      .select(knex.raw(`sum(case when ?? = 'confirmed' then 1 else 0 end) as confirmed`, [state]))
      .select(knex.raw(`sum(case when ?? = 'waiting' then 1 else 0 end) as waiting`, [state]))
      .select(knex.raw(`sum(case when ?? = 'confirmed' and ?? is not null then 1 else 0 end) as attended`, [state, checkedIn]))
      .whereIn(event, eventIds)
      .whereIn(state, ['confirmed', 'waiting'])
      .groupBy(event));
    for (const r of rows) counts.set(Number(r.event), { confirmed: Number(r.confirmed), waiting: Number(r.waiting), attended: Number(r.attended) });
    return counts;
  },

  async registrationsOfMember(eventIds: number[], memberId: number): Promise<Map<number, RegistrationRow>> {
    if (!eventIds.length) return new Map();
    const rows: RegistrationRow[] = await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: { $in: eventIds }, memberId }, orderBy: { id: 'asc' } });
    const byEvent = new Map<number, RegistrationRow>();
    for (const r of rows) if (!byEvent.has(r.eventId)) byEvent.set(r.eventId, r); // the first, as `registrationOfMember`
    return byEvent;
  },

  registrationsOf(eventId: number, states?: RegistrationState[]): Promise<RegistrationRow[]> {
    return strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId, ...(states ? { state: { $in: states } } : {}) }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] });
  },

  registrationOfMember(eventId: number, memberId: number): Promise<RegistrationRow | null> {
    return strapi.db.query(REGISTRATION_UID).findOne({ where: { eventId, memberId } });
  },

  registrationByEmail(eventId: number, email: string): Promise<RegistrationRow | null> {
    return strapi.db.query(REGISTRATION_UID).findOne({ where: { eventId, email } });
  },

  registrationByToken(tokenHash: string): Promise<RegistrationRow | null> {
    return strapi.db.query(REGISTRATION_UID).findOne({ where: { tokenHash } });
  },

  /**
   * « Section Nîmes centre (Gard) », « Fédération du Gard », « National ». Kept in the request
   * cache (issue 13): any write to the federations, the sections or their link invalidates it on
   * every instance (trigger tag `places`, src/platform/cache-invalidation.ts).
   */
  organiserLabel(event: Pick<EventRow, 'organiserLevel' | 'federationId' | 'sectionId'>): Promise<string> {
    const key = `events-organiser:${event.organiserLevel}:${event.federationId ?? ''}:${event.sectionId ?? ''}`;
    return requestCache(strapi).read(key, () => this.organiserLabelNow(event), { tags: () => [cacheTags.places] });
  },

  /** `organiserLabel`, read from the directory now. */
  async organiserLabelNow(event: Pick<EventRow, 'organiserLevel' | 'federationId' | 'sectionId'>): Promise<string> {
    const directory = getService(strapi, 'membership', 'directory');
    if (event.organiserLevel === 'section' && event.sectionId) {
      const section = await directory.sectionById(event.sectionId);
      return section ? `${section.name}${section.federation ? ` (${section.federation.name})` : ''}` : 'Section';
    }
    if (event.organiserLevel === 'federation' && event.federationId) {
      const federation = await directory.federationById(event.federationId);
      return federation ? federation.name : 'Fédération';
    }
    return 'National';
  },
});
