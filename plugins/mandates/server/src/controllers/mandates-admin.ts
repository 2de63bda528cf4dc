import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, type RouteContext } from '@intranet-militant/shared';
import type { AdminUser } from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { situationOf } from '../queries/situation';
import { MANDATE_UID } from '../uids';
import type { adminInput } from '../validation/schemas';

/**
 * The admin panel's door to the rules (issue 16: the breaches shown in the admin panel): on a
 * mandate's page in the Content Manager, the situation of its official — the same query as
 * `GET /api/mandates/officials/:id/situation`, the admin-panel user acting as the staff of
 * the official's federation (another federation's mandate is refused by that query), and
 * refused, as the API is, when the federation has the module off.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `:id` a mandate's documentId → `{ data: situation }`. Throws 404 (unknown mandate), 403 (another federation, module off). */
  async situation(ctx: RouteContext<typeof adminInput.situation>) {
    const { params } = ctx.state.input;
    const mandate = await strapi.db.query(MANDATE_UID).findOne({ where: { documentId: params.id }, select: ['id'], populate: { member: { select: ['documentId'], populate: { federation: { select: ['id', 'departmentCode'] } } } } });
    if (!mandate?.member) throw new NotFoundError('Mandat introuvable.');
    const federation = mandate.member.federation;
    if (federation && !(await getService(strapi, 'modules', 'switches').isEnabled(federation.id, 'mandates'))) {
      throw new ForbiddenError('Le module « Élus et mandats » n’est pas activé pour cette fédération.', { module: 'mandates' });
    }
    const actor = await getService(strapi, 'membership', 'admin-scope').actorFor(ctx.state.user as AdminUser, federation?.departmentCode ?? null);
    ctx.body = { data: await situationOf(strapi, actor, mandate.member.documentId) };
  },
});
