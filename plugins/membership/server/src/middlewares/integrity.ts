import type { Core } from '@strapi/strapi';
import {
  ConflictError,
  ENTRY_WRITES,
  fieldError,
  MEMBER_JOINED,
  todayInParis,
  updatedDocumentId,
  yearOf,
  violatesUniqueIndex,
  writtenDocumentId,
  type UniqueIndex,
} from '@intranet-militant/shared';
import { DUE_UID, FEDERATION_UID, MEMBER_UID, SECTION_UID, USER_UID } from '../uids';

/**
 * Invariants of membership data, enforced on every write whatever its origin (the API's
 * commands or the admin panel's Content Manager), inside a transaction so that a refused
 * write leaves nothing behind. Duplicates stopped by a unique index get a French 409.
 */

const UNIQUE_INDEXES: { index: UniqueIndex; conflict: () => ConflictError }[] = [
  {
    index: { name: 'membership_members_number_uq', table: 'membership_members', columns: ['membership_number'] },
    conflict: () => new ConflictError('Ce numéro d’adhérent est déjà attribué.', { field: 'membershipNumber' }),
  },
  {
    index: { name: 'membership_dues_member_year_uq', table: 'membership_dues', columns: ['member_year'] },
    conflict: () => new ConflictError('La cotisation de cette année est déjà enregistrée pour cet adhérent.', { field: 'year' }),
  },
  {
    index: { name: 'membership_sections_name_uq', table: 'membership_sections', columns: ['name_key'] },
    conflict: () => new ConflictError('Une section porte déjà ce nom dans cette fédération.', { field: 'name' }),
  },
  {
    index: { name: 'membership_federations_code_uq', table: 'membership_federations', columns: ['department_code'] },
    conflict: () => new ConflictError('Ce département a déjà sa fédération.', { field: 'departmentCode' }),
  },
  {
    index: { name: 'membership_federations_name_uq', table: 'membership_federations', columns: ['name'] },
    conflict: () => new ConflictError('Une fédération porte déjà ce nom.', { field: 'name' }),
  },
];

const WATCHED = new Set<string>([FEDERATION_UID, SECTION_UID, MEMBER_UID, DUE_UID]);

export function translateUniqueViolation(error: unknown): unknown {
  const known = UNIQUE_INDEXES.find(({ index }) => violatesUniqueIndex(error, index));
  return known ? known.conflict() : error;
}

export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (!WATCHED.has(context.uid) || !ENTRY_WRITES.has(context.action)) return next();
    try {
      return await strapi.db.transaction(async () => {
        const updated = updatedDocumentId(context);
        const previous = updated ? await strapi.db.query(context.uid).findOne({ where: { documentId: updated } }) : null;
        const result: any = await next();
        const documentId = writtenDocumentId(context, result);
        if (documentId) await CHECKS[context.uid]?.(strapi, documentId, previous);
        return result;
      });
    } catch (error) {
      throw translateUniqueViolation(error);
    }
  });
}

