import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { NotFoundError } from './errors';
import { fieldError } from './validation';

/**
 * Files that must never reach the media library or a public address: a case's documents and
 * a respondent's written defence (sanctions), a bulletin n° 3 before its check (investitures).
 * They live on disk under `PRIVATE_FILES_DIR` (default `<app>/.private-files`, outside
 * `public/`), are named by a random key, and are only ever sent by a route that checked the
 * reader's right first. With several instances the directory is shared (README, deployment).
 *
 * The type is read from the file's first bytes (`file-type`, the library Strapi's upload
 * plugin uses), never from its name or the browser's claim.
 */

/** What a record keeps about a private file (JSON-serialisable). */
export interface PrivateFile {
  /** Random name on disk (a UUID): never derived from the uploaded name. */
  key: string;
  /** The name the uploader gave, for the download. */
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content: the file's fingerprint in the case's history. */
  sha256: string;
}

/** A file as Strapi's body parser (formidable) stored it for a multipart request. */
export interface IncomingFile {
  filepath: string;
  originalFilename?: string | null;
  size?: number;
}

/** Document types a member may attach: PDF, images, office documents, plain text. */
export const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument (.odt)',
  'text/plain': 'texte',
};

/** 10 MiB: a scanned letter of a few pages. */
export const MAX_PRIVATE_FILE_BYTES = 10 * 1024 * 1024;

function directoryOf(strapi: Core.Strapi): string {
  const root = strapi.dirs?.app?.root ?? process.cwd();
  return path.resolve(root, process.env.PRIVATE_FILES_DIR || '.private-files');
}

function locationOf(strapi: Core.Strapi, key: string): string {
  if (!/^[0-9a-f-]{36}$/.test(key)) throw new NotFoundError('Pièce jointe introuvable.');
  return path.join(directoryOf(strapi), key);
}

/**
 * The uploaded file of a multipart request (field `field`, default `file`), or null when none
 * was sent. (The body parser's temporary copies are removed after every response by
 * `global::body-check`.)
 * @throws ValidationError (400) when several files, or a file under another field name, were sent
 */
export function incomingFile(request: { files?: Record<string, unknown> }, field = 'file'): IncomingFile | null {
  const files = request.files ?? {};
  const unknown = Object.keys(files).find((name) => name !== field);
  if (unknown) throw fieldError(unknown, `Champ de fichier inconnu : ${unknown} (attendu : ${field}).`);
  const value = files[field];
  if (Array.isArray(value) && value.length > 1) throw fieldError(field, 'Un seul fichier à la fois.');
  const file = (Array.isArray(value) ? value[0] : value) as IncomingFile | undefined;
  return file?.filepath ? file : null;
}

/** Plain text: valid UTF-8 without NUL or other control characters than tab and line breaks (only for a `.txt` name). */
async function looksLikeText(filepath: string): Promise<boolean> {
  const handle = await open(filepath, 'r');
  try {
    const window = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(window, 0, window.length, 0);
    const head = window.subarray(0, bytesRead);
    if (head.some((byte) => byte < 9 || (byte > 13 && byte < 32))) return false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytesRead === 64 * 1024 ? head.subarray(0, bytesRead - 4) : head);
      return true;
    } catch {
      return false;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Keeps an uploaded file in the private store after checking its size and its type (read from
 * its content).
 * @param field the form field the refusal names (400 `details.errors[].path`)
 * @returns what the record keeps (`PrivateFile`)
 * @throws ValidationError (400, French) when the file is empty, larger than `maxBytes` or not one of `allowed`
 */
export async function storePrivateFile(
  strapi: Core.Strapi,
  file: IncomingFile,
  { field = 'file', allowed = DOCUMENT_TYPES, maxBytes = MAX_PRIVATE_FILE_BYTES }: { field?: string; allowed?: Readonly<Record<string, string>>; maxBytes?: number } = {}
): Promise<PrivateFile> {
  const { size } = await stat(file.filepath);
  if (size === 0) throw fieldError(field, 'Le fichier est vide.');
  if (size > maxBytes) throw fieldError(field, `Fichier trop volumineux : ${Math.floor(maxBytes / 1024 / 1024)} Mo au plus.`);
  // file-type is an ES module: Node ≥ 20.19 loads it with require().
  const { fileTypeFromFile } = require('file-type') as typeof import('file-type');
  const detected = (await fileTypeFromFile(file.filepath))?.mime ?? ((await looksLikeText(file.filepath)) ? 'text/plain' : null);
  // Text is only what says so: a « .pdf » that is really a text (or a web page) is refused.
  const textual = detected === 'text/plain' && !/\.(txt|text)$/i.test(file.originalFilename ?? '');
  if (!detected || !(detected in allowed) || textual) {
    throw fieldError(field, `Type de fichier non accepté. Formats acceptés : ${Object.values(allowed).join(', ')}.`);
  }
  const key = randomUUID();
  const directory = directoryOf(strapi);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await copyFile(file.filepath, path.join(directory, key));
  const sha256 = createHash('sha256');
  for await (const chunk of createReadStream(path.join(directory, key))) sha256.update(chunk as Uint8Array);
  const name = (file.originalFilename ?? 'piece-jointe').replace(/[\u0000-\u001f\\/]/g, '_').slice(0, 200) || 'piece-jointe';
  return { key, name, mime: detected, size, sha256: sha256.digest('hex') };
}

/**
 * Sends a private file as a download (never inline, never cached). The right to read it is
 * the caller's to check first.
 * @throws NotFoundError (404, « Pièce jointe introuvable. ») when the file is gone
 */
export function sendPrivateFile(ctx: { type: string; body: unknown; set(name: string, value: string): void }, strapi: Core.Strapi, file: PrivateFile): void {
  const location = locationOf(strapi, file.key);
  if (!existsSync(location)) throw new NotFoundError('Pièce jointe introuvable.');
  ctx.type = file.mime;
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.body = createReadStream(location);
}

/**
 * Keeps `file` in the private store (checked as `storePrivateFile` does) for the duration of
 * `work`, and deletes it again when `work` throws (its transaction rolled back: nothing refers
 * to it). With no file, `work` gets null.
 * @returns what `work` returns
 * @throws ValidationError (400) from `storePrivateFile`, or what `work` throws
 */
export async function withPrivateFile<T>(
  strapi: Core.Strapi,
  file: IncomingFile | null,
  options: Parameters<typeof storePrivateFile>[2],
  work: (stored: PrivateFile | null) => Promise<T>
): Promise<T> {
  const stored = file ? await storePrivateFile(strapi, file, options) : null;
  try {
    return await work(stored);
  } catch (error) {
    if (stored) await deletePrivateFile(strapi, stored);
    throw error;
  }
}

/** Deletes a private file (idempotent: a file already gone is fine). */
export async function deletePrivateFile(strapi: Core.Strapi, file: Pick<PrivateFile, 'key'>): Promise<void> {
  await rm(locationOf(strapi, file.key), { force: true });
}
