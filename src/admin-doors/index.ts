import type { Core, UID } from '@strapi/strapi';
import { ABSENT_DOCUMENT_ID, ForbiddenError, NotFoundError, getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { limitFileNames, mediaLibraryDoor, mediaRules, scopeFolderWrites, serializeFolderWrites } from './media';
import { ReadPaths, malformed, refusedToEveryone } from './read-paths';
import { signUploadUrls } from './signed-uploads';
import { adminUserOf, closedToThePanel, isFederationStaff, nationalViewOf, schemaOf, staffReadableTypes, staffViewOf, stripUnreadable, type AdminContext, type AdminUser, type StaffView } from './staff';

/**
 * The admin panel's side doors (issue 23), closed for federation staff:
 * - Content Manager reads (`/content-manager/...`): the type opened, the relation field asked
 *   for and every `populate` / `filters` / `sort` / `fields` path must be readable by staff,
 *   and the query well formed (read-paths.ts); every answer loses the fields staff may not
 *   read, at every depth (staff.ts); the list search looks only into readable fields;
 * - entries named by id (one entry, clone sources, bulk lists) that are not in their
 *   federation are passed on as an id that names nothing: they answer as unknown ones; so do
 *   the entries a write's relations name (membership's admin-panel rules), which read
 *   « Contenu lié introuvable. » (400) like an unknown one;
 * - the home page's counts and statistics are their federation's (their own files);
 * - media library (`/upload/...`): own files and folders only, bulk routes included, and every
 *   write audited (media.ts);
 * - media fields of admin-panel writes: only files the writer may read (media.ts);
 * - answers of both carry signed, expiring `/uploads/...` addresses (signed-uploads.ts).
 * Staff read their errors in French. National admins keep Strapi's rules, plus: the signing,
 * the audit, the French refusal of a failed policy, the refusal of the media library's import
 * from web addresses (a way into the server's network, media.ts), and the walk of their
 * Content Manager queries (read-paths.ts with `nationalViewOf`): nothing nobody reads
 * (private and hidden attributes) may be filtered, sorted or populated, and malformed shapes
 * are a French 400; the types hidden from the Content Manager that its screens do not reach
 * (`closedToThePanel`: skills profiles, sanctions cases, « Mes données » exports, sessions,
 * API tokens…) answer 404 as unknown ones, and never come back through a relation.
 */

type Route = { method: string; path: string; handler: string | unknown; info?: unknown; config?: { middlewares?: unknown[]; policies?: unknown[] } };
type Ctx = AdminContext;
type Middleware = (ctx: Ctx, next: () => Promise<unknown>) => Promise<unknown>;
type Body = { documentIds?: unknown; sort?: unknown };
const bodyOf = (ctx: Ctx) => (ctx.request.body ?? {}) as Body;

/** What staff read for an entry that does not exist, or that they may not see. */
const NOT_FOUND = 'Contenu introuvable.';
/**
 * What staff read when a relation of a write names an entry that does not exist, or one they
 * may not read (membership's admin-panel rules make it name nothing): the same 400 either way.
 */
const RELATION_NOT_FOUND = 'Contenu lié introuvable.';
/** Strapi's answers to a relation naming nothing: by documentId (the id echoed) or by row id (the data echoed in `details`). */
const UNKNOWN_RELATION = [/^Document with id ".*", locale ".*" not found$/s, /^\d+ relation\(s\) of type \S+ associated with this entity do not exist$/];
/** A refused action (a Content Manager permission, a failed policy). */
const NOT_ALLOWED = 'Votre rôle ne vous permet pas cette action.';

/** Adds a middleware in front of every admin route of a plugin, built from the route. */
function wrapRoutes(strapi: Core.Strapi, plugin: string, make: (route: Route) => Middleware | null) {
  const routes = strapi.plugin(plugin).routes as Record<string, { type?: string; routes: Route[] }>;
  for (const group of Object.values(routes)) {
    if (group.type === 'content-api') continue;
    for (const route of group.routes) {
      frenchPolicies(route);
      const middleware = make(route);
      if (!middleware) continue;
      route.config ??= {};
      route.config.middlewares = [middleware, ...(route.config.middlewares ?? [])];
    }
  }
}

/** The policy that runs a route's own policies and refuses in French (see `frenchPolicies`). */
const POLICIES_IN_FRENCH = 'global::admin-doors-policies-in-french';
type PolicyHandler = (context: unknown, config: unknown, extra: { strapi: Core.Strapi }) => unknown;
type PoliciesConfig = { declared: unknown[]; route: Route };

/** Registers the policy `frenchPolicies` puts on routes. */
function registerFrenchPolicies(strapi: Core.Strapi) {
  const registry = strapi.get('policies') as { set(uid: string, policy: PolicyHandler): void; resolve(policies: unknown[], info: unknown): { handler: PolicyHandler; config: unknown }[] };
  const resolved = new WeakMap<PoliciesConfig, { handler: PolicyHandler; config: unknown }[]>();
  registry.set(POLICIES_IN_FRENCH, async (context, config, extra) => {
    // Policies run before the doors: a type closed to the panel is absent before any permission is asked.
    const model = (context as { params?: { model?: unknown } }).params?.model;
    if (typeof model === 'string' && closedToThePanel(extra.strapi, model)) throw new NotFoundError(NOT_FOUND);
    const wrapped = config as PoliciesConfig;
    if (!resolved.has(wrapped)) resolved.set(wrapped, registry.resolve(wrapped.declared, wrapped.route.info));
    for (const policy of resolved.get(wrapped)!) {
      const result = await policy.handler(context, policy.config, extra);
      if (result !== true && result !== undefined) throw new ForbiddenError(NOT_ALLOWED);
    }
    return true;
  });
}

/**
 * Strapi answers a failed route policy (a missing Content Manager or media-library permission)
 * with « Policy Failed »: the route's policies run inside one of ours that refuses in French.
 */
function frenchPolicies(route: Route) {
  const declared = route.config?.policies ?? [];
  if (declared.length === 0) return;
  route.config!.policies = [{ name: POLICIES_IN_FRENCH, config: { declared, route } }];
}

/** Signs the upload addresses of an admin answer. */
const signAnswer = (strapi: Core.Strapi) => async (ctx: Ctx, next: () => Promise<unknown>) => {
  const result = await next();
  if (adminUserOf(ctx)) signUploadUrls(strapi, ctx.body);
  return result;
};

/** A documentId as a request names it: a non-empty string of reasonable length, else 400. */
function documentIdIn(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 64) throw malformed('un identifiant de contenu (texte) est attendu.', [where]);
  return value;
}

