import type { Core, UID } from '@strapi/strapi';
import { ENTRY_WRITES, getService, recordAudit, truncateText, writtenDocumentId } from '@intranet-militant/shared';
import type { AdminUser } from '../services/admin-scope';
import { USER_UID } from '../uids';

const WRITE_ACTIONS = new Set([...ENTRY_WRITES, 'delete', 'publish', 'unpublish', 'discardDraft']);

const TRACKED_TYPES = new Set(['string', 'text', 'email', 'enumeration', 'integer', 'biginteger', 'decimal', 'float', 'boolean', 'date', 'datetime', 'uid']);

/** The plain values of an entry that an audit entry can show before and after (never secrets). */
async function plainValues(strapi: Core.Strapi, uid: string, documentId: string | undefined): Promise<Record<string, unknown>> {
  if (!documentId) return {};
  const attributes = strapi.contentTypes[uid as UID.ContentType].attributes as Record<string, { type: string }>;
  const row = await strapi.db.query(uid as UID.ContentType).findOne({ where: { documentId } });
  if (!row) return {};
  const values: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (!TRACKED_TYPES.has(attribute.type) || /token$/i.test(name)) continue; // passwords are not a tracked type
    const value = row[name];
    values[name] = typeof value === 'string' ? truncateText(value, 200) : value ?? null;
  }
  return values;
}

function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null)) {
      changes[field] = { before: before[field] ?? null, after: after[field] ?? null };
    }
  }
  return changes;
}

/** Our content types (they declare `pluginOptions.intranet`) and the login accounts. */
function isAudited(strapi: Core.Strapi, uid: string): boolean {
  return uid === USER_UID || Boolean((strapi.contentTypes[uid as UID.ContentType]?.pluginOptions as { intranet?: unknown } | undefined)?.intranet);
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
    const request = strapi.requestContext.get() as { state?: { auth?: { strategy?: { name?: string } }; user?: AdminUser } } | undefined;
    const admin = request?.state?.auth?.strategy?.name === 'admin' ? request.state.user : undefined;
    if (!admin) return next();
    const scope = getService(strapi, 'membership', 'admin-scope');

    return strapi.db.transaction(async () => {
      const params = context.params as { documentId?: string; data?: Record<string, unknown> };
      const federationBefore = params.documentId ? await scope.federationIdOf(context.uid, params.documentId) : null;
      const before = context.action === 'update' || context.action === 'delete' ? await plainValues(strapi, context.uid, params.documentId) : {};
      const result = await next();
      const documentId = writtenDocumentId(context, result) ?? params.documentId;
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
        details: {
          via: 'admin-panel',
          fields: Object.keys(params.data ?? {}).sort(),
          changes: changesBetween(before, context.action === 'delete' ? {} : await plainValues(strapi, context.uid, documentId)),
        },
      });
      return result;
    });
  });
}
