/**
 * Events plugins announce on Strapi's event hub, for others to react within the same
 * transaction (listeners are awaited).
 */

/** A member was registered: `{ memberId }`. Emitted by membership. */
export const MEMBER_JOINED = 'membership.member.joined';
