import type { Core } from '@strapi/strapi';
import { ROLE_LABELS, ROLE_LIST, ruleOfRoute, withSchemaLock, withSeedLock, type Role } from '@intranet-militant/shared';
import { PERMISSION_UID, ROLE_UID } from '../uids';
import { ACCOUNT_EMAIL_INDEX } from '../commands/member-rules';

/** What every intranet account may do with its own login, whatever its role. */
const ACCOUNT_ACTIONS = [
  'plugin::users-permissions.user.me',
  'plugin::users-permissions.auth.changePassword',
  'plugin::users-permissions.auth.logout',
  'plugin::users-permissions.auth.getSessions',
  'plugin::users-permissions.auth.revokeSession',
];

/** Anonymous visitors may log in, refresh a session and reset a password; nothing else. */
const PUBLIC_ACTIONS = [
  'plugin::users-permissions.auth.callback',
  'plugin::users-permissions.auth.refresh',
  'plugin::users-permissions.auth.forgotPassword',
  'plugin::users-permissions.auth.resetPassword',
];

interface RouteLike {
  handler?: unknown;
  config?: { policies?: unknown[] };
}

/**
 * The users-permissions side of roles: the six intranet roles exist, each holds exactly
 * the grants derived from the routes' rules (the same data the `authorize` policy reads),
 * and nobody can sign up on their own (identified members only). Run at every boot,
 * from the application's bootstrap, after users-permissions has made its defaults.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ensureRoles(): Promise<Map<Role, number>> {
    const ids = new Map<Role, number>();
    for (const type of ROLE_LIST) {
      const { name, description } = ROLE_LABELS[type];
      let role = await strapi.db.query(ROLE_UID).findOne({ where: { type } });
      if (!role) role = await strapi.db.query(ROLE_UID).create({ data: { type, name, description } });
      else if (role.name !== name || role.description !== description) {
        role = await strapi.db.query(ROLE_UID).update({ where: { id: role.id }, data: { name, description } });
      }
      ids.set(type, role.id);
    }
    return ids;
  },

  /** Role → actions, from every content-API route that carries an `authorize` rule. */
  desiredGrants(): Map<Role, Set<string>> {
    const grants = new Map<Role, Set<string>>(ROLE_LIST.map((r) => [r, new Set(ACCOUNT_ACTIONS)]));
    const visit = (namespace: string, routes: RouteLike[]) => {
      for (const route of routes) {
        const rule = ruleOfRoute(route);
        if (!rule || typeof route.handler !== 'string') continue;
        const action = route.handler.includes('::') ? route.handler : `${namespace}.${route.handler}`;
        for (const role of Object.keys(rule) as Role[]) grants.get(role)?.add(action);
      }
    };
    for (const [name, plugin] of Object.entries(strapi.plugins as Record<string, any>)) {
      for (const router of contentApiRouters(plugin.routes)) visit(`plugin::${name}`, router.routes);
    }
    for (const [name, api] of Object.entries(strapi.apis as Record<string, any>)) {
      for (const router of contentApiRouters(api.routes)) visit(`api::${name}`, router.routes);
    }
    return grants;
  },

  /** The roles and their grants brought in line with the routes; instances booting together take turns (`withSeedLock`). */
  async syncGrants() {
    await withSeedLock(strapi, 'users-permissions-grants', async () => {
      const roleIds = await this.ensureRoles();
      const desired = this.desiredGrants();
      for (const [role, roleId] of roleIds) await syncRole(strapi, roleId, desired.get(role)!);
      const publicRole = await strapi.db.query(ROLE_UID).findOne({ where: { type: 'public' } });
      if (publicRole) await syncRole(strapi, publicRole.id, new Set(PUBLIC_ACTIONS));
    });
  },

  /** users-permissions leaves emails unique in name only; the database holds it, case-insensitively. */
  async ensureAccountEmailIndex() {
    try {
      // Instances booting together take turns (two CREATE INDEX of a new index at once collide).
      await withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${ACCOUNT_EMAIL_INDEX.name} ON up_users (lower(email))`));
    } catch (error) {
      strapi.log.warn(`Two accounts share an email address: ${(error as Error).message}`);
    }
  },

  async closeSelfRegistration() {
    const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
    const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
    if (advanced.allow_register !== false) await store.set({ key: 'advanced', value: { ...advanced, allow_register: false } });
  },
});

function contentApiRouters(routes: unknown): { routes: RouteLike[] }[] {
  if (!routes || typeof routes !== 'object' || Array.isArray(routes)) return [];
  return (Object.values(routes) as { type?: string; routes?: unknown }[]).filter(
    (r): r is { routes: RouteLike[] } => r?.type === 'content-api' && Array.isArray(r.routes)
  );
}

async function syncRole(strapi: Core.Strapi, roleId: number, wanted: Set<string>) {
  const existing: { id: number; action: string }[] = await strapi.db
    .query(PERMISSION_UID)
    .findMany({ where: { role: { id: roleId } }, select: ['id', 'action'] });
  const have = new Set(existing.map((p) => p.action));
  const stale = existing.filter((p) => !wanted.has(p.action)).map((p) => p.id);
  if (stale.length) await strapi.db.query(PERMISSION_UID).deleteMany({ where: { id: { $in: stale } } });
  for (const action of wanted) {
    if (!have.has(action)) await strapi.db.query(PERMISSION_UID).create({ data: { action, role: roleId } });
  }
}
