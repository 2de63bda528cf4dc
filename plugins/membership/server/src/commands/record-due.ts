import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  ConflictError,
  ForbiddenError,
  getService,
  NotFoundError,
  recordAudit,
  todayInParis,
  type Actor,
} from '@intranet-militant/shared';
import { can } from '../permissions';
import { subjectOfMember } from '../presenters';
import { DUE_UID } from '../uids';
import type { DueInput } from '../validation/schemas';
import type { DueRow } from '../services/directory';
import { EXCLUDED_DUE_REFUSED, isOwnProfile, OWN_DUE_REFUSED } from './member-rules';

/**
 * Records a member's dues for one year. Each year stands alone: a payment for year N
 * never makes year N-1 paid up. The database holds one standing due per member and year.
 * Returns the recorded due.
 * @throws NotFoundError (404); ForbiddenError (403) outside the actor's scope or for their
 *         own dues; ConflictError (409) for an excluded member or a year already paid.
 */
export async function recordDue(strapi: Core.Strapi, actor: Actor, memberDocumentId: string, input: DueInput): Promise<DueRow> {
  return strapi.db.transaction(async () => {
    const member = await getService(strapi, 'membership', 'directory').memberByDocumentId(memberDocumentId);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    const subject = subjectOfMember(member);
    if (!can(actor, 'due.record', subject)) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre périmètre.');
    }
    if (await isOwnProfile(strapi, actor, member)) {
      throw new ForbiddenError(OWN_DUE_REFUSED);
    }
    if (member.membershipStatus === 'excluded') {
      throw new ConflictError(EXCLUDED_DUE_REFUSED);
    }
    const standing = await strapi.db.query(DUE_UID).findOne({
      where: { member: { id: member.id }, year: input.year, cancelledOn: { $null: true } },
    });
    if (standing) {
      throw new ConflictError(`La cotisation ${input.year} de cet adhérent est déjà enregistrée.`, { field: 'year' });
    }
    const due = await strapi.documents(DUE_UID).create({
      data: { ...input, reference: input.reference || null, member: member.id } as any,
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.due.record',
      subject: { type: DUE_UID, id: due.documentId },
      federationId: subject.federationId,
      details: { member: member.documentId, year: input.year, amountCents: input.amountCents, method: input.method },
    });
    return getService(strapi, 'membership', 'directory').dueByDocumentId(due.documentId);
  });
}

/**
 * Cancels a wrongly recorded due. Nothing is deleted: the due stays, marked cancelled
 * (its year may be paid again). Returns the cancelled due.
 * @throws NotFoundError (404), ForbiddenError (403) but for the member's federation staff
 *         (or national admins), ConflictError (409) when already cancelled.
 */
export async function cancelDue(strapi: Core.Strapi, actor: Actor, documentId: string, reason: string): Promise<DueRow> {
  return strapi.db.transaction(async () => {
    const due = await getService(strapi, 'membership', 'directory').dueByDocumentId(documentId);
    if (!due) throw new NotFoundError('Cotisation introuvable.');
    const subject = subjectOfMember(due.member ?? {});
    if (!can(actor, 'due.cancel', subject)) {
      throw new ForbiddenError('Seule l’équipe fédérale de l’adhérent peut annuler une cotisation.');
    }
    if (due.cancelledOn) throw new ConflictError('Cette cotisation est déjà annulée.');
    await strapi.documents(DUE_UID).update({
      documentId,
      data: { cancelledOn: todayInParis(), cancelReason: reason } as any,
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.due.cancel',
      subject: { type: DUE_UID, id: documentId },
      federationId: subject.federationId,
      details: { member: due.member?.documentId ?? null, year: due.year, reason },
    });
    return getService(strapi, 'membership', 'directory').dueByDocumentId(documentId);
  });
}

