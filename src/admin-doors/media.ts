import type { Core, UID } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, recordAudit, ValidationError } from '@intranet-militant/shared';
import { errors as strapiErrors } from '@strapi/utils';
import type {} from '@intranet-militant/membership';
import { refused } from './read-paths';
import { adminLabel, adminUserOf, isFederationStaff, schemaOf, type AdminContext, type AdminUser } from './staff';

/**
 * The media library is shared by every federation. Federation staff see and handle their own
 * uploads and folders only: Strapi applies that condition on its single-file routes, not on the
 * bulk ones (`bulk-delete`, `bulk-move`, `bulk-update`), on folders, nor on the folder a file is
 * put in; this module checks them all. Someone else's file or folder answers exactly like an
 * unknown one (404), and so does a folder of theirs holding someone else's (when opened or
 * acted on whole), so that ids cannot be enumerated; their folder listing counts their own
 * subfolders and files only. Media fields accept only files the writer
 * may read (their own uploads, or files the entry already holds). Every media-library write of
 * any admin is recorded in the audit log — each file and each folder it created, changed, moved
 * or deleted — and the library's English errors are answered in French. Nobody may import files
 * from web addresses (`URL_IMPORT_REFUSED`, `mediaLibraryDoor`).
 */

const FILE_UID = 'plugin::upload.file';
const FOLDER_UID = 'plugin::upload.folder';

const NO_FILE = 'Fichier introuvable.';
const NO_FOLDER = 'Dossier introuvable.';
const URL_IMPORT_REFUSED =
  'L’import de fichiers depuis une adresse web n’est pas proposé : téléchargez le fichier, puis déposez-le dans la médiathèque.';
const BAD_FILE_INFO = 'Informations du fichier (« fileInfo ») illisibles : un objet JSON est attendu.';

/** The largest id a row can have (an integer column on PostgreSQL). */
const MAX_ID = 2_147_483_647;

export interface FileRow {
  id: number;
  name: string;
  folderPath?: string | null;
  createdBy?: { id: number; firstname?: string | null; lastname?: string | null; email?: string } | null;
}
/** A folder of a listing or of the folder tree. */
interface FolderNode {
  id: number;
  children?: FolderNode[] | { count: number };
  parent?: unknown;
}
interface FolderRow {
  id: number;
  path: string;
  createdBy?: { id: number } | null;
}
/** A folder as the audit log names it: its name, where it is, who made it. */
export interface FolderRecord {
  id: number;
  name: string;
  path: string;
  parent?: { id: number; name: string } | null;
  createdBy?: { id: number; firstname?: string | null; lastname?: string | null; email?: string } | null;
}

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value == null ? [] : [value]).map((v) => Number(typeof v === 'object' && v ? (v as { id?: unknown }).id : v)).filter((n) => Number.isInteger(n));

/**
 * The row id a media route names (`5` or `"5"`, in a path, a query or a body).
 * @returns the id, or null when the value cannot name a row (`"abc"`, `-1`, `1e12`, an object…)
 */
export function idOf(value: unknown): number | null {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ID ? id : null;
}

/** A value or list of values as a list (`undefined` and `null`: empty). */
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value == null ? [] : [value]);

/**
 * The `fileInfo` of an upload request: one object, a JSON string, or a list of either (one per
 * file of a multipart upload).
 * @returns the objects, in order (empty when none was sent)
 * @throws ValidationError (400, French) when one is not a JSON object (Strapi would answer 500)
 */
