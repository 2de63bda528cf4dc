/**
 * Notification kinds: what a plugin declares (in its module manifest's `notifications`, or
 * with the notifications plugin's `kinds` service for core plugins) so that members are told
 * of what happens. Adding a kind is one entry here-shaped and its template (`render`); the
 * notifications plugin subscribes to the kind's event (or runs its schedule), asks the kind
 * who receives it, enqueues one message per recipient in the emitter's transaction (the
 * durable outbox), and sends it by email and/or shows it in the member's inbox according to
 * the member's preferences (mandatory kinds are always emailed).
 */

/** What a member chooses per kind: email at once, the weekly digest, or the portal only. */
export type NotificationMode = 'email' | 'digest' | 'portal';
export const NOTIFICATION_MODES: readonly NotificationMode[] = ['email', 'digest', 'portal'];

/** A notification as a template renders it (French). Member-written text goes in as data: it is escaped. */
export interface RenderedNotification {
  /** Subject of the email and title in the inbox. */
  subject: string;
  /** Paragraphs of the message (plain text). */
  paragraphs: string[];
  /** The portal page concerned (a path such as `/consultations/abc`) and the button's label. */
  link?: { path: string; label: string };
  /**
   * Files sent with the email (never shown in the inbox), e.g. a convocation's calendar file:
   * built from the stored data, so a message sent again carries the same file.
   */
  attachments?: NotificationAttachment[];
}

/** A small text file attached to an email (`contentType` with its charset, e.g. `text/calendar; charset=utf-8; method=PUBLISH`). */
export interface NotificationAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** One announcement of a kind: its key (unique per event: a recipient gets it once) and its data. */
export interface NotificationOccurrence {
  /** Unique for this event, e.g. `consultations.phase-opened:<documentId>:vote`. */
  key: string;
  /** Values the template reads; stored with the message (never secrets: use `secret`). */
  data: Record<string, unknown>;
  /** Member ids (membership's) who receive it. */
  memberIds: number[];
}

interface KindBase {
  /** `<plugin>.<name>`, e.g. `consultations.phase-opened`. */
  id: string;
  /** French label in the member's preferences, e.g. « Ouverture d’une phase de consultation ». */
  label: string;
  /** French: who receives it (shown to staff and in the preferences page). */
  audience: string;
  /** Security, convocations, sanctions: always emailed, no unsubscribe. */
  mandatory: boolean;
  /**
   * A formal notice the member must get even once excluded and their account blocked: the
   * decision excluding them, which opens their right of appeal (due process). Other kinds
   * never reach an excluded member.
   */
  reachesExcluded?: boolean;
  /** The mode members start with (email by default). */
  defaultMode?: NotificationMode;
  /** The template. */
  render(data: Record<string, unknown>): RenderedNotification;
  /**
   * Asked just before an email of this kind leaves: the outbox may send it seconds after it was
   * queued, or hours after when the SMTP server was failing (retries with backoff). False when
   * what it announces no longer holds for this member (a convocation withdrawn, a meeting moved
   * or cancelled meanwhile): the message is skipped, « plus d’actualité ». Absent: always sent.
   * `memberId` is membership's; `data` the occurrence's stored data.
   */
  stillHolds?(strapi: any, memberId: number, data: Record<string, unknown>): Promise<boolean>;
}

/**
 * A kind announced by an event of the hub (`plugins/shared/src/events.ts`): `occurrences`
 * runs inside the emitter's transaction and says who receives it.
 */
export interface EventNotificationKind<P = any> extends KindBase {
  on: string;
  occurrences(strapi: any, payload: P): Promise<NotificationOccurrence[]>;
}

/**
 * A kind due on a date (a reminder, a yearly call): `due` is asked by the notifications
 * clock (every 15 minutes); each occurrence fires once (its key is remembered).
 */
export interface ScheduledNotificationKind extends KindBase {
  due(strapi: any, now: Date): Promise<NotificationOccurrence[]>;
  /** Runs in the transaction that enqueued a fired occurrence (e.g. the digest marks what it gathered). */
  afterEnqueue?(strapi: any, occurrence: NotificationOccurrence): Promise<void>;
}

export type NotificationKind = EventNotificationKind | ScheduledNotificationKind;

export function defineNotificationKinds<K extends NotificationKind[]>(kinds: K): K {
  for (const kind of kinds) {
    if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(kind.id)) throw new Error(`Notification kind "${kind.id}" must be "<plugin>.<name>" in kebab-case.`);
  }
  return kinds;
}

const declared = new WeakMap<object, NotificationKind[]>();

/**
 * For core plugins that are not switchable modules (membership): declares their kinds, in
 * their `register()`. Modules declare theirs in their manifest's `notifications` instead.
 */
export function declareNotificationKinds(strapi: object, kinds: NotificationKind[]): void {
  declared.set(strapi, [...(declared.get(strapi) ?? []), ...kinds]);
}

/** Kinds declared with `declareNotificationKinds` (the notifications plugin reads them). */
export function declaredNotificationKinds(strapi: object): NotificationKind[] {
  return declared.get(strapi) ?? [];
}

/**
 * Calendar feeds: a plugin contributes dated events to each member's private ICS feed
 * (notifications plugin) by implementing this, in its module manifest's `calendar` (or with
 * `declareCalendarSources` for core plugins). Only what the member may see.
 */
export interface CalendarEvent {
  /** Stable and unique (it identifies the event across refreshes), e.g. `consultation-<documentId>-vote-end`. */
  uid: string;
  /** ISO instants. `end` defaults to `start`. */
  start: string;
  end?: string;
  /** French. */
  summary: string;
  description?: string;
  /** A portal path (`/consultations/abc`) or an absolute address. */
  url?: string;
}

/** Who the feed is for (as the permission predicates see them). */
export interface CalendarViewer {
  userId: number;
  memberId: number;
  role: import('./roles').Role;
  federationId: number | null;
  sectionId: number | null;
}

export interface CalendarSource {
  /** `<plugin>.<name>`, e.g. `consultations.deadlines`. */
  id: string;
  /** Events between `from` and `to` (ISO instants) for this viewer. */
  eventsFor(strapi: any, viewer: CalendarViewer, range: { from: string; to: string }): Promise<CalendarEvent[]>;
}

const calendarSources = new WeakMap<object, CalendarSource[]>();

export function declareCalendarSources(strapi: object, sources: CalendarSource[]): void {
  calendarSources.set(strapi, [...(calendarSources.get(strapi) ?? []), ...sources]);
}

export function declaredCalendarSources(strapi: object): CalendarSource[] {
  return calendarSources.get(strapi) ?? [];
}
