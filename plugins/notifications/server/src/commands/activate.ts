import type { Core } from '@strapi/strapi';
import { effectiveStatus, fieldError, getService, recordAudit, todayInParis } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type { ActivationInput } from '../validation/schemas';
import { INVITATION_UID } from '../uids';
import { hashCode, type Member } from './invitations';

const INVALID = 'Ce lien d’activation n’est pas valide : il a peut-être été remplacé par un lien plus récent. Demandez-en un nouveau à votre fédération.';
const USED = 'Ce lien d’activation a déjà servi : votre compte est activé. Connectez-vous, ou utilisez « Mot de passe oublié ».';
const EXPIRED = 'Ce lien d’activation a expiré : demandez-en un nouveau à votre fédération, ou utilisez « Mot de passe oublié ».';
const REVOKED = 'Ce lien d’activation n’est plus valable : ce compte n’est pas actif.';

/**
 * « Activer mon compte »: the code of an invitation sets the account's first password and is
 * burnt (once only, even under concurrent requests: the row is marked used by a conditional
 * update). Anonymous: the code is the credential. Returns the account's email.
 * @throws ValidationError (400) with a French message for an unknown or replaced code, one
 *         already used or expired, or a member no longer active.
 */
export async function activateAccount(strapi: Core.Strapi, input: ActivationInput): Promise<{ email: string }> {
  return strapi.db.transaction(async () => {
    const rows = strapi.db.query(INVITATION_UID);
    const invitation = await rows.findOne({ where: { codeHash: hashCode(input.code) } });
    if (!invitation) throw fieldError('code', INVALID);
    if (invitation.activatedAt) throw fieldError('code', USED);
    if (!invitation.expiresAt || new Date(invitation.expiresAt).getTime() <= Date.now()) throw fieldError('code', EXPIRED);
    const member: Member | null = await getService(strapi, 'membership', 'directory').memberById(invitation.memberId);
    const status = member ? effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis()) : null;
    if (!member?.user || member.user.id !== invitation.userId || member.user.blocked || status !== 'active') throw fieldError('code', REVOKED);

    const { count } = await rows.updateMany({ where: { id: invitation.id, activatedAt: { $null: true } }, data: { activatedAt: new Date() } });
    if (count !== 1) throw fieldError('code', USED);
    await strapi.plugin('users-permissions').service('user').edit(member.user.id, { password: input.password, resetPasswordToken: null, confirmed: true });
    await recordAudit(strapi, {
      actor: { kind: 'user', id: member.user.id, label: `${member.firstName} ${member.lastName} <${member.user.email}>` },
      action: 'plugin::notifications.invitation.activate',
      subject: { type: INVITATION_UID, id: member.documentId },
      federationId: member.federation?.id ?? null,
      details: { memberId: member.id },
    });
    return { email: member.user.email };
  });
}
