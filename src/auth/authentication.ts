import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { cacheTags, requestCache, requestCacheTtlMs } from '@intranet-militant/shared';
import { isLiveSession } from './sessions';

/**
 * users-permissions' content-API authentication through the request caches (issue 13 §2).
 *
 * Stock, every authenticated request reads the account twice (once to check the token, once
 * with its role), the plugin's « advanced » settings, and the role's permissions, then builds
 * the role's ability: 5 to 7 SQL statements before any route runs. Here the same answers come
 * from the per-process request cache (plugins/shared/src/request-cache.ts):
 *
 * - the account with its role, key `up-user:<id>`, tags `user:<id>` (any change of the
 *   account row or of its role link: blocked, role changed, password changed, deleted) and
 *   `users-permissions` (a role renamed or deleted);
 * - the « advanced » settings (email confirmation), tag `users-permissions` (any write to
 *   Strapi's core store);
 * - each role's ability (its permissions turned into the content-API ability), and the public
 *   role's, tag `users-permissions` (any change of a permission or of its role link);
 * - the session check (src/auth/sessions.ts), tag `session:<id>`.
 *
 * The tags come from database triggers (src/platform/cache-invalidation.ts), on every
 * instance, whoever wrote. The rules are users-permissions 5.54's own
 * (server/src/strategies/users-permissions.js): no account → 401 « Invalid credentials »;
 * email confirmation required and not confirmed → same; blocked → same; otherwise the role's
 * ability decides (403 in its `verify`, unchanged).
 */

const USER_UID = 'plugin::users-permissions.user';
const PERMISSION_UID = 'plugin::users-permissions.permission';
const USERS_PERMISSIONS = 'users-permissions';
const CONFIGURATION = cacheTags.usersPermissions;

/** The account as users-permissions authenticates it: its row with its role (or null). */
export interface AuthenticatedAccount {
  id: number;
  blocked?: boolean | null;
  confirmed?: boolean | null;
  role?: { id: number; type?: string } | null;
  [field: string]: unknown;
}

/**
 * The account `id` with its role, as users-permissions' `fetchAuthenticatedUser` reads it,
 * from the request cache. A fresh shallow copy each call (a request may add to it).
 * @returns null when there is no such account
 */
export async function authenticatedAccount(strapi: Core.Strapi, id: number | string): Promise<AuthenticatedAccount | null> {
  const row = await requestCache(strapi).read(
    `up-user:${id}`,
    () => strapi.db.query(USER_UID).findOne({ where: { id }, populate: ['role'] }) as Promise<AuthenticatedAccount | null>,
    // An unknown account is not kept: account inserts invalidate nothing.
    { tags: (user) => [cacheTags.user(user?.id ?? id), CONFIGURATION], ttlMs: (user) => (user ? Number.POSITIVE_INFINITY : 0) }
  );
  return row ? { ...row, role: row.role ? { ...row.role } : row.role } : null;
}

/** Does users-permissions require a confirmed email (its « advanced » settings), from the cache? */
async function emailConfirmationRequired(strapi: Core.Strapi): Promise<boolean> {
  return requestCache(strapi).read(
    'up-settings:email-confirmation',
    async () => {
      const advanced = (await strapi.store({ type: 'plugin', name: USERS_PERMISSIONS }).get({ key: 'advanced' })) as { email_confirmation?: boolean } | null;
      return Boolean(advanced?.email_confirmation);
    },
    { tags: () => [CONFIGURATION] }
  );
}

type Ability = unknown;

/** The content-API ability of a role (null: the public role), from the cache. */
async function abilityOf(strapi: Core.Strapi, roleId: number | null): Promise<{ ability: Ability; count: number }> {
  return requestCache(strapi).read(
    roleId === null ? 'up-ability:public' : `up-ability:${roleId}`,
    async () => {
      const permissions: { action: string }[] =
        roleId === null
          ? await strapi.db.query(PERMISSION_UID).findMany({ where: { role: { type: 'public' } } })
          : await strapi.db.query('plugin::users-permissions.role').load({ id: roleId }, 'permissions');
      const actions = (permissions ?? []).map(({ action }) => ({ action }));
      return { ability: await (strapi as any).contentAPI.permissions.engine.generateAbility(actions), count: actions.length };
    },
    { tags: () => [CONFIGURATION] }
  );
}

