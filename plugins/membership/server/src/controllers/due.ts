import type { Core } from '@strapi/strapi';
import { actorOf, ForbiddenError, NotFoundError, parseInput } from '@intranet-militant/shared';
import { cancelDue, recordDue } from '../commands/record-due';
import { can } from '../permissions';
import { presentDue, subjectOfMember } from '../presenters';
import { dueCancel, dueInput } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const directory = strapi.plugin('membership').service('directory');
    const member = await directory.memberByDocumentId(ctx.params.id);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    if (!can(actorOf(ctx), 'due.read', subjectOfMember(member))) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre périmètre.');
    }
    const dues = await directory.duesOf(member.id);
    ctx.body = { data: dues.map(presentDue), meta: { total: dues.length } };
  },

  async create(ctx: any) {
    const input = parseInput(dueInput, ctx.request.body);
    const due = await recordDue(strapi, actorOf(ctx), ctx.params.id, input);
    ctx.status = 201;
    ctx.body = { data: presentDue(due) };
  },

  async cancel(ctx: any) {
    const { reason } = parseInput(dueCancel, ctx.request.body);
    ctx.body = { data: presentDue(await cancelDue(strapi, actorOf(ctx), ctx.params.id, reason)) };
  },
});
