/**
 * Typed events plugins announce on Strapi's event hub, for others to react within the
 * same transaction (listeners are awaited, in registration order). A plugin that emits an
 * event declares its payload here; listeners subscribe with `onEvent` in their
 * `bootstrap()`. Commands emit explicitly (never a write middleware's hidden branch).
 */
export interface IntranetEvents {
  /**
   * A member was registered (membership's `create-member`, the admin panel, or an import).
   * `invite: false`: registered by an import whose staff chose not to invite them now (no
   * invitation is sent; staff may send one later). Absent: invited as usual. `joinedOn`
   * (YYYY-MM-DD), when given, lets listeners that only care about recent joiners skip
   * long-standing members without reading them (an import of 50,000).
   */
  'membership.member.joined': { memberId: number; invite?: boolean; joinedOn?: string };
  /** A federation was created (membership's command or the admin panel): `{ federationId }`. */
  'membership.federation.created': { federationId: number };
  /** A member's status changed (suspended, excluded, reinstated); `to` is the stored status. */
  'membership.member.status-changed': { memberId: number; from: 'active' | 'suspended' | 'excluded'; to: 'active' | 'suspended' | 'excluded' };
  /** Staff recorded a member's departure (`on`, YYYY-MM-DD, today or before): from then they count as having left. */
  'membership.member.left': { memberId: number; on: string };
  /**
   * Staff recorded that a member who had left came back (« réadhésion », membership's
   * `record-return`): the departure is cleared and the membership starts again on `on`
   * (YYYY-MM-DD). The stored status is untouched (a suspension may still run): listeners that
   * keep a copy of « in good standing » (the skills directory) read the effective status.
   */
  'membership.member.returned': { memberId: number; on: string };
  'membership.member.erasure-requested': { memberId: number; on: string };
  /**
   * A member was attached to another section or federation (membership's `update-member`);
   * ids before and after, null for none. Listeners holding a copy of the member's place (the
   * skills directory) refresh it in the same transaction.
   */
  'membership.member.moved': { memberId: number; fromFederationId: number | null; toFederationId: number | null; fromSectionId: number | null; toSectionId: number | null };
  /**
   * A body's meeting was convened (bodies' `create-meeting`), or convened again after a new
   * date (`rescheduled`): one convocation per seat holder active on its Paris date is recorded
   * as due. Also for one member alone when a seat designated after the meeting was called
   * covers its date (bodies' `settleSeatConvocations`: a successor). `startsAt` is an ISO
   * instant; `memberIds` are the members to convene.
   */
  'bodies.meeting.convened': { meetingId: number; bodyId: number; federationId: number | null; startsAt: string; memberIds: number[]; rescheduled: boolean };
  /**
   * Minutes were published to their body's scope (bodies' `publish-minutes`): `version` 1 is a
   * first publication, a higher one a corrected version.
   */
  'bodies.minutes.published': { minutesId: number; meetingId: number; bodyId: number; version: number };
  /**
   * The attendance sheet just brought members to their body's « absences de suite » threshold
   * (`absenceAlertAfter`, 3 by default): one entry per member reaching it with this meeting.
   */
  'bodies.absences.threshold-reached': { meetingId: number; bodyId: number; members: { memberId: number; streak: number }[] };
  /**
   * A question on a mandate report is open: asked and awaiting moderation (`pending: true`,
   * mandates' `askQuestion`: the federation's staff are told), or published by staff
   * (`pending: false`, `moderateQuestion`: the official is told). In the command's transaction.
   */
  'mandates.question.asked': { questionId: number; reportDocumentId: string; officialMemberId: number; federationId: number | null; pending: boolean };
  /** An official answered a member's published question on a mandate report (mandates' `answer-question`). */
  'mandates.question.answered': { questionId: number; authorMemberId: number; reportDocumentId: string; officialName: string };
  /**
   * Organisers cancelled an event (events' `updateEvent`, inside its transaction): `memberIds`
   * are the members who held a seat or waited on its list, to be told.
   */
  'events.event.cancelled': { eventId: number; eventDocumentId: string; memberIds: number[] };
  /** A consultation moved to another phase (by the clock or by staff), inside the moving transaction. */
  'consultations.phase.changed': { consultationId: number; from: string; to: string };
  /** A member was enrolled in a course (`welcome`: a welcome path, when they joined). */
  'training.enrolment.created': { enrolmentId: number; memberId: number; courseDocumentId: string; courseTitle: string; welcome: boolean };
  /** A sponsor was assigned to a newcomer (members' ids). */
  'training.sponsorship.assigned': { sponsorshipId: number; newcomerId: number; sponsorId: number };
  /** A learner completed a course: their certificate was issued. */
  'training.certificate.issued': { enrolmentId: number; memberId: number; courseDocumentId: string; courseTitle: string; code: string };
  /**
   * The conflicts commission notified a respondent of the facts, their rights and the
   * hearing date (sanctions' `notify-case`; again when the hearing moves). Never carries who reported.
   * Membership listens: an erasure request the respondent made while the case was confidential
   * is refused and their account reopened (`reopenAfterNotice`), in this transaction.
   */
  'sanctions.case.notified': { caseId: number; respondentId: number; hearingOn: string; rescheduled: boolean };
  /** A decision was rendered on a case (`stage`: first instance or the national commission's on appeal). */
  'sanctions.case.decided': { caseId: number; respondentId: number; stage: 'first' | 'appeal' };
  /**
   * The commission suspended the respondent as a precaution (a grave act), until `until` (YYYY-MM-DD,
   * Paris). The respondent now knows of the case: membership reopens their account as on a notification.
   */
  'sanctions.case.precautionary': { caseId: number; respondentId: number; until: string };
  /**
   * A binôme candidacy named a running mate (investitures' `applyFor`, in its transaction):
   * `mateId` (membership's member id) is asked for their agreement.
   */
  'investitures.running-mate.named': { candidacyId: number; mateId: number };
  /**
   * A binôme candidacy was withdrawn because of its running mate (investitures): they declined
   * (`declined`), left the party (`mate-left`, their erasure too) or moved to another federation
   * (`mate-moved`). `candidateId` (membership's) is told.
   */
  'investitures.binome.withdrawn': { candidacyId: number; candidateId: number; cause: 'declined' | 'mate-left' | 'mate-moved' };
}

