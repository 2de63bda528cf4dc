import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/notifications';
import { cacheTags, getService, requestCache } from '@intranet-militant/shared';

/**
 * Sessions end when they should. users-permissions' access tokens (refresh-token mode) carry
 * the id of the session that issued them but are accepted until they expire, even after a
 * logout revoked that session. These helpers hold access tokens to their session, and
 * serialise refreshes of one session so that two sent at once cannot fork it.
 */

const SESSION_UID = 'admin::session';
const ORIGIN = 'users-permissions';

/**
 * Is the session still alive? It exists (logout and revocation delete it), belongs to
 * users-permissions, is the active link of its chain (a rotated parent no longer is) and has
 * not expired. Read-only: never cleans up (reads never write).
 */
export async function isLiveSession(strapi: Core.Strapi, sessionId: string): Promise<boolean> {
  // Kept per process until the session's row changes or goes (logout, rotation, revocation:
  // trigger → tag `session:<id>`, src/platform/cache-invalidation.ts), at most until it expires.
  const expiresAt = await requestCache(strapi).read(
    `session:${sessionId}`,
    async () => {
      const session = await strapi.db.query(SESSION_UID).findOne({
        where: { sessionId },
        select: ['origin', 'status', 'expiresAt'],
      });
      if (!session || session.origin !== ORIGIN) return 0;
      if (session.status && session.status !== 'active') return 0;
      return new Date(session.expiresAt).getTime();
    },
    { tags: () => [cacheTags.session(sessionId)], ttlMs: (expires) => expires - Date.now() }
  );
  return expiresAt > Date.now();
}

/**
 * The refresh token a refresh request carries, read as users-permissions reads it: the cookie
 * (its configured name) first, then `refreshToken` in the body. `absent` when neither carries a
 * token (no cookie, no body token, or an empty or null one): an absent credential, a 401;
 * `malformed` when the body's token is not text: bad input, a 400. `fromCookie` says which
 * carried it: a token that came in the httpOnly cookie must go back only in the cookie.
 */
export function refreshTokenOf(strapi: Core.Strapi, ctx: Context): { token: string; fromCookie: boolean } | 'absent' | 'malformed' {
  const cookieName = strapi.config.get<{ cookie?: { name?: string } } | undefined>('plugin::users-permissions.sessions')?.cookie?.name || 'strapi_up_refresh';
  const cookie = ctx.cookies.get(cookieName);
  if (cookie) return { token: cookie, fromCookie: true };
  const sent = (ctx.request as { body?: { refreshToken?: unknown } }).body?.refreshToken;
  if (sent === undefined || sent === null || sent === '') return 'absent';
  return typeof sent === 'string' ? { token: sent, fromCookie: false } : 'malformed';
}

/** The session id a refresh token names (unverified: used only to pick the row to lock). */
export function sessionIdOf(refreshToken: unknown): string | null {
  if (typeof refreshToken !== 'string') return null;
  try {
    const payload = JSON.parse(Buffer.from(refreshToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload?.sessionId === 'string' ? payload.sessionId : null;
  } catch {
    return null;
  }
}

/**
 * Runs a refresh holding its session's row: a second refresh of the same token waits, then
 * finds the child the first created (users-permissions answers it the same child), so a
 * session has at most one child. PostgreSQL locks the row; SQLite has one writer at a time.
 */
export async function withSessionLocked<T>(strapi: Core.Strapi, sessionId: string | null, run: () => Promise<T>): Promise<T> {
  if (!sessionId) return run();
  return strapi.db.transaction(async ({ trx }) => {
    const table = strapi.db.metadata.get(SESSION_UID).tableName;
    if (strapi.db.dialect.client === 'postgres') {
      await trx.raw(`SELECT id FROM ${table} WHERE session_id = ? FOR UPDATE`, [sessionId]);
    } else {
      // SQLite: take the write lock now, so the read inside the rotation is serialised too.
      await trx(table).where({ session_id: sessionId }).update({ session_id: sessionId });
    }
    return run();
  });
}

/**
 * Sessions end with the account's right to them, whichever door changed it: a member account
 * blocked or given a new password (the Content Manager, users-permissions' own routes, a
 * command), an admin-panel account deactivated or given a new password by someone else.
 * Membership's commands revoke sessions themselves for suspensions and exclusions; the
 * Content Manager and the admin's user settings wrote the same fields without it, so a
 * refresh token kept renewing (and worked again once the account was unblocked). Query-engine
 * lifecycles after each update, so every door that writes through Strapi is covered; a
 * member's own password change or reset is revoked here before users-permissions issues the
 * new session it answers with. A new password ends the member's calendar address too.
 */
export function endSessionsOnAccountChanges(strapi: Core.Strapi): void {
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.user'],
    async afterUpdate(event: any) {
      const data = event.params?.data ?? {};
      const id = event.result?.id;
      if (id != null && (data.blocked === true || typeof data.password === 'string')) {
        await strapi.sessionManager(ORIGIN).invalidateRefreshToken(String(id));
      }
      // A new password also ends the member's calendar address (notifications' feed).
      if (id != null && typeof data.password === 'string' && strapi.plugin('notifications')) {
        const member = await getService(strapi, 'membership', 'directory').memberOfUser(id);
        if (member) await getService(strapi, 'notifications', 'calendar').revoke(member.id);
      }
    },
  });
  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    async afterUpdate(event: any) {
      const data = event.params?.data ?? {};
      const id = event.result?.id;
      // Deactivated, or given a new password — by another admin (`PUT /admin/users/:id`) or a
      // reset: every session, as Strapi's admin does itself for one's own change (`PUT /admin/users/me`).
      if (id != null && (data.isActive === false || typeof data.password === 'string')) await strapi.sessionManager('admin').invalidateRefreshToken(String(id));
    },
  });
}
