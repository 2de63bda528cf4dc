import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import {
  emitEvent,
  FEDERATION_CREATED,
  getService,
  MEMBER_STATUS_CHANGED,
  recordAudit,
  SYSTEM_ACTOR,
  todayInParis,
  type AuditActor,
  type MemberStatus,
} from '@intranet-militant/shared';
import { FEDERATION_UID, MEMBER_UID, USER_UID } from '../uids';

/**
 * What a change to a member or a federation means beyond its own row: login accounts,
 * admin-panel accounts and roles, and the events other plugins react to. Commands call
 * these functions themselves after their write; writes that do not come from a command
 * (the admin panel's Content Manager, the demo seed and test builders) reach them through
 * the integrity middleware, which calls the same functions.
 */

const explicitEffects = new AsyncLocalStorage<true>();

/**
 * Runs a command's own write of a member or federation: the command applies the effects
 * itself right after, so the integrity middleware leaves them out (no double event).
 */
export function writeWithExplicitEffects<T>(write: () => Promise<T>): Promise<T> {
  return explicitEffects.run(true, write);
}

/** Is the write in progress a command's, which applies its effects itself? */
export function effectsAreExplicit(): boolean {
  return explicitEffects.getStore() === true;
}

/**
 * The effects of a member's stored status `to` (coming from `from`, null for a new
 * member), inside the caller's transaction:
 * - the login account is blocked while the member is excluded or has left the party (a
 *   departure recorded on or before today, or an erased profile), open otherwise;
 * - suspending or excluding someone revokes every session of their account, deactivates
 *   their admin-panel account (same address), which only a national admin reopens (one their
 *   pending erasure request deactivated too: its withdrawal no longer reopens it), and
 *   revokes its sessions;
 * - a change announces MEMBER_STATUS_CHANGED `{ memberId, from, to }`.
 * Each effect on an account is recorded as its own audit entry (`…member.account-blocked`,
 * `…member.account-unblocked`, `…member.sessions-revoked`, `admin::user.deactivate`), in the
 * name of `actor` (the system when none is given), once the event's listeners have run.
 * Idempotent when `from === to` (it only re-aligns the login account).
 */
export async function applyStatusEffects(
  strapi: Core.Strapi,
  member: { id: number; documentId?: string; user?: { id: number } | null },
  from: MemberStatus | null,
  to: MemberStatus,
  actor: AuditActor = SYSTEM_ACTOR
): Promise<void> {
  // Rows first, audit entries last (after the event's listeners): see below.
  const entries: (() => Promise<void>)[] = [];
  if (member.user) {
    const users = strapi.db.query(USER_UID);
    const account = await users.findOne({ where: { id: member.user.id }, select: ['id', 'email', 'blocked'] });
    const stored = await strapi.db.query(MEMBER_UID).findOne({ where: { id: member.id }, select: ['documentId', 'leftOn', 'erasedOn', 'erasureClosedAdmins'], populate: { federation: { select: ['id'] } } });
    // A member who left (or was erased) keeps a blocked account whatever else changes on the
    // record: an edit of their phone must not reopen it (their return does, `recordReturn`).
    const left = Boolean(stored?.erasedOn) || Boolean(stored?.leftOn && String(stored.leftOn).slice(0, 10) <= todayInParis());
    const blocked = to === 'excluded' || left;
    const effect = (action: string, subject: { type: string; id: string | number | null }, details: Record<string, unknown>) =>
      entries.push(() =>
        recordAudit(strapi, {
          actor,
          action,
          subject,
          federationId: stored?.federation?.id ?? null,
          details: { effectOf: { type: MEMBER_UID, id: stored?.documentId ?? member.documentId ?? null, from, to }, ...details },
        })
      );
    if (account && Boolean(account.blocked) !== blocked) {
      await users.update({ where: { id: account.id }, data: { blocked } });
      effect(`${MEMBER_UID}.${blocked ? 'account-blocked' : 'account-unblocked'}`, { type: USER_UID, id: account.id }, { blocked: { before: !blocked, after: blocked } });
    }
    if (account && to !== 'active' && from !== to) {
      // Sessions end with the standing that opened them: every refresh token (and so every
      // access token) of the account, and of the admin-panel account it loses, is revoked,
      // so that a later reinstatement never revives an old session.
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(account.id));
      effect(`${MEMBER_UID}.sessions-revoked`, { type: USER_UID, id: account.id }, { sessions: 'users-permissions' });
      const admins = await strapi.db.query('admin::user').findMany({ where: { email: { $eqi: account.email }, isActive: true }, select: ['id'] });
      for (const admin of admins) {
        await strapi.db.query('admin::user').update({ where: { id: admin.id }, data: { isActive: false } });
        await strapi.sessionManager('admin').invalidateRefreshToken(String(admin.id));
        effect('admin::user.deactivate', { type: 'admin::user', id: admin.id }, { isActive: { before: true, after: false }, sessions: 'admin' });
      }
      // Admin-panel accounts a pending erasure request deactivated are now closed by this status
      // too: a withdrawn request no longer reopens them (`reopenAdminAccountsOfRequest`), a national admin does.
      if (stored?.erasureClosedAdmins != null) await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { erasureClosedAdmins: null } });
    }
  }
  // The listeners run before this change's audit entries, as a departure's (`recordDeparture`):
  // the audit log's head, which every command takes last, is not held while they write their
  // rows (bodies ends an excluded member's seats: a seat being ended by hand at that moment,
  // its row held, waits for the head — held here first, the two met in a deadlock).
  if (from !== null && from !== to) await emitEvent(strapi, MEMBER_STATUS_CHANGED, { memberId: member.id, from, to });
  for (const entry of entries) await entry();
}

/**
 * The effects of creating or changing a federation, inside the caller's transaction: its
 * staff's admin-panel role follows its name and department code, entries scoped by that
 * code follow a new code, and a new federation is announced (FEDERATION_CREATED, on which
 * the modules plugin creates its switches).
 */
export async function applyFederationEffects(
  strapi: Core.Strapi,
  federation: { id: number; name: string; departmentCode: string },
  previous: { name: string; departmentCode: string } | null
): Promise<void> {
  const scope = getService(strapi, 'membership', 'admin-scope');
  if (!previous || previous.name !== federation.name || previous.departmentCode !== federation.departmentCode) {
    await scope.ensureFederationRole(federation, previous?.departmentCode);
  }
  if (previous && previous.departmentCode !== federation.departmentCode) {
    await scope.refreshDependents(FEDERATION_UID, federation.id);
  }
  if (!previous) await emitEvent(strapi, FEDERATION_CREATED, { federationId: federation.id });
}