export function fileInfosOf(raw: unknown): Record<string, unknown>[] {
  if (raw == null || raw === '') return [];
  return listOf(raw).map((item) => {
    let value = item;
    if (typeof item === 'string') {
      try {
        value = JSON.parse(item);
      } catch {
        throw new ValidationError(BAD_FILE_INFO);
      }
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(BAD_FILE_INFO);
    return value as Record<string, unknown>;
  });
}

/**
 * What federation staff may reach in a media-library query (`populate`, `filters`, `sort`):
 * the columns of the rows they list, the relations the admin panel uses, and counts. A file's
 * author, the entries using it (`related`), a folder's files and children are not theirs to
 * read, nor to probe with a filter: the national administration may have put its own there.
 */
interface QueryShape {
  columns: Set<string>;
  relations: Record<string, () => QueryShape>;
  /** Relations that may only be counted (`populate[files][count]=true`). */
  counted: Set<string>;
}
const COMMON_COLUMNS = ['id', 'documentId', 'name', 'createdAt', 'updatedAt', 'publishedAt', 'locale'];
const FOLDER_COLUMNS = new Set([...COMMON_COLUMNS, 'path', 'pathId']);
const FILE_COLUMNS = new Set([
  ...COMMON_COLUMNS, 'alternativeText', 'caption', 'focalPoint', 'width', 'height', 'formats', 'hash', 'ext', 'mime', 'size', 'sizeInBytes', 'url', 'previewUrl', 'provider', 'folderPath',
]);
const FOLDER_SHAPE: QueryShape = { columns: FOLDER_COLUMNS, relations: { parent: () => FOLDER_SHAPE }, counted: new Set(['children', 'files']) };
const FILE_FOLDER_SHAPE: QueryShape = { columns: FOLDER_COLUMNS, relations: {}, counted: new Set() };
const FILE_SHAPE: QueryShape = { columns: FILE_COLUMNS, relations: { folder: () => FILE_FOLDER_SHAPE }, counted: new Set() };
/** Below a column: operators only (`{ $contains: 'image' }`, `{ $in: [1, 2] }`). */
const COLUMN: QueryShape = { columns: new Set(), relations: {}, counted: new Set() };

const isTrue = (value: unknown) => value === true || value === 'true' || value === '*';
const isCountOnly = (value: unknown) =>
  Boolean(value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && isTrue((value as { count?: unknown }).count));

/** `filters` (or an object `sort`): operators, columns, and the relations of the shape. */
function assertFilters(value: unknown, shape: QueryShape, path: string[]): void {
  if (Array.isArray(value)) return value.forEach((item) => assertFilters(item, shape, path));
  if (!value || typeof value !== 'object') return;
  for (const [key, sub] of Object.entries(value)) {
    if (key.startsWith('$') || /^\d+$/.test(key)) assertFilters(sub, shape, path);
    else if (shape.columns.has(key)) assertFilters(sub, COLUMN, [...path, key]);
    else if (shape.relations[key]) assertFilters(sub, shape.relations[key](), [...path, key]);
    else throw refused([...path, key]);
  }
}

/** `populate`: the relations of the shape (their columns, their own relations), and counts. */
function assertPopulate(value: unknown, shape: QueryShape, path: string[]): void {
  if (value == null || value === '' || value === false || value === 'false') return;
  if (typeof value === 'string') {
    for (const part of value.split(',').map((p) => p.trim())) if (!shape.relations[part]) throw refused([...path, part]);
    return;
  }
  if (Array.isArray(value)) return value.forEach((item) => assertPopulate(item, shape, path));
  if (typeof value !== 'object') throw refused(path.length ? path : ['populate']);
  for (const [key, sub] of Object.entries(value)) {
    if (shape.counted.has(key) && isCountOnly(sub)) continue;
    const relation = shape.relations[key];
    if (!relation) throw refused([...path, key]);
    if (isTrue(sub) || sub === false || sub === 'false') continue;
    if (!sub || typeof sub !== 'object' || Array.isArray(sub)) throw refused([...path, key]);
    for (const [option, inner] of Object.entries(sub)) {
      if (option === 'populate') assertPopulate(inner, relation(), [...path, key]);
      else if (option !== 'fields') throw refused([...path, key, option]);
    }
  }
}

/**
 * A listing or lookup of files or folders by federation staff names only what they may reach
 * (see `QueryShape`).
 * @param what `file` for `/upload/files`, `folder` for `/upload/folders`
 * @throws ForbiddenError (403, French) naming the refused path
 */
export function assertMediaQuery(what: 'file' | 'folder', query: Record<string, unknown>) {
  const shape = what === 'file' ? FILE_SHAPE : FOLDER_SHAPE;
  assertPopulate(query.populate, shape, []);
  assertFilters(query.filters, shape, []);
  for (const sort of listOf(query.sort)) {
    if (typeof sort !== 'string') assertFilters(sort, shape, []);
    else for (const part of sort.split(',')) assertFilters(part.split(':')[0].trim().split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), null), shape, []);
  }
}

const BASE_COLUMNS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale']);

/** 400 for a sort or field path naming nothing (`sort=zzz:asc` reached the database: a 500). */
const unknownField = (parameter: string, path: string[]) =>
  new ValidationError(`Requête invalide (« ${parameter} ») : champ inconnu « ${path.join('.')} ».`, { path: [parameter, ...path].join('.') });

/**
 * A national admin's listing of files or folders sorts and selects on fields that exist: each
 * step of a `sort` path is an attribute (a relation's target for the next step) and each of
 * `fields` a column. Strapi passes unknown ones to the database, which fails (500). Federation
 * staff's queries are held to less (`assertMediaQuery`).
 * @param what `file` for `/upload/files`, `folder` for `/upload/folders`
 * @throws ValidationError (400, French) naming the unknown field
 */
export function assertKnownMediaFields(strapi: Core.Strapi, what: 'file' | 'folder', query: Record<string, unknown>) {
  const root = what === 'file' ? 'plugin::upload.file' : 'plugin::upload.folder';
  const walk = (parameter: string, path: string[]) => {
    let uid: string | undefined = root;
    path.forEach((name, i) => {
      const attribute: { type: string; target?: string } | undefined = uid ? schemaOf(strapi, uid)?.attributes[name] : undefined;
      const last = i === path.length - 1;
      if (!attribute) {
        if (!(last && BASE_COLUMNS.has(name))) throw unknownField(parameter, path.slice(0, i + 1));
        return;
      }
      if (last) {
        if (parameter === 'fields' && ['relation', 'media', 'component', 'dynamiczone'].includes(attribute.type)) {
          throw new ValidationError(`Requête invalide (« fields ») : « ${path.join('.')} » n’est pas un champ simple (une relation se lit avec « populate »).`, { path: ['fields', ...path].join('.') });
        }
        return;
      }
      if (attribute.type !== 'relation' && attribute.type !== 'media') throw unknownField(parameter, path.slice(0, i + 2));
      uid = attribute.type === 'media' ? 'plugin::upload.file' : attribute.target;
    });
  };
  const sortPaths = (value: unknown, prefix: string[]): string[][] => {
    if (typeof value === 'string') return value.split(',').map((part) => [...prefix, ...part.split(':')[0]!.trim().split('.').filter(Boolean)]);
    if (Array.isArray(value)) return value.flatMap((item) => sortPaths(item, prefix));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => (inner && typeof inner === 'object' ? sortPaths(inner, [...prefix, key]) : [[...prefix, key]]));
    return [];
  };
  for (const path of sortPaths(query.sort, [])) if (path.length) walk('sort', path);
  for (const field of listOf(query.fields)) if (typeof field === 'string') for (const name of field.split(',')) walk('fields', [name.trim()]);
}

