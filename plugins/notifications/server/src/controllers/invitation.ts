import type { Core } from '@strapi/strapi';
import { actorOf, type PublicRouteContext, type RouteContext } from '@intranet-militant/shared';
import { activateAccount } from '../commands/activate';
import { resendInvitation } from '../commands/invitations';
import { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async activate(ctx: PublicRouteContext<typeof inputs.activate>) {
    ctx.body = { data: await activateAccount(strapi, ctx.state.input.body) };
  },

  async resend(ctx: RouteContext<typeof inputs.resend>) {
    ctx.body = { data: await resendInvitation(strapi, actorOf(ctx), ctx.state.input.params.memberId) };
  },
});
