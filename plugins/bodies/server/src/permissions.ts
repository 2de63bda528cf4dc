import { allRoles, definePermissions } from '@intranet-militant/shared';

/**
 * Who may attempt what in « Instances ». The subject of a body is where it lives
 * (`federationId`, `sectionId`; a national body has neither, so only national admins manage it).
 * - Bodies are read by the members of their scope (the audience rule, in the queries).
 * - Staff manage their federation's bodies, seats and meetings; a section secretary their section's.
 * - The secretariat (attendance, minutes) is the body's secretary — the member named as its
 *   secretariat or a seat holder with the role « secrétaire » — or those who manage the body:
 *   every role may attempt it, the command decides (`self`: the actor's own secretariat).
 * - Indicators: members of the body's scope see each seat holder's; a member their own history.
 */
export const bodiesPermissions = definePermissions({
  'body.read': allRoles('all'),
  'body.manage': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'secretariat.act': allRoles('self', { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' }),
  'indicator.read': allRoles('all'),
  /**
   * The activity report's files (CSV, PDF) and the composition of a body (aggregates of
   * staff-only data): the body's secretariat (`self`, decided in the query) and those who
   * manage it. The report's JSON is `body.read`.
   */
  'report.export': allRoles('self', { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' }),
  'composition.read': allRoles('self', { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' }),
});

export const { can, scopeOf } = bodiesPermissions;
