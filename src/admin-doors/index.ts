import type { Core, UID } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { mediaLibraryDoor, mediaRules } from './media';
import { ReadPaths } from './read-paths';
import { signUploadUrls } from './signed-uploads';
import { adminUserOf, isFederationStaff, type AdminContext } from './staff';

/**
 * The admin panel's side doors (issue 23), closed for federation staff:
 * - Content Manager reads (`/content-manager/...`): the type opened, the relation field asked
 *   for and every `populate` / `filters` / `sort` / `fields` path must be readable by staff
 *   (read-paths.ts); entries named by id in bulk lookups must be in their federation;
 * - media library (`/upload/...`): own files and folders only, bulk routes included, and every
 *   write audited (media.ts);
 * - media fields of admin-panel writes: only files the writer may read (media.ts);
 * - answers of both carry signed, expiring `/uploads/...` addresses (signed-uploads.ts).
 * National admins keep Strapi's rules; only the signing and the audit apply to them.
 */

type Route = { method: string; path: string; handler: string | unknown; config?: { middlewares?: unknown[] } };
type Ctx = AdminContext;
type Middleware = (ctx: Ctx, next: () => Promise<unknown>) => Promise<unknown>;
const bodyOf = (ctx: Ctx) => (ctx.request.body ?? {}) as { documentIds?: unknown; sort?: unknown };

/** Adds a middleware in front of every admin route of a plugin, built from the route. */
function wrapRoutes(strapi: Core.Strapi, plugin: string, make: (route: Route) => Middleware | null) {
  const routes = strapi.plugin(plugin).routes as Record<string, { type?: string; routes: Route[] }>;
  for (const group of Object.values(routes)) {
    if (group.type === 'content-api') continue;
    for (const route of group.routes) {
      const middleware = make(route);
      if (!middleware) continue;
      route.config ??= {};
      route.config.middlewares = [middleware, ...(route.config.middlewares ?? [])];
    }
  }
}

/** Signs the upload addresses of an admin answer. */
const signAnswer = (strapi: Core.Strapi) => async (ctx: Ctx, next: () => Promise<unknown>) => {
  const result = await next();
  if (adminUserOf(ctx)) signUploadUrls(strapi, ctx.body);
  return result;
};

/** Documents named by id in a Content Manager request (bulk lookups, counts, bulk actions). */
function documentIdsOf(ctx: Ctx): string[] {
  const fromBody = bodyOf(ctx).documentIds;
  const fromQuery = ctx.query.documentIds;
  const list = [fromBody, fromQuery, ctx.params.id, ctx.query.id].flatMap((v) => (Array.isArray(v) ? v : v == null || v === '' ? [] : [v]));
  return [...new Set(list.filter((v): v is string => typeof v === 'string'))];
}

function contentManagerDoor(strapi: Core.Strapi, route: Route) {
  const paths = new ReadPaths(strapi);
  const isRelationRoute = route.path.startsWith('/relations/');
  const checksEntries = route.path.startsWith('/collection-types/:model') || isRelationRoute;
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const admin = adminUserOf(ctx);
    const model = ctx.params.model;
    if (admin && isFederationStaff(admin) && model) {
      paths.assertReadable(model);
      if (isRelationRoute && ctx.params.targetField) paths.relationField(model, ctx.params.targetField);
      paths.query(model, ctx.query);
      paths.sort(model, bodyOf(ctx).sort, []);
      // Entries named by id must be in the staff member's federation (Strapi's bulk lookup
      // `bulkFindForValidation` reads them without the role's condition). Clone sources and
      // writes are the admin-panel guard's (membership).
      if (checksEntries && !route.path.includes('/clone/') && !route.path.includes('auto-clone')) {
        const scope = getService(strapi, 'membership', 'admin-scope');
        if (scope.scopedType(model)?.path) {
          for (const documentId of documentIdsOf(ctx)) {
            // An unknown id is left to the Content Manager (404).
            if (await strapi.db.query(model as UID.Schema).count({ where: { documentId } })) await scope.assertWithinScope(admin, model, documentId);
          }
        }
      }
    }
    const result = await next();
    if (admin) signUploadUrls(strapi, ctx.body);
    if (admin && isFederationStaff(admin)) hideAuthorsContacts(ctx.body);
    return result;
  };
}

/** Staff see who wrote an entry by name: the Content Manager also sends the author's email. */
function hideAuthorsContacts(body: unknown, seen = new Set<unknown>()): void {
  if (body == null || typeof body !== 'object' || seen.has(body)) return;
  seen.add(body);
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if ((key === 'createdBy' || key === 'updatedBy') && value && typeof value === 'object') {
      for (const field of ['email', 'username', 'isActive', 'roles']) delete (value as Record<string, unknown>)[field];
    } else {
      hideAuthorsContacts(value, seen);
    }
  }
}

/**
 * For `register()`: puts the doors in front of the Content Manager's and the media library's
 * admin routes, and checks the media fields of every admin-panel write.
 */
export function registerAdminDoors(strapi: Core.Strapi) {
  wrapRoutes(strapi, 'content-manager', (route) => contentManagerDoor(strapi, route));
  wrapRoutes(strapi, 'upload', (route) => {
    const handler = typeof route.handler === 'string' ? route.handler : '';
    const door = mediaLibraryDoor(strapi, handler);
    const sign = signAnswer(strapi);
    return (ctx: Ctx, next: () => Promise<unknown>) => door(ctx, () => sign(ctx, next));
  });

  const rules = mediaRules(strapi);
  strapi.documents.use(async (context, next) => {
    if (!['create', 'update', 'clone'].includes(context.action)) return next();
    const request = strapi.requestContext.get() as Ctx | undefined;
    const admin = request ? adminUserOf(request) : null;
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    if (admin && isFederationStaff(admin) && params.data) await rules.assertReadableFiles(admin, context.uid, params.data, params.documentId);
    return next();
  });
}
