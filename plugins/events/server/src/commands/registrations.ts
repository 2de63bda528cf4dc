import type { Core } from '@strapi/strapi';
import { createHash, randomBytes, randomInt } from 'crypto';
import { ConflictError, ForbiddenError, frenchDate, getService, mayTakePart, NotFoundError, parisDate, recordAudit, auditActorOf, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { checkInOpen, invites, type RegistrationState } from '../domain/events';
import { CANCELLED_CITIZEN_FIELDS } from '../domain/retention';
import { manages } from '../permissions';
import { settingsOf } from '../settings';
import type { EventRow, RegistrationRow } from '../services/store';
import { REGISTRATION_UID } from '../uids';
import type { PublicRegistration } from '../validation/schemas';
import { confirmationLetter, promotedLetter, registeredLetter, sendLetter } from './mail';
import '../public';

const store = (strapi: Core.Strapi) => getService(strapi, 'events', 'store');
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export type Mail = { to: string; letter: ReturnType<typeof promotedLetter> };

/** Whether the member may see the event (members only: invited by its place, or running it; open events: every member). */
export function sees(actor: Actor, e: EventRow): boolean {
  if (e.audience === 'public') return true;
  return invites(e, { federationId: actor.federationId, sectionId: actor.sectionId }) || manages(actor, e.organiserLevel, e);
}

/** The event held for a write, or 404 (also when the actor may not see it). */
async function held(strapi: Core.Strapi, trx: any, documentId: string, actor?: Actor): Promise<EventRow> {
  const e = await store(strapi).holdEvent(trx, documentId);
  if (!e || (actor && !sees(actor, e))) throw new NotFoundError('Événement introuvable.');
  return e;
}

function assertOpen(e: EventRow, now = new Date()): void {
  if (e.cancelled) throw new ConflictError('Cet événement est annulé.');
  if (new Date(e.startsAt).getTime() <= now.getTime()) throw new ConflictError('Cet événement a déjà commencé : les inscriptions sont closes.');
}

/** A check-in code no other registration of the event has. */
async function freeCode(strapi: Core.Strapi, eventId: number): Promise<string> {
  for (;;) {
    const code = newCode();
    if ((await strapi.db.query(REGISTRATION_UID).count({ where: { eventId, checkInCode: code } })) === 0) return code;
  }
}

/** Confirmed if a seat is free, else waiting. Call with the event held. */
async function seatFor(strapi: Core.Strapi, e: EventRow): Promise<RegistrationState> {
  if (e.capacity == null) return 'confirmed';
  const { confirmed } = await store(strapi).counts(e.id);
  return confirmed < e.capacity ? 'confirmed' : 'waiting';
}

/**
 * Fills free seats from the waiting list, oldest first (event held). Returns the letters to
 * send once committed.
 */
export async function promoteWaiting(strapi: Core.Strapi, e: EventRow): Promise<Mail[]> {
  if (e.cancelled) return [];
  const waiting = await store(strapi).registrationsOf(e.id, ['waiting']);
  const { confirmed } = await store(strapi).counts(e.id);
  const free = e.capacity == null ? waiting.length : Math.max(0, e.capacity - confirmed);
  const promoted = waiting.slice(0, free);
  const mails: Mail[] = [];
  const contacts = await getService(strapi, 'membership', 'directory').contactsByIds(promoted.flatMap((r) => (r.memberId ? [r.memberId] : [])));
  for (const r of promoted) {
    await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: { state: 'confirmed', queuedAt: new Date() } });
    const contact = r.memberId ? contacts.get(r.memberId) : null;
    const to = contact?.email ?? r.email;
    if (to) mails.push({ to, letter: promotedLetter(strapi, e, { name: contact?.firstName ?? r.name, checkInCode: r.checkInCode }) });
  }
  return mails;
}

export async function sendAll(strapi: Core.Strapi, mails: Mail[]) {
  for (const m of mails) await sendLetter(strapi, m.to, m.letter);
}

/**
 * A member registers in one click: a seat if one is free, else the waiting list. Again:
 * the same registration (idempotent); a citizen's registration under the member's email
 * becomes theirs (one registration per email).
 * @returns the registration
 * @throws 403 an account without a member profile, a suspended (or excluded) member; 404 an event the member may not see; 409 cancelled or started
 */