/**
 * The places a Content Manager request names entries by documentId (the entry, a clone's
 * source, a relation helper's entry, bulk lists), each with a way to replace the id. Ids
 * that are not plain strings (operators, objects, nested lists) throw 400.
 */
function namedEntries(ctx: Ctx): { id: string; replace(id: string): void }[] {
  const slots: { id: string; replace(id: string): void }[] = [];
  for (const key of ['id', 'sourceId'] as const) {
    if (ctx.params[key] != null) slots.push({ id: documentIdIn(ctx.params[key], key), replace: (id) => (ctx.params[key] = id) });
  }
  // A relation picker on a create form sends `id=` (no entry yet): no entry is named.
  if (ctx.query.id !== undefined && ctx.query.id !== '') slots.push({ id: documentIdIn(ctx.query.id, 'id'), replace: (id) => (ctx.query.id = id) });
  for (const holder of [ctx.query as Body, bodyOf(ctx)]) {
    const ids = holder.documentIds;
    if (ids === undefined) continue;
    if (typeof ids === 'string') {
      slots.push({ id: documentIdIn(ids, 'documentIds'), replace: (id) => (holder.documentIds = id) });
      continue;
    }
    if (!Array.isArray(ids)) throw malformed('une liste d’identifiants de contenu est attendue.', ['documentIds']);
    ids.forEach((value, i) => slots.push({ id: documentIdIn(value, 'documentIds'), replace: (id) => (ids[i] = id) }));
  }
  return slots;
}

