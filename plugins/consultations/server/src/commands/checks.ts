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

/** Does the actor run this consultation (staff of its federation, national admins everywhere)? Pure. */
export function runs(actor: Actor, c: Consultation): boolean {
  return can(actor, 'consultation.manage', { federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null });
}

/** Staff of the consultation's federation (national admins everywhere); ForbiddenError (403) for others. */
export function assertRuns(actor: Actor, c: Consultation): void {
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

/** Members it is addressed to see it once published; its staff always. ForbiddenError (403) for others. */
export function assertSees(actor: Actor, c: Consultation): void {
  if (!sees(actor, c)) throw new ForbiddenError('Cette consultation ne concerne pas votre fédération ou votre section.');
}

/**
 * May this member take part: addressed by the consultation and eligible at its cut-off.
 * ForbiddenError (403) with the reasons otherwise.
 */
export async function assertEligible(strapi: Core.Strapi, actor: Actor, c: Consultation): Promise<void> {
  if (!actor.memberId || !addressed(actor, c)) {
    throw new ForbiddenError('Vous ne pouvez pas participer : cette consultation s’adresse à d’autres adhérents.', {
      reasons: [{ code: 'outside-audience', message: 'consultation adressée à d’autres adhérents' }],
    });
  }
  const eligibility = await getService(strapi, 'membership', 'eligibility').ofMember(actor.memberId, { cutoff: c.eligibilityCutoff });
  if (!eligibility.eligible) {
    const reasons = eligibility.reasons.map((r) => r.message).join(' ; ');
    throw new ForbiddenError(`Vous ne pouvez pas participer : ${reasons}.`, { reasons: eligibility.reasons });
  }
}
