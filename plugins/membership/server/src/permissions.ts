import { allRoles, definePermissions, type Actor, type PermissionRule, type Role } from '@intranet-militant/shared';

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

  /** Importing members and dues from a file (issue 22): a federation's onboarding, its staff's. */
  'member.import': { 'federation-staff': 'federation', 'national-admin': 'all' },

  /** « Mes données » (issue 22): everyone asks for and downloads their own export, nobody else's. */
  'data-export.request': allRoles('self'),
  'data-export.read': allRoles('self'),

  /** Consent-based data of one's own profile (the socio-professional category, issue 15): oneself only. */
  'profile.consent': allRoles('self'),

  /**
   * Retention and erasure (issue 22, item 4): staff of the member's federation record a
   * departure and erase a member who left; national admins everywhere. Everyone may ask for
   * the erasure of their own data (GDPR art. 17), which records their departure first.
   */
  'member.depart': { 'federation-staff': 'federation', 'national-admin': 'all' },
  'member.erase': { 'federation-staff': 'federation', 'national-admin': 'all' },
  'erasure.request': allRoles('self'),
});

export const { can } = membershipPermissions;
export type MembershipAction = keyof typeof membershipPermissions.table;

/**
 * Whose profile, account and status an officer may change: never someone of their own
 * rank or above. Everything about staff and national admins is a national decision.
 */
export const MANAGEABLE_ROLES: Partial<Record<Role, readonly Role[]>> = {
  'section-secretary': ['member', 'elected-official'],
  'conflicts-commission': ['member', 'section-secretary', 'elected-official'],
  'federation-staff': ['member', 'section-secretary', 'elected-official', 'conflicts-commission'],
};

/** Does the actor outrank a member holding `targetRole` (null: a profile without account)? */
export function outranks(actor: Actor, targetRole: Role | null): boolean {
  if (actor.role === 'national-admin') return true;
  return targetRole === null || (MANAGEABLE_ROLES[actor.role] ?? []).includes(targetRole);
}
