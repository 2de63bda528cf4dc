import { allRoles, definePermissions } from '@intranet-militant/shared';

const officers = { 'federation-staff': 'federation', 'national-admin': 'all' } as const;

/**
 * Who may attempt what in « Élus et mandats ». The subject of a mandate is its official:
 * their federation and their account (`ownerUserId`, for `self`).
 * - Members read the officials of their federation (public facts only: the queries).
 * - An official declares their own mandates and writes their reports (`self`); federation
 *   staff enter, end and verify the mandates of their federation's members; national admins all.
 * - The situation (every rule, waivers) is read by the official and those who manage them;
 *   the table of officials in breach by staff; counts per federation by national admins.
 * - Waivers and rule sets: national admins only (issue 16).
 * - Questions: members ask; the official answers (`self`); staff moderate.
 */
export const mandatesPermissions = definePermissions({
  'official.read': allRoles('all'),
  'mandate.record': allRoles('self', officers),
  'mandate.verify': { ...officers },
  'situation.read': allRoles('self', officers),
  'breaches.read': { ...officers },
  'counts.read': { 'national-admin': 'all' },
  'waiver.grant': { 'national-admin': 'all' },
  'rules.read': allRoles('all'),
  'rules.change': { 'national-admin': 'all' },
  'report.write': allRoles('self'),
  /** An official's public contact details (opt-in): theirs only. */
  'contact.edit': allRoles('self'),
  'question.ask': allRoles('all'),
  'question.answer': allRoles('self'),
  'question.moderate': { ...officers },
});

export const { can, scopeOf } = mandatesPermissions;
export type MandatesAction = keyof typeof mandatesPermissions.table;