export type IntranetEventName = keyof IntranetEvents;

/** A member was registered: `{ memberId }`. Emitted by membership. */
export const MEMBER_JOINED = 'membership.member.joined' satisfies IntranetEventName;
/** A federation was created: `{ federationId }`. Emitted by membership. */
export const FEDERATION_CREATED = 'membership.federation.created' satisfies IntranetEventName;
/** A member's status changed: `{ memberId, from, to }`. Emitted by membership. */
export const MEMBER_STATUS_CHANGED = 'membership.member.status-changed' satisfies IntranetEventName;
/** A member's departure was recorded: `{ memberId, on }`. Emitted by membership. */
export const MEMBER_LEFT = 'membership.member.left' satisfies IntranetEventName;
/** A member changed section or federation: `{ memberId, fromFederationId, toFederationId, fromSectionId, toSectionId }`. Emitted by membership. */
export const MEMBER_MOVED = 'membership.member.moved' satisfies IntranetEventName;
/** A member who had left came back (« réadhésion »): `{ memberId, on }`. Emitted by membership's `record-return`. */
export const MEMBER_RETURNED = 'membership.member.returned' satisfies IntranetEventName;
/**
 * A member asked for the erasure of their data: `{ memberId, on }`. Emitted by membership's
 * `request-erasure` in the transaction that closes their account, whether the erasure follows
 * at once or waits for a hold the member may not be told of. Listeners close at once what
 * anyone could see without an account and the erasure would remove (an activation link, an
 * event registration's link), so that nothing visible tells the two cases apart. What must come
 * back if the request is withdrawn is better not closed here but asked for when shown
 * (membership's `directory.erasureRequestedOrDone`: training's public certificate check).
 */
export const MEMBER_ERASURE_REQUESTED = 'membership.member.erasure-requested' satisfies IntranetEventName;

/** A body's meeting was convened: `{ meetingId, bodyId, federationId, startsAt, memberIds, rescheduled }`. Emitted by bodies. */
export const MEETING_CONVENED = 'bodies.meeting.convened' satisfies IntranetEventName;
/** Minutes were published: `{ minutesId, meetingId, bodyId, version }`. Emitted by bodies. */
export const MINUTES_PUBLISHED = 'bodies.minutes.published' satisfies IntranetEventName;
/** Members reached their body's absences threshold: `{ meetingId, bodyId, members }`. Emitted by bodies. */
export const ABSENCE_THRESHOLD_REACHED = 'bodies.absences.threshold-reached' satisfies IntranetEventName;
/** A member asked a question on a report: `{ questionId, reportDocumentId, officialMemberId, federationId, pending }`. Emitted by mandates. */
export const MANDATE_QUESTION_ASKED = 'mandates.question.asked' satisfies IntranetEventName;
/** An official answered a question: `{ questionId, authorMemberId, reportDocumentId, officialName }`. Emitted by mandates. */
export const MANDATE_QUESTION_ANSWERED = 'mandates.question.answered' satisfies IntranetEventName;
/** A consultation changed phase: `{ consultationId, from, to }`. Emitted by consultations' clock. */
export const CONSULTATION_PHASE_CHANGED = 'consultations.phase.changed' satisfies IntranetEventName;
/** An event was cancelled: `{ eventId, eventDocumentId, memberIds }`. Emitted by events. */
export const EVENT_CANCELLED = 'events.event.cancelled' satisfies IntranetEventName;
/** Training events (emitted by training's commands). */
export const TRAINING_ENROLLED = 'training.enrolment.created' satisfies IntranetEventName;
export const TRAINING_SPONSOR_ASSIGNED = 'training.sponsorship.assigned' satisfies IntranetEventName;
export const TRAINING_CERTIFICATE_ISSUED = 'training.certificate.issued' satisfies IntranetEventName;
/** Sanctions events (emitted by sanctions' commands). */
export const SANCTION_CASE_NOTIFIED = 'sanctions.case.notified' satisfies IntranetEventName;
export const SANCTION_CASE_DECIDED = 'sanctions.case.decided' satisfies IntranetEventName;
export const SANCTION_CASE_PRECAUTIONARY = 'sanctions.case.precautionary' satisfies IntranetEventName;
/** Investitures events (emitted by investitures' commands). */
export const RUNNING_MATE_NAMED = 'investitures.running-mate.named' satisfies IntranetEventName;
export const BINOME_WITHDRAWN = 'investitures.binome.withdrawn' satisfies IntranetEventName;

interface EventHubHolder {
  eventHub: { emit(name: string, payload: unknown): Promise<unknown>; on(name: string, listener: (payload: any) => unknown): unknown };
}

/** Announces an event and waits for its listeners (inside the caller's transaction). */
export async function emitEvent<E extends IntranetEventName>(strapi: EventHubHolder, event: E, payload: IntranetEvents[E]): Promise<void> {
  await strapi.eventHub.emit(event, payload);
}

/** Subscribes to an event; the listener runs inside the emitter's transaction. */
export function onEvent<E extends IntranetEventName>(
  strapi: EventHubHolder,
  event: E,
  listener: (payload: IntranetEvents[E]) => Promise<void> | void
): void {
  strapi.eventHub.on(event, listener);
}
