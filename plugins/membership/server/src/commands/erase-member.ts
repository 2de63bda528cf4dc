import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  ConflictError,
  erasureHold,
  erasureHoldFor,
  erasureProviders,
  ForbiddenError,
  frenchDate,
  NotFoundError,
  recordAudit,
  SYSTEM_ACTOR,
  todayInParis,
  withJobLock,
  type Actor,
  type AuditActor,
  type ErasureReport,
  type ErasureSubject,
} from '@intranet-militant/shared';
import { subjectOfMember } from '../presenters';
import { MEMBER_POPULATE, type MemberRow } from '../services/directory';
import { MEMBER_UID } from '../uids';
import { assertMemberAction, assertOutranks, isOwnProfile, MEMBER_NOT_FOUND } from './member-rules';
import { memberWord } from '../domain/member-word';

/** Why an erasure happens (recorded in the audit entry). */
export type ErasureReason = 'departure' | 'request' | 'retention';

/** A member row with the retention dates. */
export type RetainedMember = MemberRow & { leftOn?: string | null; erasedOn?: string | null };

/**
 * The parts run last, in one transaction with the audit entry: membership (it holds the
 * identity the other parts were given: a failure before it leaves everything to run again)
 * and search (its re-indexing must read the sources once the profile is erased), then audit
 * (its redaction blanks the member from every entry written so far, the other parts' too).
 */
const FINAL_PARTS = ['membership', 'search', 'audit'];

export const ALREADY_ERASED = 'Les données de cet adhérent sont déjà effacées.';

/**
 * Has this member left the party on `today`: a departure recorded (on or before today) or an
 * exclusion? Returns the day they left, or null while they are still a member.
 */
export function leftOnOf(member: Pick<RetainedMember, 'leftOn' | 'membershipStatus' | 'statusChangedOn'>, today: string): string | null {
  if (member.leftOn && member.leftOn <= today) return member.leftOn;
  if (member.membershipStatus === 'excluded') return member.statusChangedOn ?? today;
  return null;
}

/**
 * Erases a member's personal data everywhere (issue 22, item 4): every installed plugin's
 * `erasure` service in turn (each in its own transaction), membership's last (it holds the
 * identity the others were given), then one audit entry `plugin::membership.member.erase`
 * with the reason and each plugin's counts — no erased data. A failure half-way leaves the
 * profile intact: running the erasure again finishes it (every part is idempotent).
 *
 * `actor` null: the retention job (the system). Otherwise staff of the member's federation or
 * a national admin (`member.erase`), or the member themself when `reason` is `request`.
 * @throws NotFoundError (404) for an unknown member, and the same for one the actor may not
 *         read (another federation's: as unknown, `assertMemberAction`); ForbiddenError (403)
 *         for a member they read but may not erase, for an officer of the actor's rank or above, or one's own profile outside a request;
 *         ConflictError (409) when the member has not left, was already erased, is being erased
 *         by another run (`ERASURE_UNDER_WAY`), stopped half-way because its job lock was lost
 *         (`ERASURE_INTERRUPTED`: the parts done stay done, running it again finishes it), or a plugin
 *         holds their data for now (`holds`: an open disciplinary procedure; staff who may not
 *         see the case read `CONFIDENTIAL_HOLD` instead of its reason).
 */
export async function eraseMember(
  strapi: Core.Strapi,
  actor: Actor | null,
  documentId: string,
  reason: ErasureReason
): Promise<{ documentId: string; erasedOn: string; reports: ErasureReport[] }> {
  // One erasure of a member at a time, across instances (the erasure after a member's answer,
  // the retention job of another instance, staff): the parts run in several transactions, and
  // two runs side by side would each erase and audit them. The second is told it is under way;
  // once done, a new one reads the profile erased (`ALREADY_ERASED`).
  const held = await withJobLock(strapi, erasureJobOf(documentId), (signal) => eraseMemberNow(strapi, actor, documentId, reason, signal));
  if (!held.ran) throw new ConflictError(ERASURE_UNDER_WAY);
  return held.value;
}

/** The job lock of a member's erasure (`withJobLock`): one at a time; `keepFromErasure` keeps it from starting. */
export const erasureJobOf = (documentId: string) => `member-erasure:${documentId}`;

