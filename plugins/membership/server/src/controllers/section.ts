import type { Core } from '@strapi/strapi';
import { actorOf, ForbiddenError, NotFoundError, parseInput } from '@intranet-militant/shared';
import { createSection, renameSection } from '../commands/save-section';
import { can } from '../permissions';
import { presentSection } from '../presenters';
import { sectionInput } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const directory = strapi.plugin('membership').service('directory');
    const federation = await directory.federationByDocumentId(ctx.params.id);
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    if (!can(actorOf(ctx), 'section.read', { federationId: federation.id })) {
      throw new ForbiddenError('Vous ne consultez que les sections de votre fédération.');
    }
    const sections = await directory.sectionsOf(federation.id);
    ctx.body = { data: sections.map(presentSection), meta: { total: sections.length } };
  },

  async create(ctx: any) {
    const input = parseInput(sectionInput, ctx.request.body);
    const section = await createSection(strapi, actorOf(ctx), ctx.params.id, input);
    ctx.status = 201;
    ctx.body = { data: presentSection(section) };
  },

  async update(ctx: any) {
    const input = parseInput(sectionInput, ctx.request.body);
    const section = await renameSection(strapi, actorOf(ctx), ctx.params.id, input);
    ctx.body = { data: presentSection(section) };
  },
});
