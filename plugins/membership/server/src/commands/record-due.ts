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
import { subjectOfMember } from '../presenters';
import { DUE_UID } from '../uids';
import type { DueInput } from '../validation/schemas';
import type { DueRow } from '../services/directory';
import { assertMemberAction, assertNotLeft, DUE_NOT_FOUND, EXCLUDED_DUE_REFUSED, isOwnProfile, LEFT_MEMBER_REFUSED, MEMBER_NOT_FOUND, OWN_DUE_REFUSED } from './member-rules';

/**
 * Records a member's dues for one year. Each year stands alone: a payment for year N
 * never makes year N-1 paid up. The database holds one standing due per member and year.
 * Returns the recorded due.
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's or section's: as unknown, `assertMemberAction`);
 *         ForbiddenError (403) for a member they read but whose dues they may not record, or
 *         for their own dues; ValidationError (400) for a payment day before the member
 *         joined or long before the year (`paidOnRefusal`, checked by the dues' integrity
 *         middleware at the write, for every door); ConflictError (409) for an
 *         excluded member, one who left (`assertNotLeft`) or a year already paid.
 */
export async function recordDue(strapi: Core.Strapi, actor: Actor, memberDocumentId: string, input: DueInput): Promise<DueRow> {
  return strapi.db.transaction(async () => {
    const member = await getService(strapi, 'membership', 'directory').memberByDocumentId(memberDocumentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = subjectOfMember(member);
    assertMemberAction(actor, 'due.record', subject, 'Vous ne pouvez pas enregistrer les cotisations de cet adhérent.');
    if (await isOwnProfile(strapi, actor, member)) {
      throw new ForbiddenError(OWN_DUE_REFUSED);
    }
    if (member.membershipStatus === 'excluded') {
      throw new ConflictError(EXCLUDED_DUE_REFUSED);
    }
    assertNotLeft(member, todayInParis(), LEFT_MEMBER_REFUSED.due);
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
 * @throws NotFoundError (404) for an unknown due, and the same for a due of a member the actor
 *         may not read (another federation's: as unknown, `assertMemberAction`);
 *         ForbiddenError (403) for a due they read but may not cancel (a secretary: only the
 *         member's federation staff or national admins cancel); ConflictError (409) when
 *         already cancelled.
 */
export async function cancelDue(strapi: Core.Strapi, actor: Actor, documentId: string, reason: string): Promise<DueRow> {
  return strapi.db.transaction(async () => {
    const due = await getService(strapi, 'membership', 'directory').dueByDocumentId(documentId);
    if (!due) throw new NotFoundError(DUE_NOT_FOUND);
    const subject = subjectOfMember(due.member ?? {});
    assertMemberAction(actor, 'due.cancel', subject, 'Seule l’équipe fédérale de l’adhérent peut annuler une cotisation.', DUE_NOT_FOUND);
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

