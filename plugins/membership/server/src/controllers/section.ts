import type { Core } from '@strapi/strapi';
import { actorOf, type RouteContext } from '@intranet-militant/shared';
import { createSection, renameSection } from '../commands/save-section';
import { presentSection } from '../presenters';
import { sectionsOfFederation } from '../queries/federations';
import { inputs } from '../validation/schemas';

type Input<A extends keyof typeof inputs.section> = RouteContext<(typeof inputs.section)[A]>;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Input<'find'>) {
    const sections = await sectionsOfFederation(strapi, actorOf(ctx), ctx.state.input.params.id);
    ctx.body = { data: sections.map(presentSection), meta: { total: sections.length } };
  },

  async create(ctx: Input<'create'>) {
    const { params, body } = ctx.state.input;
    const section = await createSection(strapi, actorOf(ctx), params.id, body);
    ctx.status = 201;
    ctx.body = { data: presentSection(section) };
  },

  async update(ctx: Input<'update'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentSection(await renameSection(strapi, actorOf(ctx), params.id, body)) };
  },
});