/** Another erasure of the same member is running (`eraseMember`). */
export const ERASURE_UNDER_WAY = 'L’effacement des données de cet adhérent est déjà en cours.';

/** The erasure lost its job lock half-way (its database session ended) and stopped between two parts (`eraseMember`). */
export const ERASURE_INTERRUPTED = 'L’effacement des données de cet adhérent a été interrompu : relancez-le dans quelques minutes pour le terminer.';

/**
 * Did `eraseMember` refuse because another run erases, or has just erased, the member (the
 * erasure after a member's answer, another instance's retention job, staff)? For a job that
 * met such a member on its list: not its erasure, and not a failure either.
 */
export function erasedByAnotherRun(error: unknown): boolean {
  return error instanceof ConflictError && (error.message === ERASURE_UNDER_WAY || error.message === ALREADY_ERASED);
}

async function eraseMemberNow(
  strapi: Core.Strapi,
  actor: Actor | null,
  documentId: string,
  reason: ErasureReason,
  signal: AbortSignal
): Promise<{ documentId: string; erasedOn: string; reports: ErasureReport[] }> {
  // Between two parts: a run that lost its lock stops (another may have started meanwhile).
  const goOn = () => {
    if (signal.aborted) throw new ConflictError(ERASURE_INTERRUPTED);
  };
  const member = (await strapi.db.query(MEMBER_UID).findOne({ where: { documentId }, populate: MEMBER_POPULATE })) as RetainedMember | null;
  if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
  const today = todayInParis();
  if (actor && reason !== 'request') {
    assertMemberAction(actor, 'member.erase', subjectOfMember(member), 'Seule l’équipe fédérale de l’adhérent peut effacer ses données.');
    if (await isOwnProfile(strapi, actor, member)) throw new ForbiddenError('Pour effacer vos propres données, faites-en la demande depuis « Mes données ».');
    assertOutranks(actor, member);
  }
  if (member.erasedOn) throw new ConflictError(ALREADY_ERASED, { erasedOn: member.erasedOn });
  const left = leftOnOf(member, today);
  if (!left) {
    throw new ConflictError(
      member.leftOn
        ? `${member.firstName} ${member.lastName} quitte le parti le ${frenchDate(member.leftOn)} : ses données ne peuvent être effacées qu’à partir de cette date.`
        : `${member.firstName} ${member.lastName} est toujours ${memberWord((member as { sex?: string | null }).sex)} : enregistrez d’abord son départ.`,
      { leftOn: member.leftOn ?? null }
    );
  }
  // Staff read a hold's reason only when its plugin lets them (a case they may see).
  const hold = actor && reason !== 'request' ? await erasureHoldFor(strapi, { memberId: member.id }, actor) : await erasureHold(strapi, { memberId: member.id });
  if (hold) throw new ConflictError(hold);
  const subject: ErasureSubject = {
    memberId: member.id,
    memberDocumentId: member.documentId,
    userId: member.user?.id ?? null,
    federationId: member.federation?.id ?? null,
    email: member.user?.email ?? null,
    membershipNumber: member.membershipNumber,
    firstName: member.firstName,
    lastName: member.lastName,
  };
  const reports: ErasureReport[] = [];
  const providers = erasureProviders(strapi, FINAL_PARTS);
  for (const { id, provider } of providers) {
    if (FINAL_PARTS.includes(id)) continue;
    goOn();
    reports.push(await provider.erase(subject));
  }
  const final = providers.filter((p) => FINAL_PARTS.includes(p.id));
  const auditActor: AuditActor = !actor
    ? SYSTEM_ACTOR
    : reason === 'request'
      ? { kind: 'user', id: actor.userId, label: 'ancien adhérent (à sa demande)' }
      : auditActorOf(actor);
  goOn();
  await strapi.db.transaction(async () => {
    for (const { provider } of final) reports.push(await provider.erase(subject));
    await recordAudit(strapi, {
      actor: auditActor,
      action: 'plugin::membership.member.erase',
      subject: { type: MEMBER_UID, id: member.documentId },
      federationId: subject.federationId,
      details: { reason, leftOn: left, parts: Object.fromEntries(reports.map((r) => [r.source, r.counts])) },
    });
  });
  return { documentId: member.documentId, erasedOn: today, reports };
}