/** The files and folders a media request names, read from its path, query and body. */
export interface MediaReferences {
  /** Files acted on (read, changed, replaced, moved, deleted). */
  files: unknown[];
  /** Folders acted on whole (opened, renamed, moved, deleted), with what they hold. */
  folders: unknown[];
  /** Folders something is put in (null or absent: the library's root). */
  targets: unknown[];
}

/**
 * What a request to a media-library admin route names.
 * @param handler the route's handler (`admin-upload.upload`…)
 * @throws ValidationError (400) when a `fileInfo` cannot be read
 */
export function referencesOf(handler: string, ctx: Pick<AdminContext, 'params' | 'query' | 'request'>): MediaReferences {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const folderOf = (info: Record<string, unknown>) => info.folder;
  const none: MediaReferences = { files: [], folders: [], targets: [] };
  switch (handler) {
    case 'admin-file.findOne':
    case 'admin-file.destroy':
      return { ...none, files: [ctx.params.id] };
    case 'admin-upload.updateFileInfo':
    case 'admin-upload.replaceFile':
      return { ...none, files: [ctx.params.id ?? ctx.query.id], targets: fileInfosOf(body.fileInfo).map(folderOf) };
    case 'admin-upload.upload':
      return { ...none, files: ctx.query.id ? [ctx.query.id] : [], targets: fileInfosOf(body.fileInfo).map(folderOf) };
    case 'admin-upload.uploadFile':
      return { ...none, targets: fileInfosOf(body.fileInfo).map(folderOf) };
    case 'admin-upload.bulkUpdateFileInfo': {
      const updates = listOf(body.updates).map((u) => (u && typeof u === 'object' ? (u as { id?: unknown; fileInfo?: unknown }) : {}));
      return { ...none, files: updates.map((u) => u.id), targets: updates.flatMap((u) => fileInfosOf(u.fileInfo).map(folderOf)) };
    }
    case 'admin-folder-file.deleteMany':
      return { ...none, files: listOf(body.fileIds), folders: listOf(body.folderIds) };
    case 'admin-folder-file.moveMany':
      return { files: listOf(body.fileIds), folders: listOf(body.folderIds), targets: [body.destinationFolderId] };
    case 'admin-folder.findOne':
      return { ...none, folders: [ctx.params.id] };
    case 'admin-folder.update':
      return { ...none, folders: [ctx.params.id], targets: [body.parent] };
    case 'admin-folder.create':
      return { ...none, targets: [body.parent] };
    default:
      return none;
  }
}

/**
 * Refuses ids that cannot name a row, for every admin: Strapi would pass them to the database
 * (a 500 on PostgreSQL). A missing or null target is the root and is left alone.
 * @throws NotFoundError (404, « Fichier introuvable. » / « Dossier introuvable. »)
 */
export function assertWellFormed(refs: MediaReferences) {
  if (refs.files.some((ref) => ref !== undefined && idOf(ref) === null)) throw new NotFoundError(NO_FILE);
  if (refs.folders.some((ref) => idOf(ref) === null)) throw new NotFoundError(NO_FOLDER);
  if (refs.targets.some((ref) => ref != null && idOf(ref) === null)) throw new NotFoundError(NO_FOLDER);
}

/**
 * The file ids a media field's value names: `5`, `[5, 6]`, `{ id: 5 }`, `[{ id: 5 }]`, or the
 * relation shapes `{ connect: [...], set: [...] }`. Null when a reference is not a plain id
 * (a document id, an unknown shape): the writer must then be refused rather than trusted.
 * An object with `id` (or `documentId`) is one file even with `connect` beside it, as Strapi
 * reads it (`map-relation.js`): `{ id: 5, connect: [] }` attaches file 5.
 */
export function mediaIds(value: unknown): number[] | null {
  if (value == null) return [];
  const entry = typeof value === 'object' && ('id' in value || 'documentId' in value);
  if (!Array.isArray(value) && typeof value === 'object' && !entry && ('connect' in value || 'set' in value || 'disconnect' in value)) {
    const { connect, set } = value as { connect?: unknown; set?: unknown };
    const parts = [connect, set].map((part) => (part == null ? [] : mediaIds(part)));
    return parts.some((p) => p === null) ? null : parts.flat() as number[];
  }
  const list = Array.isArray(value) ? value : [value];
  const result: number[] = [];
  for (const item of list) {
    const id = idOf(item && typeof item === 'object' ? (item as { id?: unknown }).id : item);
    if (id === null) return null;
    result.push(id);
  }
  return result;
}

