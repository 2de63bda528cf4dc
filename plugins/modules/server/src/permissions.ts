import { definePermissions } from '@intranet-militant/shared';

export const modulePermissions = definePermissions({
  /** Every member may see which modules their federation offers. */
  'module.read': {
    member: 'federation',
    'elected-official': 'federation',
    'section-secretary': 'federation',
    'conflicts-commission': 'federation',
    'federation-staff': 'federation',
    'national-admin': 'all',
  },
  'module.write': { 'federation-staff': 'federation', 'national-admin': 'all' },
});
