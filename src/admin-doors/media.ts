import { AsyncLocalStorage } from 'node:async_hooks';
import { extname } from 'node:path';
import type { Core, UID } from '@strapi/strapi';
import { fieldError, ForbiddenError, getService, NotFoundError, recordAudit, ValidationError } from '@intranet-militant/shared';
import { errors as strapiErrors } from '@strapi/utils';
import type {} from '@intranet-militant/membership';
import { refused } from './read-paths';
import { adminLabel, adminUserOf, isFederationStaff, schemaOf, type AdminContext, type AdminUser } from './staff';

/**
 * The media library is shared by every federation. Federation staff see and handle their own
 * uploads and folders only: Strapi applies that condition on its single-file routes, not on the
 * bulk ones (`bulk-delete`, `bulk-move`, `bulk-update`), on folders, nor on the folder a file is
 * put in; this module checks them all. Someone else's file or folder answers exactly like an
 * unknown one (404), so that ids cannot be enumerated. A folder of theirs stays theirs when
 * someone else (a national admin) put something in it: it is listed, opens and is counted
 * with their own content only, is renamed and moved with what it holds, and its deletion
 * leaves the rest at the root. Media fields accept only files the writer
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

/**
 * The folder writes whose checks Strapi makes against the other folders of the library: a new
 * folder's name, a renamed or moved folder's name, the names of folders moved in bulk must be
 * unique among the folders already in the destination (`validateCreateFolder`,
 * `validateUpdateFolder`, `validateMoveManyFoldersFiles` of the upload plugin).
 */
const FOLDER_WRITES = new Set(['admin-folder.create', 'admin-folder.update', 'admin-folder-file.moveMany']);

/** The federation staff member whose folder write is running (see `scopeFolderWrites`). */
const folderWriter = new AsyncLocalStorage<number>();

/**
 * For `register()`: while a federation staff member's folder write runs (`FOLDER_WRITES`),
 * the upload plugin reads that member's folders only. Its checks of a folder's name against
 * the folders already in the destination (« Un dossier de ce nom existe déjà à cet endroit »)
 * then compare with the folders the member sees — their own —, not with every federation's:
 * another staff member's « Réunions » at the root no longer refuses theirs, nor tells them it
 * exists. The folders the write names were already checked as theirs by the door
 * (`mediaLibraryDoor`), so no other read of the write changes. National admins see every
 * folder, and keep Strapi's library-wide check.
 */
export function scopeFolderWrites(strapi: Core.Strapi) {
  const ownOnly = (event: { params?: { where?: unknown } }) => {
    const adminId = folderWriter.getStore();
    if (adminId === undefined || !event.params) return;
    const where = event.params.where;
    event.params.where = { $and: [...(where ? [where] : []), { createdBy: { id: adminId } }] };
  };
  strapi.db.lifecycles.subscribe({ models: [FOLDER_UID], beforeFindOne: ownOnly, beforeFindMany: ownOnly, beforeCount: ownOnly });
}

/**
 * The advisory lock under which folder writes take turns (`serializeFolderWrites`). Its key
 * is the one the numbering of new folders took first (a running older instance waits too).
 */
const FOLDER_TURN_LOCK = 'intranet:upload:folder-path-id';

/** Strapi's message when a folder's name is taken at a place (answered in French by the door). */
const NAME_TAKEN = 'A folder with this name already exists';

/**
 * Whether two folder names are one name: equal once both are in NFC (`folderNameOf`), so that
 * a name stored decomposed before names were normalised meets its composed twin.
 * @returns false when either is not a string
 */
const sameFolderName = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && folderNameOf(a) === folderNameOf(b);

/**
 * The longest folder name the database keeps: the upload plugin's `name` is a string column,
 * varchar(255) on PostgreSQL (a longer one broke the insert or update: a 500), and its
 * validation sets no length. SQLite kept any length; the same limit applies there.
 */
const FOLDER_NAME_MAX = 255;

/** What staff read when a folder's name holds a control character, or is « . » or « .. » (`assertFolderName`). */
const FOLDER_NAME_CONTROL = 'Le nom du dossier contient un caractère de contrôle (saut de ligne, tabulation…) : retirez-le.';
const FOLDER_NAME_DOTS = 'Le nom du dossier ne peut être ni « . » ni « .. ».';

