import type { Core } from '@strapi/strapi';
import { getService, type RouteContext } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { createConsultation, updateConsultation } from '../commands/save-consultation';
import { consultationDetail, consultationStatistics, listConsultations, openConsultations } from '../queries';
import type { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => getService(strapi, 'consultations', 'views');

  return {
    /** The consultations addressed to me (and, for staff, the ones they run), newest first. */
    async find(ctx: RouteContext<typeof inputs.list>) {
      ctx.body = await listConsultations(strapi, ctx.state.actor, ctx.state.input.query);
    },

    /** The open consultations addressed to me, each with what I still have to do (the portal's home card). */
    async open(ctx: RouteContext<typeof inputs.open>) {
      ctx.body = { data: await openConsultations(strapi, ctx.state.actor, ctx.state.input.query) };
    },

    async findOne(ctx: RouteContext<typeof inputs.consultation>) {
      ctx.body = { data: await consultationDetail(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },

    async create(ctx: RouteContext<typeof inputs.create>) {
      const c = await createConsultation(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.status = 201;
      ctx.body = { data: await views().detail(c, ctx.state.actor, true) };
    },

    async update(ctx: RouteContext<typeof inputs.update>) {
      const { params, body } = ctx.state.input;
      const c = await updateConsultation(strapi, ctx.state.actor, params.id, body);
      ctx.body = { data: await consultationDetail(strapi, ctx.state.actor, c.documentId) };
    },

    async advance(ctx: RouteContext<typeof inputs.advance>) {
      const { params, body } = ctx.state.input;
      const c = await advancePhase(strapi, ctx.state.actor, params.id, body.from);
      ctx.body = { data: await consultationDetail(strapi, ctx.state.actor, c.documentId) };
    },

    async statistics(ctx: RouteContext<typeof inputs.consultation>) {
      ctx.body = { data: await consultationStatistics(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
  };
};
