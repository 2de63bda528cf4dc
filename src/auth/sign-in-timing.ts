import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';

/**
 * A refused sign-in takes as long whether the address has an account or not.
 *
 * Membership of the party is a political opinion (GDPR art. 9): whether an address has an
 * account must not show. Stock, users-permissions' `POST /api/auth/local` and the admin
 * panel's `POST /admin/login` answer an unknown address (or an account without a password
 * yet) right after the lookup, but compare a known account's password with its bcrypt hash
 * first: ~80 ms against ~10 ms, the same message both ways. Here, a refusal that compared no
 * password compares the given one with a dummy hash of the same algorithm (bcryptjs, the
 * library both use) and cost as the real ones, so both take one comparison. Successful
 * sign-ins and wrong passwords of real accounts are untouched; no query is added.
 *
 * - users-permissions (5.54, server/src/controllers/auth.js `callback`): its controller is
 *   wrapped (src/extensions/users-permissions/strapi-server.ts), and its user service's
 *   `validatePassword` notes, for the sign-in in progress, that it compared a password.
 * - the admin panel (5.54, dist/server/server/src/services/auth.js `checkCredentials`): its
 *   check is a closure over a module-level `validatePassword`, so it is replaced by the same
 *   check that always compares once (`adminCheckCredentials`).
 */

/**
 * A bcrypt hash nobody's password matches (bcryptjs, of random bytes since forgotten), at cost
 * 10. `dummyHash` swaps the cost in: bcrypt reads it from the hash, so the work is the cost's.
 */
const DUMMY_HASH_10 = '$2a$10$OvarU8L/K33bj.izK2YwqOeJV5aBkPf2FFWIsxqfWgtmhbG96tXNu';

/** The cost of the admin panel's hashes: @strapi/admin's `hashPassword` hard-codes 10. */
export const ADMIN_BCRYPT_ROUNDS = 10;

/**
 * A dummy bcrypt hash at `rounds` (4–31, bcrypt's range; anything else: 10).
 * @returns a 60-character `$2a$` hash that no password matches
 */
export function dummyHash(rounds: number): string {
  const cost = Number.isInteger(rounds) && rounds >= 4 && rounds <= 31 ? rounds : 10;
  return `$2a$${String(cost).padStart(2, '0')}$${DUMMY_HASH_10.slice(7)}`;
}

/**
 * The cost of users-permissions' hashes: the `encryption.rounds` of the user's `password`
 * attribute, 10 unless set (as its `ensureHashedPasswords` reads it).
 */
export function usersPermissionsRounds(strapi: Core.Strapi): number {
  const attribute = (strapi.getModel('plugin::users-permissions.user') as any)?.attributes?.password;
  const rounds = Number(attribute?.encryption?.rounds ?? 10);
  return Number.isFinite(rounds) ? rounds : 10;
}

type Compare = (password: string, hash: string) => Promise<boolean>;

/** The sign-in in progress (`withOneComparison`): did it compare a password yet? */
const signIn = new AsyncLocalStorage<{ compared: boolean }>();

/**
 * Wraps a password check (users-permissions' `validatePassword`) so that it notes, for the
 * sign-in in progress if any, that a password was compared.
 * @returns the same check, noting its calls
 */
export function notingComparisons(compare: Compare): Compare {
  return (password, hash) => {
    const state = signIn.getStore();
    if (state) state.compared = true;
    return compare(password, hash);
  };
}

/**
 * Runs a sign-in. If it is refused (throws) before comparing any password through a check
 * wrapped by `notingComparisons`, compares `password` with `dummyHash(rounds)` first (a
 * password that is not a string: nothing to compare), then throws the same error.
 * @returns what `run` returns
 * @throws what `run` throws, unchanged
 */
export async function withOneComparison<T>(password: unknown, rounds: number, compare: Compare, run: () => Promise<T>): Promise<T> {
  const state = { compared: false };
  try {
    return await signIn.run(state, run);
  } catch (error) {
    if (!state.compared && typeof password === 'string') await compare(password, dummyHash(rounds)).catch(() => false);
    throw error;
  }
}

type AdminCheck = [null, false, { message: string }] | [null, Record<string, any>];

/**
 * The admin panel's `checkCredentials` (@strapi/admin 5.54), comparing one password whatever
 * the account: its hash, or a dummy one when there is no account or it has no password (an
 * invited account not yet registered). Same answers as stock: « Invalid credentials » for
 * no account, no password or a wrong password (and a password that is not a string, where
 * stock threw for an existing account only); « User not active » for a right password on an
 * inactive account; the account otherwise.
 * @param validatePassword the admin auth service's own (bcryptjs `compare`)
 * @returns passport's `[error, user, info]`
 */
export function adminCheckCredentials(strapi: Core.Strapi, validatePassword: Compare) {
  return async ({ email, password }: { email: string; password: string }): Promise<AdminCheck> => {
    // Not a string (a number, an object in the JSON body): bcrypt would throw on any account,
    // and stock answers 501 there but 400 for an unknown address; refused alike here.
    if (typeof password !== 'string') return [null, false, { message: 'Invalid credentials' }];
    const user = await strapi.db.query('admin::user').findOne({ where: { email } });
    const hash = typeof user?.password === 'string' && user.password ? user.password : null;
    const valid = await validatePassword(password, hash ?? dummyHash(ADMIN_BCRYPT_ROUNDS));
    if (!user || !hash || !valid) return [null, false, { message: 'Invalid credentials' }];
    if (user.isActive !== true) return [null, false, { message: 'User not active' }];
    return [null, user];
  };
}

/**
 * Hands the admin panel our `checkCredentials` (`adminCheckCredentials`), keeping the rest of
 * its auth service. Call from the application's `register`.
 */
export function equalAdminSignInTiming(strapi: Core.Strapi): void {
  (strapi.get('services') as any).extend('admin::auth', (service: any) => ({
    ...service,
    checkCredentials: adminCheckCredentials(strapi, (password, hash) => service.validatePassword(password, hash)),
  }));
}
