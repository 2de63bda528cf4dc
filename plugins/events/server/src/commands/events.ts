import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, EVENT_CANCELLED, fieldError, ForbiddenError, frenchDate, getService, NotFoundError, parisDate, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/consultations';
import { KIND_LABELS, provenanceOf, type EventPlace } from '../domain/events';
import { parisInstant } from '../domain/paris-time';
import { manages } from '../permissions';
import type { EventReport, EventRow } from '../services/store';
import { EVENT_UID, FEEDBACK_UID } from '../uids';
import type { CreateEvent, Report, UpdateEvent } from '../validation/schemas';
import { promoteWaiting, sees, type Mail } from './registrations';
import { cancelledLetter, sendLetter } from './mail';
import '../public';

const store = (strapi: Core.Strapi) => getService(strapi, 'events', 'store');
const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');

function audit(strapi: Core.Strapi, actor: Actor, verb: string, e: Pick<EventRow, 'documentId' | 'federationId'>, details: Record<string, unknown> = {}) {
  return recordAudit(strapi, { actor: auditActorOf(actor), action: `plugin::events.event.${verb}`, subject: { type: EVENT_UID, id: e.documentId }, federationId: e.federationId, details });
}

/** Where the organiser sits, from the input (section → its federation; federation → given or the caller's). */
async function placeOf(strapi: Core.Strapi, actor: Actor, input: CreateEvent): Promise<EventPlace> {
  if (input.organiser === 'national') return { federationId: null, sectionId: null };
  if (input.organiser === 'section') {
    const section = await directory(strapi).sectionByDocumentId(input.section!);
    // Another federation's section looks absent (membership's `section.read`).
    if (!section?.federation || !directory(strapi).mayReadSection(actor, { federationId: section.federation.id })) throw fieldError('section', 'Section introuvable.');
    return { federationId: section.federation.id, sectionId: section.id };
  }
  if (!input.federation) {
    if (actor.federationId == null) throw fieldError('federation', 'Indiquez la fédération organisatrice.');
    return { federationId: actor.federationId, sectionId: null };
  }
  const federation = await directory(strapi).federationByDocumentId(input.federation);
  if (!federation) throw fieldError('federation', 'Fédération introuvable.');
  return { federationId: federation.id, sectionId: null };
}

/**
 * Announces an event. A section secretary for their section, federation staff for their
 * federation or one of its sections, national admins anything (national events included).
 * @returns the new event
 * @throws 400 (unknown section or federation — another federation's section looks unknown —,
 *         a date in the past), 403 (outside the organiser's scope)
 */
export async function createEvent(strapi: Core.Strapi, actor: Actor, input: CreateEvent): Promise<EventRow> {
  const place = await placeOf(strapi, actor, input);
  if (!manages(actor, input.organiser, place)) {
    throw new ForbiddenError(
      input.organiser === 'national' ? 'Seule l’administration nationale organise un événement national.' : actor.role === 'section-secretary' ? 'Vous organisez les événements de votre section seulement.' : 'Cet organisateur ne relève pas de votre fédération.'
    );
  }
  const startsAt = parisInstant(input.startsAt);
  if (startsAt.getTime() <= Date.now()) throw fieldError('startsAt', 'Le début doit être dans le futur.');
  return strapi.db.transaction(async () => {
    const row = (await strapi.db.query(EVENT_UID).create({
      data: {
        kind: input.kind,
        title: input.title,
        description: input.description || null,
        theme: input.theme || null,
        startsAt,
        endsAt: input.endsAt ? parisInstant(input.endsAt) : null,
        address: input.address || null,
        accessibility: input.accessibility || null,
        onlineUrl: input.onlineUrl || null,
        organiserLevel: input.organiser,
        federationId: place.federationId,
        sectionId: place.sectionId,
        speakers: input.speakers ?? [],
        capacity: input.capacity ?? null,
        audience: input.audience,
        cancelled: false,
        createdByUserId: actor.userId,
      },
    })) as EventRow;
    await audit(strapi, actor, 'create', row, { title: row.title, kind: row.kind });
    return row;
  });
}

