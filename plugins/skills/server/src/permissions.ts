import { allRoles, definePermissions } from '@intranet-militant/shared';

const staff = { 'federation-staff': 'federation', 'national-admin': 'all' } as const;

/**
 * Who may attempt what in « Compétences et réseaux ». Who sees which profile is not here
 * but in the visibility rule (domain/visibility.ts), applied inside every query.
 * - The vocabulary is read by all and proposed to by members; national staff curate it.
 * - A member keeps their own profile and consent (`self`: a member profile is needed).
 * - Every role searches the directory (what they see is decided by the rule).
 * - Confirming a skill: staff of the member's federation, national staff, or a coordinator
 *   of a network the member joined (`self`, decided in the command).
 * - Matching (« qui peut animer une formation sur X ? ») and census campaigns: staff.
 * - Networks: staff create them and name coordinators; members join; a network's members
 *   list is read by its members (decided in the query); its export by its coordinators only.
 */
export const skillsPermissions = definePermissions({
  'vocabulary.read': allRoles('all'),
  'vocabulary.propose': allRoles('self'),
  'vocabulary.curate': { 'national-admin': 'all' },
  'profile.own': allRoles('self'),
  'directory.search': allRoles('all'),
  'skill.confirm': allRoles('self', staff),
  'matching.run': staff,
  'network.read': allRoles('all'),
  'network.join': allRoles('self'),
  'network.manage': staff,
  'network.export': allRoles('self'),
  'census.manage': staff,
  'census.read': allRoles('self', staff),
});

export const { can, scopeOf } = skillsPermissions;
