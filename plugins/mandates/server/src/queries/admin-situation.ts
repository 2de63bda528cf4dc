import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError } from '@intranet-militant/shared';
import type { AdminUser } from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { MANDATE_NOT_FOUND, readsOfficial } from '../commands/checks';
import { loadMandate } from '../commands/record-mandate';
import { situationOf } from './situation';

/**
 * The situation of a mandate's official, for the admin panel's side panel (issue 16: breaches
 * shown in the admin panel): the admin-panel user acts as the staff of the official's
 * federation (membership's `admin-scope.actorFor`), then `situationOf` applies the API's rule
 * (another federation's official: 404) — for an official who left the party too, unlike the
 * API's `GET /officials/:id/situation`: the mandate's record is kept (`mandates.records`). `mandateDocumentId` is a mandate's documentId.
 * Throws 404 (unknown mandate, or another federation's: the same answer, before anything else
 * could tell them apart), 403 (the module off for the official's federation, as the API's
 * module switch).
 */
export async function situationOfMandate(strapi: Core.Strapi, adminUser: AdminUser, mandateDocumentId: string) {
  const { official } = await loadMandate(strapi, mandateDocumentId);
  const federation = official.federation;
  const actor = await getService(strapi, 'membership', 'admin-scope').actorFor(adminUser, federation?.departmentCode ?? null);
  if (!readsOfficial(actor, official)) throw new NotFoundError(MANDATE_NOT_FOUND);
  if (federation && !(await getService(strapi, 'modules', 'switches').isEnabled(federation.id, 'mandates'))) {
    throw new ForbiddenError('Le module « Élus et mandats » n’est pas activé pour cette fédération.', { module: 'mandates' });
  }
  // The party's record of its officials (retention `mandates.records`): one who left is shown too.
  return situationOf(strapi, actor, official.documentId, undefined, { record: true });
}
