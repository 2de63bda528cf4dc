import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { addresses, audienceOf, ForbiddenError, getService, NotFoundError, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import type { Consultation } from '../services/consultations';

/** The checks every consultation query and command starts with. */

/**
 * The consultation as readers see it now: its effective phase from the calendar and the
 * clock, nothing written (see the clock service). Throws NotFoundError (404).
 */
export async function loadConsultation(strapi: Core.Strapi, documentId: string): Promise<Consultation> {
  const found = await getService(strapi, 'consultations', 'consultations').byDocumentId(documentId);
  if (!found) throw new NotFoundError('Consultation introuvable.');
  return getService(strapi, 'consultations', 'clock').effective(found);
}

/** What an unknown contribution, and another member's to a member, answer (404). */
export const CONTRIBUTION_NOT_FOUND = 'Contribution introuvable.';

/** Does the actor run this consultation (staff of its federation, national admins everywhere)? Pure. */
export function runs(actor: Actor, c: Consultation): boolean {
  return can(actor, 'consultation.manage', { federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null });
}

/**
 * Staff of the consultation's federation (national admins everywhere). NotFoundError (404)
 * for whoever may not even see it; ForbiddenError (403) for the others.
 */
export function assertRuns(actor: Actor, c: Consultation): void {
  assertSees(actor, c);
  assertWouldRun(actor, c);
}

/**
 * For a consultation being created or moved to another federation or section (it exists
 * for nobody else yet): ForbiddenError (403) unless the actor would run it.
 */
export function assertWouldRun(actor: Actor, c: Consultation): void {
  if (!runs(actor, c)) {
    throw new ForbiddenError(
      c.audience === 'national'
        ? 'Cette consultation nationale est conduite par l’administration nationale.'
        : 'Cette consultation est conduite par une autre fédération.'
    );
  }
}

/** Is the actor one of the members the consultation addresses (the one audience rule)? Pure. */
export function addressed(actor: Actor, c: Consultation): boolean {
  return addresses(actor, audienceOf(c), 'member');
}

/** May the actor see it: the members it addresses once published, its staff always. Pure. */
export function sees(actor: Actor, c: Consultation): boolean {
  return runs(actor, c) || (c.phase !== 'draft' && addressed(actor, c));
}

/**
 * Members it is addressed to see it once published; its staff always. For anyone else it
 * looks absent, drafts and other audiences alike: NotFoundError (404) « Consultation
 * introuvable. », the answer for an unknown id (its existence and phase stay unknown).
 */
export function assertSees(actor: Actor, c: Consultation): void {
  if (!sees(actor, c)) throw new NotFoundError('Consultation introuvable.');
}

/**
 * May this member take part: addressed by the consultation and eligible on its reference
 * date (see the consultations service's `eligibilityOf`). NotFoundError (404) for whoever
 * may not see it; ForbiddenError (403) with the reasons otherwise.
 */
export async function assertEligible(strapi: Core.Strapi, actor: Actor, c: Consultation): Promise<void> {
  assertSees(actor, c);
  if (!actor.memberId || !addressed(actor, c)) {
    throw new ForbiddenError('Vous ne pouvez pas participer : cette consultation s’adresse à d’autres adhérents.', {
      reasons: [{ code: 'outside-audience', message: 'consultation adressée à d’autres adhérents' }],
    });
  }
  // The kept standing (issue 13): any write to the member or their dues drops it on every
  // instance before their next request, as the actor's own role and status are.
  const eligibility = await getService(strapi, 'consultations', 'consultations').eligibilityOf(actor.memberId, c, { kept: true });
  if (!eligibility.eligible) {
    const reasons = eligibility.reasons.map((r) => r.message).join(' ; ');
    throw new ForbiddenError(`Vous ne pouvez pas participer : ${reasons}.`, { reasons: eligibility.reasons });
  }
}