export function mediaRules(strapi: Core.Strapi) {
  const files = (where: Record<string, unknown>) =>
    strapi.db.query(FILE_UID).findMany({ where, select: ['id', 'name', 'folderPath'], populate: { createdBy: { select: ['id', 'firstname', 'lastname', 'email'] } } }) as Promise<FileRow[]>;
  const folders = (where: Record<string, unknown>) =>
    strapi.db.query(FOLDER_UID).findMany({ where, select: ['id', 'path'], populate: { createdBy: { select: ['id'] } } }) as Promise<FolderRow[]>;

  return {
    files,

    /**
     * Folders with these ids, as the audit log names them (missing ones are left out), and with
     * `below`, every folder inside them at any depth too.
     */
    async folderRecords(folderIds: number[], { below = false } = {}): Promise<FolderRecord[]> {
      if (folderIds.length === 0) return [];
      const read = (where: Record<string, unknown>) =>
        strapi.db.query(FOLDER_UID).findMany({
          where,
          select: ['id', 'name', 'path'],
          populate: { parent: { select: ['id', 'name'] }, createdBy: { select: ['id', 'firstname', 'lastname', 'email'] } },
          orderBy: { path: 'asc' },
        }) as Promise<FolderRecord[]>;
      const roots = await read({ id: { $in: folderIds } });
      if (!below || roots.length === 0) return roots;
      const inside = await read({ $or: roots.map((f) => ({ path: { $startsWith: `${f.path}/` } })) });
      return [...new Map([...roots, ...inside].map((f) => [f.id, f])).values()];
    },

    /** Files with these ids (missing ones are left out). */
    filesById: (fileIds: number[]) => (fileIds.length ? files({ id: { $in: fileIds } }) : Promise.resolve([] as FileRow[])),

    /** Every file inside these folders, at any depth. */
    async filesInFolders(folderIds: number[]): Promise<FileRow[]> {
      if (folderIds.length === 0) return [];
      const roots = await folders({ id: { $in: folderIds } });
      if (roots.length === 0) return [];
      return files({ $or: roots.flatMap((f) => [{ folderPath: f.path }, { folderPath: { $startsWith: `${f.path}/` } }]) });
    },

    /**
     * Files this admin acts on must be their own uploads. An unknown id, and someone else's
     * file, answer alike: the file does not exist for them.
     * @throws NotFoundError (404, « Fichier introuvable. »)
     */
    async assertOwnFiles(admin: AdminUser, refs: unknown[]) {
      const wanted = refs.map(idOf);
      if (wanted.some((id) => id === null)) throw new NotFoundError(NO_FILE);
      const unique = [...new Set(wanted as number[])];
      const rows = await this.filesById(unique);
      if (rows.length !== unique.length || rows.some((f) => f.createdBy?.id !== admin.id)) throw new NotFoundError(NO_FILE);
    },

    /**
     * Folders something is put in (an upload, a move, a new or moved folder) must be this
     * admin's own; null or absent is the library's root, open to all.
     * @throws NotFoundError (404, « Dossier introuvable. ») for an unknown folder or someone else's
     */
    async assertOwnTargets(admin: AdminUser, refs: unknown[]) {
      const named = refs.filter((ref) => ref != null);
      const wanted = named.map(idOf);
      if (wanted.some((id) => id === null)) throw new NotFoundError(NO_FOLDER);
      const unique = [...new Set(wanted as number[])];
      if (unique.length === 0) return;
      const rows = await folders({ id: { $in: unique } });
      if (rows.length !== unique.length || rows.some((f) => f.createdBy?.id !== admin.id)) throw new NotFoundError(NO_FOLDER);
    },

    /**
     * Folders acted on whole (opened, renamed, moved, deleted): each must be this admin's own,
     * and so must every folder below and every file inside. One of theirs that holds someone
     * else's folder or file (a national admin put it there) answers exactly like a nonexistent
     * folder: a refusal of its own would tell them that something they may not see is inside.
     * @throws NotFoundError (404, « Dossier introuvable. ») for an unknown folder, someone
     *   else's, or one of theirs holding someone else's folder or file, alike
     */
    async assertOwnFolders(admin: AdminUser, refs: unknown[]) {
      if (refs.length === 0) return;
      if (refs.some((ref) => idOf(ref) === null)) throw new NotFoundError(NO_FOLDER);
      await this.assertOwnTargets(admin, refs);
      const folderIds = refs.map(idOf) as number[];
      const roots = await folders({ id: { $in: folderIds } });
      const below = await folders({ $or: roots.map((f) => ({ path: { $startsWith: `${f.path}/` } })) });
      if (below.some((f) => f.createdBy?.id !== admin.id)) throw new NotFoundError(NO_FOLDER);
      const inside = await this.filesInFolders(folderIds);
      if (inside.some((f) => f.createdBy?.id !== admin.id)) throw new NotFoundError(NO_FOLDER);
    },

    /** The ids of the folders this admin made. */
    async ownFolderIds(admin: AdminUser): Promise<Set<number>> {
      return new Set((await folders({ createdBy: { id: admin.id } })).map((f) => f.id));
    },

    /**
     * A folder listing's counts (`children: { count }`, `files: { count }`, as Strapi populates
     * them) made of this admin's own folders and files only: a national file put in one of their
     * folders would otherwise show as a file they cannot list. Changes the nodes in place.
     */
    async ownCountsOnly(admin: AdminUser, list: FolderNode[]) {
      const counted = (node: FolderNode, key: 'children' | 'files') => {
        const value = (node as unknown as Record<string, unknown>)[key];
        return Boolean(value && typeof value === 'object' && !Array.isArray(value) && 'count' in value);
      };
      const ids = list.filter((node) => counted(node, 'children') || counted(node, 'files')).map((node) => node.id);
      if (ids.length === 0) return;
      const [subfolders, inside] = await Promise.all([
        strapi.db.query(FOLDER_UID).findMany({ where: { parent: { id: { $in: ids } }, createdBy: { id: admin.id } }, select: ['id'], populate: { parent: { select: ['id'] } } }),
        strapi.db.query(FILE_UID).findMany({ where: { folder: { id: { $in: ids } }, createdBy: { id: admin.id } }, select: ['id'], populate: { folder: { select: ['id'] } } }),
      ]);
      const tally = (rows: { parent?: { id: number } | null; folder?: { id: number } | null }[], key: 'parent' | 'folder') => {
        const counts = new Map<number, number>();
        for (const row of rows) if (row[key]) counts.set(row[key]!.id, (counts.get(row[key]!.id) ?? 0) + 1);
        return counts;
      };
      const children = tally(subfolders, 'parent');
      const files = tally(inside, 'folder');
      for (const node of list) {
        if (counted(node, 'children')) node.children = { count: children.get(node.id) ?? 0 };
        if (counted(node, 'files')) (node as unknown as { files: { count: number } }).files = { count: files.get(node.id) ?? 0 };
      }
    },

    /** A file listing whose files' folders read as the root (null) when they are not this admin's. */
    async hideForeignFolders(admin: AdminUser, list: unknown) {
      if (!Array.isArray(list)) return;
      const own = await this.ownFolderIds(admin);
      for (const file of list as { folder?: FolderNode | null }[]) if (file?.folder && typeof file.folder === 'object' && !own.has(file.folder.id)) file.folder = null;
    },

    /**
     * A folder listing or tree (`{ id, children?, parent? }[]`) pruned to this admin's folders;
     * a parent (populated for the breadcrumb) that is not theirs reads as the root (null).
     */
    async ownFoldersOnly<T extends FolderNode>(admin: AdminUser, list: T[] | undefined): Promise<T[]> {
      const own = await this.ownFolderIds(admin);
      const parentOf = (parent: unknown): unknown =>
        parent && typeof parent === 'object' && 'id' in parent
          ? own.has((parent as FolderNode).id) ? { ...(parent as FolderNode), parent: parentOf((parent as FolderNode).parent) } : null
          : parent;
      const prune = (nodes: T[]): T[] =>
        nodes
          .filter((node) => own.has(node.id))
          .map((node) => {
            const copy = { ...node };
            if (Array.isArray(node.children)) copy.children = prune(node.children as T[]);
            if ('parent' in node) copy.parent = parentOf(node.parent);
            return copy;
          });
      return prune(Array.isArray(list) ? list : []);
    },

    /**
     * Media fields of a write by federation staff: each file must be theirs, or already held
     * by the entry written (or by the entry cloned). A file they may not use answers exactly
     * like a nonexistent one, so that ids cannot be probed.
     * @throws ValidationError (400, « Fichier introuvable dans le champ « … ». ») for an unknown
     *   file or someone else's alike; (400) for a value that names no file by id
     */
    async assertReadableFiles(admin: AdminUser, uid: string, data: Record<string, unknown>, documentId?: string) {
      for (const [field, attribute] of Object.entries(schemaOf(strapi, uid)?.attributes ?? {})) {
        if (attribute.type !== 'media' || !(field in data)) continue;
        const wanted = mediaIds(data[field]);
        if (wanted === null) throw new ValidationError(`Champ « ${field} » : indiquez les fichiers par leur identifiant numérique.`);
        if (wanted.length === 0) continue;
        const held = new Set<number>();
        if (documentId) {
          const rows = await strapi.db.query(uid as UID.Schema).findMany({ where: { documentId }, select: ['id'], populate: { [field]: { select: ['id'] } } });
          for (const row of rows) for (const id of ids(row[field])) held.add(id);
        }
        const rest = wanted.filter((id) => !held.has(id));
        const found = await this.filesById(rest);
        // Someone else's file is not theirs to see (the library lists their own only): it is absent.
        if (found.length !== new Set(rest).size || found.some((f) => f.createdBy?.id !== admin.id)) {
          throw new ValidationError(`Fichier introuvable dans le champ « ${field} ».`);
        }
      }
    },
  };
}

