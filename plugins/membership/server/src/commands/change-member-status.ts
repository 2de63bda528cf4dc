import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  ConflictError,
  effectiveStatus,
  fieldError,
  ForbiddenError,
  frenchDate,
  getService,
  NotFoundError,
  recordAudit,
  todayInParis,
  type Actor,
} from '@intranet-militant/shared';
import { applyStatusEffects, writeWithExplicitEffects } from './membership-effects';
import { subjectOfMember } from '../presenters';
import { MEMBER_UID } from '../uids';
import { assertMemberAction, assertNotLeft, assertOutranks, LEFT_MEMBER_REFUSED, isOwnProfile, MEMBER_NOT_FOUND } from './member-rules';
import type { StatusChange } from '../validation/schemas';
import type { MemberRow } from '../services/directory';

const STATUS_LABELS = { active: 'actif', suspended: 'suspendu', excluded: 'exclu' } as const;

/**
 * Suspends, excludes or reinstates a member, with the reason and the dates, then applies
 * the effects (`applyStatusEffects`): an excluded member's login account is blocked (a
 * reinstated one reopened), a suspended or excluded member's admin-panel account is
 * deactivated, and MEMBER_STATUS_CHANGED is announced — all in the same transaction.
 * Returns the member as it now stands.
 * @throws NotFoundError (404) for an unknown member or one the actor may not see (another
 *         federation's: as unknown); ForbiddenError (403) for a member they see but whose
 *         status they may not change, their own status, or a member of their rank or above;
 *         ValidationError (400) for a suspension ending today or earlier; ConflictError (409)
 *         for a member who left the party (`assertNotLeft`) or when nothing changes.
 */
export async function changeMemberStatus(strapi: Core.Strapi, actor: Actor, documentId: string, input: StatusChange): Promise<MemberRow> {
  return strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const member: MemberRow | null = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = subjectOfMember(member);
    assertMemberAction(actor, 'member.status', subject, 'Vous ne pouvez pas changer le statut de cet adhérent.');
    if (await isOwnProfile(strapi, actor, member)) {
      throw new ForbiddenError('Vous ne pouvez pas modifier votre propre statut.');
    }
    assertOutranks(actor, member);
    const today = todayInParis();
    // A member who left has no status to change (an exclusion after a departure is the
    // commission's, through sanctions' own door); their return comes first.
    assertNotLeft(member, today, LEFT_MEMBER_REFUSED.status);
    if (input.until && input.until <= today) {
      throw fieldError('until', `La fin de suspension doit être postérieure au ${frenchDate(today)}.`);
    }
    // Compared with what is stored: reinstating after a suspension has run out tidies the record.
    const current = effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: null }, today) // the stored transition: a departure is not a status change;
    const stored = member.membershipStatus;
    if (stored === input.status && (input.status !== 'suspended' || (member.suspendedUntil ?? undefined) === input.until)) {
      throw new ConflictError(`L’adhérent est déjà ${STATUS_LABELS[stored]}.`, { status: stored });
    }

    await writeWithExplicitEffects(() =>
      strapi.documents(MEMBER_UID).update({
        documentId,
        data: {
          membershipStatus: input.status,
          statusReason: input.reason,
          statusChangedOn: today,
          suspendedUntil: input.status === 'suspended' ? input.until ?? null : null,
        } as any,
      })
    );
    await applyStatusEffects(strapi, member, stored, input.status, auditActorOf(actor));
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
