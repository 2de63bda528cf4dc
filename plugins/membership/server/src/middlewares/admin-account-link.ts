import type { Core } from '@strapi/strapi';
import { ForbiddenError } from '@intranet-militant/shared';
import { SUPER_ADMIN_CODE } from '../services/admin-scope';
import { adminOfRequest } from './admin-request';

export const ADMIN_ADDRESS_LOCKED =
  'L’adresse de votre compte du panneau d’administration est celle de votre fiche d’adhérent : seule l’administration nationale la change (ou l’équipe de votre fédération, sur votre fiche).';

/**
 * An admin-panel account and its holder's member profile are one person by their address:
 * the panel's guard knows one's own profile (no own dues, no own standing changed) by it,
 * an exclusion deactivates the admin account with the member's address, an erasure
 * anonymises it. So the address stays one:
 * - federation staff (any admin without the super admin role) may not change their own
 *   admin account's address (`PUT /admin/users/me`; they edit no other): ForbiddenError
 *   (403), the account unchanged. A national admin may (a typo at creation);
 * - a member's address changed by staff (`updateMember`) takes the admin account with the
 *   old address along (`followMemberAddress`).
 */
export function registerAdminAccountLink(strapi: Core.Strapi): void {
  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    async beforeUpdate(event) {
      const email = (event.params.data as { email?: unknown } | undefined)?.email;
      const admin = adminOfRequest(strapi);
      if (email === undefined || !admin || (admin.roles ?? []).some((r) => r.code === SUPER_ADMIN_CODE)) return;
      // Staff edit no other admin account; what the platform writes for them (an erasure) passes.
      const current = await strapi.db.query('admin::user').findOne({ where: event.params.where, select: ['id', 'email'] });
      if (current?.id === admin.id && String(email).trim().toLowerCase() !== String(current.email).toLowerCase()) throw new ForbiddenError(ADMIN_ADDRESS_LOCKED);
    },
  });
}

/**
 * After a member's login address changed from `before` to `after`: the admin-panel account
 * that had `before` (compared without case) gets `after`, in the caller's transaction,
 * unless an admin account already has `after` (that one is then the holder's). Returns
 * whether one was changed.
 */
export async function followMemberAddress(strapi: Core.Strapi, before: string, after: string): Promise<boolean> {
  // An admin account that already has the new address is the holder's from now on.
  if (await strapi.db.query('admin::user').count({ where: { email: { $eqi: after } } })) return false;
  const admins: { id: number }[] = await strapi.db.query('admin::user').findMany({ where: { email: { $eqi: before } }, select: ['id'] });
  for (const admin of admins) await strapi.db.query('admin::user').update({ where: { id: admin.id }, data: { email: after } });
  return admins.length > 0;
}
