import type { Core } from '@strapi/strapi';
import { actorOf, NotFoundError, parseInput } from '@intranet-militant/shared';
import { buildSynthesis, editSynthesis } from '../commands/compose-synthesis';
import { seesSynthesis } from '../services/views';
import { synthesisBuild, synthesisUpdate } from '../validation/schemas';
import { reading, refuse } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');

  async function visible(ctx: any) {
    const { c, staff } = await reading(strapi, ctx);
    if (!seesSynthesis(c, staff)) refuse('La synthèse est publiée à l’ouverture du vote.');
    const synthesis = await views().synthesis(c);
    if (!synthesis) throw new NotFoundError('La synthèse n’est pas encore composée.');
    return { c, synthesis };
  }

  return {
    async show(ctx: any) {
      ctx.body = { data: (await visible(ctx)).synthesis };
    },

    async build(ctx: any) {
      const input = parseInput(synthesisBuild, ctx.request.body);
      await buildSynthesis(strapi, actorOf(ctx), ctx.params.id, input);
      ctx.status = 201;
      ctx.body = { data: (await visible(ctx)).synthesis };
    },

    async edit(ctx: any) {
      const input = parseInput(synthesisUpdate, ctx.request.body);
      await editSynthesis(strapi, actorOf(ctx), ctx.params.id, input);
      ctx.body = { data: (await visible(ctx)).synthesis };
    },

    /** The synthesis as a printable page, with where each part came from. */
    async print(ctx: any) {
      const { c } = await visible(ctx);
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.body = await strapi.plugin('consultations').service('exports').printable(c);
    },
  };
};