/**
 * A folder's name as the library keeps it: in Unicode's composed form (NFC), as the upload
 * plugin keeps files' names (`String.normalize()`). « Été » typed composed and decomposed (NFD,
 * as macOS gives it) is then one name, stored once per place (`serializeFolderWrites`).
 * @returns the name in NFC; any other value as it was (Strapi's validation answers it)
 */
export const folderNameOf = <T>(name: T): T => (typeof name === 'string' ? (name.normalize('NFC') as T) : name);

/**
 * A folder's name as given (the upload plugin's folder validation has it not blank, without
 * « / » and without spaces around; it neither normalises it nor refuses controls): without a
 * control character (CONTROL_CHARACTERS: Strapi's check of spaces around answered a line break
 * « ne peut ni commencer ni finir par une espace », and let BEL, tab, DEL… through), not « . »
 * nor « .. » (a path's own steps), without a bidirectional control (BIDI_CONTROLS), as files'
 * names, and counted in characters as the database keeps them once normalised (code points of
 * its NFC form, `folderNameOf`: an emoji is one). Checked by the admin door before Strapi's
 * validation (`mediaLibraryDoor`), and again by the folder service for every other door.
 * @throws ValidationError (400, French, path `name`) when `name` is a string holding a control
 *   character, « . » or « .. », holding a bidirectional control, or longer than
 *   FOLDER_NAME_MAX characters; nothing for any other value
 */
export function assertFolderName(name: unknown): void {
  if (typeof name !== 'string') return;
  if (CONTROL_CHARACTERS.test(name)) throw fieldError('name', FOLDER_NAME_CONTROL);
  if (name === '.' || name === '..') throw fieldError('name', FOLDER_NAME_DOTS);
  if (BIDI_CONTROLS.test(name)) throw fieldError('name', 'Le nom du dossier contient un caractère invisible qui inverse le sens d’écriture : retirez-le.');
  if (storedLength(name) > FOLDER_NAME_MAX) throw fieldError('name', `Le nom du dossier : ${FOLDER_NAME_MAX} caractères au plus.`);
}

/**
 * The longest file name the database keeps: the upload plugin's file `name` is a string column,
 * varchar(255) on PostgreSQL (a longer one broke the insert or the change of a file's
 * information: a 500), and its validation sets no length; the name (the `fileInfo.name` sent,
 * else the uploaded file's own name) also made the stored file's name (`hash`), which the local
 * storage provider failed to write past the file system's 255 bytes (ENAMETOOLONG: a 500 on
 * every database). `alternativeText` and `caption` are text columns: no limit.
 */
const FILE_NAME_MAX = 255;
/** The longest extension kept in a stored file's name (with `HASH_BASE_MAX`, within 255 bytes). */
const FILE_EXTENSION_MAX = 32;
/** The longest part of a stored file's name (`hash`) made from its name, before Strapi's random suffix. */
const HASH_BASE_MAX = 100;
const FILE_NAME_TOO_LONG = `Le nom du fichier : ${FILE_NAME_MAX} caractères au plus.`;
const FILE_NAME_BLANK = 'Le nom du fichier ne peut pas être vide.';
const FILE_NAME_BIDI = 'Le nom du fichier contient un caractère invisible qui inverse le sens d’écriture : retirez-le.';
const FILE_NAME_CONTROL = 'Le nom du fichier contient un caractère de contrôle (saut de ligne, tabulation…) : retirez-le.';
const FILE_EXTENSION_TOO_LONG = `L’extension du fichier : ${FILE_EXTENSION_MAX} caractères au plus.`;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible,
 * they show a name in another order than it is, « ‮gnp.exe » read as « exe.png » (Unicode
 * Technical Report #36 §2.1). The marks U+200E/U+200F, which names in Arabic or Hebrew need, stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Control characters: C0 (U+0000–U+001F: line break, tab, BEL, escape…), DEL (U+007F) and C1
 * (U+0080–U+009F). Invisible or breaking the line where a name is shown, they are no part of a
 * name. (NUL is refused earlier, by the body guard, as unstorable.)
 */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A name's length as the database counts it: in characters (code points, not UTF-16 units: an
 * emoji is one), after the upload plugin's Unicode normalisation (NFC: `String.normalize()`,
 * which lengthens some names — U+0958 becomes two code points).
 */