/**
 * The access-token check of users-permissions' refresh mode: a valid access token of the
 * session manager, an existing account, a live session. Pure CPU on a cache hit.
 * @returns `{ id, sessionId }` as users-permissions' own `verify` does
 * @throws Error('Invalid token.') otherwise (users-permissions turns it into « not authenticated »)
 */
export async function verifyAccessToken(strapi: Core.Strapi, token: string): Promise<{ id: number; sessionId?: string }> {
  const result = validAccessToken(strapi, token);
  if (!result?.isValid || result.payload?.type !== 'access') throw new Error('Invalid token.');
  const user = await authenticatedAccount(strapi, Number(result.payload.userId) || result.payload.userId);
  if (!user) throw new Error('Invalid token.');
  const sessionId: string | undefined = result.payload.sessionId;
  if (sessionId && !(await isLiveSession(strapi, sessionId))) throw new Error('Invalid token.');
  return { id: user.id, sessionId };
}

interface TokenCheck {
  isValid: boolean;
  payload?: { type?: string; userId: string | number; sessionId?: string; exp?: number };
}

/** Access tokens whose signature was checked, until their expiry: token → check (insertion order, oldest first). */
const checkedTokens = new WeakMap<object, Map<string, { check: TokenCheck; until: number }>>();
const CHECKED_TOKENS_MAX = 20_000;

/**
 * The session manager's `validateAccessToken`, remembered per process for a valid token until
 * it expires (its `exp`) or for the request caches' life (`REQUEST_CACHE_TTL_MS`), whichever
 * comes first. The check is pure (signature with the process's secret, expiry) and costs CPU
 * on every request — jsonwebtoken first tries the HMAC secret as a public key
 * (`createPublicKey`, ~4 % of a route's CPU in the benchmark's profile). What can end a valid
 * token early (logout, a session revoked) is the session check, which still runs every request.
 * An invalid token is never remembered.
 */
function validAccessToken(strapi: Core.Strapi, token: string): TokenCheck {
  const ttl = requestCacheTtlMs();
  const validate = () => (strapi as any).sessionManager(USERS_PERMISSIONS).validateAccessToken(token) as TokenCheck;
  if (ttl <= 0) return validate();
  let checked = checkedTokens.get(strapi);
  if (!checked) checkedTokens.set(strapi, (checked = new Map()));
  const now = Date.now();
  const kept = checked.get(token);
  if (kept && kept.until > now) return kept.check;
  if (kept) checked.delete(token);
  const check = validate();
  const exp = Number(check?.payload?.exp);
  if (check?.isValid && Number.isFinite(exp)) {
    if (checked.size >= CHECKED_TOKENS_MAX) checked.delete(checked.keys().next().value as string);
    checked.set(token, { check, until: Math.min(exp * 1000, now + ttl) });
  }
  return check;
}

interface Strategy {
  name: string;
  authenticate: (ctx: any) => Promise<unknown>;
  verify?: (auth: unknown, config: unknown) => unknown;
}

/**
 * users-permissions' content-API strategy with its reads cached (see the module doc); its
 * `verify` (the scope check) is kept as is.
 */
export function cachedStrategy(strapi: Core.Strapi, stock: Strategy): Strategy {
  const jwt = () => strapi.plugin(USERS_PERMISSIONS).service('jwt') as { getToken: (ctx: unknown) => Promise<{ id?: number; sessionId?: string } | null> };
  return {
    ...stock,
    async authenticate(ctx: any) {
      try {
        const token = await jwt().getToken(ctx);
        if (token) {
          const { id, sessionId } = token;
          if (id === undefined) return { authenticated: false };
          const user = await authenticatedAccount(strapi, id);
          if (!user) return { error: 'Invalid credentials' };
          if ((await emailConfirmationRequired(strapi)) && !user.confirmed) return { error: 'Invalid credentials' };
          if (user.blocked) return { error: 'Invalid credentials' };
          if (!user.role) return { authenticated: false }; // stock: reading `user.role.id` throws, caught below
          const { ability } = await abilityOf(strapi, user.role.id);
          ctx.state.user = user;
          if (sessionId) ctx.state.session = { id: sessionId };
          return { authenticated: true, credentials: user, ability };
        }
        const publicAbility = await abilityOf(strapi, null);
        if (publicAbility.count === 0) return { authenticated: false };
        return { authenticated: true, credentials: null, ability: publicAbility.ability };
      } catch {
        return { authenticated: false };
      }
    },
  };
}