/** The content type a Content Manager answer holds entries of: the relation's target on relation helpers. */
function answerTypeOf(strapi: Core.Strapi, route: Route, ctx: Ctx): string | null {
  const model = ctx.params.model;
  if (!model) return null;
  if (!route.path.startsWith('/relations/')) return model;
  const attribute = schemaOf(strapi, model)?.attributes[ctx.params.targetField];
  return attribute?.type === 'relation' && attribute.target ? attribute.target : null;
}

/** Removes what staff may not read from a Content Manager answer (`data`, `results`, the versions in `meta`). */
function stripAnswer(strapi: Core.Strapi, route: Route, ctx: Ctx, viewOf: (strapi: Core.Strapi, uid: string) => StaffView | null = staffViewOf) {
  const body = ctx.body as { data?: unknown; results?: unknown; meta?: Record<string, unknown> } | null;
  const uid = answerTypeOf(strapi, route, ctx);
  if (!uid || body == null || typeof body !== 'object') return;
  stripUnreadable(strapi, uid, body.data, viewOf);
  stripUnreadable(strapi, uid, body.results, viewOf);
  for (const key of ['availableLocales', 'availableStatus']) stripUnreadable(strapi, uid, body.meta?.[key], viewOf);
}

/** English messages staff meet from Strapi in these doors, in French (undefined when unknown). */
const EXPECTED: Record<string, string> = { array: 'une liste est attendue', object: 'un objet est attendu', string: 'un texte est attendu', number: 'un nombre est attendu', boolean: 'true ou false est attendu' };
const RECEIVED: Record<string, string> = { array: 'une liste', object: 'un objet', string: 'un texte', number: 'un nombre', boolean: 'un booléen', undefined: 'rien', null: 'rien' };
function frenchOf(message: string): string | undefined {
  if (message === 'Forbidden' || message === 'Policy Failed') return NOT_ALLOWED;
  if (message === 'Not Found' || message === 'Entity not found' || /^Document not found/.test(message)) return NOT_FOUND;
  const key = /^Invalid key (\S+)(?: at (\S+))?$/.exec(message);
  if (key) return `Requête invalide${key[2] ? ` (« ${key[2]} »)` : ''} : paramètre inconnu « ${key[1]} ».`;
  if (/^Invalid order/.test(message)) return 'Requête invalide : ordre de tri inconnu (asc ou desc).';
  if (/^Invalid format, expected yyyy-MM-dd/.test(message)) return 'Requête invalide : une date AAAA-MM-JJ est attendue.';
  const input = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (input) return `Requête invalide : ${EXPECTED[input[1]] ?? `${input[1]} attendu`} (reçu : ${RECEIVED[input[2]] ?? input[2]}).`;
  if (/^Invalid input/.test(message)) return 'Requête invalide.';
  return undefined;
}

type ErrorBody = { status?: number; name?: string; message?: unknown; details?: { errors?: { message?: unknown }[] } & Record<string, unknown> };

/**
 * Rewrites, in place, an error (thrown or in an answer's envelope) for staff: French, every 404
 * alike, and every relation naming nothing alike (without the id or the data Strapi echoes).
 */
function inFrench(error: ErrorBody, status: number) {
  if (status === 404) {
    Object.assign(error, { status: 404, name: 'NotFoundError', message: NOT_FOUND, details: {} });
    return;
  }
  if (typeof error.message === 'string' && UNKNOWN_RELATION.some((pattern) => pattern.test(error.message as string))) {
    Object.assign(error, { message: RELATION_NOT_FOUND, details: {} });
    return;
  }
  const french = typeof error.message === 'string' ? frenchOf(error.message) : undefined;
  if (french) error.message = french;
  for (const item of Array.isArray(error.details?.errors) ? error.details.errors : []) {
    const message: unknown = item?.message;
    if (typeof message !== 'string') continue;
    // A relation naming nothing beside another field's error: the same French, nothing echoed.
    if (UNKNOWN_RELATION.some((pattern) => pattern.test(message))) {
      item.message = RELATION_NOT_FOUND;
      continue;
    }
    const detail = frenchOf(message);
    if (detail) item.message = detail;
  }
}

