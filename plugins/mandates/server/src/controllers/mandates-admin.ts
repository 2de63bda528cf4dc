import type { Core } from '@strapi/strapi';
import type { RouteContext } from '@intranet-militant/shared';
import type { AdminUser } from '@intranet-militant/membership';
import { situationOfMandate } from '../queries/admin-situation';
import type { adminInput } from '../validation/schemas';

/** The admin panel's door to the rules: the side panel of a mandate's page (`queries/admin-situation.ts`). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async situation(ctx: RouteContext<typeof adminInput.situation>) {
    ctx.body = { data: await situationOfMandate(strapi, ctx.state.user as AdminUser, ctx.state.input.params.id) };
  },
});
