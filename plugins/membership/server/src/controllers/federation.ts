import type { Core } from '@strapi/strapi';
import { actorOf, parseInput } from '@intranet-militant/shared';
import { createFederation } from '../commands/create-federation';
import { updateFederation } from '../commands/update-federation';
import { presentFederation } from '../presenters';
import { federationInput, federationUpdate } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const federations = await strapi.plugin('membership').service('directory').listFederations();
    ctx.body = { data: federations.map(presentFederation), meta: { total: federations.length } };
  },

  async create(ctx: any) {
    const input = parseInput(federationInput, ctx.request.body);
    const federation = await createFederation(strapi, actorOf(ctx), input);
    ctx.status = 201;
    ctx.body = { data: presentFederation(federation) };
  },

  async update(ctx: any) {
    const input = parseInput(federationUpdate, ctx.request.body);
    const federation = await updateFederation(strapi, actorOf(ctx), ctx.params.id, input);
    ctx.body = { data: presentFederation(federation) };
  },
});
