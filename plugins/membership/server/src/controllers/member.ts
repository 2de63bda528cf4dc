import type { Core } from '@strapi/strapi';
import { actorOf, fieldError, ForbiddenError, NotFoundError, pageMeta, parseInput, todayInParis, type Role } from '@intranet-militant/shared';
import { changeMemberRole } from '../commands/change-member-role';
import { changeMemberStatus } from '../commands/change-member-status';
import { createMember } from '../commands/create-member';
import { updateMember } from '../commands/update-member';
import { can, membershipPermissions } from '../permissions';
import { presentMember, subjectOfMember } from '../presenters';
import { eligibilityQuery, memberInput, memberListQuery, memberUpdate, roleChange, statusChange } from '../validation/schemas';

/** Members by their status as it stands today (a suspension past its end counts as active). */
function statusFilter(status: 'active' | 'suspended' | 'excluded', today: string) {
  const expired = { membershipStatus: 'suspended', suspendedUntil: { $lt: today } };
  if (status === 'active') return { $or: [{ membershipStatus: 'active' }, expired] };
  if (status === 'suspended') {
    return { membershipStatus: 'suspended', $or: [{ suspendedUntil: { $null: true } }, { suspendedUntil: { $gte: today } }] };
  }
  return { membershipStatus: 'excluded' };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const directory = () => strapi.plugin('membership').service('directory');

  /** Loads a member the actor may act on with `action`, or answers 404/403. */
  async function memberFor(ctx: any, action: 'member.read' | 'eligibility.read') {
    const member = await directory().memberByDocumentId(ctx.params.id);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    if (!can(actorOf(ctx), action, subjectOfMember(member))) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre périmètre.');
    }
    return member;
  }

  return {
    async find(ctx: any) {
      const actor = actorOf(ctx);
      const query = parseInput(memberListQuery, ctx.query, 'Recherche invalide.');
      const where: Record<string, unknown>[] = [];
      const scope = membershipPermissions.scopeOf(actor, 'member.list');
      if (scope === 'federation') where.push({ federation: { id: actor.federationId ?? -1 } });
      if (scope === 'section') where.push({ section: { id: actor.sectionId ?? -1 } });
      if (query.federation) {
        const federation = await directory().federationByDocumentId(query.federation);
        if (!federation) throw fieldError('federation', 'Fédération inconnue.');
        if (scope !== 'all' && federation.id !== actor.federationId) {
          throw new ForbiddenError('Vous ne consultez que les adhérents de votre fédération.');
        }
        where.push({ federation: { id: federation.id } });
      }
      if (query.section) where.push({ section: { documentId: query.section } });
      if (query.status) where.push(statusFilter(query.status, todayInParis()));
      if (query.q) {
        where.push({
          $or: [
            { lastName: { $containsi: query.q } },
            { firstName: { $containsi: query.q } },
            { membershipNumber: { $containsi: query.q } },
          ],
        });
      }
      const { results, total } = await directory().listMembers({ $and: where }, query.page, query.pageSize);
      ctx.body = {
        data: results.map(presentMember),
        meta: pageMeta(query.page, query.pageSize, total),
      };
    },

    async findOne(ctx: any) {
      ctx.body = { data: presentMember(await memberFor(ctx, 'member.read')) };
    },

    async create(ctx: any) {
      const input = parseInput(memberInput, ctx.request.body);
      const member = await createMember(strapi, actorOf(ctx), input);
      ctx.status = 201;
      ctx.body = { data: presentMember(await directory().memberByDocumentId(member.documentId)) };
    },

    async update(ctx: any) {
      const input = parseInput(memberUpdate, ctx.request.body);
      ctx.body = { data: presentMember(await updateMember(strapi, actorOf(ctx), ctx.params.id, input)) };
    },

    async changeStatus(ctx: any) {
      const input = parseInput(statusChange, ctx.request.body);
      ctx.body = { data: presentMember(await changeMemberStatus(strapi, actorOf(ctx), ctx.params.id, input)) };
    },

    async changeRole(ctx: any) {
      const { role } = parseInput(roleChange, ctx.request.body);
      ctx.body = { data: presentMember(await changeMemberRole(strapi, actorOf(ctx), ctx.params.id, role as Role)) };
    },

    async eligibility(ctx: any) {
      const query = parseInput(eligibilityQuery, ctx.query, 'Paramètres invalides.');
      const member = await memberFor(ctx, 'eligibility.read');
      ctx.body = { data: await strapi.plugin('membership').service('eligibility').ofMember(member.id, query) };
    },
  };
};
