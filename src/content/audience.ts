import { addresses, audienceClauses, audienceFilter as filterOf, type Actor, type AudienceTarget } from '@intranet-militant/shared';

export { audienceOf as targetOf } from '@intranet-militant/shared';

/**
 * Who reads intranet content (documents, news): the members it is addressed to, plus the
 * staff of a federation for its sections' content, and national admins for everything
 * (the shared audience rule, `reader` reach).
 */
export function canRead(actor: Actor, target: AudienceTarget): boolean {
  return addresses(actor, target, 'reader');
}

/** The same rule as a query filter, so that lists, counts and pages stay right. */
export function audienceFilter(actor: Actor): Record<string, unknown> {
  return filterOf(audienceClauses(actor, 'reader'));
}