/**
 * The home page's document counts (draft, published, modified) over what a staff member may
 * read: each type their role reads, through the role's own condition (their federation).
 */
async function countDocumentsFor(strapi: Core.Strapi, ctx: Ctx & { state: { userAbility?: unknown } }) {
  const checker = strapi.plugin('content-manager').service('permission-checker');
  const counts = { draft: 0, published: 0, modified: 0 };
  for (const uid of staffReadableTypes(strapi)) {
    const contentType = strapi.contentTypes[uid as UID.ContentType] as { options?: { draftAndPublish?: boolean }; pluginOptions?: Record<string, any> };
    if (contentType.pluginOptions?.['content-manager']?.visible === false) continue;
    const permissions = checker.create({ userAbility: ctx.state.userAbility, model: uid });
    if (permissions.cannot.read()) continue;
    const { filters } = await permissions.sanitizedQuery.read({});
    const query = strapi.db.query(uid as UID.ContentType);
    if (!contentType.options?.draftAndPublish) {
      counts.published += await query.count({ where: filters ?? {} });
      continue;
    }
    // Strapi's buckets: never published, published as the draft stands, published then changed.
    const rows = await query.findMany({ where: filters ?? {}, select: ['documentId', 'publishedAt', 'updatedAt'] });
    const latest = new Map<string, { draft: number; published: number }>();
    for (const row of rows as { documentId: string; publishedAt: unknown; updatedAt: unknown }[]) {
      const at = new Date(row.updatedAt as string).getTime();
      const entry = latest.get(row.documentId) ?? { draft: 0, published: 0 };
      if (row.publishedAt == null) entry.draft = Math.max(entry.draft, at);
      else entry.published = Math.max(entry.published, at);
      latest.set(row.documentId, entry);
    }
    for (const { draft, published } of latest.values()) {
      if (!published) counts.draft += 1;
      else if (draft === published) counts.published += 1;
      else counts.modified += 1;
    }
  }
  return counts;
}

function contentManagerDoor(strapi: Core.Strapi, route: Route) {
  const paths = new ReadPaths(strapi);
  const nationalPaths = new ReadPaths(strapi, nationalViewOf, refusedToEveryone);
  const isRelationRoute = route.path.startsWith('/relations/');
  const namesEntries = route.path.startsWith('/collection-types/:model') || isRelationRoute;
  const isList = route.method === 'GET' && route.path === '/collection-types/:model';
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const admin = adminUserOf(ctx);
    // A type hidden from the Content Manager and managed by its plugin's rules (a skills
    // profile, a sanctions case, a member's export…) or by the settings (sessions, tokens):
    // absent, as an unknown type — for super admins too, who hold every type's permission.
    if (admin && ctx.params.model && closedToThePanel(strapi, ctx.params.model)) throw new NotFoundError(NOT_FOUND);
    if (!admin || !isFederationStaff(admin)) {
      // National admins keep Strapi's rules but never filter, sort or populate on what nobody
      // reads (`filters[payer][$contains]` would be an oracle on an erased member's payer), and
      // get the same 400s as staff for shapes the database would choke on.
      if (admin && ctx.params.model) {
        nationalPaths.query(ctx.params.model, ctx.query);
        nationalPaths.sort(ctx.params.model, bodyOf(ctx).sort, []);
      }
      const result = await next();
      if (admin) {
        signUploadUrls(strapi, ctx.body);
        stripAnswer(strapi, route, ctx, nationalViewOf);
      }
      return result;
    }
    try {
      await checkStaffRequest(strapi, paths, route, ctx, admin, { namesEntries, isList });
      if (route.path === '/homepage/count-documents') {
        ctx.body = { data: await countDocumentsFor(strapi, ctx) };
        ctx.status = 200;
        return undefined;
      }
      const result = await next();
      signUploadUrls(strapi, ctx.body);
      stripAnswer(strapi, route, ctx);
      hideAuthorsContacts(ctx.body);
      const error = (ctx.body as { error?: ErrorBody } | null)?.error;
      if (ctx.status >= 400 && error && typeof error === 'object') inFrench(error, ctx.status);
      return result;
    } catch (error) {
      const { status, name } = (error ?? {}) as { status?: number; name?: string };
      if (status === 404 || name === 'NotFoundError') throw new NotFoundError(NOT_FOUND);
      if (error && typeof error === 'object') inFrench(error as ErrorBody, Number(status));
      throw error;
    }
  };
}

