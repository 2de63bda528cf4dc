import type { Core } from '@strapi/strapi';
import { frenchDate, getService, SYSTEM_ACTOR, todayInParis } from '@intranet-militant/shared';
import '../public';

/**
 * Membership recorded a member's departure (`MEMBER_LEFT`: staff's `record-departure`, or an
 * erasure request, whose departure is recorded at once whether the erasure follows or waits for a
 * hold): one who is no longer a member holds no party function. Every seat they hold today or
 * later ends today, Paris date — the day it is recorded, `on` being that day or earlier: held
 * meetings' sheets are history and stay as they were — with the reason « Départ du parti (le …) »,
 * audited by the system (membership's own entry names who recorded it). Their convocations to
 * planned meetings from today on are withdrawn (`endSeatsOfMember`). In membership's transaction.
 * A departure later undone (a « réadhésion », or an erasure request refused once its hold is
 * known) gives no seat back: a seat is never rewritten, staff designate the member again.
 */
export async function onMemberLeft(strapi: Core.Strapi, memberId: number, on: string): Promise<void> {
  await getService(strapi, 'bodies', 'bodies').endSeatsOfMember(memberId, todayInParis(), `Départ du parti (le ${frenchDate(on)})`, SYSTEM_ACTOR);
}

/**
 * Membership recorded a member's exclusion (`MEMBER_STATUS_CHANGED` to `excluded`: staff's
 * status command, the admin panel, or the sanctions commission's decision): one who is excluded
 * holds no party function (statutes: exclusion ends membership). Every seat they hold today or
 * later ends today, Paris date, with the reason « Exclusion du parti », audited by the system
 * (membership's own entry names who decided it and why — its reason may be personal, so it is
 * not copied onto the seat, which members of the body read); convocations withdrawn. In
 * membership's transaction. The commission's own decision ends the seats first, with the case's
 * reference (`applySanctionEffects`), so that this finds none left. A suspension ends none: a
 * precautionary suspension keeps them until the decision, and a sanction's suspension ends them
 * itself. A reinstatement gives none back.
 */
export async function onMemberStatusChanged(strapi: Core.Strapi, memberId: number, to: 'active' | 'suspended' | 'excluded'): Promise<void> {
  if (to !== 'excluded') return;
  await getService(strapi, 'bodies', 'bodies').endSeatsOfMember(memberId, todayInParis(), EXCLUDED_REASON, SYSTEM_ACTOR);
}

/** Why an exclusion ended a seat (the event's, and the nightly check's). */
export const EXCLUDED_REASON = 'Exclusion du parti';

/**
 * Membership moved a member to another federation or section (`MEMBER_MOVED`: the member
 * integrity check every door shares, and the import): the seats they hold today or later in
 * bodies of their former federation or section end today, Paris date — a body's seats are for
 * members of its scope, as `designateSeat` requires — with the reason « Changement de
 * fédération » or « Changement de section », audited by the system. National bodies' seats,
 * and a federation's when only the section changed, stay (`endSeatsOutsidePlace`). In
 * membership's transaction.
 */
export async function onMemberMoved(
  strapi: Core.Strapi,
  move: { memberId: number; fromFederationId: number | null; toFederationId: number | null; toSectionId: number | null }
): Promise<void> {
  const reason = move.fromFederationId !== move.toFederationId ? 'Changement de fédération' : 'Changement de section';
  await getService(strapi, 'bodies', 'bodies').endSeatsOutsidePlace(move.memberId, { federationId: move.toFederationId, sectionId: move.toSectionId }, todayInParis(), reason, SYSTEM_ACTOR);
}
