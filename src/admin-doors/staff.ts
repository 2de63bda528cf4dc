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
  attributes: Record<string, { type: string; target?: string; component?: string; components?: string[]; private?: boolean; visible?: boolean; searchable?: boolean }>;
  pluginOptions?: { intranet?: { staffActions?: string[]; staffHidden?: string[]; federationScope?: string }; 'content-manager'?: { visible?: boolean } };
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
const FILE_FIELDS = ['name', 'alternativeText', 'caption', 'focalPoint', 'width', 'height', 'formats', 'hash', 'ext', 'mime', 'size', 'url', 'previewUrl', 'provider'];

/** Who created or updated an entry: a name, never an email or roles. */
const ADMIN_USER_FIELDS = ['firstname', 'lastname'];

/** What Strapi adds to every type (authors, publication, locales): not subject to field permissions. */
const SYSTEM_ATTRIBUTES = new Set([...BASE_FIELDS, 'createdBy', 'updatedBy', 'firstPublishedAt', 'localizations']);

/** Attributes a type declares `visible: false`: Strapi leaves them out of every role's field list. */
function nonVisibleOf(schema: ModelSchema | undefined): string[] {
  return Object.entries(schema?.attributes ?? {}).flatMap(([name, attribute]) => (attribute.visible === false && !SYSTEM_ATTRIBUTES.has(name) ? [name] : []));
}

/**
 * The view staff have of a type: one of ours that declares `pluginOptions.intranet.staffActions`
 * with `read`, a component, an uploaded file (its own fields only) or the author of an entry (a
 * name only). Login accounts, their roles and anything else: null.
 *
 * Hidden are the fields the staff role's read permission leaves out, by the rule membership's
 * `admin-scope.staffPermissions()` builds it with: Strapi lists a type's attributes but those
 * declared `visible: false` (`getNestedFields`), and admin-scope removes `staffHidden`. (Strapi's
 * Content Manager still sends the non-visible ones in its answers: the doors strip them.)
 */
export function staffViewOf(strapi: Core.Strapi, uid: string): StaffView | null {
  if (uid === 'plugin::upload.file') return { uid, hidden: new Set(), only: new Set([...BASE_FIELDS, ...FILE_FIELDS]) };
  if (uid === 'admin::user') return { uid, hidden: new Set(), only: new Set(['id', 'documentId', ...ADMIN_USER_FIELDS]) };
  const schema = schemaOf(strapi, uid);
  if ((strapi.components as Record<string, unknown>)[uid]) return { uid, hidden: new Set(nonVisibleOf(schema)) };
  const intranet = schema?.pluginOptions?.intranet;
  if (!intranet?.staffActions?.includes('read')) return null;
  return { uid, hidden: new Set<string>([...(intranet.staffHidden ?? []), ...nonVisibleOf(schema)]) };
}

/**
 * The attributes nobody reads in the admin panel: declared `private` (never in an API answer)
 * and `visible: false` (in no role's field list) — an erased member's payer, the
 * socio-professional category and its consent (GDPR art. 9: shared for masked aggregates only),
 * the copies that serve the scope. Strapi's Content Manager still sends them, to national
 * admins as well: their answers lose these (`nationalViewOf`), staff's lose more (`staffViewOf`).
 */
function secretsOf(schema: ModelSchema | undefined): string[] {
  return Object.entries(schema?.attributes ?? {}).flatMap(([name, attribute]) =>
    attribute.private && attribute.visible === false && !SYSTEM_ATTRIBUTES.has(name) ? [name] : []
  );
}

/**
 * Hidden types the panel's own screens reach through the Content Manager: the authors of an
 * entry (`createdBy`), files and folders of media fields, an account's role (its picker), the
 * locales. Every other type hidden from the Content Manager is managed elsewhere — by its
 * plugin's routes and rules (a skills profile, a sanctions case, a « Mes données » export, a
 * quiz attempt…) or by the panel's settings (sessions, API tokens): see `closedToThePanel`.
 */
const REACHED_BY_THE_PANEL = new Set(['admin::user', 'plugin::upload.file', 'plugin::upload.folder', 'plugin::users-permissions.role', 'plugin::i18n.locale']);

