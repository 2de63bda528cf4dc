import { ROLES, type Actor } from '@intranet-militant/shared';

/**
 * Who reads intranet content (documents, news): national content is for every member,
 * federation content for its members, section content for the section's members and
 * its federation's staff. National admins read everything.
 */
export type Audience = 'national' | 'federation' | 'section';

export interface AudienceTarget {
  audience: Audience;
  federationId: number | null;
  sectionId: number | null;
}

export function canRead(actor: Actor, target: AudienceTarget): boolean {
  if (actor.role === ROLES.nationalAdmin) return true;
  switch (target.audience) {
    case 'national':
      return true;
    case 'federation':
      return actor.federationId != null && target.federationId === actor.federationId;
    case 'section':
      return (
        (actor.sectionId != null && target.sectionId === actor.sectionId) ||
        (actor.role === ROLES.federationStaff && actor.federationId != null && target.federationId === actor.federationId)
      );
    default:
      return false;
  }
}

/** The same rule as a query filter, so that lists, counts and pages stay right. */
export function audienceFilter(actor: Actor): Record<string, unknown> {
  if (actor.role === ROLES.nationalAdmin) return {};
  const none = -1; // matches no row: an actor without federation or section sees national content only
  const either: Record<string, unknown>[] = [
    { audience: 'national' },
    { audience: 'federation', federation: { id: actor.federationId ?? none } },
    { audience: 'section', section: { id: actor.sectionId ?? none } },
  ];
  if (actor.role === ROLES.federationStaff) either.push({ audience: 'section', federation: { id: actor.federationId ?? none } });
  return { $or: either };
}

export function targetOf(entry: { audience: Audience; federation?: { id: number } | null; section?: { id: number } | null }): AudienceTarget {
  return { audience: entry.audience, federationId: entry.federation?.id ?? null, sectionId: entry.section?.id ?? null };
}
