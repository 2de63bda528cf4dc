import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import type { SectionRow } from '../services/directory';
import { can } from '../permissions';
import { FEDERATION_UID, SECTION_UID } from '../uids';

/**
 * Opens a section in a federation (its staff, or national admins).
 * @throws NotFoundError (404) for an unknown federation, ForbiddenError (403) for another
 *         federation, ConflictError (409) when the federation has a section of that name.
 */
export async function createSection(strapi: Core.Strapi, actor: Actor, federationDocumentId: string, input: { name: string }): Promise<SectionRow> {
  return strapi.db.transaction(async () => {
    const federation = await strapi.documents(FEDERATION_UID).findOne({ documentId: federationDocumentId });
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    if (!can(actor, 'section.write', { federationId: federation.id as number })) {
      throw new ForbiddenError('Vous ne gérez les sections que de votre fédération.');
    }
    await assertSectionNameFree(strapi, federation.id as number, input.name);
    const section = await strapi.documents(SECTION_UID).create({
      data: { name: input.name, federation: federation.documentId } as any,
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.section.create',
      subject: { type: SECTION_UID, id: section.documentId },
      federationId: federation.id as number,
      details: { name: input.name },
    });
    return getService(strapi, 'membership', 'directory').sectionById(section.id as number);
  });
}

/**
 * Renames a section (its federation's staff, or national admins).
 * @throws NotFoundError (404) for an unknown section and, alike, another federation's;
 *         ForbiddenError (403) for one the actor reads but may not manage (a secretary);
 *         ConflictError (409) as `createSection`.
 */
export async function renameSection(strapi: Core.Strapi, actor: Actor, documentId: string, input: { name: string }): Promise<SectionRow> {
  return strapi.db.transaction(async () => {
    const section: SectionRow | null = await getService(strapi, 'membership', 'directory').sectionByDocumentId(documentId);
    const federationId = section?.federation?.id ?? null;
    // Another federation's section looks absent (sections are read within one's federation).
    if (!section || !can(actor, 'section.read', { federationId })) throw new NotFoundError('Section introuvable.');
    if (!can(actor, 'section.write', { federationId })) throw new ForbiddenError('Vous ne gérez les sections que de votre fédération.');
    await assertSectionNameFree(strapi, federationId, input.name, section.id);
    await strapi.documents(SECTION_UID).update({ documentId, data: { name: input.name } as any });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.section.update',
      subject: { type: SECTION_UID, id: documentId },
      federationId,
      details: { before: section.name, after: input.name },
    });
    return getService(strapi, 'membership', 'directory').sectionById(section.id);
  });
}

async function assertSectionNameFree(strapi: Core.Strapi, federationId: number | null, name: string, exceptId?: number) {
  const clash = await strapi.db.query(SECTION_UID).findOne({
    where: { federation: { id: federationId }, name: { $eqi: name }, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
  });
  if (clash) throw new ConflictError(`Une section s’appelle déjà « ${clash.name} » dans cette fédération.`, { field: 'name' });
}
