import type { Core } from '@strapi/strapi';
import { pageMeta, type RouteContext } from '@intranet-militant/shared';
import * as events from '../commands/events';
import * as registrations from '../commands/registrations';
import * as views from '../queries/events';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** Input (parsed on the route) → one query or command → what the member may read. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const show = async (ctx: Ctx<'show'>, status = 200) => {
    ctx.status = status;
    ctx.body = { data: await views.showEvent(strapi, ctx.state.actor, ctx.state.input.params.id) };
  };
  return {
    async list(ctx: Ctx<'list'>) {
      const { data, total } = await views.listEvents(strapi, ctx.state.actor, ctx.state.input.query);
      ctx.body = { data, meta: pageMeta(ctx.state.input.query.page, ctx.state.input.query.pageSize, total) };
    },
    async show(ctx: Ctx<'show'>) {
      await show(ctx);
    },
    async create(ctx: Ctx<'create'>) {
      const row = await events.createEvent(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.status = 201;
      ctx.body = { data: await views.showEvent(strapi, ctx.state.actor, row.documentId) };
    },
    async update(ctx: Ctx<'update'>) {
      await events.updateEvent(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      await show(ctx);
    },
    async register(ctx: Ctx<'register'>) {
      await registrations.registerMember(strapi, ctx.state.actor, ctx.state.input.params.id);
      await show(ctx);
    },
    async unregister(ctx: Ctx<'unregister'>) {
      await registrations.cancelMember(strapi, ctx.state.actor, ctx.state.input.params.id);
      await show(ctx);
    },
    async registrations(ctx: Ctx<'registrations'>) {
      ctx.body = { data: await views.registrationsOf(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async checkIn(ctx: Ctx<'checkIn'>) {
      ctx.body = { data: await registrations.checkIn(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body) };
    },
    async report(ctx: Ctx<'report'>) {
      await events.writeReport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      await show(ctx);
    },
    async consultations(ctx: Ctx<'consultations'>) {
      ctx.body = { data: await views.consultationsFor(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async contribute(ctx: Ctx<'contribute'>) {
      await events.contributeReport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.consultation);
      await show(ctx);
    },
    async feedback(ctx: Ctx<'feedback'>) {
      ctx.body = { data: await events.giveFeedback(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body) };
    },
    async stats(ctx: Ctx<'stats'>) {
      ctx.body = { data: await views.statistics(strapi, ctx.state.actor, ctx.state.input.query) };
    },
  };
};
