import type { Core } from '@strapi/strapi';
import { actorOf } from '@intranet-militant/shared';
import { presentDue, presentMember } from '../presenters';

/** « Mon adhésion » : my profile, my dues and whether I may take part today. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: any) {
    const actor = actorOf(ctx);
    const membership = strapi.plugin('membership');
    const member = actor.memberId ? await membership.service('directory').memberOfUser(actor.userId) : null;
    ctx.body = {
      data: {
        role: actor.role,
        member: member ? presentMember(member) : null,
        dues: member ? (await membership.service('directory').duesOf(member.id)).map(presentDue) : [],
        eligibility: member ? await membership.service('eligibility').ofMember(member.id) : null,
      },
    };
  },
});