const storedLength = (name: string) => [...name.normalize()].length;

/**
 * A file's name (Strapi refuses C0 controls in an uploaded file's own name only: not in a
 * `fileInfo.name`, nor DEL and C1 anywhere).
 * @throws ValidationError (400, French, path `name`) for a name that is blank, holds a control
 *   character, is too long once stored, or holds a bidirectional control
 */
function assertFileName(name: string): void {
  if (name.trim() === '') throw fieldError('name', FILE_NAME_BLANK);
  if (CONTROL_CHARACTERS.test(name)) throw fieldError('name', FILE_NAME_CONTROL);
  if (storedLength(name) > FILE_NAME_MAX) throw fieldError('name', FILE_NAME_TOO_LONG);
  if (BIDI_CONTROLS.test(name)) throw fieldError('name', FILE_NAME_BIDI);
}

/**
 * Checks the names of an upload or of a change of a file's information.
 * @param infos the `fileInfo` objects sent (their `name`, when a string)
 * @param originals the uploaded files' own names (formidable's `originalFilename`)
 * @throws ValidationError (400, French, path `name`) when a name is blank, holds a control
 *   character, is longer than FILE_NAME_MAX characters once stored, holds a bidirectional
 *   control, or an uploaded file's extension is longer than FILE_EXTENSION_MAX
 */
export function assertFileNames(infos: unknown[], originals: unknown[]): void {
  for (const info of infos) {
    const name = info && typeof info === 'object' ? (info as { name?: unknown }).name : undefined;
    if (typeof name === 'string') assertFileName(name);
  }
  for (const original of originals) {
    if (typeof original !== 'string') continue;
    assertFileName(original);
    if (storedLength(extname(original)) > FILE_EXTENSION_MAX) throw fieldError('name', FILE_EXTENSION_TOO_LONG);
  }
}

/** The texts of a file's information that people type: kept in NFC (`fileTextsOf`). */
const FILE_TEXTS = ['name', 'alternativeText', 'caption'] as const;

/**
 * A file's information with its name, alternative text and caption in Unicode's composed form
 * (NFC), as folders' names (`folderNameOf`). The upload plugin normalises an uploaded file's
 * name only: a name given by a change of the file's information (`updateFileInfo`), an
 * alternative text and a caption were kept as sent, « Été » typed on a Mac decomposed (NFD),
 * unlike the same words typed elsewhere (not found by a search typed composed).
 * @returns a copy with those texts in NFC when `info` is an object; any other value as it was
 */
export function fileTextsOf<T>(info: T): T {
  if (!info || typeof info !== 'object' || Array.isArray(info)) return info;
  const texts = { ...info } as Record<string, unknown>;
  for (const key of FILE_TEXTS) if (typeof texts[key] === 'string') texts[key] = (texts[key] as string).normalize('NFC');
  return texts as T;
}

/** The uploaded files' own names (`originalFilename`, formidable's), from one file or a list. */
function originalNames(files: unknown): unknown[] {
  return listOf(files).map((file) => (file && typeof file === 'object' ? (file as { originalFilename?: unknown }).originalFilename : undefined));
}

/**
 * Bounds file names on every door that uploads or renames a file (the admin panel, the content
 * API's `/api/upload` — no members' role is granted it —, the panel's AI assistant, the seed):
 * the upload plugin's `upload`, `replace` and `updateFileInfo` check the names first
 * (`assertFileNames`: 400, before anything is written) and keep the names, alternative texts and
 * captions in NFC (`fileTextsOf`), and the stored file's name made from a
 * name (`image-manipulation.generateFileName`) keeps its first HASH_BASE_MAX characters (Strapi's
 * slug is ASCII), so that it, its formats' prefix (`thumbnail_`…) and its extension fit in the
 * file system's 255 bytes and the `hash` column's 255 characters.
 */
