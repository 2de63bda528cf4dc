import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import { getService, PORTAL_PAGES, portalUrl } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { passwordResetLetter } from '../mail/letters';
import { addressOf } from './mailer';
import { USER_UID } from '../uids';

/**
 * « Mot de passe oublié », as users-permissions does it — a 64-byte token on the account,
 * which `POST /api/auth/reset-password` accepts once — but with the intranet's letter (French,
 * text and HTML, the member's federation) linking to the portal's reset page.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Prepares the reset and emails it; nothing for an unknown or blocked account. */
  async sendReset(email: string): Promise<void> {
    const user = await strapi.db.query(USER_UID).findOne({ where: { email: email.trim().toLowerCase() }, select: ['id', 'email', 'blocked'] });
    if (!user || user.blocked) return;
    const token = randomBytes(64).toString('hex');
    // Saved before sending, as users-permissions does.
    await strapi.plugin('users-permissions').service('user').edit(user.id, { resetPasswordToken: token });
    const member = await getService(strapi, 'membership', 'directory').memberOfUser(user.id);
    const link = `${portalUrl(strapi)}${PORTAL_PAGES.resetPassword}?code=${token}`;
    const letter = passwordResetLetter({ firstName: member?.firstName, federation: member?.federation }, link);
    await getService(strapi, 'notifications', 'mailer').send(addressOf(user.email, member ? `${member.firstName} ${member.lastName}` : null), letter);
  },
});
