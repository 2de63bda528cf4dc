import { rm } from 'node:fs/promises';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { UNSTORABLE_CHARACTER, unstorableCharacterIn, UnsupportedMediaTypeError } from '@intranet-militant/shared';

/**
 * Whatever body arrives, the answer is a 4xx in Strapi's envelope with a French message,
 * never a 500 and never an echo of what was sent. Two halves around `strapi::body`:
 *
 * - `body-guard` (before it) turns the parser's failures — a corrupt `gzip` stream, an
 *   unknown `Content-Encoding`, an oversized body, broken JSON, a `__proto__` key — into 400,
 *   413 or 415 with a sentence a member understands;
 * - `body-check` (after it) refuses, on /api, a write whose body is not a JSON object (text,
 *   XML…), and NUL characters or halves of surrogate pairs anywhere in body or query
 *   (`unstorableCharacterIn`: PostgreSQL cannot store NUL, a half pair would be stored as
 *   « � »; users-permissions' own routes would pass them to the database).
 */

/** Set on `ctx.state` once the parser has run: later errors are not the body's. */
const PARSED = 'intranetBodyParsed';

function frenchBodyError(error: any, multipart: boolean): Error {
  const status: number | undefined = error?.status ?? error?.statusCode;
  if (typeof error?.code === 'string' && error.code.startsWith('Z_')) {
    return new errors.ValidationError('Corps de requête illisible : sa compression est invalide.');
  }
  if (status === 413) return new errors.PayloadTooLargeError('Corps de requête trop volumineux.');
  if (status === 415) return new UnsupportedMediaTypeError('Encodage ou type de corps de requête non pris en charge.');
  if (multipart) return new errors.ValidationError('Formulaire envoyé illisible : renvoyez-le avec son fichier.');
  return new errors.ValidationError('Corps de requête invalide : un objet JSON est attendu.');
}

export default () =>
  async (ctx: Context, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error) {
      if (ctx.state[PARSED]) throw error;
      throw frenchBodyError(error, Boolean(ctx.is('multipart')));
    }
  };

/**
 * The body parser (formidable) writes each uploaded file to the system's temporary folder and
 * never removes it: a confidential piece, or a refused upload repeated to fill the disk, would
 * stay there. Every route reads its upload during the request (stored, parsed or refused), so
 * the temporary copies go once the response is sent — whatever it was.
 */
function removeUploadsAfterResponse(ctx: Context): void {
  const files = (ctx.request as { files?: Record<string, unknown> }).files;
  if (!files) return;
  const paths = Object.values(files)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .map((file) => (file as { filepath?: string } | undefined)?.filepath)
    .filter((path): path is string => typeof path === 'string');
  if (paths.length) ctx.res.once('close', () => void Promise.all(paths.map((path) => rm(path, { force: true }))).catch(() => undefined));
}

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** The second half, registered as `global::body-check` right after `strapi::body`. */
export function bodyCheck() {
  return async (ctx: Context, next: () => Promise<void>) => {
    ctx.state[PARSED] = true;
    removeUploadsAfterResponse(ctx);
    if (ctx.path.toLowerCase().startsWith('/api/')) {
      const body = ctx.request.body;
      const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
      if (WRITES.has(ctx.method) && ctx.request.length && !isObject) {
        throw new errors.ValidationError('Corps de requête invalide : un objet JSON est attendu.');
      }
      // NUL or half a surrogate pair, before users-permissions' own routes reach the database too.
      const inBody = unstorableCharacterIn(body);
      if (inBody) throw new errors.ValidationError(`Données invalides. ${UNSTORABLE_CHARACTER[inBody]}`);
      // In the address: named as the routes name their query's faults (plugins/shared/src/routes.ts).
      const inQuery = unstorableCharacterIn(ctx.query);
      if (inQuery) throw new errors.ValidationError(`Paramètres invalides. ${UNSTORABLE_CHARACTER[inQuery]}`);
    }
    await next();
  };
}