export type MediaRules = ReturnType<typeof mediaRules>;

/** The audit details naming a file: id, name and owner. */
export function fileDetails(file: FileRow) {
  const owner = file.createdBy ? { id: file.createdBy.id, label: adminLabel(file.createdBy) } : null;
  return { id: file.id, name: file.name, owner };
}

/** The audit details naming a folder: id, name, the folder it is in (null: the root) and owner. */
export function folderDetails(folder: FolderRecord) {
  const owner = folder.createdBy ? { id: folder.createdBy.id, label: adminLabel(folder.createdBy) } : null;
  return { id: folder.id, name: folder.name, parent: folderRef(folder.parent), owner };
}

/** A folder named in an audit entry's changes: id and name; null for the library's root. */
const folderRef = (folder: { id: number; name: string } | null | undefined) => (folder ? { id: folder.id, name: folder.name } : null);

/** Records one media-library write on a file by an admin-panel user (`plugin::upload.file.<verb>`). */
export async function auditFile(strapi: Core.Strapi, admin: AdminUser, verb: string, file: FileRow, extra: Record<string, unknown> = {}) {
  await auditMedia(strapi, admin, FILE_UID, verb, file.id, { file: fileDetails(file), ...extra });
}

/**
 * Records one media-library write on a folder by an admin-panel user
 * (`plugin::upload.folder.<create|update|move|delete>`), naming the folder as it was before
 * the write (as it is after, for a creation); `extra` adds the changes.
 */
