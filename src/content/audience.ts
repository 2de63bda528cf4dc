import { belongsToAudience, ROLES, type Actor, type AudienceTarget } from '@intranet-militant/shared';

export { audienceOf as targetOf } from '@intranet-militant/shared';

/**
 * Who reads intranet content (documents, news): the members it is addressed to, plus the
 * staff of a federation for its sections' content, and national admins for everything.
 */
export function canRead(actor: Actor, target: AudienceTarget): boolean {
  if (actor.role === ROLES.nationalAdmin) return true;
  if (belongsToAudience(actor, target)) return true;
  return target.audience === 'section' && actor.role === ROLES.federationStaff && actor.federationId != null && target.federationId === actor.federationId;
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
