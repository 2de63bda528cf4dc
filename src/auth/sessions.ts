import type { Core } from '@strapi/strapi';
import { cacheTags, requestCache } from '@intranet-militant/shared';

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

/** Ends every session of an account (exclusion, suspension): refresh tokens and access tokens alike. */
export async function revokeSessionsOf(strapi: Core.Strapi, userId: number): Promise<void> {
  await strapi.sessionManager(ORIGIN).invalidateRefreshToken(String(userId));
}
