import type { Core, UID } from '@strapi/strapi';
import { amountRefusal, paidOnRefusal } from '../domain/dues';
import {
  ConflictError,
  emitEvent,
  ENTRY_WRITES,
  fieldError,
  hasVisibleCharacter,
  MEMBER_JOINED,
  MEMBER_MOVED,
  todayInParis,
  updatedDocumentId,
  yearOf,
  writtenDocumentId,
} from '@intranet-militant/shared';
import { applyFederationEffects, applyStatusEffects, effectsAreExplicit } from '../commands/membership-effects';
import { leftMemberChangeRefusal, leftMemberRefusal, LEFT_MEMBER_REFUSED, MEMBER_STATUS_FIELDS } from '../commands/member-rules';
import { dueConflicts } from '../content-types/due';
import { federationConflicts } from '../content-types/federation';
import { memberConflicts } from '../content-types/member';
import { sectionConflicts } from '../content-types/section';
import { DUE_UID, FEDERATION_UID, MEMBER_UID, SECTION_UID } from '../uids';
import { requestAuditActor } from './admin-request';

/**
 * Invariants of membership data, enforced on every write whatever its origin (the API's
 * commands or the admin panel's Content Manager), inside a transaction so that a refused
 * write leaves nothing behind. Duplicates stopped by a unique index get a French 409.
 * Writes that are not a command's also get the commands' effects (membership-effects.ts):
 * the same functions, called here because no command ran.
 */

/** Each content type's unique indexes and their French 409s, declared beside its schema. */
const CONFLICTS = [federationConflicts, sectionConflicts, memberConflicts, dueConflicts];

const WATCHED = new Set<string>([FEDERATION_UID, SECTION_UID, MEMBER_UID, DUE_UID]);

/** The 409 for a membership unique violation, or the error itself. */
export function translateUniqueViolation(error: unknown): unknown {
  for (const conflicts of CONFLICTS) {
    const conflict = conflicts.conflictOf(error);
    if (conflict) return conflict;
  }
  return error;
}

export function registerIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (!WATCHED.has(context.uid) || !ENTRY_WRITES.has(context.action)) return next();
    try {
      return await strapi.db.transaction(async () => {
        const updated = updatedDocumentId(context);
        // A member's place before the write, to announce a move made in the admin panel (and
        // to refuse moving a member who left); a due's member, to refuse moving it to one who left.
        const populate = context.uid === MEMBER_UID
          ? { federation: { select: ['id'] }, section: { select: ['id'] } }
          : context.uid === DUE_UID ? { member: { select: ['id'] } } : undefined;
        const previous = updated ? await strapi.db.query(context.uid).findOne({ where: { documentId: updated }, ...(populate ? { populate } : {}) }) : null;
        const result = await next();
        const documentId = writtenDocumentId(context, result);
        if (documentId) await CHECKS[context.uid]?.(strapi, documentId, previous);
        return result;
      });
    } catch (error) {
      throw translateUniqueViolation(error);
    }
  });
}

/** What every row has and no one edits (or follows other fields: `displayName`): left out of a member's changed fields. */
const BOOKKEEPING = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'federationCode', 'displayName']);

/**
 * The fields a write changed on a member: their own values (dates, texts, numbers), and their
 * federation and section (by row id), comparing the row before the write with the row after.
 * Other relations (the login account, dues) are not the member's record.
 */
function changedMemberFields(strapi: Core.Strapi, before: Record<string, any>, after: Record<string, any>): string[] {
  const attributes = (strapi.contentTypes[MEMBER_UID as UID.ContentType]?.attributes ?? {}) as unknown as Record<string, { type: string }>;
  const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString() : value ?? null);
  const changed: string[] = [];
  for (const [field, attribute] of Object.entries(attributes)) {
    if (BOOKKEEPING.has(field) || ['media', 'component', 'dynamiczone'].includes(attribute.type)) continue;
    if (attribute.type === 'relation') {
      if ((field === 'federation' || field === 'section') && (before[field]?.id ?? null) !== (after[field]?.id ?? null)) changed.push(field);
      continue;
    }
    if (comparable(before[field]) !== comparable(after[field])) changed.push(field);
  }
  return changed;
}

