import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import { subjectOfMember } from '../presenters';
import { MEMBER_UID, USER_UID } from '../uids';
import type { MemberUpdate } from '../validation/schemas';
import { assertEmailFree, assertNotFuture, assertNumberFree, resolveFederation, resolveSection } from './member-rules';

/** Edits a member's profile; moving them to another federation is a national decision. */
export async function updateMember(strapi: Core.Strapi, actor: Actor, documentId: string, input: MemberUpdate) {
  return strapi.db.transaction(async () => {
    const directory = strapi.plugin('membership').service('directory');
    const member = await directory.memberByDocumentId(documentId);
    if (!member) throw new NotFoundError('Adhérent introuvable.');
    const before = subjectOfMember(member);
    if (!can(actor, 'member.update', before)) {
      throw new ForbiddenError('Cet adhérent ne relève pas de votre fédération ou de votre section.');
    }

    let federation = member.federation;
    if (input.federation !== undefined && input.federation !== federation?.documentId) {
      if (!can(actor, 'member.transfer', before)) {
        throw new ForbiddenError('Le changement de fédération relève de l’administration nationale.');
      }
      federation = await resolveFederation(strapi, actor, input.federation);
    }
    let section = member.section;
    if (input.section !== undefined) {
      section = input.section ? await resolveSection(strapi, input.section, federation) : null;
    } else if (federation?.id !== member.federation?.id) {
      section = null; // the old section belongs to the old federation
    }
    const after = { federationId: federation?.id ?? null, sectionId: section?.id ?? null, ownerUserId: before.ownerUserId };
    if (!can(actor, 'member.update', after)) {
      throw new ForbiddenError('Vous ne pouvez pas rattacher cet adhérent hors de votre périmètre.');
    }
    if (input.membershipNumber && input.membershipNumber !== member.membershipNumber) {
      await assertNumberFree(strapi, input.membershipNumber, member.id);
    }
    if (input.joinedOn) assertNotFuture('joinedOn', input.joinedOn, todayInParis(), 'La date d’adhésion');
    if (input.email && member.user && input.email !== member.user.email) {
      await assertEmailFree(strapi, input.email, member.user.id);
      await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { email: input.email, username: input.email } });
    }

    const { federation: _f, section: _s, email: _e, ...profile } = input;
    const changes = { ...profile, federation: federation?.id ?? null, section: section?.id ?? null };
    await strapi.documents(MEMBER_UID).update({ documentId, data: changes as any });

    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.member.update',
      subject: { type: MEMBER_UID, id: documentId },
      federationId: federation?.id ?? null,
      details: {
        changed: Object.keys(input),
        ...(after.federationId !== before.federationId ? { fromFederationId: before.federationId } : {}),
        ...(after.sectionId !== before.sectionId ? { fromSectionId: before.sectionId, toSectionId: after.sectionId } : {}),
      },
    });
    return directory.memberByDocumentId(documentId);
  });
}
