import type { Core } from '@strapi/strapi';
import type { AdminUser } from '@intranet-militant/membership';

/**
 * Who is federation staff in the admin panel, and what they may reach. Federation roles are
 * the admin roles whose code starts with `intranet-federation-` (made by membership's
 * admin-scope service); anyone holding another role (the super admin, a national editor)
 * acts nationally and keeps Strapi's own rules.
 */
export const FEDERATION_ROLE_PREFIX = 'intranet-federation-';

export type { AdminUser };

/** True for an admin-panel user bound to federations (every role of theirs is a federation's). */
export function isFederationStaff(user: AdminUser | null | undefined): boolean {
  const roles = user?.roles ?? [];
  return roles.every((role) => Boolean(role.code?.startsWith(FEDERATION_ROLE_PREFIX)));
}

/** What the doors read of a Koa context on an admin route (after authentication). */
export interface AdminContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: unknown; auth?: { strategy?: { name?: string } } };
  body: unknown;
  status: number;
}

/** A content type or component as the doors read it. */
export interface ModelSchema {
  attributes: Record<string, { type: string; target?: string; component?: string; components?: string[]; private?: boolean }>;
  pluginOptions?: { intranet?: { staffActions?: string[]; staffHidden?: string[]; federationScope?: string } };
}

/** The schema of a content type or component, or undefined. */
export function schemaOf(strapi: Core.Strapi, uid: string): ModelSchema | undefined {
  return (strapi.contentTypes as unknown as Record<string, ModelSchema>)[uid] ?? (strapi.components as unknown as Record<string, ModelSchema>)[uid];
}

/** The admin-panel user of the request, when it is authenticated by an admin session. */
export function adminUserOf(ctx: { state?: AdminContext['state'] }): AdminUser | null {
  if (ctx.state?.auth?.strategy?.name !== 'admin' || !ctx.state.user) return null;
  return ctx.state.user as AdminUser;
}

/** `Prénom Nom <email>`, as the audit log names an admin-panel user. */
export function adminLabel(user: Pick<AdminUser, 'firstname' | 'lastname'> & { email?: string }): string {
  return `${[user.firstname, user.lastname].filter(Boolean).join(' ')} <${user.email ?? '?'}>`;
}

/** What staff may read of a content type: null when the type is out of their reach. */
export interface StaffView {
  uid: string;
  /** Attributes staff may not read or reach (null: every attribute). */
  hidden: Set<string>;
  /** When set, the only attributes staff may reach in this type. */
  only?: Set<string>;
}

/** Plain columns every content type has without declaring them, and the Content Manager's
 *  virtual publication status (its list view sorts by `status` and filters by `__status`). */
const BASE_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale', 'status', '__status']);

/** What a media field exposes to staff: the file itself, none of its relations. */
const FILE_FIELDS = ['name', 'alternativeText', 'caption', 'width', 'height', 'formats', 'hash', 'ext', 'mime', 'size', 'url', 'previewUrl', 'provider'];

/** Who created or updated an entry: a name, never an email or roles. */
const ADMIN_USER_FIELDS = ['firstname', 'lastname'];

/**
 * The view staff have of a type: one of ours that declares `pluginOptions.intranet.staffActions`
 * with `read` (minus its `staffHidden` fields, the declaration membership's admin-scope reads
 * too), a component, an uploaded file (its own fields only) or the author of an entry (a name
 * only). Login accounts, their roles and anything else: null.
 */
export function staffViewOf(strapi: Core.Strapi, uid: string): StaffView | null {
  if (uid === 'plugin::upload.file') return { uid, hidden: new Set(), only: new Set([...BASE_FIELDS, ...FILE_FIELDS]) };
  if (uid === 'admin::user') return { uid, hidden: new Set(), only: new Set(['id', 'documentId', ...ADMIN_USER_FIELDS]) };
  if ((strapi.components as Record<string, unknown>)[uid]) return { uid, hidden: new Set() };
  const intranet = schemaOf(strapi, uid)?.pluginOptions?.intranet;
  if (!intranet?.staffActions?.includes('read')) return null;
  return { uid, hidden: new Set<string>(intranet.staffHidden ?? []) };
}

/** The content types staff can read at all. */
export function staffReadableTypes(strapi: Core.Strapi): string[] {
  return Object.keys(strapi.contentTypes).filter((uid) => !uid.startsWith('plugin::upload.') && !uid.startsWith('admin::') && staffViewOf(strapi, uid));
}

export { BASE_FIELDS };
