import type { Core } from '@strapi/strapi';
import { actorOf, type RouteContext } from '@intranet-militant/shared';
import { presentDue, presentMember } from '../presenters';
import { myMembership } from '../queries/members';
import { inputs } from '../validation/schemas';

/** « Mon adhésion » : my profile, my dues and whether I may take part today. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RouteContext<typeof inputs.me.show>) {
    const actor = actorOf(ctx);
    const { member, dues, eligibility } = await myMembership(strapi, actor);
    ctx.body = {
      data: { role: actor.role, member: member ? presentMember(member) : null, dues: dues.map(presentDue), eligibility },
    };
  },
});
