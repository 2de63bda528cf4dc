import type { Core } from '@strapi/strapi';
import { audienceOf, addresses, ConflictError, ForbiddenError, frenchDate, NotFoundError, withTransaction, type Actor } from '@intranet-militant/shared';
import { PHASE_LABELS, phaseIsOpen, type Phase } from '../domain/phases';
import { can } from '../permissions';
import type { Consultation } from '../services/consultations';

/** The checks every consultation command starts with. */

const service = (strapi: Core.Strapi, name: string) => strapi.plugin('consultations').service(name);

/** Loads a consultation as the clock leaves it now. */
export async function loadConsultation(strapi: Core.Strapi, documentId: string): Promise<Consultation> {
  const found = await service(strapi, 'consultations').byDocumentId(documentId);
  if (!found) throw new NotFoundError('Consultation introuvable.');
  return service(strapi, 'clock').settle(found);
}

export function runs(actor: Actor, c: Consultation): boolean {
  return can(actor, 'consultation.manage', { federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null });
}

/** Staff of the consultation's federation (national admins everywhere). */
export function assertRuns(actor: Actor, c: Consultation) {
  if (!runs(actor, c)) {
    throw new ForbiddenError(
      c.audience === 'national'
        ? 'Cette consultation nationale est conduite par l’administration nationale.'
        : 'Cette consultation est conduite par une autre fédération.'
    );
  }
}

/** Members it is addressed to see it once published; its staff always. */
export function assertSees(actor: Actor, c: Consultation) {
  if (runs(actor, c)) return;
  if (c.phase === 'draft' || !addresses(actor, audienceOf(c))) {
    throw new ForbiddenError('Cette consultation ne concerne pas votre fédération ou votre section.');
  }
}

/** The action belongs to this phase, and the phase is not past its end. Check who acts first: outsiders learn nothing of the phase. */
export function assertPhase(strapi: Core.Strapi, c: Consultation, phase: Phase, action: string) {
  const calendar = service(strapi, 'consultations').calendar(c);
  if (c.phase !== phase) {
    throw new ConflictError(`${action} : la consultation est en phase « ${PHASE_LABELS[c.phase]} », pas en phase « ${PHASE_LABELS[phase]} ».`, {
      phase: c.phase,
      expected: phase,
    });
  }
  if (!phaseIsOpen(calendar, phase, c.phase, new Date().toISOString())) {
    const end = calendar.endsAt[phase] ?? calendar.opensAt;
    throw new ConflictError(`${action} : la phase « ${PHASE_LABELS[phase]} » est close depuis le ${frenchDate(end)}.`, { phase, closed: true });
  }
}

/**
 * Inside the command's transaction: holds the consultation's row against a phase change
 * (which takes it exclusively) and checks the phase again, so that nothing is written
 * in a phase that has just ended. Returns the consultation as it stands in the transaction.
 */
export async function holdPhase(strapi: Core.Strapi, c: Consultation, phase: Phase, action: string, options: { whenClosed?: boolean } = {}): Promise<Consultation> {
  if (strapi.db.dialect.client === 'postgres') {
    await withTransaction(strapi, (trx) => trx.raw('SELECT id FROM consultations_consultations WHERE id = ? FOR SHARE', [c.id]));
  }
  const current: Consultation = await service(strapi, 'consultations').byId(c.id);
  if (options.whenClosed) {
    if (current.phase !== phase) throw new ConflictError(`${action} : la consultation est passée en phase « ${PHASE_LABELS[current.phase]} ».`, { phase: current.phase });
  } else {
    assertPhase(strapi, current, phase, action);
  }
  return current;
}

/** May this member take part: addressed by the consultation and eligible at its cut-off. */
export async function assertEligible(strapi: Core.Strapi, actor: Actor, c: Consultation) {
  if (!actor.memberId || !addresses(actor, audienceOf(c))) {
    throw new ForbiddenError('Vous ne pouvez pas participer : cette consultation s’adresse à d’autres adhérents.', {
      reasons: [{ code: 'outside-audience', message: 'consultation adressée à d’autres adhérents' }],
    });
  }
  const eligibility = await strapi.plugin('membership').service('eligibility').ofMember(actor.memberId, { cutoff: c.eligibilityCutoff });
  if (!eligibility.eligible) {
    const reasons = eligibility.reasons.map((r: { message: string }) => r.message).join(' ; ');
    throw new ForbiddenError(`Vous ne pouvez pas participer : ${reasons}.`, { reasons: eligibility.reasons });
  }
}