/** What the door checks of a staff member's Content Manager request before Strapi runs it. */
async function checkStaffRequest(
  strapi: Core.Strapi,
  paths: ReadPaths,
  route: Route,
  ctx: Ctx,
  admin: AdminUser,
  { namesEntries, isList }: { namesEntries: boolean; isList: boolean }
) {
  // Content history (an Enterprise feature) would show past versions whole.
  if (route.path.startsWith('/history-versions')) throw new NotFoundError(NOT_FOUND);
  const model = ctx.params.model;
  if (!model) return;
  paths.assertReadable(model);
  if (ctx.params.targetField) paths.relationField(model, ctx.params.targetField);
  paths.query(model, ctx.query);
  paths.sort(model, bodyOf(ctx).sort, []);
  if (namesEntries) {
    const entries = namedEntries(ctx);
    // Entries out of the staff member's federation look absent. Strapi's bulk lookup
    // (`bulkFindForValidation`) would even read them without the role's condition.
    const scope = getService(strapi, 'membership', 'admin-scope');
    if (scope.scopedType(model)?.path) {
      for (const entry of entries) if (!(await scope.isWithinScope(admin, model, entry.id))) entry.replace(ABSENT_DOCUMENT_ID);
    }
  }
  // The list search (`_q`) would match fields staff may not read (an erased member's payer):
  // it becomes filters over the readable ones.
  if (isList && typeof ctx.query._q === 'string' && ctx.query._q !== '') {
    const search = paths.searchFilters(model, ctx.query._q);
    ctx.query.filters = ctx.query.filters ? { $and: [ctx.query.filters, search] } : search;
    delete ctx.query._q;
  }
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
 * The admin home page's project statistics count everyone's accounts, tokens, webhooks and
 * files. Staff get their own: the files they uploaded (all the media library shows them);
 * the national counts are null, which the panel's widget leaves out (its entries count comes
 * from the scoped document counts).
 */
function scopedStatistics(strapi: Core.Strapi) {
  const groups = ((strapi as unknown as { admin?: { routes?: Record<string, { routes?: Route[] }> } }).admin?.routes ?? {}) as Record<string, { routes?: Route[] }>;
  for (const group of Object.values(groups)) {
    for (const route of group.routes ?? []) {
      if (route.method !== 'GET' || route.path !== '/homepage/key-statistics') continue;
      route.config ??= {};
      const scoped: Middleware = async (ctx, next) => {
        const admin = adminUserOf(ctx);
        if (!admin || !isFederationStaff(admin)) return next();
        const assets = await strapi.db.query('plugin::upload.file').count({ where: { createdBy: { id: admin.id } } });
        ctx.body = { data: { assets, contentTypes: null, components: null, locales: null, admins: null, webhooks: null, apiTokens: null } };
        ctx.status = 200;
        return undefined;
      };
      route.config.middlewares = [scoped, ...(route.config.middlewares ?? [])];
    }
  }
}

/**
 * The home page's « Dernières entrées éditées » and « Dernières entrées publiées » widgets title
 * each entry by its content type's main field as stored (`GET /content-manager/homepage/recent-documents`):
 * a seat's, an enumeration, read « titulaire », « tresorier ». An entry whose type declares French
 * labels for its main field's values (`pluginOptions.intranet.valueLabels`, the bodies plugin's
 * seats) is titled by the label (« Titulaire », « Trésorier·e »); others are left as Strapi
 * titles them. Changes nothing else of the answer, for everyone who reads it.
 */
