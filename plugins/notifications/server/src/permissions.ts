import { definePermissions } from '@intranet-militant/shared';

/**
 * Who may send a member their invitation again: whoever may register them (their section's
 * secretary, their federation's staff, national admins). Activation is public: the code is
 * the credential.
 */
export const notificationPermissions = definePermissions({
  'invitation.send': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
});

export const { can } = notificationPermissions;