export function limitFileNames(strapi: Core.Strapi) {
  type Infos = { fileInfo?: unknown } | undefined;
  type UploadService = {
    upload(input: { data?: Infos; files?: unknown }, opts?: unknown): Promise<unknown>;
    replace(id: unknown, input: { data?: Infos; file?: unknown }, opts?: unknown): Promise<unknown>;
    updateFileInfo(id: unknown, info: unknown, opts?: unknown): Promise<unknown>;
  };
  type ImageService = { generateFileName(name: string): string };
  const services = strapi.get('services') as { extend(uid: string, extend: (service: any) => unknown): unknown };
  // The same reading of `fileInfo` as the admin door's (a malformed one: 400 BAD_FILE_INFO).
  const infosOf = (data: Infos) => fileInfosOf(data?.fileInfo);
  // The upload's data with its `fileInfo` (one or a list, as sent) in NFC (`fileTextsOf`).
  const inNfc = <I extends { data?: Infos }>(input: I): I =>
    input?.data?.fileInfo == null
      ? input
      : { ...input, data: { ...input.data, fileInfo: Array.isArray(input.data.fileInfo) ? input.data.fileInfo.map(fileTextsOf) : fileTextsOf(input.data.fileInfo) } };
  services.extend('plugin::upload.upload', (service: UploadService) => ({
    ...service,
    upload: (input: { data?: Infos; files?: unknown }, opts?: unknown) => {
      assertFileNames(infosOf(input?.data), originalNames(input?.files));
      return service.upload(inNfc(input), opts);
    },
    replace: (id: unknown, input: { data?: Infos; file?: unknown }, opts?: unknown) => {
      assertFileNames(infosOf(input?.data), originalNames(input?.file));
      return service.replace(id, inNfc(input), opts);
    },
    updateFileInfo: (id: unknown, info: unknown, opts?: unknown) => {
      assertFileNames([info], []);
      return service.updateFileInfo(id, fileTextsOf(info), opts);
    },
  }));
  services.extend('plugin::upload.image-manipulation', (service: ImageService) => ({
    ...service,
    generateFileName: (name: string) => {
      const hash = service.generateFileName(name);
      const cut = hash.lastIndexOf('_');
      return cut > HASH_BASE_MAX ? `${hash.slice(0, HASH_BASE_MAX)}${hash.slice(cut)}` : hash;
    },
  }));
}

/**
 * Set while the admin panel's creation or rename/move of a folder runs (`mediaLibraryDoor`):
 * the upload plugin's validation then leaves the name to `serializeFolderWrites`, which checks
 * it in turn and among the right folders.
 */
const nameCheckInTurn = new AsyncLocalStorage<true>();

/**
 * Runs `work` in a transaction that on PostgreSQL first takes the folder writes' transaction-
 * level advisory lock (`pg_advisory_xact_lock`), held until that transaction ends: folder
 * writes of this instance and of others run one at a time, each reading what the previous one
 * committed (READ COMMITTED). SQLite has one writer: the transaction alone serialises them.
 * Nested in a transaction already open, it joins it (the lock is re-entrant).
 * @returns what `work` returns; throws what it throws (the transaction then rolls back)
 */
export function inFolderTurn<T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> {
  // Strapi types the answer as a promise of the callback's promise: it is the callback's value.
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [FOLDER_TURN_LOCK]);
    return work();
  }) as unknown as Promise<T>;
}

/**
 * For the admin panel's folder creations and renames/moves (`POST /upload/folders`,
 * `PUT /upload/folders/:id`): runs the write with the upload plugin's own check of the name
 * left to `serializeFolderWrites` (see `nameCheckInTurn`).
 */
export const withNameCheckInTurn = <T>(work: () => Promise<T>): Promise<T> => nameCheckInTurn.run(true, work);

