import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, getService, MEMBER_NOT_FOUND, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { parisInstant } from '../domain/paris-time';
import { repeatsHost, type Lodging, type TransportMode } from '../domain/summer-university';
import { sendLetter, sessionPromotedLetter } from './mail';
import { SU_ATTENDANCE_UID, SU_DELEGATE_UID, SU_EDITION_UID, SU_SESSION_TABLE, SU_SESSION_UID } from '../uids';

const audit = (strapi: Core.Strapi, actor: Actor, verb: string, uid: string, documentId: string, federationId: number | null, details: Record<string, unknown> = {}) =>
  recordAudit(strapi, { actor: auditActorOf(actor), action: `plugin::events.summer-university.${verb}`, subject: { type: uid, id: documentId }, federationId, details });

export async function editionOr404(strapi: Core.Strapi, documentId: string) {
  const e = await strapi.db.query(SU_EDITION_UID).findOne({ where: { documentId } });
  if (!e) throw new NotFoundError('Université d’été introuvable.');
  return e;
}

/**
 * National admins announce an edition: year, host region, dates (Paris calendar days). The
 * host region should rotate: the same region as the previous edition is refused (409).
 * Dates published later than N months ahead are accepted; the answer (and staff's pages) warn.
 * @throws 400 dates, 409 a second edition the same year or the same host twice in a row
 */
export async function createEdition(strapi: Core.Strapi, actor: Actor, input: { year: number; title: string; hostRegion: string; place?: string; startsOn: string; endsOn: string }) {
  if (input.endsOn < input.startsOn) throw fieldError('endsOn', 'La fin doit suivre le début.');
  if (Number(input.startsOn.slice(0, 4)) !== input.year) throw fieldError('startsOn', `Les dates doivent être en ${input.year}.`);
  if (input.startsOn <= todayInParis()) throw fieldError('startsOn', 'Le début doit être dans le futur.');
  return strapi.db.transaction(async () => {
    if (await strapi.db.query(SU_EDITION_UID).count({ where: { year: input.year } })) throw new ConflictError(`L’université d’été ${input.year} existe déjà.`);
    const previous = await strapi.db.query(SU_EDITION_UID).findMany({ where: { year: { $lt: input.year } }, select: ['year', 'hostRegion'] });
    const repeated = repeatsHost(previous, input.hostRegion);
    if (repeated) throw new ConflictError(`La région « ${input.hostRegion} » a accueilli l’édition ${repeated} : l’université d’été change de région chaque année.`);
    const row = await strapi.db.query(SU_EDITION_UID).create({ data: { ...input, place: input.place || null, datesPublishedOn: todayInParis() } });
    await audit(strapi, actor, 'create', SU_EDITION_UID, row.documentId, null, { year: input.year, hostRegion: input.hostRegion });
    return row;
  });
}

/** A plenary or a workshop of the edition, with its capacity (null: the whole university). National admins. */
export async function addSession(strapi: Core.Strapi, actor: Actor, editionId: string, input: { kind: 'plenary' | 'workshop'; title: string; startsAt: string; capacity?: number | null }) {
  const edition = await editionOr404(strapi, editionId);
  const day = input.startsAt.slice(0, 10);
  if (day < edition.startsOn || day > edition.endsOn) throw fieldError('startsAt', 'La séance doit avoir lieu pendant l’université d’été.');
  return strapi.db.transaction(async () => {
    const row = await strapi.db.query(SU_SESSION_UID).create({ data: { editionId: edition.id, kind: input.kind, title: input.title, startsAt: parisInstant(input.startsAt), capacity: input.capacity ?? null } });
    await audit(strapi, actor, 'session', SU_SESSION_UID, row.documentId, null, { title: input.title });
    return row;
  });
}

/** A member's place in a session: `confirmed` (holds a place) or `waiting` (the waiting list). */
export type SessionState = 'confirmed' | 'waiting';
type SessionRow = { id: number; documentId: string; title: string; startsAt: string; capacity: number | null; kind: 'plenary' | 'workshop' };
type AttendanceRow = { id: number; sessionId: number; memberId: number; state: SessionState | null; queuedAt: string | null };
type Promotion = { memberId: number; session: SessionRow };