/**
 * A member who left stands still, whatever the door (member-rules.ts, `leftMemberChangeRefusal`):
 * their record may be corrected (names, phone, sex, year of birth, number), not moved to
 * another federation or section, nor given another join date, departure day or status; an
 * erased profile changes no more. `before` is the row as it stood before the write (a return,
 * `recordReturn`, clears the departure itself, outside this check). A command's own status
 * write (`writeWithExplicitEffects`) decides its status rule itself: the status command refuses
 * a member who left, the conflicts commission's decision may still exclude them.
 * @throws ConflictError (409, `details.leftOn`), which rolls the write back.
 */
function assertLeftMemberUnmoved(strapi: Core.Strapi, before: Record<string, any>, after: Record<string, any>): void {
  if (!before.leftOn && !before.erasedOn) return;
  const leftOn = before.leftOn ? String(before.leftOn).slice(0, 10) : null;
  let changed = changedMemberFields(strapi, before, after);
  if (effectsAreExplicit() && !before.erasedOn) changed = changed.filter((field) => !MEMBER_STATUS_FIELDS.has(field));
  const refusal = leftMemberChangeRefusal({ firstName: before.firstName, lastName: before.lastName, erasedOn: before.erasedOn ?? null, leftOn }, changed, todayInParis());
  if (refusal) throw new ConflictError(refusal, { leftOn });
}

