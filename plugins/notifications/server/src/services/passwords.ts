import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { PASSWORD_RESET_KIND } from '../kinds/account';
import { USER_UID } from '../uids';

/**
 * « Mot de passe oublié », as users-permissions does it — a 64-byte token on the account,
 * which `POST /api/auth/reset-password` accepts once — but with the intranet's letter (French,
 * text and HTML, the member's federation) linking to the portal's reset page.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Prepares the reset and puts its email in the outbox (the token saved and the message
   * queued in one transaction); nothing for an unknown or blocked account.
   */
  async sendReset(email: string): Promise<void> {
    const user = await strapi.db.query(USER_UID).findOne({ where: { email: email.trim().toLowerCase() }, select: ['id', 'email', 'blocked'] });
    if (!user || user.blocked) return;
    const token = randomBytes(64).toString('hex');
    await strapi.db.transaction(async () => {
      // Saved before sending, as users-permissions does.
      await strapi.plugin('users-permissions').service('user').edit(user.id, { resetPasswordToken: token });
      const member = await getService(strapi, 'membership', 'directory').memberOfUser(user.id);
      await getService(strapi, 'notifications', 'outbox').enqueue(getService(strapi, 'notifications', 'kinds').get(PASSWORD_RESET_KIND), {
        key: `${PASSWORD_RESET_KIND}:${randomBytes(12).toString('hex')}`,
        secret: { code: token },
        account: { userId: user.id, email: user.email, memberId: member?.id ?? null, federationId: member?.federation?.id ?? null },
      });
    });
  },
});