/** Rows before the waiting list existed have no state: they hold a place. */
const holdsPlace = (a: Pick<AttendanceRow, 'state'>) => a.state !== 'waiting';

/**
 * Holds the session's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite has one
 * writer): every change to a session's places goes through it, as events' registrations do.
 * @returns the session, or null when unknown
 */
export async function holdSession(strapi: Core.Strapi, trx: any, where: { document_id: string } | { id: number }): Promise<SessionRow | null> {
  const query = trx(SU_SESSION_TABLE).where(where).first('id');
  if (strapi.db.dialect.client === 'postgres') query.forUpdate();
  const held = await query;
  return held ? strapi.db.query(SU_SESSION_UID).findOne({ where: { id: held.id } }) : null;
}

/**
 * Fills a session's free places from its waiting list, oldest first (session held). Returns
 * who was promoted, to be told once committed (`tellPromoted`).
 */
export async function promoteSessionWaiting(strapi: Core.Strapi, session: SessionRow): Promise<Promotion[]> {
  const rows = (await strapi.db.query(SU_ATTENDANCE_UID).findMany({ where: { sessionId: session.id }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] })) as AttendanceRow[];
  const waiting = rows.filter((a) => !holdsPlace(a));
  const free = session.capacity == null ? waiting.length : Math.max(0, session.capacity - rows.filter(holdsPlace).length);
  const promoted = waiting.slice(0, free);
  for (const a of promoted) await strapi.db.query(SU_ATTENDANCE_UID).update({ where: { id: a.id }, data: { state: 'confirmed', queuedAt: new Date() } });
  return promoted.map((a) => ({ memberId: a.memberId, session }));
}

/** Emails the members promoted from a waiting list (after the commit; a failure is logged). */
export async function tellPromoted(strapi: Core.Strapi, promotions: Promotion[]): Promise<void> {
  if (promotions.length === 0) return;
  const contacts = await getService(strapi, 'membership', 'directory').contactsByIds(promotions.map((p) => p.memberId));
  for (const p of promotions) {
    const contact = contacts.get(p.memberId);
    if (contact?.email) await sendLetter(strapi, contact.email, sessionPromotedLetter(strapi, p.session, contact.firstName));
  }
}

/**
 * A member registers for a session (workshops have capacities): a place if one is free, else
 * the session's waiting list. The session's row is held (`FOR UPDATE` on PostgreSQL) so a
 * full workshop is never overbooked. Again: the same place (or rank), unchanged.
 * @returns the session and the member's state
 * @throws 403 an account without member profile; 404 unknown session; 409 started
 */
export async function attendSession(strapi: Core.Strapi, actor: Actor, sessionId: string): Promise<{ session: SessionRow; state: SessionState }> {
  if (actor.memberId == null) throw new ForbiddenError('Seuls les adhérents s’inscrivent aux ateliers.');
  return strapi.db.transaction(async ({ trx }) => {
    const session = await holdSession(strapi, trx, { document_id: sessionId });
    if (!session) throw new NotFoundError('Séance introuvable.');
    if (new Date(session.startsAt).getTime() <= Date.now()) throw new ConflictError('Cette séance a commencé.');
    const mine = (await strapi.db.query(SU_ATTENDANCE_UID).findOne({ where: { sessionId: session.id, memberId: actor.memberId } })) as AttendanceRow | null;
    if (mine) return { session, state: (holdsPlace(mine) ? 'confirmed' : 'waiting') as SessionState };
    const taken = ((await strapi.db.query(SU_ATTENDANCE_UID).findMany({ where: { sessionId: session.id }, select: ['state'] })) as AttendanceRow[]).filter(holdsPlace).length;
    const state: SessionState = session.capacity != null && taken >= session.capacity ? 'waiting' : 'confirmed';
    await strapi.db.query(SU_ATTENDANCE_UID).create({ data: { sessionId: session.id, memberId: actor.memberId, state, queuedAt: new Date() } });
    return { session, state };
  });
}

