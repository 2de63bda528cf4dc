import { allRoles, definePermissions } from '@intranet-militant/shared';

/**
 * Every member learns (which courses they may take is the course's business: its level
 * and public); staff follow their federation's courses, assign sponsors, read statistics.
 */
export const trainingPermissions = definePermissions({
  'course.read': allRoles('all'),
  'course.learn': allRoles('self'),
  'sponsorship.read-own': allRoles('self'),
  'sponsorship.manage': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'statistics.read': { 'federation-staff': 'federation', 'national-admin': 'all' },
  /** Trainers suggested for a course by « Compétences et réseaux » (its matching): staff. */
  'trainer.suggest': { 'federation-staff': 'federation', 'national-admin': 'all' },
});

export const { can } = trainingPermissions;