/** What a caller presenting an admin API token is told on the content API (401). */
export const API_TOKENS_REFUSED = 'Les jetons d’API ne sont pas acceptés : connectez-vous avec un compte de l’intranet.';

/** What a caller presenting an admin token (« Jetons d’administration ») is told on the admin panel's API (401). */
export const ADMIN_TOKENS_REFUSED = 'Les jetons d’administration ne sont pas acceptés : connectez-vous au panneau d’administration avec votre compte.';

/**
 * Strapi's content-API token strategy (the admin's « API tokens ») runs before
 * users-permissions' on every content-API request. Here it accepts no token at all: an API
 * token carries no member, so the intranet's routes refused it already, but Strapi's own
 * content-API routes (users-permissions' `/api/users`, the upload plugin's `/api/upload`)
 * let a full-access token change any account's role, password or blocked state, list every
 * account and delete files — with no audit entry and none of the intranet's rules. Every door
 * obeys the same rules: a valid API token is answered 401 (`API_TOKENS_REFUSED`).
 *
 * Strapi 5.54's admin tokens (kind `admin`, Paramètres › Jetons d’administration) are refused
 * the same way on the admin panel's API (`ADMIN_TOKENS_REFUSED`): a request carrying one acts
 * as its owner without the panel's session, and the admin doors (src/admin-doors) and the
 * audit of panel writes rest on that session — a national admin's token read a field shown to
 * no one (a due's payer) and changed a member with no audit entry. The panel is for people.
 *
 * Access keys are hex (`randomBytes(128).toString('hex')`, @strapi/admin 5.54
 * services/api-token.js), so a bearer with a dot (a member's or a staff session's JWT) is
 * never one: the lookup, one SQL statement, is skipped for it. Idempotent; warns and does
 * nothing if Strapi's file moved (another Strapi version).
 */
export function refuseApiTokens(strapi: Core.Strapi): void {
  refuseTokenStrategy(strapi, 'content-api-token.js', API_TOKENS_REFUSED);
  refuseTokenStrategy(strapi, 'admin-token.js', ADMIN_TOKENS_REFUSED);
}

/** Makes one of @strapi/admin's token strategies refuse every valid token with `message` (401); see `refuseApiTokens`. */
function refuseTokenStrategy(strapi: Core.Strapi, fileName: string, message: string): void {
  let strategy: { authenticate: (ctx: any) => Promise<any>; intranetRefusesTokens?: boolean };
  try {
    const file = path.join(path.dirname(require.resolve('@strapi/admin/strapi-server')), 'server', 'src', 'strategies', fileName);
    strategy = require(file).default;
  } catch (error) {
    strapi.log.warn(`Token strategy ${fileName} not found: its tokens are not refused: ${(error as Error).message}`);
    return;
  }
  if (!strategy || typeof strategy.authenticate !== 'function' || strategy.intranetRefusesTokens) return;
  const stock = strategy.authenticate;
  strategy.authenticate = async (ctx: any) => {
    const parts = String(ctx?.request?.header?.authorization ?? '').split(/\s+/);
    if (parts.length === 2 && parts[0]!.toLowerCase() === 'bearer' && parts[1]!.includes('.')) return { authenticated: false };
    const result = await stock(ctx);
    if (!result?.authenticated) return result;
    // The admin-token strategy has already set its owner on the request: undone.
    if (ctx?.state) ctx.state.user = ctx.state.userAbility = undefined;
    return { authenticated: false, error: message };
  };
  strategy.intranetRefusesTokens = true;
}