export async function registerMember(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<RegistrationRow> {
  if (actor.memberId == null) throw new ForbiddenError('Seuls les adhérents s’inscrivent depuis l’intranet.');
  // May the member take part (`mayTakePart`, as training's enrolments), on the actor's effective status.
  if (!mayTakePart(actor.status)) {
    if (actor.status === 'suspended') throw new ForbiddenError('Votre adhésion est suspendue : les inscriptions reprendront à sa levée.');
    throw new ForbiddenError('Votre adhésion n’est plus active : les inscriptions aux événements sont réservées aux adhérents.');
  }
  const member = await getService(strapi, 'membership', 'directory').memberById(actor.memberId);
  const email = member?.user?.email?.toLowerCase() ?? null;
  const { registration, mails } = await strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, documentId, actor);
    assertOpen(e);
    const existing = (await store(strapi).registrationOfMember(e.id, actor.memberId!)) ?? (email ? await store(strapi).registrationByEmail(e.id, email) : null);
    if (existing && existing.state !== 'cancelled' && existing.state !== 'pending') {
      if (existing.memberId == null) await strapi.db.query(REGISTRATION_UID).update({ where: { id: existing.id }, data: { memberId: actor.memberId } });
      return { registration: { ...existing, memberId: actor.memberId }, mails: [] as Mail[] };
    }
    const state = await seatFor(strapi, e);
    // A former registration (cancelled, or a citizen's pending one) is judged afresh: no check-in carried over.
    const data = { eventId: e.id, memberId: actor.memberId, name: member ? `${member.firstName} ${member.lastName}` : null, email, state, queuedAt: new Date(), tokenHash: null, checkedInAt: null };
    const row: RegistrationRow = existing
      ? await strapi.db.query(REGISTRATION_UID).update({ where: { id: existing.id }, data: { ...data, checkInCode: existing.checkInCode ?? (await freeCode(strapi, e.id)) } })
      : await strapi.db.query(REGISTRATION_UID).create({ data: { ...data, contactConsent: false, checkInCode: await freeCode(strapi, e.id) } });
    return { registration: row, mails: [] as Mail[] };
  });
  await sendAll(strapi, mails);
  return registration;
}

/**
 * A member cancels their registration; the first on the waiting list takes the seat (and is told).
 * @throws 404 unknown or invisible event, or no registration; 409 the event has started
 */
export async function cancelMember(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<RegistrationRow> {
  if (actor.memberId == null) throw new NotFoundError('Aucune inscription à annuler.');
  const { registration, mails } = await strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, documentId, actor);
    const mine = await store(strapi).registrationOfMember(e.id, actor.memberId!);
    if (!mine || mine.state === 'cancelled') throw new NotFoundError('Aucune inscription à annuler.');
    if (new Date(e.startsAt).getTime() <= Date.now()) throw new ConflictError('L’événement a commencé : l’inscription ne s’annule plus.');
    // A cancelled registration is no attendance: a check-in made earlier that day goes with it.
    const row = await strapi.db.query(REGISTRATION_UID).update({ where: { id: mine.id }, data: { state: 'cancelled', checkedInAt: null } });
    return { registration: row as RegistrationRow, mails: mine.state === 'confirmed' ? await promoteWaiting(strapi, e) : [] };
  });
  await sendAll(strapi, mails);
  return registration;
}

/**
 * A citizen (no account) asks to register for an open event: a pending registration that
 * never counts until confirmed by the emailed link. The answer never says whether the email
 * was already registered (the email says it). The same email again: the same registration,
 * with a new link (the former one stops working).
 * @returns nothing the caller could learn from
 * @throws 404 unknown, members-only or module-off event; 409 cancelled or started
 */
export async function registerCitizen(strapi: Core.Strapi, documentId: string, input: PublicRegistration): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const hours = settingsOf(strapi).confirmationHours;
  const mail = await strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, documentId);
    await assertPublic(strapi, e);
    assertOpen(e);
    const existing = await store(strapi).registrationByEmail(e.id, input.email);
    if (existing && (existing.state === 'confirmed' || existing.state === 'waiting')) {
      await strapi.db.query(REGISTRATION_UID).update({ where: { id: existing.id }, data: { tokenHash: hashToken(token) } });
      return { to: input.email, letter: registeredLetter(strapi, e, existing, existing.memberId ? null : token) };
    }
    const data = { name: input.name, email: input.email, contactConsent: input.contactConsent === true, state: 'pending' as const, tokenHash: hashToken(token), queuedAt: new Date(), checkedInAt: null };
    if (existing) await strapi.db.query(REGISTRATION_UID).update({ where: { id: existing.id }, data });
    else await strapi.db.query(REGISTRATION_UID).create({ data: { ...data, eventId: e.id, memberId: null } });
    return { to: input.email, letter: confirmationLetter(strapi, e, { name: input.name }, token, hours) };
  });
  await sendLetter(strapi, mail.to, mail.letter);
}

/** An open event of a federation that has the module on (national events: always), or 404. */
export async function assertPublic(strapi: Core.Strapi, e: EventRow): Promise<void> {
  if (e.audience !== 'public') throw new NotFoundError('Événement introuvable.');
  if (e.federationId != null && !(await getService(strapi, 'modules', 'switches').isEnabled(e.federationId, 'events'))) throw new NotFoundError('Événement introuvable.');
}

async function byToken(strapi: Core.Strapi, token: string): Promise<RegistrationRow> {
  const r = await store(strapi).registrationByToken(hashToken(token));
  if (!r) throw new NotFoundError('Ce lien ne correspond à aucune inscription (il a peut-être été remplacé par un plus récent).');
  return r;
}

/**
 * The citizen confirms from the emailed link: a seat if free, else the waiting list. Again: unchanged.
 * @throws 404 unknown link; 409 expired (after `confirmationHours`), cancelled registration, event cancelled or started
 */
