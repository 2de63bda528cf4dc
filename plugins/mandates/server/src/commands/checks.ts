import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, type Actor, type Subject } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can, scopeOf, type MandatesAction } from '../permissions';

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
export const readsOfficial = (actor: Actor, official: OfficialRow) =>
  actor.role === 'national-admin' || (actor.federationId != null && actor.federationId === official.federation?.id);

/** The member by documentId (membership's `memberCardByDocumentId`: one statement), or 404. */
export async function loadOfficial(strapi: Core.Strapi, documentId: string): Promise<OfficialRow> {
  const member: OfficialRow | null = await getService(strapi, 'membership', 'directory').memberCardByDocumentId(documentId);
  if (!member) throw new NotFoundError('Élu·e introuvable.');
  return member;
}

/** The actor's own member profile, or 403 (an account without one declares nothing). */
export async function loadSelf(strapi: Core.Strapi, actor: Actor): Promise<OfficialRow> {
  if (!actor.memberDocumentId) throw new ForbiddenError('Votre compte n’a pas de fiche d’adhérent.');
  return loadOfficial(strapi, actor.memberDocumentId);
}

/**
 * Refuses an action on an official outside the actor's reach: officers of another
 * federation are told (403), a member acting for someone else too (403: not theirs).
 */
export function assertCan(actor: Actor, action: MandatesAction, official: OfficialRow, message: string): void {
  if (can(actor, action, subjectOf(official))) return;
  if (scopeOf(actor, action) === 'federation') throw new ForbiddenError('Cet·te élu·e relève d’une autre fédération.');
  throw new ForbiddenError(message);
}

/** 404 when the actor may not even read the official (another federation's member). */
export function assertReads(actor: Actor, official: OfficialRow): void {
  if (!readsOfficial(actor, official) && !can(actor, 'situation.read', subjectOf(official))) throw new NotFoundError('Élu·e introuvable.');
}