function frenchRecentTitles(strapi: Core.Strapi) {
  const routes = strapi.plugin('content-manager').routes as Record<string, { routes?: Route[] }>;
  for (const group of Object.values(routes)) {
    for (const route of group.routes ?? []) {
      if (route.method !== 'GET' || route.path !== '/homepage/recent-documents') continue;
      route.config ??= {};
      const titled: Middleware = async (ctx, next) => {
        await next();
        const documents = (ctx.body as { data?: { contentTypeUid?: string; title?: unknown }[] } | undefined)?.data;
        for (const document of Array.isArray(documents) ? documents : []) {
          const intranet = (strapi.contentTypes as unknown as Record<string, { pluginOptions?: { intranet?: { mainField?: string; valueLabels?: Record<string, Record<string, string>> } } }>)[document.contentTypeUid ?? '']?.pluginOptions?.intranet;
          const label = typeof document.title === 'string' && intranet?.mainField ? intranet.valueLabels?.[intranet.mainField]?.[document.title] : undefined;
          if (label) document.title = label;
        }
      };
      route.config.middlewares = [...(route.config.middlewares ?? []), titled];
    }
  }
}

/**
 * Admin routes of Strapi's that answer every signed-in admin, which only super admins need:
 * `GET /admin/guided-tour-meta` returns every content type's whole schema (attributes, private
 * and hidden ones included, plugin options) for the guided tour, which the panel shows only to
 * the first super admin, in development (`isFirstSuperAdminUser`: Strapi 5.54's
 * `GuidedTourHomepageOverview` and tooltips; the schemas serve its Content-Type Builder steps).
 * Anyone else gets `others`: what Strapi answers an admin who is not the first super admin, as
 * far as the tour reads it (`isFirstSuperAdminUser: false`, so no tour), without the schemas
 * (none) — the panel asks it about five times a session, and a 403 there was noise.
 */
export const SUPER_ADMIN_ROUTES: { method: string; path: string; others: () => unknown }[] = [
  { method: 'GET', path: '/guided-tour-meta', others: () => ({ data: { isFirstSuperAdminUser: false, schemas: {} } }) },
];

/**
 * Puts a route middleware in front of `SUPER_ADMIN_ROUTES` that lets super admins through and
 * answers anyone else signed in its `others` (200); anonymous requests stay Strapi's 401.
 */
function superAdminsOnly(strapi: Core.Strapi) {
  const admin = (strapi as unknown as { admin?: { routes?: Record<string, { routes?: Route[] }>; services: Record<string, any> } }).admin;
  for (const group of Object.values(admin?.routes ?? {})) {
    for (const route of group.routes ?? []) {
      const door = SUPER_ADMIN_ROUTES.find(({ method, path }) => route.method === method && route.path === path);
      if (!door) continue;
      route.config ??= {};
      const neutral: Middleware = async (ctx, next) => {
        const user = adminUserOf(ctx);
        if (user && admin!.services.role.hasSuperAdminRole(user)) return next();
        ctx.body = door.others();
        ctx.status = 200;
        return undefined;
      };
      route.config.middlewares = [neutral, ...(route.config.middlewares ?? [])];
    }
  }
}

/**
 * For `register()`: puts the doors in front of the Content Manager's and the media library's
 * admin routes, and checks the media fields of every admin-panel write.
 */
export function registerAdminDoors(strapi: Core.Strapi) {
  registerFrenchPolicies(strapi);
  wrapRoutes(strapi, 'content-manager', (route) => contentManagerDoor(strapi, route));
  wrapRoutes(strapi, 'upload', (route) => {
    const handler = typeof route.handler === 'string' ? route.handler : '';
    const door = mediaLibraryDoor(strapi, handler);
    const sign = signAnswer(strapi);
    return (ctx: Ctx, next: () => Promise<unknown>) => door(ctx, () => sign(ctx, next));
  });
  scopedStatistics(strapi);
  superAdminsOnly(strapi);
  frenchRecentTitles(strapi);
  scopeFolderWrites(strapi);
  serializeFolderWrites(strapi);
  limitFileNames(strapi);

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
