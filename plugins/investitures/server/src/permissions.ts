import { allRoles, definePermissions, type Actor, type PermissionRule } from '@intranet-militant/shared';

/**
 * Who may attempt what in « Investitures et désignations ». Scopes are decided in the
 * commands and queries: a designation belongs to the whole party (national admins run it),
 * a federation (its staff) or a section (its federation's staff); members see the
 * designations of their place, apply, sign the pledge, follow their candidacy and vote.
 * - Designations, checks, decisions, votes' opening and closing: federation staff (their
 *   federation), national admins (everywhere).
 * - Parity and indicators: the same staff (aggregates; indicators are masked).
 * - The pledge's text: everyone reads it; national admins publish a new version.
 */
const staff = { 'federation-staff': 'federation', 'national-admin': 'all' } as const;
/** Every role with a member profile (national admins have none: they neither apply nor vote). */
const membersOnly = (): PermissionRule => {
  const { 'national-admin': _national, ...rest } = allRoles('self');
  return rest;
};
export const investituresPermissions = definePermissions({
  'designation.read': allRoles('federation', { 'national-admin': 'all' }),
  'designation.manage': staff,
  'candidacy.apply': membersOnly(),
  'candidacy.read': allRoles('self', staff),
  'candidacy.check': staff,
  'pledge.read': allRoles('all'),
  'pledge.write': { 'national-admin': 'all' },
  'vote.cast': membersOnly(),
  'results.read': allRoles('federation', { 'national-admin': 'all' }),
  'parity.read': staff,
  'indicators.read': staff,
  'criteria.manage': staff,
});

export const { can, scopeOf } = investituresPermissions;

/** National admins run national designations and act everywhere. */
export const isNational = (actor: Actor) => actor.role === 'national-admin';