/**
 * True for a content type the Content Manager must not open, for any admin (super admins
 * included): declared hidden from it (`pluginOptions['content-manager'].visible: false`) and
 * not one the panel's screens reach (`REACHED_BY_THE_PANEL`). Strapi only hides such a type
 * from the menus; its routes would still answer a super admin, who holds every type's read
 * permission — a non-consented skills profile, a confidential report, a member's export.
 */
export function closedToThePanel(strapi: Core.Strapi, uid: string): boolean {
  return schemaOf(strapi, uid)?.pluginOptions?.['content-manager']?.visible === false && !REACHED_BY_THE_PANEL.has(uid);
}

/**
 * What a national admin reads of a type in the Content Manager: all but its secrets
 * (`secretsOf`); nothing of a type closed to the panel (`closedToThePanel`).
 */
export function nationalViewOf(strapi: Core.Strapi, uid: string): StaffView | null {
  if (closedToThePanel(strapi, uid)) return null;
  return { uid, hidden: new Set(secretsOf(schemaOf(strapi, uid))) };
}

/**
 * The one rule of what staff read: true when the attribute (or base column) `name` of `uid` is
 * in the staff role's read permission. False for a type out of their reach.
 */
export function staffReads(strapi: Core.Strapi, uid: string, name: string): boolean {
  return viewReads(staffViewOf(strapi, uid), name);
}

/** `staffReads` for a view already built. */
export function viewReads(view: StaffView | null, name: string): boolean {
  if (!view) return false;
  return view.only ? view.only.has(name) : !view.hidden.has(name);
}

/** Types an attribute's value holds: a relation's target, files, a component, a dynamic zone's (by `__component`). */
function valueTypesOf(attribute: ModelSchema['attributes'][string], item: unknown): string[] {
  switch (attribute.type) {
    case 'relation':
      return attribute.target ? [attribute.target] : [];
    case 'media':
      return ['plugin::upload.file'];
    case 'component':
      return attribute.component ? [attribute.component] : [];
    case 'dynamiczone': {
      const component = (item as { __component?: unknown } | null)?.__component;
      return typeof component === 'string' && attribute.components?.includes(component) ? [component] : [];
    }
    default:
      return [];
  }
}

/**
 * Removes, in place, every attribute staff (or, with `viewOf = nationalViewOf`, a national
 * admin) may not read from entries of `uid` (an entry or a list of them), at every depth: relations, files, components and dynamic zones follow their
 * own type. Keys that are not attributes (`id`, `status`, a list view's `{ count }`) stay.
 * An entry of a type out of staff's reach keeps its `id` and `documentId` only.
 */
export function stripUnreadable(
  strapi: Core.Strapi,
  uid: string,
  value: unknown,
  viewOf: (strapi: Core.Strapi, uid: string) => StaffView | null = staffViewOf,
  seen = new Set<unknown>()
): void {
  if (value == null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) stripUnreadable(strapi, uid, item, viewOf, seen);
    return;
  }
  const entry = value as Record<string, unknown>;
  const attributes = schemaOf(strapi, uid)?.attributes ?? {};
  const view = viewOf(strapi, uid);
  for (const key of Object.keys(entry)) {
    const attribute = attributes[key];
    if (!view) {
      if (key !== 'id' && key !== 'documentId' && key !== '__component') delete entry[key];
      continue;
    }
    if (!attribute) continue;
    if (!viewReads(view, key)) {
      delete entry[key];
      continue;
    }
    const item = entry[key];
    for (const element of Array.isArray(item) ? item : [item]) {
      for (const target of valueTypesOf(attribute, element)) stripUnreadable(strapi, target, element, viewOf, seen);
    }
  }
}

/** The content types staff can read at all. */
export function staffReadableTypes(strapi: Core.Strapi): string[] {
  return Object.keys(strapi.contentTypes).filter((uid) => !uid.startsWith('plugin::upload.') && !uid.startsWith('admin::') && staffViewOf(strapi, uid));
}

export { BASE_FIELDS };
