import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/**
 * Uploaded files are private. Strapi's local provider keeps them under `public/uploads`,
 * which its static middleware would serve to anyone who knows the address: the
 * `safe-uploads` middleware now serves `/uploads/...` only with a signature
 * (`?exp=<unix seconds>&sig=<HMAC-SHA256 of path and expiry, keyed by APP_KEYS>`) that has
 * not expired. Members never see these addresses (the API streams attachments after
 * checking the reader's right); the admin panel does: every file address in an answer of the
 * Content Manager or the media library is signed for the admin user who asked, so thumbnails
 * and previews keep working there, and a copied link dies within two hours.
 */

const PREFIX = '/uploads/';
/** A signature lives between one and two hours: the window is rounded so that addresses stay
 *  the same for an hour and browsers can cache thumbnails. */
const WINDOW_SECONDS = 3600;

function keysOf(strapi: Core.Strapi): string[] {
  const keys = strapi.config.get('server.app.keys') as string[] | string | undefined;
  const list = (Array.isArray(keys) ? keys : String(keys ?? '').split(',')).filter(Boolean);
  if (list.length === 0) throw new Error('APP_KEYS is required to sign upload addresses');
  return list;
}

const mac = (key: string, path: string, exp: number) => createHmac('sha256', key).update(`${path}\n${exp}`).digest('base64url');

/** `/uploads/x.pdf` → `/uploads/x.pdf?exp=…&sig=…`, valid one to two hours from now. */
export function signUploadPath(strapi: Core.Strapi, path: string, now = Date.now()): string {
  const exp = (Math.floor(now / 1000 / WINDOW_SECONDS) + 2) * WINDOW_SECONDS;
  return `${path}?exp=${exp}&sig=${mac(keysOf(strapi)[0], path, exp)}`;
}

/** True when `exp` is in the future and `sig` was made with one of the APP_KEYS for this path. */
export function verifyUploadSignature(strapi: Core.Strapi, path: string, exp: unknown, sig: unknown, now = Date.now()): boolean {
  const expiry = Number(exp);
  if (!Number.isInteger(expiry) || expiry * 1000 < now || typeof sig !== 'string') return false;
  const given = new Uint8Array(Buffer.from(sig));
  return keysOf(strapi).some((key) => {
    const expected = new Uint8Array(Buffer.from(mac(key, path, expiry)));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** A local upload's address (`/uploads/...`, without query), else null. */
function localPath(value: string): string | null {
  if (!value.startsWith(PREFIX) || value.includes('..')) return null;
  return value.split('?')[0];
}

/**
 * Signs, in place, every `url` / `previewUrl` of a local upload found in an answer body
 * (files, their `formats`, media fields of entries, at any depth).
 */
export function signUploadUrls(strapi: Core.Strapi, body: unknown, seen = new Set<unknown>()): void {
  if (body == null || typeof body !== 'object' || seen.has(body)) return;
  seen.add(body);
  if (Array.isArray(body)) {
    for (const item of body) signUploadUrls(strapi, item, seen);
    return;
  }
  const record = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if ((key === 'url' || key === 'previewUrl') && typeof value === 'string') {
      const path = localPath(value);
      if (path) record[key] = signUploadPath(strapi, path);
    } else if (value && typeof value === 'object') {
      signUploadUrls(strapi, value, seen);
    }
  }
}
