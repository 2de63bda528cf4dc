import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  ConflictError,
  fieldError,
  ForbiddenError,
  frenchDate,
  NotFoundError,
  recordAudit,
  todayInParis,
  type Actor,
} from '@intranet-militant/shared';
import { effectiveStatus, standingOf } from '../domain/eligibility';
import { can } from '../permissions';
import { subjectOfMember } from '../presenters';
import { MEMBER_UID } from '../uids';
import type { StatusChange } from '../validation/schemas';

const STATUS_LABELS = { active: 'actif', suspended: 'suspendu', excluded: 'exclu' } as const;

/**
 * Suspends, excludes or reinstates a member, with the reason and the dates. The integrity
 * middleware then blocks an excluded member's account (no more login) or reopens it.
 */
export async function changeMemberStatus(strapi: Core.Strapi, actor: Actor, documentId: string, input: StatusChange) {
  return strapi.db.transaction(async () => {
    const directory = strapi.plugin('membership').service('directory');
    const member = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    const subject = subjectOfMember(member);
    if (!can(actor, 'member.status', subject)) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre fédération.');
    }
    if (subject.ownerUserId === actor.userId) {
      throw new ForbiddenError('Vous ne pouvez pas modifier votre propre statut.');
    }
    const today = todayInParis();
    if (input.until && input.until <= today) {
      throw fieldError('until', `La fin de suspension doit être postérieure au ${frenchDate(today)}.`);
    }
    const current = effectiveStatus(standingOf(member), today);
    if (current === input.status && (input.status !== 'suspended' || (member.suspendedUntil ?? undefined) === input.until)) {
      throw new ConflictError(`L’adhérent est déjà ${STATUS_LABELS[current]}.`, { status: current });
    }

    await strapi.documents(MEMBER_UID).update({
      documentId,
      data: {
        membershipStatus: input.status,
        statusReason: input.reason,
        statusChangedOn: today,
        suspendedUntil: input.status === 'suspended' ? input.until ?? null : null,
      } as any,
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: `plugin::membership.member.${input.status === 'active' ? 'reinstate' : input.status === 'suspended' ? 'suspend' : 'exclude'}`,
      subject: { type: MEMBER_UID, id: documentId },
      federationId: subject.federationId,
      details: { from: current, to: input.status, reason: input.reason, until: input.until ?? null },
    });
    return directory.memberByDocumentId(documentId);
  });
}
