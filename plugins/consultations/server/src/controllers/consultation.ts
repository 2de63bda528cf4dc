import type { Core } from '@strapi/strapi';
import { actorOf, pageMeta, parseInput, ROLES, type Actor } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { createConsultation, updateConsultation } from '../commands/save-consultation';
import { CONSULTATION_POPULATE } from '../services/consultations';
import { CONSULTATION_UID } from '../uids';
import { advanceInput, consultationInput, consultationUpdate, listQuery } from '../validation/schemas';
import { reading, running } from './context';

/** The consultations addressed to the actor once published, and those they run, as a query. */
function visibleTo(actor: Actor): Record<string, unknown> {
  if (actor.role === ROLES.nationalAdmin) return {};
  const none = -1;
  const addressed = {
    phase: { $ne: 'draft' },
    $or: [
      { audience: 'national' },
      { audience: 'federation', federation: { id: actor.federationId ?? none } },
      { audience: 'section', section: { id: actor.sectionId ?? none } },
    ],
  };
  return actor.role === ROLES.federationStaff ? { $or: [addressed, { federation: { id: actor.federationId ?? none } }] } : addressed;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');

  return {
    /** The consultations addressed to me (and, for staff, the ones they run), newest first. */
    async find(ctx: any) {
      const actor = actorOf(ctx);
      const query = parseInput(listQuery, ctx.query, 'Paramètres invalides.');
      const where = visibleTo(actor);
      const [rows, total] = await Promise.all([
        strapi.db.query(CONSULTATION_UID).findMany({
          where,
          populate: CONSULTATION_POPULATE,
          orderBy: [{ opensAt: 'desc' }, { id: 'desc' }],
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        }),
        strapi.db.query(CONSULTATION_UID).count({ where }),
      ]);
      const clock = strapi.plugin('consultations').service('clock');
      const page = [];
      for (const c of rows) page.push(views().summary(await clock.settle(c)));
      ctx.body = { data: page, meta: pageMeta(query.page, query.pageSize, total) };
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