const CHECKS: Record<string, (strapi: Core.Strapi, documentId: string, previous: any) => Promise<void>> = {
  async [FEDERATION_UID](strapi, documentId, previous) {
    if (effectsAreExplicit()) return; // the command applies them
    const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { documentId } });
    await applyFederationEffects(strapi, federation, previous);
  },

  async [SECTION_UID](strapi, documentId) {
    const section = await strapi.db.query(SECTION_UID).findOne({ where: { documentId }, populate: ['federation'] });
    if (!section?.federation) throw fieldError('federation', 'Une section doit être rattachée à une fédération.');
    if (!hasVisibleCharacter(section.name ?? '')) throw fieldError('name', 'Le nom de la section est obligatoire.');
    const nameKey = `${section.federation.id}:${section.name.trim().toLowerCase()}`;
    if (section.nameKey !== nameKey) await strapi.db.query(SECTION_UID).update({ where: { id: section.id }, data: { nameKey } });
  },

  async [MEMBER_UID](strapi, documentId, previous) {
    const member = await strapi.db.query(MEMBER_UID).findOne({
      where: { documentId },
      populate: { federation: true, section: { populate: ['federation'] }, user: { select: ['id', 'blocked'] } },
    });
    if (previous) assertLeftMemberUnmoved(strapi, previous, member);
    if (!member.federation) throw fieldError('federation', 'Un adhérent doit être rattaché à une fédération.');
    // The API's rule (fields.text): a name of spaces or invisible characters shows as a blank.
    if (!hasVisibleCharacter(member.firstName ?? '')) throw fieldError('firstName', 'Le prénom est obligatoire.');
    if (!hasVisibleCharacter(member.lastName ?? '')) throw fieldError('lastName', 'Le nom est obligatoire.');
    if (member.joinedOn > todayInParis()) throw fieldError('joinedOn', 'La date d’adhésion ne peut pas être dans le futur.');
    if (member.section && member.section.federation?.id !== member.federation.id) {
      throw fieldError('section', `La section « ${member.section.name} » n’appartient pas à la fédération ${member.federation.name}.`);
    }
    if (member.membershipStatus !== 'active' && !hasVisibleCharacter(member.statusReason ?? '')) {
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
    }
    // Writes that are not a command's (admin panel, seed) get the same effects as the commands.
    if (!effectsAreExplicit()) {
      await applyStatusEffects(strapi, member, previous?.membershipStatus ?? null, member.membershipStatus, requestAuditActor(strapi));
      if (!previous) await emitEvent(strapi, MEMBER_JOINED, { memberId: member.id });
      const [fromFederationId, fromSectionId] = [previous?.federation?.id ?? null, previous?.section?.id ?? null];
      if (previous && (fromFederationId !== member.federation.id || fromSectionId !== (member.section?.id ?? null))) {
        await emitEvent(strapi, MEMBER_MOVED, { memberId: member.id, fromFederationId, toFederationId: member.federation.id, fromSectionId, toSectionId: member.section?.id ?? null });
      }
    }
  },

  async [DUE_UID](strapi, documentId, previous) {
    const due = await strapi.db.query(DUE_UID).findOne({ where: { documentId }, populate: { member: { select: ['id', 'joinedOn', 'firstName', 'lastName', 'leftOn', 'erasedOn'] } } });
    if (!due.member) throw fieldError('member', 'Une cotisation doit être rattachée à un adhérent.');
    const today = todayInParis();
    // A due recorded for (or moved to) a member who left or was erased: refused as the API's
    // recordDue refuses it (member-rules.ts), before the checks of its own values, as there.
    // Cancelling or annotating a due recorded before the departure stays possible.
    if (!previous || previous.member?.id !== due.member.id) {
      const member = due.member as { firstName: string; lastName: string; leftOn?: string | null; erasedOn?: string | null };
      const leftOn = member.leftOn ? String(member.leftOn).slice(0, 10) : null;
      const refusal = leftMemberRefusal({ ...member, leftOn }, today, LEFT_MEMBER_REFUSED.due);
      if (refusal) throw new ConflictError(refusal, { leftOn });
    }
    if (due.paidOn > today) throw fieldError('paidOn', 'La date de paiement ne peut pas être dans le futur.');
    if (due.year > yearOf(today) + 1) throw fieldError('year', `On ne règle pas de cotisation au-delà de ${yearOf(today) + 1}.`);
    // A plausible payment day (domain/dues.ts), checked when the day or the year is written:
    // cancelling a due recorded before the rule existed stays possible.
    if (!previous || previous.paidOn !== due.paidOn || previous.year !== due.year) {
      const implausible = paidOnRefusal({ year: due.year, paidOn: String(due.paidOn).slice(0, 10) }, due.member.joinedOn ?? null, today);
      if (implausible) throw fieldError('paidOn', implausible);
    }
    if (!(due.amountCents > 0)) throw fieldError('amountCents', 'Le montant doit être positif.');
    // At least DUES_MINIMUM_CENTS (domain/dues.ts), checked when the amount is written:
    // cancelling or annotating a smaller due recorded before the rule stays possible.
    if (!previous || previous.amountCents !== due.amountCents) {
      const tooSmall = amountRefusal(due.amountCents);
      if (tooSmall) throw fieldError('amountCents', tooSmall);
    }
    if (due.cancelledOn && due.cancelledOn !== previous?.cancelledOn && due.cancelledOn > today) {
      throw fieldError('cancelledOn', 'La date d’annulation ne peut pas être dans le futur.');
    }
    if (due.cancelledOn && !hasVisibleCharacter(due.cancelReason ?? '')) throw fieldError('cancelReason', 'Indiquez le motif de l’annulation.');
    if (previous?.cancelledOn && !due.cancelledOn) {
      throw fieldError('cancelledOn', 'Une cotisation annulée le reste : enregistrez-en une nouvelle.');
    }
    const memberYear = due.cancelledOn ? null : `${due.member.id}:${due.year}`;
    if (due.memberYear !== memberYear) {
      await strapi.db.query(DUE_UID).update({ where: { id: due.id }, data: { memberYear } });
    }
  },
};