/**
 * A member withdraws from a session (place or waiting list); a freed place goes to the first
 * on the waiting list, who is emailed — as events' cancellations.
 * @throws 404 unknown session, or not registered; 409 the session has started
 */
export async function leaveSession(strapi: Core.Strapi, actor: Actor, sessionId: string): Promise<SessionRow> {
  if (actor.memberId == null) throw new NotFoundError('Aucune inscription à annuler.');
  const { session, promoted } = await strapi.db.transaction(async ({ trx }) => {
    const session = await holdSession(strapi, trx, { document_id: sessionId });
    if (!session) throw new NotFoundError('Séance introuvable.');
    const mine = (await strapi.db.query(SU_ATTENDANCE_UID).findOne({ where: { sessionId: session.id, memberId: actor.memberId } })) as AttendanceRow | null;
    if (!mine) throw new NotFoundError('Aucune inscription à annuler.');
    if (new Date(session.startsAt).getTime() <= Date.now()) throw new ConflictError('Cette séance a commencé : l’inscription ne s’annule plus.');
    await strapi.db.query(SU_ATTENDANCE_UID).delete({ where: { id: mine.id } });
    return { session, promoted: holdsPlace(mine) ? await promoteSessionWaiting(strapi, session) : [] };
  });
  await tellPromoted(strapi, promoted);
  return session;
}

/** A workshop's written output (national admins, who collect them). @throws 404, 409 a plenary */
export async function recordOutput(strapi: Core.Strapi, actor: Actor, sessionId: string, text: string) {
  const session = await strapi.db.query(SU_SESSION_UID).findOne({ where: { documentId: sessionId } });
  if (!session) throw new NotFoundError('Séance introuvable.');
  if (session.kind !== 'workshop') throw new ConflictError('Seuls les ateliers rendent une production écrite.');
  return strapi.db.transaction(async () => {
    const row = await strapi.db.query(SU_SESSION_UID).update({ where: { id: session.id }, data: { output: text, outputOn: todayInParis() } });
    await audit(strapi, actor, 'output', SU_SESSION_UID, row.documentId, null, { length: text.length });
    return row;
  });
}

/**
 * A federation's organisers put one of its members in the delegation, with transport (mode,
 * departure, seats) and lodging request; again: updated.
 * @throws 400 unknown member (another federation's: the same answer); 404 unknown edition; 409 past edition
 */
export async function setDelegate(
  strapi: Core.Strapi,
  actor: Actor,
  editionId: string,
  input: { member: string; transportMode: TransportMode; departure: string; seats?: number; lodging: Lodging }
) {
  const edition = await editionOr404(strapi, editionId);
  if (edition.endsOn < todayInParis()) throw new ConflictError('Cette université d’été est passée.');
  const directory = getService(strapi, 'membership', 'directory');
  const member = await directory.memberByDocumentId(input.member);
  // A member the organiser may not read (another federation's) looks absent: exactly an unknown one's answer.
  const readable = member?.federation && directory.mayReadMember(actor, { federationId: member.federation.id, sectionId: member.section?.id ?? null, ownerUserId: member.user?.id ?? null });
  if (!member?.federation || !readable) throw fieldError('member', MEMBER_NOT_FOUND);
  return strapi.db.transaction(async () => {
    const data = { editionId: edition.id, federationId: member.federation!.id, memberId: member.id, transportMode: input.transportMode, departure: input.departure, seats: input.seats ?? 0, lodging: input.lodging };
    const existing = await strapi.db.query(SU_DELEGATE_UID).findOne({ where: { editionId: edition.id, memberId: member.id } });
    const row = existing ? await strapi.db.query(SU_DELEGATE_UID).update({ where: { id: existing.id }, data }) : await strapi.db.query(SU_DELEGATE_UID).create({ data });
    await audit(strapi, actor, 'delegate', SU_DELEGATE_UID, row.documentId, member.federation!.id, { edition: edition.year });
    return row;
  });
}
