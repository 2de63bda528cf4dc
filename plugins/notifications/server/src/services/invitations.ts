import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { inviteNewMember } from '../commands/invitations';

/** Registrations made inside `alreadyActivated(run)`. */
const preactivated = new AsyncLocalStorage<true>();

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Runs `run`; members who join meanwhile are recorded as having activated their account and
   * receive no invitation: their password is already known to whoever registers them (the
   * demo seed, the test factories).
   */
  alreadyActivated<T>(run: () => Promise<T>): Promise<T> {
    return preactivated.run(true, run);
  },

  /** MEMBER_JOINED's listener: the invitation (see `inviteNewMember`). */
  onMemberJoined(memberId: number): Promise<void> {
    return inviteNewMember(strapi, memberId, { activated: preactivated.getStore() === true });
  },
});
