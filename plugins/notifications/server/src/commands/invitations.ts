import type { Core } from '@strapi/strapi';
import { createHash, randomBytes } from 'crypto';
import {
  auditActorOf,
  effectiveStatus,
  fieldError,
  ForbiddenError,
  getService,
  MEMBER_NOT_FOUND,
  NotFoundError,
  recordAudit,
  todayInParis,
  type Actor,
  type MemberStatus,
} from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { INVITATION_KIND } from '../kinds/account';
import { federationLabel } from '../mail/letters';
import { can } from '../permissions';
import { INVITATION_UID } from '../uids';

/** An invitation's link is valid this long. */
export const INVITATION_VALIDITY_MS = 7 * 24 * 3600 * 1000;

/** A member as membership's directory returns it (the fields read here). */
export interface Member {
  id: number;
  documentId: string;
  firstName: string;
  lastName: string;
  membershipStatus: MemberStatus;
  suspendedUntil?: string | null;
  leftOn?: string | null;
  federation?: { id: number; name: string; departmentCode: string } | null;
  section?: { id: number } | null;
  user?: { id: number; email: string; blocked?: boolean } | null;
}

export const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** Why a member may not be sent an invitation, or null when they may. */
export function notInvitable(member: Member): string | null {
  if (!member.user) return 'Cet adhérent n’a pas de compte de connexion.';
  const status = effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis());
  if (status === 'excluded') return 'Cet adhérent est exclu : aucune invitation ne lui est envoyée.';
  if (status === 'suspended') return 'Cet adhérent est suspendu : aucune invitation ne lui est envoyée.';
  if (status === 'left') return 'Cet adhérent a quitté le parti : aucune invitation ne lui est envoyée.';
  if (member.user.blocked) return 'Le compte de cet adhérent est bloqué : aucune invitation ne lui est envoyée.';
  return null;
}

/**
 * A new code for the member's invitation (the row is created or its code replaced, so any
 * earlier link stops working), stored hashed. Returns the code, to be emailed only.
 */
async function issueCode(strapi: Core.Strapi, member: Member): Promise<{ code: string; expiresAt: Date }> {
  const code = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_VALIDITY_MS);
  const rows = strapi.db.query(INVITATION_UID);
  const existing = await rows.findOne({ where: { memberId: member.id } });
  const data = { userId: member.user!.id, codeHash: hashCode(code), sentTo: member.user!.email, issuedAt: now, expiresAt, activatedAt: null };
  if (existing) await rows.update({ where: { id: existing.id }, data: { ...data, sentCount: (existing.sentCount ?? 0) + 1 } });
  else await rows.create({ data: { memberId: member.id, ...data, sentCount: 1 } });
  return { code, expiresAt };
}

/**
 * Puts the invitation in the outbox, in the caller's transaction: it leaves once the
 * transaction commits (nothing for a registration rolled back), retried until the SMTP
 * server takes it. The code is sealed in the outbox and erased once sent.
 */
export async function enqueueInvitation(strapi: Core.Strapi, member: Member, code: string, expiresAt: Date): Promise<void> {
  const kind = getService(strapi, 'notifications', 'kinds').get(INVITATION_KIND);
  await getService(strapi, 'notifications', 'outbox').enqueue(kind, {
    key: `${INVITATION_KIND}:${hashCode(code).slice(0, 32)}`,
    data: { federation: federationLabel(member.federation), expiresAt: expiresAt.toISOString() },
    secret: { code },
    account: { userId: member.user!.id, email: member.user!.email, memberId: member.id, federationId: member.federation?.id ?? null },
  });
}

/**
 * A member joined (MEMBER_JOINED, inside the registering transaction): a code is issued in
 * that transaction and the invitation leaves once it commits (nothing leaves for a
 * registration rolled back). Excluded, suspended or blocked members, and members without an
 * account, get nothing. `activated`: their password is already known (demo seed, test
 * factories): recorded as activated, no email.
 */
export async function inviteNewMember(strapi: Core.Strapi, memberId: number, options: { activated: boolean }): Promise<void> {
  await strapi.db.transaction(async () => {
    const member: Member | null = await getService(strapi, 'membership', 'directory').memberById(memberId);
    if (!member?.user) return;
    if (options.activated) {
      const rows = strapi.db.query(INVITATION_UID);
      if (!(await rows.findOne({ where: { memberId } }))) {
        await rows.create({ data: { memberId, userId: member.user.id, sentCount: 0, activatedAt: new Date() } });
      }
      return;
    }
    if (notInvitable(member)) return;
    const { code, expiresAt } = await issueCode(strapi, member);
    await enqueueInvitation(strapi, member, code, expiresAt);
  });
}

/**
 * Staff send a member their invitation again: a new code (earlier links stop working),
 * put in the outbox in the same transaction (it leaves within seconds, retried if the SMTP
 * server is down). Returns where it goes and until when it is valid.
 * @throws NotFoundError (404) for an unknown member or one the actor may not read (another
 *         federation's or section's: the same answer); ForbiddenError (403) for one they read but may not invite;
 *         ValidationError (400) for a member who may not be invited or already activated
 *         their account.
 */
export async function resendInvitation(strapi: Core.Strapi, actor: Actor, memberDocumentId: string) {
  const { member, expiresAt } = await strapi.db.transaction(async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const member: Member | null = await directory.memberByDocumentId(memberDocumentId);
    if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
    const subject = { federationId: member.federation?.id ?? null, sectionId: member.section?.id ?? null };
    if (!can(actor, 'invitation.send', subject)) {
      // A member the caller may not even read (another federation's or section's) looks absent.
      if (!directory.mayReadMember(actor, { ...subject, ownerUserId: member.user?.id ?? null })) throw new NotFoundError(MEMBER_NOT_FOUND);
      throw new ForbiddenError('Vous ne pouvez pas envoyer d’invitation à cet adhérent.');
    }
    const refusal = notInvitable(member);
    if (refusal) throw fieldError('memberId', refusal);
    const current = await strapi.db.query(INVITATION_UID).findOne({ where: { memberId: member.id } });
    if (current?.activatedAt) {
      throw fieldError('memberId', 'Cet adhérent a déjà activé son compte : il peut utiliser « Mot de passe oublié » sur la page de connexion.');
    }
    const issued = await issueCode(strapi, member);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::notifications.invitation.send',
      subject: { type: INVITATION_UID, id: member.documentId },
      federationId: subject.federationId,
      details: { memberId: member.id, sentTo: member.user!.email, expiresAt: issued.expiresAt.toISOString() },
    });
    await enqueueInvitation(strapi, member, issued.code, issued.expiresAt);
    return { member, expiresAt: issued.expiresAt };
  });
  return { member: member.documentId, sentTo: member.user!.email, expiresAt: expiresAt.toISOString() };
}
