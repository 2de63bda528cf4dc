import type { Core, UID } from '@strapi/strapi';
import { ForbiddenError, getService, recordAudit, ValidationError } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { adminLabel, adminUserOf, isFederationStaff, schemaOf, type AdminContext, type AdminUser } from './staff';

/**
 * The media library is shared by every federation. Federation staff see and handle their own
 * uploads only: Strapi applies that condition on its single-file routes, not on the bulk ones
 * (`bulk-delete`, `bulk-move`, `bulk-update`) nor on folders; this module checks them all.
 * Media fields accept only files the writer may read (their own uploads, or files the entry
 * already holds). Every media-library write of any admin is recorded in the audit log.
 */

const FILE_UID = 'plugin::upload.file';
const FOLDER_UID = 'plugin::upload.folder';

const NOT_YOURS = 'Vous ne gérez que vos propres fichiers dans la médiathèque.';
const NOT_YOUR_FOLDER = 'Vous ne gérez que vos propres dossiers (et les fichiers qu’ils contiennent sont tous les vôtres).';

export interface FileRow {
  id: number;
  name: string;
  folderPath?: string | null;
  createdBy?: { id: number; firstname?: string | null; lastname?: string | null; email?: string } | null;
}
/** A folder of a listing or of the folder tree. */
interface FolderNode {
  id: number;
  children?: FolderNode[];
}
interface FolderRow {
  id: number;
  path: string;
  createdBy?: { id: number } | null;
}

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value == null ? [] : [value]).map((v) => Number(typeof v === 'object' && v ? (v as { id?: unknown }).id : v)).filter((n) => Number.isInteger(n));

/**
 * The file ids a media field's value names: `5`, `[5, 6]`, `{ id: 5 }`, `[{ id: 5 }]`, or the
 * relation shapes `{ connect: [...], set: [...] }`. Null when a reference is not a plain id
 * (a document id, an unknown shape): the writer must then be refused rather than trusted.
 */
