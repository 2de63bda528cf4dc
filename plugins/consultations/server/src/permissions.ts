import { allRoles, definePermissions } from '@intranet-militant/shared';

const anyone = allRoles('all');
const staff = { 'federation-staff': 'federation', 'national-admin': 'all' } as const;

/**
 * Members take part (their eligibility and the consultation's audience decide whether
 * they may); the staff of the consultation's federation run it, national admins run
 * national ones and may act everywhere.
 */
export const consultationPermissions = definePermissions({
  'consultation.read': anyone,
  'consultation.manage': staff,
  'contribution.submit': anyone,
  'contribution.edit': allRoles('self'),
  'contribution.moderate': staff,
  'proposal.manage': staff,
  'grade.cast': anyone,
  'synthesis.manage': staff,
  'vote.cast': anyone,
  'results.read': anyone,
  'statistics.read': staff,
});

export const { can } = consultationPermissions;
export type ConsultationAction = keyof typeof consultationPermissions.table;
