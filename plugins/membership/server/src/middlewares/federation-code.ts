import type { Core } from '@strapi/strapi';
import { ENTRY_WRITES, getService, writtenDocumentId } from '@intranet-militant/shared';

/**
 * Federation-scoped content types carry their federation's department code in a plain
 * `federationCode` column, kept here in step with the relation it comes from. The admin
 * panel's permission conditions compare that column: the Content Manager checks
 * conditions against entries it has not populated, so a condition through relations
 * (`member.federation.departmentCode`) would fail on them.
 */
export function registerFederationCodes(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const scope = getService(strapi, 'membership', 'admin-scope');
    if (!ENTRY_WRITES.has(context.action) || !scope.storesFederationCode(context.uid)) return next();
    return strapi.db.transaction(async () => {
      const result = await next();
      const documentId = writtenDocumentId(context, result);
      if (documentId) await scope.refreshFederationCode(context.uid, documentId);
      return result;
    });
  });
}
