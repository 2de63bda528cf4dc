import { allRoles, definePermissions, withinScope, type Actor } from '@intranet-militant/shared';
import type { EventPlace, OrganiserLevel } from './domain/events';

/**
 * Who may attempt what in « Événements ». Scopes on an event are its organiser's place:
 * a section secretary organises and runs their section's events, federation staff their
 * federation's (sections included), national admins everything (national events included).
 * - Reading and registering: every member (which events they see: `visibleTo`).
 * - Organising (create, edit, registrants' list, check-in, report): staff per scope.
 * - Statistics: federation staff (their federation) and national admins.
 * - Summer university: national admins run editions and sessions; federation staff their delegation.
 */
export const eventsPermissions = definePermissions({
  'event.read': allRoles('self'),
  'event.register': allRoles('self'),
  'event.manage': { 'section-secretary': 'section', 'federation-staff': 'federation', 'national-admin': 'all' },
  'stats.read': { 'federation-staff': 'federation', 'national-admin': 'all' },
  /** The summer university: every member reads it and registers for sessions; national admins run it. */
  'su.read': allRoles('self'),
  'su.attend': allRoles('self'),
  'su.manage': { 'national-admin': 'all' },
  /** Each federation's organisers list its delegation (national admins: every federation's; the CSV for the host). */
  'su.delegation': { 'federation-staff': 'federation', 'national-admin': 'all' },
});

export const { can, scopeOf } = eventsPermissions;

/** Whether the actor runs an event organised at `level` in `place` (`event.manage` within its scope). */
export function manages(actor: Actor, level: OrganiserLevel, place: EventPlace): boolean {
  const scope = scopeOf(actor, 'event.manage');
  if (scope === 'all') return true;
  if (level === 'national') return false;
  if (level === 'federation' && scope === 'section') return false;
  return withinScope(scope, actor, { federationId: place.federationId, sectionId: place.sectionId });
}
