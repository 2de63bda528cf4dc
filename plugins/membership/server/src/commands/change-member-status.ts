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
import { getService } from '@intranet-militant/shared';
import { effectiveStatus, standingOf } from '../domain/eligibility';
import { can } from '../permissions';
import { subjectOfMember } from '../presenters';
import { MEMBER_UID } from '../uids';
import { assertOutranks } from './member-rules';
import type { StatusChange } from '../validation/schemas';

const STATUS_LABELS = { active: 'actif', suspended: 'suspendu', excluded: 'exclu' } as const;

/**
 * Suspends, excludes or reinstates a member, with the reason and the dates. The integrity
 * middleware then blocks an excluded member's account (no more login) or reopens it.
 */
export async function changeMemberStatus(strapi: Core.Strapi, actor: Actor, documentId: string, input: StatusChange) {
  return strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const member = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    const subject = subjectOfMember(member);
    if (!can(actor, 'member.status', subject)) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre fédération.');
    }
    if (subject.ownerUserId === actor.userId) {
      throw new ForbiddenError('Vous ne pouvez pas modifier votre propre statut.');
    }
    assertOutranks(actor, member);
    const today = todayInParis();
    if (input.until && input.until <= today) {
      throw fieldError('until', `La fin de suspension doit être postérieure au ${frenchDate(today)}.`);
    }
    // Compared with what is stored: reinstating after a suspension has run out tidies the record.
    const current = effectiveStatus(standingOf(member), today);
    const stored = member.membershipStatus as keyof typeof STATUS_LABELS;
    if (stored === input.status && (input.status !== 'suspended' || (member.suspendedUntil ?? undefined) === input.until)) {
      throw new ConflictError(`L’adhérent est déjà ${STATUS_LABELS[stored]}.`, { status: stored });
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
