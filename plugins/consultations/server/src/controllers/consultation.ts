import type { Core } from '@strapi/strapi';
import { actorOf, belongsToAudience, pageMeta, parseInput } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { runs } from '../commands/checks';
import { createConsultation, updateConsultation } from '../commands/save-consultation';
import { CONSULTATION_POPULATE } from '../services/consultations';
import { CONSULTATION_UID } from '../uids';
import { advanceInput, consultationInput, consultationUpdate, listQuery } from '../validation/schemas';
import { reading, running } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');

  return {
    /** The consultations addressed to me (and, for staff, the ones they run), newest first. */
    async find(ctx: any) {
      const actor = actorOf(ctx);
      const query = parseInput(listQuery, ctx.query, 'Paramètres invalides.');
      const all = await strapi.db.query(CONSULTATION_UID).findMany({ populate: CONSULTATION_POPULATE, orderBy: [{ opensAt: 'desc' }, { id: 'desc' }] });
      const clock = strapi.plugin('consultations').service('clock');
      const visible = [];
      for (const c of all) {
        if (runs(actor, c) || (c.phase !== 'draft' && belongsToAudience(actor, { audience: c.audience, federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null }))) {
          visible.push(await clock.settle(c));
        }
      }
      const page = visible.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      ctx.body = { data: page.map((c) => views().summary(c)), meta: pageMeta(query.page, query.pageSize, visible.length) };
    },

    async findOne(ctx: any) {
      const { c, actor, staff } = await reading(strapi, ctx);
      ctx.body = { data: await views().detail(c, actor, staff) };
    },

    async create(ctx: any) {
      const input = parseInput(consultationInput, ctx.request.body);
      const c = await createConsultation(strapi, actorOf(ctx), input);
      ctx.status = 201;
      ctx.body = { data: await views().detail(c, actorOf(ctx), true) };
    },

    async update(ctx: any) {
      const input = parseInput(consultationUpdate, ctx.request.body);
      const c = await updateConsultation(strapi, actorOf(ctx), ctx.params.id, input);
      ctx.body = { data: await views().detail(c, actorOf(ctx), true) };
    },

    async advance(ctx: any) {
      const { from } = parseInput(advanceInput, ctx.request.body);
      const c = await advancePhase(strapi, actorOf(ctx), ctx.params.id, from);
      ctx.body = { data: await views().detail(c, actorOf(ctx), true) };
    },

    async statistics(ctx: any) {
      const { c } = await running(strapi, ctx);
      ctx.body = { data: await views().statistics(c) };
    },
  };
};
