import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import { changeMemberStatus } from '../commands/change-member-status';
import { presentMember } from '../presenters';
import { adminActorForMember } from '../queries/members';
import type { AdminUser } from '../services/admin-scope';
import { inputs } from '../validation/schemas';

/**
 * The admin panel's door to the member commands the Content Manager cannot express (the
 * status fields are read-only there): the same command as `POST /api/membership/members/:id/status`,
 * with the admin-panel user acting as the staff of the member's federation.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async changeStatus(ctx: RouteContext<typeof inputs.member.changeStatus>) {
    const { params, body } = ctx.state.input;
    const actor = await adminActorForMember(strapi, ctx.state.user as AdminUser, params.id);
    ctx.body = { data: presentMember(await changeMemberStatus(strapi, actor, params.id, body)) };
  },
});
