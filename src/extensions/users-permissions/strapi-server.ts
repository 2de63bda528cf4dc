import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/notifications';
import { getService } from '@intranet-militant/shared';
import { cachedStrategy, verifyAccessToken } from '../../auth/authentication';
import { isLiveSession, refreshTokenOf, sessionIdOf, withSessionLocked } from '../../auth/sessions';
import { notingComparisons, usersPermissionsRounds, withOneComparison } from '../../auth/sign-in-timing';

type Controller = Record<string, (ctx: unknown) => Promise<unknown>>;
type Factory<T> = (deps: { strapi: Core.Strapi }) => T;

/**
 * What users-permissions does differently in the intranet:
 * - an access token is accepted only while the session that issued it lives (a logout, or
 *   an exclusion that revokes every session, ends it at once, not 15 minutes later);
 * - authentication reads the account, its role's ability, the settings and the session
 *   through the per-process request caches, invalidated by database triggers on every
 *   instance (src/auth/authentication.ts): no SQL statement on a warm request;
 * - two refreshes of one token at once give the same child session, never a fork; a refresh
 *   without any token is a 401 (no session to renew), not users-permissions' 400;
 * - a refused sign-in takes one password comparison whether the account exists or not
 *   (src/auth/sign-in-timing.ts): its timing does not tell who has an account;
 * - « mot de passe oublié » answers at once and the same way whether the address has an
 *   account or not: the lookup, the token and the email happen after the answer, so its
 *   timing tells nothing either. Bad input still gets its 400. The email is the notifications
 *   plugin's (French, text and HTML, linking to the portal's reset page).
 */
export default (plugin: any) => {
  const jwtFactory: Factory<any> = plugin.services.jwt;
  plugin.services.jwt = (deps: { strapi: Core.Strapi }) => {
    const service = jwtFactory(deps);
    const verify = service.verify.bind(service);
    service.verify = async (token: string) => {
      if (deps.strapi.config.get<string>('plugin::users-permissions.jwtManagement', 'legacy-support') === 'refresh') return verifyAccessToken(deps.strapi, token);
      const payload = await verify(token);
      if (payload?.sessionId && !(await isLiveSession(deps.strapi, payload.sessionId))) throw new Error('Invalid token.');
      return payload;
    };
    return service;
  };

  // The content-API strategy is registered by the plugin's `register`: hand Strapi ours instead.
  const register = plugin.register;
  plugin.register = (deps: { strapi: Core.Strapi }) => {
    const auth = deps.strapi.get('auth') as { register: (type: string, strategy: any) => unknown };
    const stockRegister = auth.register;
    auth.register = function (type: string, strategy: any) {
      const replaced = type === 'content-api' && strategy?.name === 'users-permissions' ? cachedStrategy(deps.strapi, strategy) : strategy;
      return stockRegister.call(this, type, replaced);
    };
    try {
      return register(deps);
    } finally {
      auth.register = stockRegister;
    }
  };

  // Notes the sign-in's password comparison (src/auth/sign-in-timing.ts).
  const userFactory: Factory<any> = plugin.services.user;
  plugin.services.user = (deps: { strapi: Core.Strapi }) => {
    const service = userFactory(deps);
    service.validatePassword = notingComparisons(service.validatePassword.bind(service));
    return service;
  };

  const authFactory: Factory<Controller> = plugin.controllers.auth;
  plugin.controllers.auth = (deps: { strapi: Core.Strapi }) => {
    const controller = authFactory(deps);
    const { strapi } = deps;
    return {
      ...controller,

      /** Stock sign-in; a refusal that compared no password compares one with a dummy hash. */
      async callback(ctx: Context) {
        const provider = (ctx.params as { provider?: string } | undefined)?.provider ?? 'local';
        if (provider !== 'local') return controller.callback(ctx);
        const userService = strapi.plugin('users-permissions').service('user') as { validatePassword: (password: string, hash: string) => Promise<boolean> };
        return withOneComparison(ctx.request.body?.password, usersPermissionsRounds(strapi), (password, hash) => userService.validatePassword(password, hash), () => controller.callback(ctx));
      },

      /**
       * Stock refresh, holding the session's row; no token at all is an absent credential
       * (401, where users-permissions answers 400), a body token that is not text bad input (400);
       * a token from the cookie is answered in the cookie only, never in the body.
       */
      async refresh(ctx: Context) {
        const sent = refreshTokenOf(strapi, ctx);
        if (sent === 'absent') return ctx.unauthorized('Aucune session à renouveler : connectez-vous.');
        if (sent === 'malformed') {
          const message = 'Jeton de renouvellement : valeur invalide (texte attendu).';
          return ctx.badRequest(message, { errors: [{ path: ['refreshToken'], message, name: 'ValidationError' }] });
        }
        // A token read from the httpOnly cookie goes back in the cookie only, whatever the request
        // says: users-permissions answers the rotated token in the body unless the request sends
        // `x-strapi-refresh-cookie: httpOnly`, so a page script calling refresh without that header
        // would read a 30-day token the cookie exists to keep from it.
        if (sent.fromCookie) ctx.request.header['x-strapi-refresh-cookie'] = 'httpOnly';
        return withSessionLocked(strapi, sessionIdOf(sent.token), () => controller.refresh(ctx));
      },

      async forgotPassword(ctx: Context) {
        const email = ctx.request.body?.email;
        if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) || email.length > 254) {
          return ctx.badRequest('L’adresse e-mail n’est pas valide.', { errors: [{ path: ['email'], message: 'L’adresse e-mail n’est pas valide.', name: 'ValidationError' }] });
        }
        ctx.body = { ok: true };
        // Once the answer is out: started earlier, the lookup, token and email of an existing
        // account ran while the answer went through the remaining middlewares, and delayed it.
        ctx.res.once('close', () => {
          getService(strapi, 'notifications', 'passwords').sendReset(email.trim()).catch((error: Error) => {
            strapi.log.error(`Password reset email could not be sent: ${error?.message ?? error}`);
          });
        });
      },
    };
  };
  return plugin;
};
