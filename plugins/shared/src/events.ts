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
}

export type IntranetEventName = keyof IntranetEvents;

/** A member was registered: `{ memberId }`. Emitted by membership. */
export const MEMBER_JOINED = 'membership.member.joined' satisfies IntranetEventName;
/** A federation was created: `{ federationId }`. Emitted by membership. */
export const FEDERATION_CREATED = 'membership.federation.created' satisfies IntranetEventName;
/** A member's status changed: `{ memberId, from, to }`. Emitted by membership. */
export const MEMBER_STATUS_CHANGED = 'membership.member.status-changed' satisfies IntranetEventName;

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
