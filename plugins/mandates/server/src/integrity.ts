import type { Core } from '@strapi/strapi';
import { ConflictError, ENTRY_WRITES, fieldError, frenchDate, getService, todayInParis, updatedDocumentId, writtenDocumentId } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { checkEmployer, MANDATE_POPULATE, unknownTerritory, overlapConflict, overlapKeyOf, overlappingMandate, type MandateRow } from './commands/record-mandate';
import { addMonths } from './domain/compliance';
import { loadOfficialLists, territoryNameFor } from './domain/territories';
import { MANDATE_UID } from './uids';

/**
 * The API's rules for mandates written through the Document Service — the admin panel's
 * Content Manager, where federation staff manage their federation's mandates (membership's
 * admin-panel guard keeps them to members of their federation and audits the write). Inside
 * the write's transaction (a refusal undoes it): a category and a member; an official
 * territory code of the category's kind (400; the name as `territoryNameFor` gives it); the theoretical end after the start
 * (default: the category's term), the actual end after the start and not beyond it (400);
 * no overlapping mandate of the same category and territory (409 naming it; its id only when it
 * is of the same federation); an existing
 * mandate is only ended earlier, never moved (409); an employer only on a collaborator's
 * post, a member of the same federation (400/404). The mandate's federation is its
 * member's; entered by staff, it is verified.
 */
export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== MANDATE_UID || !ENTRY_WRITES.has(context.action)) return next();
    const updating = updatedDocumentId(context);
    return strapi.db.transaction(async () => {
      const before = updating ? ((await strapi.db.query(MANDATE_UID).findOne({ where: { documentId: updating }, populate: MANDATE_POPULATE })) as MandateRow | null) : null;
      const result = await next();
      const documentId = writtenDocumentId(context, result);
      if (!documentId) return result;
      await settleMandate(strapi, documentId, before);
      await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(MANDATE_UID, documentId);
      return result;
    });
  });
}

async function settleMandate(strapi: Core.Strapi, documentId: string, before: MandateRow | null) {
  const m = (await strapi.db.query(MANDATE_UID).findOne({ where: { documentId }, populate: MANDATE_POPULATE })) as MandateRow;
  if (!m.category) throw fieldError('category', 'Un mandat a une catégorie du catalogue.');
  if (!m.member) throw fieldError('member', 'Un mandat est détenu par un·e adhérent·e.');
  await loadOfficialLists();
  const territoryName = territoryNameFor(m.category.territoryKind, m.territoryCode, m.territoryName);
  if (!territoryName) throw unknownTerritory(m.category, m.territoryCode);
  const theoreticalEndOn = m.theoreticalEndOn ?? addMonths(m.startOn, m.category.termYears * 12);
  if (theoreticalEndOn <= m.startOn) throw fieldError('theoreticalEndOn', 'La fin prévue (exclue) vient après le début.');
  if (m.endOn && m.endOn <= m.startOn) throw fieldError('endOn', 'La fin effective (exclue) vient après le début.');
  if (m.endOn && m.endOn > theoreticalEndOn) throw fieldError('endOn', 'La fin effective ne dépasse pas la fin prévue.');
  if (before) {
    if (before.startOn !== m.startOn || before.theoreticalEndOn !== theoreticalEndOn || before.member?.id !== m.member.id || before.category?.id !== m.category.id || before.territoryCode !== m.territoryCode) {
      throw new ConflictError('Un mandat n’est jamais réécrit : mettez-y fin et enregistrez-en un autre.');
    }
    if (before.endOn && (!m.endOn || m.endOn > before.endOn)) throw new ConflictError(`Ce mandat prend déjà fin le ${frenchDate(before.endOn)}.`);
  }
  const key = overlapKeyOf(m.member.id, m.category, m.territoryCode);
  const member = await getService(strapi, 'membership', 'directory').memberById(m.member.id);
  const federationId = member?.federation?.id ?? null;
  const clash = await overlappingMandate(strapi, key, m.startOn, m.endOn ?? theoreticalEndOn, m.id);
  // The clashing mandate's id only when it is of the same federation: staff may not open another's.
  if (clash) throw overlapConflict(clash, !m.category.singleHolder || clash.member?.id === m.member.id, clash.federationRef === federationId);
  const employerRef = m.employer ? await checkEmployer(strapi, { id: m.member.id, federation: member?.federation ?? null }, m.category, m.employer) : null;
  const data: Record<string, unknown> = { employerRef, overlapKey: key, territoryName, theoreticalEndOn, federation: federationId, memberRef: m.member.id, federationRef: federationId, categoryCode: m.category.code };
  if (!before) Object.assign(data, { source: 'staff', verification: 'verified', verifiedOn: todayInParis() });
  await strapi.db.query(MANDATE_UID).update({ where: { id: m.id }, data });
}
