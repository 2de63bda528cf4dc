import { addresses, type Actor, type AudienceTarget } from '@intranet-militant/shared';

export { audienceOf as targetOf } from '@intranet-militant/shared';

/**
 * Who reads intranet content (documents, news): the members it is addressed to, plus the
 * staff of a federation for its sections' content, and national admins for everything
 * (the shared audience rule, `reader` reach). Lists apply the same rule in SQL
 * (`audienceSql`, src/content/reading-queries.ts).
 */
export function canRead(actor: Actor, target: AudienceTarget): boolean {
  return addresses(actor, target, 'reader');
}
