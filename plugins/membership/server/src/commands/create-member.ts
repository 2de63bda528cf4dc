import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import { auditActorOf, emitEvent, ForbiddenError, getService, MEMBER_JOINED, recordAudit, type Actor } from '@intranet-militant/shared';
import type { MemberRow } from '../services/directory';
import { writeWithExplicitEffects } from './membership-effects';
import { can } from '../permissions';
import { MEMBER_UID, USER_UID } from '../uids';
import type { MemberInput } from '../validation/schemas';
import {
  assertEmailFree,
  assertMayAssignRole,
  assertNumberFree,
  guardingEmail,
  NOT_HERE,
  readsEveryone,
  resolveFederation,
  resolveSection,
  roleIdOf,
} from './member-rules';

/** What staff read when they register someone an exclusion trace matches. */
export const PRIOR_EXCLUSION = 'Une exclusion prononcée par la commission des conflits correspond à cette adresse ou à ce numéro d’adhérent : voir le journal d’audit.';

/**
 * Registers a member: their login account (no usable password: they choose one through
 * « mot de passe oublié ») and their profile, together or not at all, then announces
 * MEMBER_JOINED `{ memberId }` in the same transaction (training's welcome path).
 * Returns the new member, with `priorExclusion: true` when an exclusion trace (sanctions)
 * matches the email or the number (also recorded as `…member.re-registration-flagged`).
 * An exclusion pronounced in another federation (or of unknown federation) is not staff's to
 * learn: they get the neutral 409 `NOT_HERE` of an address or number held elsewhere, as the
 * import does (`IMPORT_NOT_HERE`); national admins register and are warned.
 * @throws ValidationError (400) for an unknown federation or a section of another one;
 *         ForbiddenError (403) outside the actor's section/federation or for a role they
 *         may not give; ConflictError (409) for a taken number or email, or an exclusion
 *         elsewhere (neutral words).
 */
export async function createMember(strapi: Core.Strapi, actor: Actor, input: MemberInput): Promise<MemberRow & { priorExclusion?: boolean }> {
  const federation = await resolveFederation(strapi, actor, input.federation);
  const section = input.section ? await resolveSection(strapi, actor, input.section, federation) : null;
  const subject = { federationId: federation.id, sectionId: section?.id ?? null };
  if (!can(actor, 'member.create', subject)) {
    throw new ForbiddenError(
      actor.role === 'section-secretary'
        ? 'Vous n’inscrivez des adhérents que dans votre section.'
        : 'Vous n’inscrivez des adhérents que dans votre fédération.'
    );
  }
  const role = input.role;
  if (role !== 'member') assertMayAssignRole(actor, role, subject);

  return guardingEmail(input.email, () => strapi.db.transaction(async () => {
    await assertNumberFree(strapi, actor, input.membershipNumber);
    await assertEmailFree(strapi, actor, input.email);
    // A person excluded before (keyed-hash trace of the email or the number) is flagged to the audit log.
    const traces = await getService(strapi, 'membership', 'status').excludedAmong([{ email: input.email, membershipNumber: input.membershipNumber }]);
    const excludedIn = [...(traces.numbers.get(input.membershipNumber) ?? []), ...(traces.emails.get(input.email) ?? [])];
    if (excludedIn.some((id) => id !== federation.id) && !readsEveryone(actor)) throw NOT_HERE(traces.numbers.size ? 'membershipNumber' : 'email');
    const priorExclusion = excludedIn.length > 0;
    const user = await strapi.documents(USER_UID).create({
      data: {
        username: input.email,
        email: input.email,
        provider: 'local',
        password: randomBytes(32).toString('base64url'),
        confirmed: true,
        blocked: false,
        role: await roleIdOf(strapi, role),
      } as any,
    });
    const member = await writeWithExplicitEffects(() => strapi.documents(MEMBER_UID).create({
      data: {
        membershipNumber: input.membershipNumber,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone || null,
        joinedOn: input.joinedOn,
        sex: input.sex ?? null,
        birthYear: input.birthYear ?? null,
        membershipStatus: 'active',
        user: user.id,
        federation: federation.id,
        section: section?.id ?? null,
      } as any,
    }));
    if (priorExclusion) {
      await recordAudit(strapi, {
        actor: auditActorOf(actor),
        action: 'plugin::membership.member.re-registration-flagged',
        subject: { type: MEMBER_UID, id: member.documentId },
        federationId: federation.id,
        details: { reason: 'Une exclusion antérieure correspond à cette adresse ou à ce numéro d’adhérent.' },
      });
    }
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.member.create',
      subject: { type: MEMBER_UID, id: member.documentId },
      federationId: federation.id,
      details: { membershipNumber: input.membershipNumber, role, sectionId: section?.id ?? null, joinedOn: input.joinedOn, priorExclusion },
    });
    await emitEvent(strapi, MEMBER_JOINED, { memberId: member.id as number });
    const created = await getService(strapi, 'membership', 'directory').memberByDocumentId(member.documentId);
    return priorExclusion ? { ...created, priorExclusion } : created;
  }));
}