export async function auditFolder(strapi: Core.Strapi, admin: AdminUser, verb: string, folder: FolderRecord, extra: Record<string, unknown> = {}) {
  await auditMedia(strapi, admin, FOLDER_UID, verb, folder.id, { folder: folderDetails(folder), ...extra });
}

/** Records one media-library write: the admin, `<uid>.<verb>`, the row, their federation (none: national). */
async function auditMedia(strapi: Core.Strapi, admin: AdminUser, uid: string, verb: string, id: number, details: Record<string, unknown>) {
  const actor = await getService(strapi, 'membership', 'admin-scope').actorFor({
    id: admin.id,
    email: admin.email ?? '',
    firstname: admin.firstname ?? undefined,
    lastname: admin.lastname ?? undefined,
    roles: (admin.roles ?? []).map((role) => ({ code: role.code ?? undefined })),
  });
  await recordAudit(strapi, {
    actor: { kind: 'admin', id: admin.id, label: adminLabel(admin) },
    action: `${uid}.${verb}`,
    subject: { type: uid, id },
    federationId: actor.federationId ?? null,
    details: { via: 'admin-panel', ...details },
  });
}

/**
 * What a folder write changed: its name, the folder it is in (`{ id, name }`, null: the root).
 * @returns the changes (empty when none), keyed by what changed, each `{ before, after }`
 */
export function folderChanges(before: FolderRecord, after: FolderRecord | undefined) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (!after) return changes;
  if (after.name !== before.name) changes.name = { before: before.name, after: after.name };
  if ((after.parent?.id ?? null) !== (before.parent?.id ?? null)) changes.parent = { before: folderRef(before.parent), after: folderRef(after.parent) };
  return changes;
}

type Ctx = AdminContext;

/** Returned files of an upload answer (an array, or `{ data }`). */
const answeredFiles = (body: unknown): FileRow[] => {
  const value = body && typeof body === 'object' && 'data' in (body as object) ? (body as { data: unknown }).data : body;
  return (Array.isArray(value) ? value : value ? [value] : []).filter((f): f is FileRow => Boolean(f && typeof f === 'object' && 'id' in f));
};

/**
 * The media library's English messages (its controllers, its yup validations, its file-type
 * checks) and what staff read instead. A `$1` is what the message named.
 */
const FRENCH_MEDIA: [RegExp, string][] = [
  [/^Entity not found$/, NO_FILE],
  [/^file\.notFound$/, NO_FILE],
  [/^folder not found$/, NO_FOLDER],
  [/^Files are empty$/, 'Aucun fichier reçu : joignez le fichier à envoyer.'],
  [/^File type '(.+)' is not allowed$/, 'Type de fichier refusé par la médiathèque ($1) : documents (PDF, texte, bureautique) et images seulement.'],
  [/^MIME type is not allowed$/, 'Type de fichier refusé par la médiathèque : documents (PDF, texte, bureautique) et images seulement.'],
  [/^Cannot verify file type for security reasons$/, 'Type de fichier impossible à vérifier : donnez au fichier une extension connue (.pdf, .jpg…).'],
  [/^(Validation failed( for file at index \d+)?|File validation failed for unknown reason)$/, 'Fichier refusé : son type n’a pas pu être vérifié.'],
  [/^File name contains invalid characters$/, 'Le nom du fichier contient des caractères interdits.'],
  [/^Cannot replace a file with multiple ones$/, 'Un fichier se remplace par un seul fichier.'],
  [/^File id is required/, 'Indiquez le fichier concerné.'],
  [/^File too large: maximum allowed size is (.+)$/, 'Fichier trop volumineux : $1 au plus.'],
  [/^(.+) exceeds size limit of (.+?)\.?$/, 'Fichier « $1 » trop volumineux : $2 au plus.'],
  [/^Entity too large$/, 'Fichier trop volumineux.'],
  [/^File is not a valid image$/, 'Ce fichier n’est pas une image lisible.'],
  [/^A folder with this name already exists$/, 'Un dossier de ce nom existe déjà à cet endroit.'],
  [/^name cannot contain slashes$/, 'Le nom d’un dossier ne peut pas contenir de « / ».'],
  [/^name cannot start or end with a whitespace$/, 'Le nom d’un dossier ne peut ni commencer ni finir par une espace.'],
  [/^name (is a required field|must be at least 1 characters)$/, 'Donnez un nom au dossier.'],
  [/^(parent folder|the folder) does not exist$/, NO_FOLDER],
  [/^destination folder does not exist$/, 'Dossier de destination introuvable.'],
  [/^folders? cannot be moved inside (itself|themselves or one of its children)(: (.*))?$/, 'Un dossier ne peut être déplacé ni dans lui-même ni dans l’un de ses sous-dossiers.'],
  [/^some folders already exists?(: (.*))?$/, 'Des dossiers de même nom existent déjà dans la destination.'],
  [/^Forbidden( access)?$/, 'Votre rôle ne vous permet pas cette action dans la médiathèque.'],
  [/^\d+ errors occurred$/, 'Données invalides.'],
  // The listings' query checks (never echoing what was sent).
  [/^Invalid '(\w+)' parameter\. Expected an integer > 0/, 'Requête invalide : « $1 » est un nombre entier supérieur à 0.'],
  [/^Invalid order/, 'Requête invalide : ordre de tri inconnu (asc ou desc).'],
  [/^Invalid key (\S+)/, 'Requête invalide : paramètre inconnu « $1 ».'],
  [/^(.+) field has unspecified keys: (.+)$/, 'Champs inconnus : $2.'],
  [/^([\w.[\]]+) is a required field$/, '« $1 » : champ obligatoire.'],
  [/^([\w.[\]]+) must be a `\w+` type/, '« $1 » : valeur invalide.'],
  [/^([\w.[\]]+) must be (greater|less) than or equal to (\d+)$/, '« $1 » : valeur hors limites.'],
  [/^([\w.[\]]+) field must have at least 1 items$/, '« $1 » : un élément au moins.'],
];

