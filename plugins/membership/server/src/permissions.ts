import { allRoles, definePermissions, type PermissionRule } from '@intranet-militant/shared';

const everyone = allRoles('all');

const ownProfile: PermissionRule = {
  member: 'self',
  'elected-official': 'self',
  'section-secretary': 'section',
  'conflicts-commission': 'federation',
  'federation-staff': 'federation',
  'national-admin': 'all',
};

/**
 * Who may do what with membership data. Federation staff act on their federation,
 * section secretaries on their section, national admins everywhere; a member sees
 * their own profile and dues.
 */
export const membershipPermissions = definePermissions({
  'federation.read': everyone,
  'federation.write': { 'national-admin': 'all' },

  'section.read': allRoles('federation', { 'national-admin': 'all' }),
  'section.write': { 'federation-staff': 'federation', 'national-admin': 'all' },

  'member.read': ownProfile,
  'member.list': {
    'section-secretary': 'section',
    'conflicts-commission': 'federation',
    'federation-staff': 'federation',
    'national-admin': 'all',
  },
  'member.create': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'member.update': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  /** Moving a member to another federation is a national decision. */
  'member.transfer': { 'national-admin': 'all' },
  'member.status': { 'conflicts-commission': 'federation', 'federation-staff': 'federation', 'national-admin': 'all' },
  'member.role': { 'federation-staff': 'federation', 'national-admin': 'all' },

  'due.read': ownProfile,
  'due.record': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'due.cancel': { 'federation-staff': 'federation', 'national-admin': 'all' },

  'eligibility.read': ownProfile,
});

export const { can } = membershipPermissions;
export type MembershipAction = keyof typeof membershipPermissions.table;

/** Roles that federation staff may hand out; the others are national decisions. */
export const ROLES_STAFF_MAY_ASSIGN = ['member', 'section-secretary', 'elected-official', 'conflicts-commission'] as const;
