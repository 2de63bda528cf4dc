import { allRoles, definePermissions } from '@intranet-militant/shared';

export const modulePermissions = definePermissions({
  /** Every member may see which modules their federation offers. */
  'module.read': allRoles('federation', { 'national-admin': 'all' }),
  'module.write': { 'federation-staff': 'federation', 'national-admin': 'all' },
});