/**
 * Edits an event (its organisers). A larger capacity fills seats from the waiting list; a
 * capacity below the confirmed registrations is refused. Cancelling tells every registrant
 * (seat or waiting list) once: members by notification, citizens by email. A cancellation
 * is final: a cancelled event keeps only its title and description editable.
 * @throws 403 not its organisers; 404 invisible; 409 capacity below the registered, or
 *         bringing back a cancelled event or changing anything but its wording
 */
export async function updateEvent(strapi: Core.Strapi, actor: Actor, documentId: string, input: UpdateEvent): Promise<EventRow> {
  const { row, mails } = await strapi.db.transaction(async ({ trx }) => {
    const e = await store(strapi).holdEvent(trx, documentId);
    if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
    if (!manages(actor, e.organiserLevel, e)) throw new ForbiddenError('Seuls les organisateurs de l’événement le modifient.');
    if (e.cancelled) {
      // A cancellation is final: its registrants were told; bringing the event back would
      // restore their seats without telling them. Only the explanation may still change.
      if (input.cancelled === false) throw new ConflictError('Un événement annulé ne peut pas être rétabli : annoncez un nouvel événement (ses inscrits ont été prévenus de l’annulation).');
      const others = Object.keys(input).filter((field) => !['cancelled', 'title', 'description'].includes(field));
      if (others.length) throw new ConflictError('Cet événement est annulé : seuls son titre et sa description se modifient encore.');
    }
    const data: Record<string, unknown> = { ...input };
    if (input.startsAt) data.startsAt = parisInstant(input.startsAt);
    if (input.endsAt) data.endsAt = parisInstant(input.endsAt);
    if (input.capacity != null) {
      const { confirmed } = await store(strapi).counts(e.id);
      if (input.capacity < confirmed) throw new ConflictError(`La jauge ne peut descendre sous les ${confirmed} personnes déjà inscrites.`);
    }
    const updated = (await strapi.db.query(EVENT_UID).update({ where: { id: e.id }, data })) as EventRow;
    await audit(strapi, actor, 'update', updated, { fields: Object.keys(input) });
    if (input.cancelled === true && !e.cancelled) return { row: updated, mails: await tellCancelled(strapi, updated) };
    if (updated.cancelled) return { row: updated, mails: [] };
    return { row: updated, mails: await promoteWaiting(strapi, updated) };
  });
  for (const m of mails) await sendLetter(strapi, m.to, m.letter);
  return row;
}

/**
 * Who is told of a cancellation (event held, inside the cancelling transaction): every
 * registrant holding a seat or waiting — members through the `events.cancelled`
 * notification (emitted here, enqueued in this transaction), citizens by a letter sent
 * after the commit (returned). Unconfirmed citizens are not registered: not told.
 */
async function tellCancelled(strapi: Core.Strapi, e: EventRow): Promise<Mail[]> {
  const registrants = await store(strapi).registrationsOf(e.id, ['confirmed', 'waiting']);
  const memberIds = [...new Set(registrants.flatMap((r) => (r.memberId != null ? [r.memberId] : [])))];
  await emitEvent(strapi, EVENT_CANCELLED, { eventId: e.id, eventDocumentId: e.documentId, memberIds });
  return registrants.flatMap((r) => (r.memberId == null && r.email ? [{ to: r.email, letter: cancelledLetter(strapi, e, r) }] : []));
}

