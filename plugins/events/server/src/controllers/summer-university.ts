import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import * as su from '../commands/summer-university';
import * as views from '../queries/summer-university';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** The summer university: editions, sessions and workshops, delegations. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const edition = async (ctx: RouteContext<any>, documentId: string, status = 200) => {
    ctx.status = status;
    ctx.body = { data: await views.showEdition(strapi, ctx.state.actor, documentId) };
  };
  return {
    async editions(ctx: Ctx<'editions'>) {
      ctx.body = { data: await views.listEditions(strapi, ctx.state.actor) };
    },
    async createEdition(ctx: Ctx<'createEdition'>) {
      await edition(ctx, (await su.createEdition(strapi, ctx.state.actor, ctx.state.input.body)).documentId, 201);
    },
    async edition(ctx: Ctx<'edition'>) {
      await edition(ctx, ctx.state.input.params.id);
    },
    async addSession(ctx: Ctx<'addSession'>) {
      await su.addSession(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      await edition(ctx, ctx.state.input.params.id, 201);
    },
    async attend(ctx: Ctx<'attend'>) {
      const { session, state } = await su.attendSession(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: { session: session.documentId, registered: state === 'confirmed', state } };
    },
    async leave(ctx: Ctx<'leave'>) {
      const session = await su.leaveSession(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: { session: session.documentId, registered: false, state: null } };
    },
    async output(ctx: Ctx<'output'>) {
      const session = await su.recordOutput(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.text);
      ctx.body = { data: { session: session.documentId, outputOn: session.outputOn } };
    },
    async delegate(ctx: Ctx<'delegate'>) {
      await su.setDelegate(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: await views.delegation(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async delegation(ctx: Ctx<'delegation'>) {
      ctx.body = { data: await views.delegation(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async delegationCsv(ctx: Ctx<'delegationCsv'>) {
      const { filename, csv } = await views.delegationCsv(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.body = csv;
    },
  };
};