export async function confirmCitizen(strapi: Core.Strapi, token: string): Promise<{ state: RegistrationState; event: EventRow; checkInCode: string | null }> {
  const found = await byToken(strapi, token);
  const eventRow = await store(strapi).eventById(found.eventId);
  if (!eventRow) throw new NotFoundError('Événement introuvable.');
  const result = await strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, eventRow.documentId);
    const r = (await strapi.db.query(REGISTRATION_UID).findOne({ where: { id: found.id } })) as RegistrationRow;
    if (r.state === 'confirmed' || r.state === 'waiting') return { state: r.state, event: e, checkInCode: r.checkInCode, mail: null };
    if (r.state === 'cancelled') throw new ConflictError('Cette inscription a été annulée : inscrivez-vous à nouveau depuis la page de l’événement.');
    const hours = settingsOf(strapi).confirmationHours;
    if (Date.now() - new Date(r.queuedAt ?? r.createdAt).getTime() > hours * 3_600_000) throw new ConflictError(`Ce lien a expiré (${hours} heures) : inscrivez-vous à nouveau depuis la page de l’événement.`);
    assertOpen(e);
    const state = await seatFor(strapi, e);
    const row = (await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: { state, queuedAt: new Date(), checkInCode: r.checkInCode ?? (await freeCode(strapi, e.id)) } })) as RegistrationRow;
    return { state, event: e, checkInCode: row.checkInCode, mail: { to: row.email!, letter: registeredLetter(strapi, e, row, token) } };
  });
  if (result.mail) await sendLetter(strapi, result.mail.to, result.mail.letter);
  return { state: result.state, event: result.event, checkInCode: result.checkInCode };
}

/**
 * The citizen cancels from the emailed link (pending, confirmed or waiting); a freed seat goes
 * to the waiting list. Cancelling deletes their name, email, consent and door code at once
 * (the row keeps only its state and the link's hash, so the link answers again). Again: unchanged.
 * @throws 404 unknown link; 409 the event has started
 */
export async function cancelCitizen(strapi: Core.Strapi, token: string): Promise<{ state: RegistrationState; event: EventRow }> {
  const found = await byToken(strapi, token);
  const eventRow = await store(strapi).eventById(found.eventId);
  if (!eventRow) throw new NotFoundError('Événement introuvable.');
  const { event, mails } = await strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, eventRow.documentId);
    const r = (await strapi.db.query(REGISTRATION_UID).findOne({ where: { id: found.id } })) as RegistrationRow;
    if (r.state === 'cancelled') return { event: e, mails: [] as Mail[] };
    if (new Date(e.startsAt).getTime() <= Date.now()) throw new ConflictError('L’événement a commencé : l’inscription ne s’annule plus.');
    // Cancelling deletes the citizen's personal data (the row stays, without them, for the link's answer).
    await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: { state: 'cancelled', checkedInAt: null, ...CANCELLED_CITIZEN_FIELDS } });
    return { event: e, mails: r.state === 'confirmed' ? await promoteWaiting(strapi, e) : [] };
  });
  await sendAll(strapi, mails);
  return { state: 'cancelled', event };
}

/**
 * Check-in at the door (from a phone): by the person's code or picked from the list, from the
 * event's Paris day on. Counted once; again: `alreadyCheckedIn`.
 * @throws 403 not the event's organisers; 404 unknown event; 409 not registered (unknown code,
 * pending, waiting or cancelled), event cancelled, before the event's day
 */
export async function checkIn(strapi: Core.Strapi, actor: Actor, documentId: string, input: { code?: string; registration?: string }) {
  return strapi.db.transaction(async ({ trx }) => {
    const e = await held(strapi, trx, documentId, actor);
    if (!manages(actor, e.organiserLevel, e)) throw new ForbiddenError('L’émargement revient aux organisateurs de l’événement.');
    if (e.cancelled) throw new ConflictError('Cet événement est annulé.');
    if (!checkInOpen(e.startsAt)) throw new ConflictError(`L’émargement ouvre le jour de l’événement, le ${frenchDate(parisDate(e.startsAt))} : personne ne peut encore être venu.`);
    const where = input.code ? { eventId: e.id, checkInCode: input.code } : { eventId: e.id, documentId: input.registration };
    const r = (await strapi.db.query(REGISTRATION_UID).findOne({ where })) as RegistrationRow | null;
    if (!r || r.state !== 'confirmed') {
      const why = !r ? 'aucune inscription ne porte ce code' : r.state === 'waiting' ? 'la personne est sur liste d’attente' : r.state === 'pending' ? 'l’inscription n’a pas été confirmée' : 'l’inscription a été annulée';
      throw new ConflictError(`Cette personne n’est pas inscrite : ${why}.`);
    }
    const already = Boolean(r.checkedInAt);
    if (!already) {
      await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: { checkedInAt: new Date() } });
      await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::events.registration.check-in', subject: { type: REGISTRATION_UID, id: r.documentId }, federationId: e.federationId, details: { event: e.documentId } });
    }
    const { attended } = await store(strapi).counts(e.id);
    return { registration: r.documentId, name: r.name, member: r.memberId != null, alreadyCheckedIn: already, attended };
  });
}