/** The event an organiser acts on after it took place, or 403/404/409. */
async function pastEventRunBy(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<EventRow> {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
  if (!manages(actor, e.organiserLevel, e)) throw new ForbiddenError('Le compte rendu revient aux organisateurs de l’événement.');
  if (e.cancelled) throw new ConflictError('Cet événement a été annulé.');
  if (new Date(e.startsAt).getTime() > Date.now()) throw new ConflictError('Le compte rendu s’écrit après l’événement.');
  return e;
}

/**
 * The report after the event: themes raised, proposals; attendance is the check-ins counted.
 * Written again: replaced, unless already sent to a consultation (409).
 */
export async function writeReport(strapi: Core.Strapi, actor: Actor, documentId: string, input: Report): Promise<EventRow> {
  const e = await pastEventRunBy(strapi, actor, documentId);
  return strapi.db.transaction(async ({ trx }) => {
    const held = (await store(strapi).holdEvent(trx, documentId))!;
    if (held.report?.contribution) throw new ConflictError('Ce compte rendu a déjà été versé à une consultation : il ne se modifie plus.');
    const { attended } = await store(strapi).counts(e.id);
    const report: EventReport = { themes: input.themes, proposals: input.proposals, summary: input.summary || null, attendance: attended, writtenOn: todayInParis() };
    const row = (await strapi.db.query(EVENT_UID).update({ where: { id: e.id }, data: { report } })) as EventRow;
    await audit(strapi, actor, 'report', row, { attendance: attended });
    return row;
  });
}

/** The contribution's text: attendance, themes, proposals. */
function reportText(e: EventRow, r: EventReport): string {
  return [
    r.summary ?? '',
    `Participants : ${r.attendance}.`,
    r.themes.length ? `Thèmes abordés : ${r.themes.join(' ; ')}.` : '',
    r.proposals.length ? `Propositions :\n${r.proposals.map((p) => `- ${p}`).join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Sends the report as a contribution to an open consultation of the organiser's scope
 * (consultations' `external-contributions` service), provenance « Issu du café-débat du … ».
 * Once only.
 * @throws 403/404 as the report; 409 no report yet, already sent, and the consultation's own
 * refusals (not in its contribution phase, outside the organiser's scope); 404 unknown consultation
 */
export async function contributeReport(strapi: Core.Strapi, actor: Actor, documentId: string, consultation: string): Promise<EventRow> {
  const e = await pastEventRunBy(strapi, actor, documentId);
  if (!e.report) throw new ConflictError('Écrivez d’abord le compte rendu de l’événement.');
  if (e.report.contribution) throw new ConflictError('Ce compte rendu a déjà été versé à une consultation.');
  const organiser = await store(strapi).organiserLabel(e);
  const provenance = `${provenanceOf(e.kind, frenchDate(parisDate(e.startsAt)), organiser)} — « ${e.title} »`;
  const sent = await getService(strapi, 'consultations', 'external-contributions').contribute({
    consultationDocumentId: consultation,
    authorMemberId: actor.memberId,
    place: { federationId: e.federationId, sectionId: e.sectionId },
    title: `${KIND_LABELS[e.kind][0].toUpperCase()}${KIND_LABELS[e.kind].slice(1)} : ${e.theme ?? e.title}`,
    body: reportText(e, e.report),
    provenance,
    actorLabel: actor.label,
    actorUserId: actor.userId,
  });
  return strapi.db.transaction(async () => {
    const report: EventReport = { ...e.report!, contribution: { consultation, documentId: sent.documentId, sentOn: todayInParis(), provenance } };
    const row = (await strapi.db.query(EVENT_UID).update({ where: { id: e.id }, data: { report } })) as EventRow;
    await audit(strapi, actor, 'contribute', row, { consultation, contribution: sent.documentId });
    return row;
  });
}

/**
 * A participant's feedback (1–5 and a comment), once the event has started; again: replaced.
 * @throws 404 invisible event; 409 before the event, or not a confirmed registrant
 */
export async function giveFeedback(strapi: Core.Strapi, actor: Actor, documentId: string, input: { rating: number; comment?: string }) {
  const e = await store(strapi).eventByDocumentId(documentId);
  if (!e || !sees(actor, e)) throw new NotFoundError('Événement introuvable.');
  if (new Date(e.startsAt).getTime() > Date.now()) throw new ConflictError('Votre avis se donne après l’événement.');
  const mine = actor.memberId == null ? null : await store(strapi).registrationOfMember(e.id, actor.memberId);
  if (!mine || mine.state !== 'confirmed') throw new ConflictError('Seules les personnes inscrites donnent leur avis.');
  return strapi.db.transaction(async () => {
    const existing = await strapi.db.query(FEEDBACK_UID).findOne({ where: { registrationId: mine.id } });
    const data = { eventId: e.id, registrationId: mine.id, rating: input.rating, comment: input.comment || null };
    const row = existing ? await strapi.db.query(FEEDBACK_UID).update({ where: { id: existing.id }, data }) : await strapi.db.query(FEEDBACK_UID).create({ data });
    return { rating: row.rating as number, comment: (row.comment as string | null) ?? null };
  });
}