const CHECKS: Record<string, (strapi: Core.Strapi, documentId: string, previous: any) => Promise<void>> = {
  async [FEDERATION_UID](strapi, documentId, previous) {
    const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { documentId } });
    // Its staff's admin-panel role follows the federation's name and code.
    const scope = strapi.plugin('membership').service('admin-scope');
    if (!previous || previous.name !== federation.name || previous.departmentCode !== federation.departmentCode) {
      await scope.ensureFederationRole(federation, previous?.departmentCode);
    }
    if (previous && previous.departmentCode !== federation.departmentCode) {
      await scope.refreshDependents(FEDERATION_UID, federation.id);
    }
  },

  async [SECTION_UID](strapi, documentId) {
    const section = await strapi.db.query(SECTION_UID).findOne({ where: { documentId }, populate: ['federation'] });
    if (!section?.federation) throw fieldError('federation', 'Une section doit être rattachée à une fédération.');
    const nameKey = `${section.federation.id}:${section.name.trim().toLowerCase()}`;
    if (section.nameKey !== nameKey) await strapi.db.query(SECTION_UID).update({ where: { id: section.id }, data: { nameKey } });
  },

  async [MEMBER_UID](strapi, documentId, previous) {
    const member = await strapi.db.query(MEMBER_UID).findOne({
      where: { documentId },
      populate: { federation: true, section: { populate: ['federation'] }, user: { select: ['id', 'blocked'] } },
    });
    if (!member.federation) throw fieldError('federation', 'Un adhérent doit être rattaché à une fédération.');
    if (member.joinedOn > todayInParis()) throw fieldError('joinedOn', 'La date d’adhésion ne peut pas être dans le futur.');
    if (member.section && member.section.federation?.id !== member.federation.id) {
      throw fieldError('section', `La section « ${member.section.name} » n’appartient pas à la fédération ${member.federation.name}.`);
    }
    if (member.membershipStatus !== 'active' && !member.statusReason?.trim()) {
      throw fieldError('statusReason', 'Indiquez le motif de la suspension ou de l’exclusion.');
    }
    if (member.membershipStatus !== 'suspended' && member.suspendedUntil) {
      await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { suspendedUntil: null } });
    }
    const statusChanged = previous ? previous.membershipStatus !== member.membershipStatus : member.membershipStatus !== 'active';
    if (statusChanged && (!member.statusChangedOn || member.statusChangedOn === previous?.statusChangedOn)) {
      await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { statusChangedOn: todayInParis() } });
    }
    if (member.user) {
      const owner = await strapi.db.query(MEMBER_UID).count({ where: { user: { id: member.user.id }, id: { $ne: member.id } } });
      if (owner > 0) throw fieldError('user', 'Ce compte est déjà lié à un autre adhérent.');
      // An excluded member's account is closed; any other status keeps it open.
      const blocked = member.membershipStatus === 'excluded';
      if (member.user.blocked !== blocked) {
        await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { blocked } });
      }
      // Their admin-panel account (same address) stops at once; only a national admin reopens it.
      if (member.membershipStatus !== 'active' && statusChanged) {
        const account = await strapi.db.query(USER_UID).findOne({ where: { id: member.user.id }, select: ['email'] });
        await strapi.db.query('admin::user').updateMany({ where: { email: { $eqi: account.email }, isActive: true }, data: { isActive: false } });
      }
    }
    // Other plugins greet newcomers (training's welcome path), in this same transaction.
    if (!previous) await strapi.eventHub.emit(MEMBER_JOINED, { memberId: member.id });
  },

  async [DUE_UID](strapi, documentId, previous) {
    const due = await strapi.db.query(DUE_UID).findOne({ where: { documentId }, populate: { member: { select: ['id'] } } });
    if (!due.member) throw fieldError('member', 'Une cotisation doit être rattachée à un adhérent.');
    const today = todayInParis();
    if (due.paidOn > today) throw fieldError('paidOn', 'La date de paiement ne peut pas être dans le futur.');
    if (due.year > yearOf(today) + 1) throw fieldError('year', `On ne règle pas de cotisation au-delà de ${yearOf(today) + 1}.`);
    if (!(due.amountCents > 0)) throw fieldError('amountCents', 'Le montant doit être positif.');
    if (due.cancelledOn && !due.cancelReason?.trim()) throw fieldError('cancelReason', 'Indiquez le motif de l’annulation.');
    if (previous?.cancelledOn && !due.cancelledOn) {
      throw fieldError('cancelledOn', 'Une cotisation annulée le reste : enregistrez-en une nouvelle.');
    }
    const memberYear = due.cancelledOn ? null : `${due.member.id}:${due.year}`;
    if (due.memberYear !== memberYear) {
      await strapi.db.query(DUE_UID).update({ where: { id: due.id }, data: { memberYear } });
    }
  },
};
