import type { Core } from '@strapi/strapi';
import { recordAudit } from '@intranet-militant/shared';
import { USER_UID } from '../uids';

const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/** Our content types (they declare `pluginOptions.intranet`) and the login accounts. */
function isAudited(strapi: Core.Strapi, uid: string): boolean {
  return uid === USER_UID || Boolean((strapi.contentTypes as any)[uid]?.pluginOptions?.intranet);
}

/**
 * Writes made in the admin panel (the Content Manager calls the Document Service with
 * an admin session): a federation-bound staff member may only write entries of their
 * federation, and every write is recorded in the audit log. Writes from the API go
 * through commands, which check and record themselves.
 */
export function registerAdminPanelGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (!WRITE_ACTIONS.has(context.action) || !isAudited(strapi, context.uid)) return next();
    const request: any = strapi.requestContext.get();
    if (request?.state?.auth?.strategy?.name !== 'admin' || !request.state.user) return next();
    const admin = request.state.user;
    const scope = strapi.plugin('membership').service('admin-scope');

    return strapi.db.transaction(async () => {
      const params = context.params as { documentId?: string; data?: Record<string, unknown> };
      const federationBefore = params.documentId ? await scope.federationIdOf(context.uid, params.documentId) : null;
      const result: any = await next();
      const documentId: string | undefined = result?.documentId ?? params.documentId;
      let federationId = federationBefore;
      if (context.action !== 'delete' && documentId) {
        await scope.assertWithinScope(admin, context.uid, documentId);
        federationId = (await scope.federationIdOf(context.uid, documentId)) ?? federationBefore;
      }
      await recordAudit(strapi, {
        actor: { kind: 'admin', id: admin.id, label: `${[admin.firstname, admin.lastname].filter(Boolean).join(' ')} <${admin.email}>` },
        action: `${context.uid}.${context.action}`,
        subject: { type: context.uid, id: documentId ?? null },
        federationId,
        details: { via: 'admin-panel', fields: Object.keys(params.data ?? {}).sort() },
      });
      return result;
    });
  });
}
