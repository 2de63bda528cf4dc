import type { Core } from '@strapi/strapi';
import { actorOf, ForbiddenError, NotFoundError, parseInput, z } from '@intranet-militant/shared';
import { setModuleState } from '../commands/set-module-state';
import { modulePermissions } from '../permissions';

const switchInput = z.strictObject({
  enabled: z.boolean({ error: '« enabled » vaut true (activer) ou false (désactiver).' }),
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function federationOf(ctx: any) {
    const federation = await strapi.plugin('membership').service('directory').federationByDocumentId(ctx.params.id);
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    return federation;
  }

  return {
    async find(ctx: any) {
      const federation = await federationOf(ctx);
      if (!modulePermissions.can(actorOf(ctx), 'module.read', { federationId: federation.id })) {
        throw new ForbiddenError('Vous ne consultez que les modules de votre fédération.');
      }
      ctx.body = { data: await strapi.plugin('modules').service('switches').statesOf(federation.id) };
    },

    async update(ctx: any) {
      const { enabled } = parseInput(switchInput, ctx.request.body);
      const federation = await federationOf(ctx);
      ctx.body = { data: await setModuleState(strapi, actorOf(ctx), federation, ctx.params.module, enabled) };
    },
  };
};
