import { allRoles, definePermissions } from '@intranet-militant/shared';

/**
 * - `invitation.send`: whoever may register a member (their section's secretary, their
 *   federation's staff, national admins). Activation is public: the code is the credential.
 * - `bounce.read`: addresses the SMTP server refuses, for staff of the member's federation.
 * - `bounce.clear`: take an address off that list once the member fixed it (same people).
 * - `inbox.use`, `preferences.manage`, `feed.manage`: one's own inbox, preferences and
 *   calendar feed (every role; scope `self`).
 */
export const notificationPermissions = definePermissions({
  'invitation.send': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'bounce.read': { 'federation-staff': 'federation', 'national-admin': 'all' },
  'bounce.clear': { 'federation-staff': 'federation', 'national-admin': 'all' },
  'inbox.use': allRoles('self'),
  'preferences.manage': allRoles('self'),
  'feed.manage': allRoles('self'),
});

export const { can, scopeOf } = notificationPermissions;
