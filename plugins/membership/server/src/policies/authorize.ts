import type { Core } from '@strapi/strapi';
import type { RequestWithActor } from '../services/actors';
import { ForbiddenError, getService, roleMayAttempt, type PermissionRule } from '@intranet-militant/shared';

/**
 * First gate of every intranet route: resolves the caller's actor, refuses members whose
 * membership has ended, and refuses roles the route's rule does not name. Whether the
 * actor may act on the particular subject is decided later, by the command.
 */
export default async (
  policyContext: RequestWithActor,
  config: { rule: PermissionRule },
  { strapi }: { strapi: Core.Strapi }
) => {
  const actor = await getService(strapi, 'membership', 'actors').forRequest(policyContext);
  if (actor.status === 'excluded') {
    throw new ForbiddenError('Votre adhésion a pris fin : l’accès à l’intranet vous est fermé.');
  }
  if (!roleMayAttempt(config.rule, actor.role)) {
    throw new ForbiddenError('Votre rôle ne vous permet pas cette action.');
  }
  return true;
};
