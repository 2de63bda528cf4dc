import { definePermissions } from '@intranet-militant/shared';

/** The log is read by those accountable for a federation; only national admins check the whole chain. */
export const auditPermissions = definePermissions({
  'entry.read': { 'federation-staff': 'federation', 'national-admin': 'all' },
  'chain.verify': { 'national-admin': 'all' },
});