/**
 * For `register()`: the media library's folder writes that depend on the other folders take
 * turns (`inFolderTurn`), and a folder's name is checked in that turn, among the folders of the
 * place it ends up in. The upload plugin's folder service (`create`, `update`), which every door
 * goes through — the admin panel's `POST /upload/folders` and `PUT /upload/folders/:id`, the
 * « API Uploads » folder of API uploads, the panel's AI assistant (MCP) —, now:
 * - numbers a new folder in turn: it numbers one (`pathId`, the last step of its `path`) from
 *   the largest so far, without a lock, and creations running together wrote the same number
 *   (the second broke the unique index: a 500 on PostgreSQL);
 * - checks a new folder's name in turn: Strapi checks it before the creation, so creations of
 *   one name at one place running together each found it free and were all kept. The second
 *   gets the 400 a later creation gets (« Un dossier de ce nom existe déjà à cet endroit. »).
 *   Creations without a user (the « API Uploads » folder, which picks a free name itself) are
 *   not refused;
 * - finds or makes the « API Uploads » folder of API uploads (`plugin::upload.api-upload-folder`,
 *   `getAPIUploadFolder`) in turn: Strapi reads its store (`plugin_upload_api-folder`) and, when
 *   it is empty or names a folder gone, creates one and stores its id. Two first API uploads at
 *   once each found the store empty and each made a folder (one orphaned). In turn, the folder's
 *   creation and the store's write join the turn's transaction: the second reads the first's id;
 * - checks a renamed or moved folder's name in turn, among the folders of the parent it ends
 *   up in: Strapi's validation compares with the folders of `parent` as sent, the root when a
 *   rename does not name it — a subfolder met the root's names and missed its siblings'. For
 *   the admin panel that check is left to this one (`nameCheckInTurn`);
 * - refuses a name longer than the database keeps (255 characters, code points: a 500 on
 *   PostgreSQL) with a 400 (« Le nom du dossier : 255 caractères au plus. »), and one holding a
 *   control character or a bidirectional control, or that is « . » or « .. »
 *   (`assertFolderName`);
 * - keeps a name in NFC (`folderNameOf`) and compares names once normalised (`sameFolderName`):
 *   « Été » sent composed and decomposed is one name at one place, a folder stored decomposed
 *   before included;
 * - moves a folder in turn: a move rewrites the path of the folder and of everything below it,
 *   and a folder created inside it meanwhile kept the parent's old path (and was lost to the
 *   folder's later moves and deletion). Renames take turns as well, for their name check.
 * Federation staff's checks compare with their own folders only (`scopeFolderWrites`). The bulk
 * move (`POST /upload/actions/bulk-move`), a controller of its own, takes its turn in the door.
 * Chosen over retrying on the unique violation: a failed insert aborts a PostgreSQL
 * transaction (the caller's too), and retries multiply with the writers.
 */
