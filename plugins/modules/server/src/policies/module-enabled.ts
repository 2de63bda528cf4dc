import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { ForbiddenError, getService, ROLES } from '@intranet-militant/shared';

/**
 * Guards every route of a module: the caller's federation must have switched it on.
 * National admins act for every federation and pass, and so does the national conflicts
 * commission (a `conflicts-commission` account with no member profile: sanctions plugin).
 */
export default async (
  policyContext: { state: Record<string, any> },
  config: { module: string },
  { strapi }: { strapi: Core.Strapi }
) => {
  const actor = await getService(strapi, 'membership', 'actors').forRequest(policyContext);
  if (actor.role === ROLES.nationalAdmin) return true;
  if (actor.role === ROLES.conflictsCommission && actor.federationId == null && actor.memberId == null) return true;
  const manifest = getService(strapi, 'modules', 'registry').get(config.module);
  const label = manifest?.label ?? config.module;
  if (actor.federationId == null) {
    throw new ForbiddenError('Votre compte n’est rattaché à aucune fédération.', { module: config.module });
  }
  if (!manifest || !(await getService(strapi, 'modules', 'switches').isEnabled(actor.federationId, config.module))) {
    throw new ForbiddenError(`Le module « ${label} » n’est pas activé pour votre fédération.`, { module: config.module });
  }
  return true;
};
