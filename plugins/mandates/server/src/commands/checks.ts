import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, holdRows, NotFoundError, todayInParis, type Actor, type Subject } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can, type MandatesAction } from '../permissions';

/** An official (a member) as the plugin reads them through membership's directory. */
export interface OfficialRow {
  id: number;
  documentId: string;
  firstName: string;
  lastName: string;
  federation: { id: number; documentId: string; name: string; departmentCode: string } | null;
  user: { id: number } | null;
}

/** Where the official lives and whose they are, for `can()`. */
export const subjectOf = (official: OfficialRow): Subject => ({ federationId: official.federation?.id ?? null, ownerUserId: official.user?.id ?? null });

/** May the actor read this official's public page (members of their federation, national admins)? */
export const readsOfficial = (actor: Actor, official: { federation?: { id: number } | null }) =>
  actor.role === 'national-admin' || (actor.federationId != null && actor.federationId === official.federation?.id);

/** What an unknown official and another federation's member both answer (404). */
export const OFFICIAL_NOT_FOUND = 'Élu·e introuvable.';

/** What an unknown mandate and one the actor may not read (another federation's) both answer (404). */
export const MANDATE_NOT_FOUND = 'Mandat introuvable.';

/** What an unknown report and one the actor may not read both answer (404). */
export const REPORT_NOT_FOUND = 'Compte rendu introuvable.';

/** What an unknown question and one the actor may not read or act on from elsewhere both answer (404). */
export const QUESTION_NOT_FOUND = 'Question introuvable.';

/** The member by documentId (membership's `memberCardByDocumentId`: one statement), or 404. */
export async function loadOfficial(strapi: Core.Strapi, documentId: string): Promise<OfficialRow> {
  const member: OfficialRow | null = await getService(strapi, 'membership', 'directory').memberCardByDocumentId(documentId);
  if (!member) throw new NotFoundError(OFFICIAL_NOT_FOUND);
  return member;
}

/**
 * 404 `notFound` — exactly the answer to an unknown id of what the route names (« Élu·e
 * introuvable. » by default, « Compte rendu introuvable. », « Question introuvable. ») — for an
 * official who left the party by today (Paris): departure recorded, or erased (membership's
 * `departedAmong`, issue 22). They have no page, situation nor place in the directory, and their
 * reports, questions and answers are out of every member's and staff member's reach too: an
 * erased person looks absent but where the retention table keeps them (`mandates.records`: the
 * admin panel). Reads only.
 */
export async function assertStillMember(strapi: Core.Strapi, official: OfficialRow, notFound = OFFICIAL_NOT_FOUND): Promise<void> {
  if ((await getService(strapi, 'membership', 'directory').departedAmong([official.id], todayInParis())).size) throw new NotFoundError(notFound);
}

/**
 * The official of a report (by their member documentId) for one who reads it: 404 `notFound`
 * (as an unknown report, or question) when they left the party (`assertStillMember`) or when
 * the actor may not read them (another federation's: `readsOfficial`).
 */
export async function readableOfficial(strapi: Core.Strapi, actor: Actor, memberDocumentId: string, notFound = REPORT_NOT_FOUND): Promise<OfficialRow> {
  const official = await loadOfficial(strapi, memberDocumentId);
  await assertStillMember(strapi, official, notFound);
  if (!readsOfficial(actor, official)) throw new NotFoundError(notFound);
  return official;
}

/** The actor's own member profile, or 403 (an account without one declares nothing). */
export async function loadSelf(strapi: Core.Strapi, actor: Actor): Promise<OfficialRow> {
  if (!actor.memberDocumentId) throw new ForbiddenError('Votre compte n’a pas de fiche d’adhérent.');
  return loadOfficial(strapi, actor.memberDocumentId);
}

/**
 * Refuses an action on an official (or on their mandate, report or question) outside the
 * actor's reach. Another federation's member looks absent: exactly the answer to an unknown
 * id of what the route names (404 `notFound`: « Élu·e introuvable. » by default, « Mandat
 * introuvable. », « Question introuvable. »…), so that no federation learns who is a member
 * elsewhere; one the actor reads (their federation's) but may not act on: 403 with `message`.
 */
export function assertCan(actor: Actor, action: MandatesAction, official: OfficialRow, message: string, notFound = OFFICIAL_NOT_FOUND): void {
  if (can(actor, action, subjectOf(official))) return;
  if (!readsOfficial(actor, official)) throw new NotFoundError(notFound);
  throw new ForbiddenError(message);
}

/**
 * Holds a row of one of the plugin's tables (a mandate, a report, by `document_id`) until the
 * transaction in progress ends (PostgreSQL `SELECT … FOR UPDATE`; SQLite has one writer, its
 * transactions run one after the other). A command that reads the row after this and writes
 * it back is never overtaken: two changes at once run one after the other, the second judged
 * on (and keeping) what the first wrote.
 */
export function holdRow(strapi: Core.Strapi, table: string, documentId: string): Promise<void> {
  return holdRows(strapi, table, { document_id: documentId });
}
