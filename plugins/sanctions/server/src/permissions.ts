import { allRoles, definePermissions, type Actor } from '@intranet-militant/shared';

/**
 * Who may attempt what in « Commission des conflits » (statutes, title « Discipline »).
 * Scopes on cases are decided by `accessOf` (queries/access.ts): the federation's
 * commission its federation's cases; the national commission (a `conflicts-commission`
 * account with no member profile) appeals and every federation; those who referred a case
 * its progress; the respondent their own file; nobody else learns it exists (404).
 * - Referral: federation staff, section secretaries, the commission itself.
 * - Confidential report (discrimination, harassment): any member (`self`).
 * - Published decisions and the scale: every role.
 * - Uniformity table: the commissions and national admins. A new scale version: national admins.
 */
export const sanctionsPermissions = definePermissions({
  'scale.read': allRoles('all'),
  'scale.write': { 'national-admin': 'all' },
  'case.refer': { 'section-secretary': 'section', 'federation-staff': 'federation', 'conflicts-commission': 'federation' },
  'case.report': allRoles('self'),
  'case.read': allRoles('self'),
  'case.instruct': { 'conflicts-commission': 'federation' },
  'case.defend': allRoles('self'),
  'decision.read': allRoles('all'),
  'uniformity.read': { 'conflicts-commission': 'all', 'national-admin': 'all' },
});

export const { can, scopeOf } = sanctionsPermissions;

/** The national commission: a `conflicts-commission` account without a member profile (so without federation). */
export const isNationalCommission = (actor: Actor) => actor.role === 'conflicts-commission' && actor.federationId == null && actor.memberId == null;

/** A federation's commission acting on that federation. */
export const isCommissionOf = (actor: Actor, federationId: number) => actor.role === 'conflicts-commission' && actor.federationId === federationId;