export function serializeFolderWrites(strapi: Core.Strapi) {
  type Parent = number | string | null | undefined;
  type FolderService = {
    create(data: { name?: string; parent?: Parent }, opts?: { user?: unknown }): Promise<unknown>;
    update(id: number | string, data: { name?: string; parent?: Parent }, opts: { user?: unknown }): Promise<unknown>;
    exists(params?: Record<string, unknown>): Promise<boolean>;
  };
  type ApiUploadFolderService = { getAPIUploadFolder(): Promise<unknown> };
  const services = strapi.get('services') as { extend<S>(uid: string, extend: (service: S) => S): unknown };
  services.extend<ApiUploadFolderService>('plugin::upload.api-upload-folder', (service) => ({
    ...service,
    /**
     * The « API Uploads » folder, found or made in turn (see above).
     * @returns the folder row (Strapi's own answer)
     * @throws what Strapi's lookup, creation or store write throws (the turn then rolls back)
     */
    getAPIUploadFolder: () => inFolderTurn(strapi, () => service.getAPIUploadFolder()),
  }));
  services.extend<FolderService>('plugin::upload.folder', (service) => {
    /**
     * Whether `name` is free at `parent` (null: the root), the folder `self` apart, compared
     * once normalised (`sameFolderName`): a folder stored decomposed before names were
     * normalised still counts. Reads the names of the folders there (those the writer sees:
     * `scopeFolderWrites`).
     * @throws ValidationError (400, Strapi's envelope and message) when the name is taken there
     */
    const assertNameFree = async (name: unknown, parent: Parent, self?: number | string) => {
      if (typeof name !== 'string') return;
      const where: Record<string, unknown> = { parent: parent ?? null };
      if (self !== undefined) where.id = { $ne: self };
      const there = (await strapi.db.query(FOLDER_UID).findMany({ where, select: ['name'] })) as { name: string | null }[];
      if (there.some((folder) => sameFolderName(folder.name, name))) {
        throw new strapiErrors.ValidationError(NAME_TAKEN, { errors: [{ path: ['name'], message: NAME_TAKEN, name: 'ValidationError' }] });
      }
    };
    /** The write's data with its name in NFC (`folderNameOf`); other data as sent. */
    const normalised = <D extends { name?: string }>(data: D): D => (data && typeof data.name === 'string' ? { ...data, name: folderNameOf(data.name) } : data);
    return {
      ...service,
      // The upload plugin's validation asks whether the name is taken (`is-folder-unique`):
      // during the admin panel's writes, it is checked in turn instead.
      exists: (params) => (nameCheckInTurn.getStore() && params && 'name' in params ? Promise.resolve(false) : service.exists(params)),
      create: (sent, opts) =>
        inFolderTurn(strapi, async () => {
          assertFolderName(sent?.name);
          const data = normalised(sent);
          if (opts?.user) await assertNameFree(data?.name, data?.parent);
          return service.create(data, opts);
        }),
      update: (id, sent, opts) =>
        inFolderTurn(strapi, async () => {
          assertFolderName(sent?.name);
          const data = normalised(sent);
          const current = (await strapi.db.query(FOLDER_UID).findOne({ where: { id }, select: ['id', 'name'], populate: { parent: { select: ['id'] } } })) as
            | { id: number; name: string; parent?: { id: number } | null }
            | null;
          if (current) await assertNameFree(data?.name ?? current.name, data?.parent === undefined ? current.parent?.id ?? null : data.parent, current.id);
          return service.update(id, data, opts);
        }),
    };
  });
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
     * Folders acted on whole (opened, renamed, moved, deleted) must be this admin's own. What
     * someone else put inside one of theirs (a national admin may) does not change that: the
     * folder opens with their own content only, is renamed and moved with what it holds, and
     * its deletion leaves someone else's content at the root (`rescueForeignContent`).
     * @throws NotFoundError (404, « Dossier introuvable. ») for an unknown folder or someone
     *   else's, alike
     */
    async assertOwnFolders(admin: AdminUser, refs: unknown[]) {
      if (refs.some((ref) => ref == null)) throw new NotFoundError(NO_FOLDER);
      await this.assertOwnTargets(admin, refs);
    },

    /**
     * The folders a bulk move carries into one place must have distinct names, compared once
     * normalised (`sameFolderName`), among themselves and with the destination's folders: Strapi
     * compares them with the destination's only (`are-folders-unique`), and exactly — two of
     * one name moved together were both kept there, and a folder stored decomposed before names
     * were normalised (`folderNameOf`) met its composed twin there without a word. Checked only
     * for a body whose shape Strapi's validation accepts (folder ids, a destination: the root or
     * an existing folder), so that its own answers come first otherwise. Run in the bulk move's
     * turn (`inFolderTurn`), among the folders the writer sees (`scopeFolderWrites`).
     * @throws ValidationError (400, Strapi's message and envelope for a name already in the
     *   destination, answered in French by the door)
     */
    async assertDistinctMovedNames(body: unknown) {
      const { folderIds, destinationFolderId } = (body ?? {}) as { folderIds?: unknown; destinationFolderId?: unknown };
      if (!Array.isArray(folderIds) || folderIds.length === 0 || destinationFolderId === undefined) return;
      const ids = folderIds.map(idOf);
      const destination = destinationFolderId === null ? null : idOf(destinationFolderId);
      if (ids.some((id) => id === null) || (destinationFolderId !== null && destination === null)) return;
      if (destination !== null && (await strapi.db.query(FOLDER_UID).count({ where: { id: destination } })) === 0) return;
      // With the ids: a read through a join (`scopeFolderWrites`) is DISTINCT, and would merge twins.
      const names = async (where: Record<string, unknown>) =>
        ((await strapi.db.query(FOLDER_UID).findMany({ where, select: ['id', 'name'] })) as { name: string | null }[]).map((f) => f.name).filter((name): name is string => typeof name === 'string');
      const moved = await names({ id: { $in: ids } });
      // As Strapi reads the destination's folders (those already there, moved ones included).
      const present = new Set((await names({ parent: destination === null ? null : { id: destination } })).map(folderNameOf));
      const seen = new Set<string>();
      const twins = [...new Set(moved.filter((name) => present.has(folderNameOf(name)) || seen.has(folderNameOf(name)) || !seen.add(folderNameOf(name))))];
      if (twins.length === 0) return;
      const message = `some folders already exists: ${twins.join(', ')}`;
      throw new strapiErrors.ValidationError(message, { errors: [{ path: [], message, name: 'ValidationError' }] });
    },

    /**
     * Before this admin deletes their folders: what someone else put inside them (a national
     * admin may) goes to the library's root with what it holds — the topmost such folders, and
     * such files lying in this admin's own folders —, each move audited. Their deletion then
     * removes their own content only and answers as it would without it: nothing tells them
     * something else was inside, and nothing of anyone else's is lost.
     * @param folderIds folders already checked as this admin's own (`assertOwnFolders`)
     */
    async rescueForeignContent(admin: AdminUser, folderIds: number[]) {
      const tree = await this.folderRecords(folderIds, { below: true });
      const own = new Set(tree.filter((f) => f.createdBy?.id === admin.id).map((f) => f.id));
      const ownPaths = new Set(tree.filter((f) => own.has(f.id)).map((f) => f.path));
      const folderService = strapi.plugin('upload').service('folder') as { update(id: number, data: { parent: null }, opts: { user: AdminUser }): Promise<unknown> };
      for (const folder of tree) {
        if (own.has(folder.id) || !folder.parent || !own.has(folder.parent.id)) continue;
        await folderService.update(folder.id, { parent: null }, { user: admin });
        await auditFolder(strapi, admin, 'move', folder, { changes: { parent: { before: folderRef(folder.parent), after: null } } });
      }
      const uploads = strapi.plugin('upload').service('upload') as { updateFileInfo(id: number, data: { folder: null }, opts: { user: AdminUser }): Promise<unknown> };
      for (const file of await this.filesInFolders(folderIds)) {
        if (file.createdBy?.id === admin.id || !ownPaths.has(file.folderPath ?? '/')) continue;
        await uploads.updateFileInfo(file.id, { folder: null }, { user: admin });
        await auditFile(strapi, admin, 'move', file, { folder: { before: file.folderPath, after: '/' } });
      }
    },

    /**
     * Folder paths (`path` of a folder, `folderPath` of a file: `/<pathId>/<pathId>…`, the
     * folders from the root down) in an answer, as this admin may see them: a path starts
     * below the deepest folder on it that is not theirs, as the folder's or file's `parent`
     * and `folder` read null (the root) there. A national admin may have moved their folder
     * into one of theirs: its id is not the staff member's to read. Changes the answer in place.
     */
    async ownPathsOnly(admin: AdminUser, body: unknown) {
      const paths: { owner: Record<string, unknown>; key: string; segments: string[] }[] = [];
      const walk = (value: unknown, depth: number) => {
        if (!value || typeof value !== 'object' || depth > 8) return;
        if (Array.isArray(value)) return value.forEach((item) => walk(item, depth + 1));
        for (const [key, inner] of Object.entries(value)) {
          if ((key === 'path' || key === 'folderPath') && typeof inner === 'string' && /^\/(\d+(\/\d+)*)?$/.test(inner)) {
            paths.push({ owner: value as Record<string, unknown>, key, segments: inner.split('/').filter(Boolean) });
          } else walk(inner, depth + 1);
        }
      };
      walk(body, 0);
      const shown = paths.filter((p) => p.segments.length > 0);
      if (shown.length === 0) return;
      const pathIds = [...new Set(shown.flatMap((p) => p.segments.map(Number)))];
      const own = new Set(
        ((await strapi.db.query(FOLDER_UID).findMany({ where: { pathId: { $in: pathIds }, createdBy: { id: admin.id } }, select: ['pathId'] })) as { pathId: number }[]).map((f) => String(f.pathId)),
      );
      for (const { owner, key, segments } of shown) {
        let start = 0;
        segments.forEach((segment, i) => { if (!own.has(segment)) start = i + 1; });
        owner[key] = `/${segments.slice(start).join('/')}`;
      }
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
  await auditMedia(strapi, admin, FILE_UID, verb, file.id, file.createdBy?.id, { file: fileDetails(file), ...extra });
}

/**
 * Records one media-library write on a folder by an admin-panel user
 * (`plugin::upload.folder.<create|update|move|delete>`), naming the folder as it was before
 * the write (as it is after, for a creation); `extra` adds the changes.
 */
export async function auditFolder(strapi: Core.Strapi, admin: AdminUser, verb: string, folder: FolderRecord, extra: Record<string, unknown> = {}) {
  await auditMedia(strapi, admin, FOLDER_UID, verb, folder.id, folder.createdBy?.id, { folder: folderDetails(folder), ...extra });
}

/**
 * Records one media-library write: the admin, `<uid>.<verb>`, the row, their federation (none:
 * national). A federation staff member's write that carried someone else's file or folder along
 * (the foreign content of their folder, moved with it or out of it before its deletion) is
 * filed without a federation: their federation's journal would name what they may not see.
 * @param ownerId the admin who made the row (undefined: unknown)
 */
async function auditMedia(strapi: Core.Strapi, admin: AdminUser, uid: string, verb: string, id: number, ownerId: number | undefined, details: Record<string, unknown>) {
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
    federationId: isFederationStaff(admin) && ownerId !== admin.id ? null : actor.federationId ?? null,
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

/** The admin panel's routes that upload a file or change its name (`assertFileNames`). */
const FILE_NAME_WRITES = new Set(['admin-upload.upload', 'admin-upload.uploadFile', 'admin-upload.replaceFile', 'admin-upload.updateFileInfo', 'admin-upload.bulkUpdateFileInfo']);

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
      // Only a deletion Strapi will run (its validation refuses other keys, with a 400, after this).
      const deletion = Object.keys((ctx.request.body ?? {}) as object).every((key) => key === 'fileIds' || key === 'folderIds');
      if (handler === 'admin-folder-file.deleteMany' && deletion) await rules.rescueForeignContent(admin, folderIds);
    }

    // A folder's name, before Strapi's validation (which answered a line break « ne peut ni
    // commencer ni finir par une espace »), then kept in NFC: its checks and the write see the
    // name as it will be stored (`assertFolderName`, `folderNameOf`).
    if (handler === 'admin-folder.create' || handler === 'admin-folder.update') {
      const body = ctx.request.body as Record<string, unknown> | undefined;
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        assertFolderName(body.name);
        if (typeof body.name === 'string') body.name = folderNameOf(body.name);
      }
    }

    // File names the database and the disk keep (a 500 otherwise), before anything is written;
    // a bulk update is checked whole, so that none of its changes is made when one is refused.
    if (FILE_NAME_WRITES.has(handler)) {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const infos =
        handler === 'admin-upload.bulkUpdateFileInfo'
          ? listOf(body.updates).flatMap((u) => (u && typeof u === 'object' ? fileInfosOf((u as { fileInfo?: unknown }).fileInfo) : []))
          : fileInfosOf(body.fileInfo);
      assertFileNames(infos, originalNames((ctx.request as { files?: { files?: unknown } }).files?.files));
    }

    // What a write touches, read before it happens (deletions, moves, changes).
    let before: FileRow[] = [];
    if (ctx.method !== 'GET' && fileIds.length) before = await rules.filesById(fileIds);
    // Strapi runs a bulk update's changes side by side, outside any transaction: one naming an
    // unknown file answered 404 once the others were written. Refused whole, before any.
    if (handler === 'admin-upload.bulkUpdateFileInfo' && new Set(before.map((f) => f.id)).size < new Set(fileIds).size) throw new NotFoundError(NO_FILE);
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
      // A staff member's folder write reads their own folders only (`scopeFolderWrites`).
      const scoped = <T>(work: () => Promise<T>) => (staff && FOLDER_WRITES.has(handler) ? folderWriter.run(admin.id, work) : work());
      const write = () => scoped(next);
      if (handler === 'admin-folder.create' || handler === 'admin-folder.update') {
        result = await withNameCheckInTurn(write);
      } else if (handler === 'admin-folder-file.moveMany') {
        // A bulk move checks the names at the destination (and among the folders it moves),
        // then rewrites paths: in turn.
        result = await inFolderTurn(strapi, () =>
          scoped(async () => {
            await rules.assertDistinctMovedNames(ctx.request.body);
            return next();
          }),
        );
      } else {
        result = await write();
      }
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
      const data = answer.data ? await rules.ownFoldersOnly(admin, [answer.data]) : [];
      await rules.ownCountsOnly(admin, data);
      if (answer.data) ctx.body = { ...answer, data: data[0] ?? null };
    }
    if (staff) await rules.ownPathsOnly(admin, ctx.body);
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