export function mediaIds(value: unknown): number[] | null {
  if (value == null) return [];
  if (!Array.isArray(value) && typeof value === 'object' && ('connect' in value || 'set' in value || 'disconnect' in value)) {
    const { connect, set } = value as { connect?: unknown; set?: unknown };
    const parts = [connect, set].map((part) => (part == null ? [] : mediaIds(part)));
    return parts.some((p) => p === null) ? null : parts.flat() as number[];
  }
  const list = Array.isArray(value) ? value : [value];
  const result: number[] = [];
  for (const item of list) {
    const raw = item && typeof item === 'object' ? (item as { id?: unknown }).id : item;
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(id)) return null;
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

    /** Files with these ids (missing ones are left out). */
    filesById: (fileIds: number[]) => (fileIds.length ? files({ id: { $in: fileIds } }) : Promise.resolve([] as FileRow[])),

    /** Every file inside these folders, at any depth. */
    async filesInFolders(folderIds: number[]): Promise<FileRow[]> {
      if (folderIds.length === 0) return [];
      const roots = await folders({ id: { $in: folderIds } });
      if (roots.length === 0) return [];
      return files({ $or: roots.flatMap((f) => [{ folderPath: f.path }, { folderPath: { $startsWith: `${f.path}/` } }]) });
    },

    /** Throws 403 unless every file was uploaded by this admin. */
    async assertOwnFiles(admin: AdminUser, fileIds: number[]) {
      const rows = await this.filesById(fileIds);
      if (rows.some((f) => f.createdBy?.id !== admin.id)) throw new ForbiddenError(NOT_YOURS, { fileIds });
    },

    /** Throws 403 unless every folder, every folder below and every file inside belong to this admin. */
    async assertOwnFolders(admin: AdminUser, folderIds: number[]) {
      if (folderIds.length === 0) return;
      const roots = await folders({ id: { $in: folderIds } });
      const below = roots.length ? await folders({ $or: roots.map((f) => ({ path: { $startsWith: `${f.path}/` } })) }) : [];
      if ([...roots, ...below].some((f) => f.createdBy?.id !== admin.id)) throw new ForbiddenError(NOT_YOUR_FOLDER, { folderIds });
      const inside = await this.filesInFolders(folderIds);
      if (inside.some((f) => f.createdBy?.id !== admin.id)) throw new ForbiddenError(NOT_YOUR_FOLDER, { folderIds });
    },

    /** A folder listing or tree (`{ id, children? }[]`) pruned to this admin's folders. */
    async ownFoldersOnly<T extends { id: number; children?: T[] }>(admin: AdminUser, list: T[] | undefined): Promise<T[]> {
      const own = new Set((await folders({ createdBy: { id: admin.id } })).map((f) => f.id));
      const prune = (nodes: T[]): T[] =>
        nodes.filter((node) => own.has(node.id)).map((node) => (Array.isArray(node.children) ? { ...node, children: prune(node.children) } : node));
      return prune(Array.isArray(list) ? list : []);
    },

    /**
     * Media fields of a write by federation staff: each file must be theirs, or already held
     * by the entry written (or by the entry cloned). Throws 403 naming the field.
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
        if (found.length !== new Set(rest).size) throw new ValidationError(`Fichier introuvable dans le champ « ${field} ».`);
        if (found.some((f) => f.createdBy?.id !== admin.id)) {
          throw new ForbiddenError(`Champ « ${field} » : vous ne pouvez joindre que vos propres fichiers (ou ceux que ce contenu a déjà).`, { field });
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

/** Records one media-library write by an admin-panel user. */
export async function auditFile(strapi: Core.Strapi, admin: AdminUser, verb: string, file: FileRow, extra: Record<string, unknown> = {}) {
  const actor = await getService(strapi, 'membership', 'admin-scope').actorFor({
    id: admin.id,
    email: admin.email ?? '',
    firstname: admin.firstname ?? undefined,
    lastname: admin.lastname ?? undefined,
    roles: (admin.roles ?? []).map((role) => ({ code: role.code ?? undefined })),
  });
  await recordAudit(strapi, {
    actor: { kind: 'admin', id: admin.id, label: adminLabel(admin) },
    action: `${FILE_UID}.${verb}`,
    subject: { type: FILE_UID, id: file.id },
    federationId: actor.federationId ?? null,
    details: { via: 'admin-panel', file: fileDetails(file), ...extra },
  });
}

type Ctx = AdminContext;

/** Returned files of an upload answer (an array, or `{ data }`). */
const answeredFiles = (body: unknown): FileRow[] => {
  const value = body && typeof body === 'object' && 'data' in (body as object) ? (body as { data: unknown }).data : body;
  return (Array.isArray(value) ? value : value ? [value] : []).filter((f): f is FileRow => Boolean(f && typeof f === 'object' && 'id' in f));
};

/**
 * Route middleware for the media library's admin routes (`/upload/...`): federation staff
 * touch their own files and folders only; every write is audited with the files it touched.
 * `route` is the route's handler (`admin-folder-file.deleteMany`…).
 */
export function mediaLibraryDoor(strapi: Core.Strapi, handler: string) {
  const rules = mediaRules(strapi);
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const admin = adminUserOf(ctx);
    if (!admin) return next();
    const staff = isFederationStaff(admin);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const fileId = ctx.params.id ? Number(ctx.params.id) : ctx.query.id ? Number(ctx.query.id) : null;

    // Checks (federation staff only).
    if (staff) {
      switch (handler) {
        case 'admin-file.findOne':
        case 'admin-file.destroy':
        case 'admin-upload.updateFileInfo':
        case 'admin-upload.replaceFile':
          if (fileId) await rules.assertOwnFiles(admin, [fileId]);
          break;
        case 'admin-upload.upload':
        case 'admin-upload.uploadFile':
          if (fileId) await rules.assertOwnFiles(admin, [fileId]);
          break;
        case 'admin-folder-file.deleteMany':
          await rules.assertOwnFiles(admin, ids(body.fileIds));
          await rules.assertOwnFolders(admin, ids(body.folderIds));
          break;
        case 'admin-folder-file.moveMany':
          await rules.assertOwnFiles(admin, ids(body.fileIds));
          await rules.assertOwnFolders(admin, ids(body.folderIds));
          if (body.destinationFolderId != null) await rules.assertOwnFolders(admin, ids([body.destinationFolderId]));
          break;
        case 'admin-upload.bulkUpdateFileInfo':
          await rules.assertOwnFiles(admin, ids(((body.updates as { id?: unknown }[] | undefined) ?? []).map((u) => u?.id)));
          break;
        case 'admin-folder.findOne':
        case 'admin-folder.update':
          await rules.assertOwnFolders(admin, ids([ctx.params.id]));
          break;
        case 'admin-folder.create':
          if (body.parent != null) await rules.assertOwnFolders(admin, ids([body.parent]));
          break;
        case 'admin-file.generateAIMetadata':
        case 'admin-file.createAIMetadataJob':
          throw new ForbiddenError('Cette action de la médiathèque est réservée à l’administration nationale.');
        default:
          break;
      }
    }

    // What a write touches, read before it happens (deletions, moves).
    let before: FileRow[] = [];
    if (handler === 'admin-file.destroy' || handler === 'admin-upload.replaceFile' || handler === 'admin-upload.updateFileInfo') {
      before = fileId ? await rules.filesById([fileId]) : [];
    } else if ((handler === 'admin-upload.upload' || handler === 'admin-upload.uploadFile') && fileId) {
      before = await rules.filesById([fileId]);
    } else if (handler === 'admin-folder-file.deleteMany' || handler === 'admin-folder-file.moveMany') {
      const direct = await rules.filesById(ids(body.fileIds));
      const inside = await rules.filesInFolders(ids(body.folderIds));
      before = [...new Map([...direct, ...inside].map((f) => [f.id, f])).values()];
    } else if (handler === 'admin-upload.bulkUpdateFileInfo') {
      before = await rules.filesById(ids(((body.updates as { id?: unknown }[] | undefined) ?? []).map((u) => u?.id)));
    }

    const result = await next();
    if (staff && (handler === 'admin-folder.find' || handler === 'admin-folder.getStructure') && ctx.status < 400) {
      const answer = (ctx.body ?? {}) as { data?: FolderNode[] };
      ctx.body = { ...answer, data: await rules.ownFoldersOnly(admin, answer.data) };
    }
    if (ctx.status >= 400 || ctx.method === 'GET') return result;

    switch (handler) {
      case 'admin-upload.upload':
      case 'admin-upload.uploadFile':
        if (fileId) for (const f of before) await auditFile(strapi, admin, 'replace', f);
        else for (const f of answeredFiles(ctx.body)) await auditFile(strapi, admin, 'create', { ...f, createdBy: admin });
        break;
      case 'admin-upload.replaceFile':
        for (const f of before) await auditFile(strapi, admin, 'replace', f);
        break;
      case 'admin-file.destroy':
      case 'admin-folder-file.deleteMany':
        for (const f of before) await auditFile(strapi, admin, 'delete', f);
        break;
      case 'admin-folder-file.moveMany': {
        const after = new Map((await rules.filesById(before.map((f) => f.id))).map((f) => [f.id, f.folderPath ?? '/']));
        for (const f of before) await auditFile(strapi, admin, 'move', f, { folder: { before: f.folderPath ?? '/', after: after.get(f.id) ?? null } });
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