/**
 * The French for one of the media library's English messages.
 * @returns the French message, or undefined when the message is not one of those known
 */
export function frenchMediaMessage(message: string): string | undefined {
  for (const [pattern, french] of FRENCH_MEDIA) {
    const match = pattern.exec(message);
    if (match) return french.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '');
  }
  return undefined;
}

/** Puts an error's message, and those of its `details.errors`, in French when they are known. */
function frenchDetails(error: { message?: unknown; details?: unknown }) {
  const french = typeof error.message === 'string' ? frenchMediaMessage(error.message) : undefined;
  if (french) error.message = french;
  const items = (error.details as { errors?: unknown } | undefined)?.errors;
  for (const item of Array.isArray(items) ? items : []) {
    if (item && typeof item === 'object' && typeof (item as { message?: unknown }).message === 'string') {
      const detail = frenchMediaMessage((item as { message: string }).message);
      if (detail) (item as { message: string }).message = detail;
    }
  }
}

/**
 * An error thrown by the media library, in French. Strapi's own ForbiddenError (not a
 * PolicyError) would be answered with a bare « Forbidden » by the route chain: it becomes ours.
 */
function frenchError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error instanceof strapiErrors.ForbiddenError && !(error instanceof strapiErrors.PolicyError)) {
    return new ForbiddenError(frenchMediaMessage(error.message) ?? frenchMediaMessage('Forbidden')!);
  }
  frenchDetails(error as Error & { details?: unknown });
  return error;
}

/**
 * Route middleware for the media library's admin routes (`/upload/...`): nobody imports from
 * web addresses (see `URL_IMPORT_REFUSED`); federation staff touch their own files and folders
 * only (someone else's answer as unknown ones: 404) and put things in their own folders only;
 * every write is audited with the files and folders it touched; errors are answered in French.
 * `handler` is the route's handler (`admin-folder-file.deleteMany`…).
 */
