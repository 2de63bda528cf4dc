import type { Context } from 'koa';
import type { z } from 'zod';
import type { Actor } from './actor';
import type { PermissionRule } from './permissions';
import { parseInput } from './validation';
import { ConflictError, CROSSED_REQUEST, DUPLICATE_REQUEST, isUniqueViolation } from './errors';
import { isTransientConflict } from './transaction';

/** The policies every content-api route of ours passes, by name. */
export const AUTHORIZE_POLICY = 'plugin::membership.authorize';
export const MODULE_POLICY = 'plugin::modules.module-enabled';

/**
 * What a route accepts, as zod schemas (French messages). Every part a route reads is
 * declared: `params` when its path has `:params`, `body` for POST/PUT/PATCH, `query` when it
 * reads the query string. A part left undeclared reaches the controller as `{}` (a query
 * string sent to a route that reads none is ignored; an undeclared body never reaches it).
 */
export interface RouteInput {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** The input a controller receives, typed from the route's schemas. */
export interface InputOf<I extends RouteInput> {
  params: Parsed<I['params']>;
  query: Parsed<I['query']>;
  body: Parsed<I['body']>;
}

/**
 * The Koa context a controller of ours receives: the actor resolved by `authorize` and the
 * input parsed by the route's schemas. Controllers read `ctx.state.input`, never
 * `ctx.params`, `ctx.query` or `ctx.request.body`.
 */
export type RouteContext<I extends RouteInput = RouteInput> = Context & {
  state: { actor: Actor; input: InputOf<I> } & Record<string, unknown>;
};

/** A public route's context: no actor (anyone may call it). */
export type PublicRouteContext<I extends RouteInput = RouteInput> = Context & {
  state: { input: InputOf<I> } & Record<string, unknown>;
};

/** The parsed input of the current request (set by the route's validation step). */
export function inputOf<I extends RouteInput>(ctx: { state: Record<string, any> }): InputOf<I> {
  const input = ctx.state.input as InputOf<I> | undefined;
  if (!input) throw new Error('No parsed input on this request: was the route declared with contentApiRoutes/adminRoutes?');
  return input;
}

export interface RouteSpec<I extends RouteInput = RouteInput> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** `<controller>.<action>` (or a full `api::…` handler for the app's content). */
  handler: string;
  /**
   * Who may attempt it (scope within the subject is decided by the plugin's query or
   * command), or `'public'` for a route anyone may call without an account.
   */
  rule: PermissionRule | 'public';
  /** The module whose per-federation switch guards it, if any. */
  module?: string;
  /** The route's input schemas (see RouteInput). */
  input?: I;
}

/** Declares one route, keeping its input's type for the controller (`RouteContext<typeof x.input>`). */
export function defineRoute<I extends RouteInput>(spec: RouteSpec<I>): RouteSpec<I> {
  return spec;
}

/** The validation step of a route, carrying the schemas it applies (so tests can walk routes). */
export type InputMiddleware = ((ctx: Context, next: () => Promise<unknown>) => Promise<unknown>) & { routeInput: RouteInput };

/**
 * The route's validation step: parses params, query and body with the declared schemas
 * (400 with French messages per field, before the controller) and hands the controller
 * `ctx.state.input`. Runs after authentication, the role check and the module switch, so
 * callers who may not act learn nothing of the expected input and cost no parsing.
 */
export function validateInput(input: RouteInput = {}): InputMiddleware {
  const middleware = async (ctx: Context, next: () => Promise<unknown>) => {
    ctx.state.input = {
      params: input.params ? parseInput(input.params, namedParams(ctx.params), 'Adresse invalide.', { text: true }) : {},
      query: input.query ? parseInput(input.query, ctx.query, 'Paramètres invalides.', { queryString: true }) : {},
      body: input.body ? parseInput(input.body, (ctx.request as { body?: unknown }).body) : {},
    };
    try {
      return await next();
    } catch (error) {
      // A unique index refused the second copy of a request sent twice at once, which the
      // command did not name itself: a 409 in French, never a 500. So is a transaction the
      // database gave up in a deadlock with another (rolled back: to be sent again).
      if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE_REQUEST);
      throw isTransientConflict(error) ? new ConflictError(CROSSED_REQUEST) : error;
    }
  };
  return Object.assign(middleware, { routeInput: input });
}

/** The router also lists a path's captures by position ("0"): keep the named parameters only. */
function namedParams(params: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).filter(([key]) => !/^\d+$/.test(key)));
}

/** The schemas a registered route declared, or null when it has no validation step. */
export function declaredInput(route: { config?: { middlewares?: unknown[] } }): RouteInput | null {
  for (const middleware of route.config?.middlewares ?? []) {
    const declared = (middleware as Partial<InputMiddleware> | null)?.routeInput;
    if (declared) return declared;
  }
  return null;
}

/**
 * Content-API routes with the standard chain: users-permissions authentication →
 * role check (`authorize`, which resolves the actor) → per-federation module switch →
 * input validation → controller. The same `rule` drives the users-permissions grants made
 * at bootstrap. Public routes skip authentication, role and module.
 */
export function contentApiRoutes(specs: RouteSpec<any>[]) {
  return {
    type: 'content-api' as const,
    routes: specs.map((spec) => ({
      method: spec.method,
      path: spec.path,
      handler: spec.handler,
      config:
        spec.rule === 'public'
          ? { auth: false as const, policies: [], middlewares: [validateInput(spec.input)] }
          : {
              policies: [
                { name: AUTHORIZE_POLICY, config: { rule: spec.rule } },
                ...(spec.module ? [{ name: MODULE_POLICY, config: { module: spec.module } }] : []),
              ],
              middlewares: [validateInput(spec.input)],
            },
    })),
  };
}

export interface AdminRouteSpec<I extends RouteInput = RouteInput> {
  method: RouteSpec['method'];
  path: string;
  handler: string;
  /** The admin-panel permissions the staff member must hold: an action, or `[action, subject]` (a content type's uid). */
  actions: (string | [action: string, subject: string])[];
  input?: I;
}

/**
 * Admin-panel routes (staff screens): an authenticated admin holding `actions`, then input
 * validation, then the controller. The controller resolves the staff member's actor and
 * calls the same commands and queries as the content API.
 */
export function adminRoutes(specs: AdminRouteSpec<any>[]) {
  return {
    type: 'admin' as const,
    routes: specs.map((spec) => ({
      method: spec.method,
      path: spec.path,
      handler: spec.handler,
      config: {
        policies: [{ name: 'admin::hasPermissions', config: { actions: spec.actions } }],
        middlewares: [validateInput(spec.input)],
      },
    })),
  };
}

/** Reads back the rule of a registered route (used to derive users-permissions grants). */
export function ruleOfRoute(route: { config?: { policies?: unknown[] } }): PermissionRule | null {
  for (const policy of route.config?.policies ?? []) {
    const p = policy as { name?: string; config?: { rule?: PermissionRule } };
    if (p?.name === AUTHORIZE_POLICY && p.config?.rule) return p.config.rule;
  }
  return null;
}
