import type { PermissionRule } from './permissions';

/** The policies every content-api route of ours passes, by name. */
export const AUTHORIZE_POLICY = 'plugin::membership.authorize';
export const MODULE_POLICY = 'plugin::modules.module-enabled';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** `<controller>.<action>`. */
  handler: string;
  /** Who may attempt it; scope within the subject is decided by the command. */
  rule: PermissionRule;
  /** The module whose per-federation switch guards it, if any. */
  module?: string;
}

/**
 * Content-API routes with the standard chain: users-permissions authentication →
 * role check (`authorize`) → per-federation module switch → controller.
 * The same `rule` drives the users-permissions grants made at bootstrap.
 */
export function contentApiRoutes(specs: RouteSpec[]) {
  return {
    type: 'content-api' as const,
    routes: specs.map((spec) => ({
      method: spec.method,
      path: spec.path,
      handler: spec.handler,
      config: {
        policies: [
          { name: AUTHORIZE_POLICY, config: { rule: spec.rule } },
          ...(spec.module ? [{ name: MODULE_POLICY, config: { module: spec.module } }] : []),
        ],
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