export function mediaLibraryDoor(strapi: Core.Strapi, handler: string) {
  const rules = mediaRules(strapi);
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    // The import from web addresses (`POST /upload/actions/upload-from-urls`) has the server
    // fetch them, and Strapi's guard against internal addresses checks the first address only:
    // it follows redirections, and lets 0.0.0.0 through (the server itself). Anyone allowed to
    // upload could read the services of the server's network into the library. The admin panel
    // shows this message in its import dialog; downloading then uploading the file does the same.
    if (handler === 'admin-upload.uploadFromUrls') throw new ForbiddenError(URL_IMPORT_REFUSED);
    const admin = adminUserOf(ctx);
    if (!admin) return next();
    const staff = isFederationStaff(admin);
    const refs = referencesOf(handler, ctx);
    assertWellFormed(refs);
    const fileIds = refs.files.map(idOf).filter((id): id is number => id !== null);
    const folderIds = refs.folders.map(idOf).filter((id): id is number => id !== null);

    // Every admin's listing sorts and selects on fields that exist (a 500 otherwise).
    if (handler === 'admin-folder.find' || handler === 'admin-folder.findOne') assertKnownMediaFields(strapi, 'folder', ctx.query);
    if (handler === 'admin-file.find' || handler === 'admin-file.findOne') assertKnownMediaFields(strapi, 'file', ctx.query);
    // Checks (federation staff only).
    if (staff) {
      if (handler === 'admin-file.generateAIMetadata' || handler === 'admin-file.createAIMetadataJob') {
        throw new ForbiddenError('Cette action de la médiathèque est réservée à l’administration nationale.');
      }
      if (handler === 'admin-folder.find' || handler === 'admin-folder.findOne') assertMediaQuery('folder', ctx.query);
      if (handler === 'admin-file.find') assertMediaQuery('file', ctx.query);
      await rules.assertOwnFiles(admin, refs.files);
      await rules.assertOwnFolders(admin, refs.folders);
      await rules.assertOwnTargets(admin, refs.targets);
    }

    // What a write touches, read before it happens (deletions, moves, changes).
    let before: FileRow[] = [];
    if (ctx.method !== 'GET' && fileIds.length) before = await rules.filesById(fileIds);
    if (handler === 'admin-folder-file.deleteMany' || handler === 'admin-folder-file.moveMany') {
      const inside = await rules.filesInFolders(folderIds);
      before = [...new Map([...before, ...inside].map((f) => [f.id, f])).values()];
    }
    // The folders a write renames, moves or deletes (a deletion takes the folders inside along).
    let foldersBefore: FolderRecord[] = [];
    if (handler === 'admin-folder.update' || handler === 'admin-folder-file.moveMany') foldersBefore = await rules.folderRecords(folderIds);
    if (handler === 'admin-folder-file.deleteMany') foldersBefore = await rules.folderRecords(folderIds, { below: true });

    let result: unknown;
    try {
      result = await next();
    } catch (error) {
      throw frenchError(error);
    }
    if (ctx.status >= 400) {
      if (ctx.body && typeof ctx.body === 'object' && (ctx.body as { error?: unknown }).error) frenchDetails((ctx.body as { error: { message?: unknown } }).error);
      return result;
    }
    if (staff && (handler === 'admin-folder.find' || handler === 'admin-folder.getStructure')) {
      const answer = (ctx.body ?? {}) as { data?: FolderNode[] };
      const data = await rules.ownFoldersOnly(admin, answer.data);
      if (handler === 'admin-folder.find') await rules.ownCountsOnly(admin, data);
      ctx.body = { ...answer, data };
    }
    if (staff && handler === 'admin-file.find') await rules.hideForeignFolders(admin, (ctx.body as { results?: unknown } | undefined)?.results);
    if (staff && handler === 'admin-file.findOne') await rules.hideForeignFolders(admin, [ctx.body]);
    if (staff && handler === 'admin-folder.findOne') {
      const answer = (ctx.body ?? {}) as { data?: FolderNode };
      if (answer.data) ctx.body = { ...answer, data: (await rules.ownFoldersOnly(admin, [answer.data]))[0] ?? null };
    }
    if (ctx.method === 'GET') return result;

    // `POST /upload` with an id replaces the file when one is sent, else changes its information.
    const sent = (ctx.request as { files?: { files?: unknown } }).files?.files;
    const kind =
      handler === 'admin-upload.upload' && fileIds.length ? (listOf(sent).length ? 'admin-upload.replaceFile' : 'admin-upload.updateFileInfo') : handler;
    switch (kind) {
      case 'admin-upload.upload':
      case 'admin-upload.uploadFile':
        for (const f of answeredFiles(ctx.body)) await auditFile(strapi, admin, 'create', { ...f, createdBy: admin });
        break;
      case 'admin-upload.replaceFile': {
        const after = new Map((await rules.filesById(before.map((f) => f.id))).map((f) => [f.id, f.folderPath ?? '/']));
        for (const f of before) {
          const moved = after.has(f.id) && after.get(f.id) !== (f.folderPath ?? '/');
          await auditFile(strapi, admin, 'replace', f, moved ? { folder: { before: f.folderPath ?? '/', after: after.get(f.id) } } : {});
        }
        break;
      }
      case 'admin-file.destroy':
        for (const f of before) await auditFile(strapi, admin, 'delete', f);
        break;
      case 'admin-folder-file.deleteMany': {
        for (const f of before) await auditFile(strapi, admin, 'delete', f);
        const left = new Set((await rules.folderRecords(foldersBefore.map((f) => f.id))).map((f) => f.id));
        for (const f of foldersBefore) if (!left.has(f.id)) await auditFolder(strapi, admin, 'delete', f);
        break;
      }
      case 'admin-folder-file.moveMany': {
        const after = new Map((await rules.filesById(before.map((f) => f.id))).map((f) => [f.id, f.folderPath ?? '/']));
        for (const f of before) await auditFile(strapi, admin, 'move', f, { folder: { before: f.folderPath ?? '/', after: after.get(f.id) ?? null } });
        const moved = new Map((await rules.folderRecords(foldersBefore.map((f) => f.id))).map((f) => [f.id, f]));
        for (const f of foldersBefore) await auditFolder(strapi, admin, 'move', f, { changes: folderChanges(f, moved.get(f.id)) });
        break;
      }
      case 'admin-folder.create': {
        const created = idOf((ctx.body as { data?: { id?: unknown } } | undefined)?.data?.id);
        for (const f of created ? await rules.folderRecords([created]) : []) await auditFolder(strapi, admin, 'create', f);
        break;
      }
      case 'admin-folder.update': {
        const after = new Map((await rules.folderRecords(foldersBefore.map((f) => f.id))).map((f) => [f.id, f]));
        for (const f of foldersBefore) {
          const changes = folderChanges(f, after.get(f.id));
          await auditFolder(strapi, admin, changes.parent ? 'move' : 'update', f, { changes });
        }
        break;
      }
      case 'admin-upload.updateFileInfo':
      case 'admin-upload.bulkUpdateFileInfo': {
        const after = new Map((await rules.filesById(before.map((f) => f.id))).map((f) => [f.id, f]));
        for (const f of before) {
          const now = after.get(f.id);
          const changes: Record<string, { before: unknown; after: unknown }> = {};
          if (now && now.name !== f.name) changes.name = { before: f.name, after: now.name };
          if (now && (now.folderPath ?? '/') !== (f.folderPath ?? '/')) changes.folder = { before: f.folderPath ?? '/', after: now.folderPath ?? '/' };
          await auditFile(strapi, admin, changes.folder ? 'move' : 'update', f, { changes });
        }
        break;
      }
      default:
        break;
    }
    return result;
  };
}
