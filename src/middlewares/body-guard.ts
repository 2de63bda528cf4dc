import { rm } from 'node:fs/promises';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { UNDECODABLE_PARAMETER, undecodableParameter, UNSTORABLE_CHARACTER, unstorableCharacterAt, unstorableCharacterIn, UnsupportedMediaTypeError } from '@intranet-militant/shared';

/**
 * Whatever body arrives, the answer is a 4xx in Strapi's envelope with a French message,
 * never a 500 and never an echo of what was sent. Two halves around `strapi::body`:
 *
 * - `body-guard` (before it) turns the parser's failures — a corrupt `gzip` stream, an
 *   unknown `Content-Encoding`, an oversized body, broken JSON, a `__proto__` key — into 400,
 *   413 or 415 with a sentence a member understands;
 * - `body-check` (after it) refuses, on /api, a write whose body is not a JSON object (text,
 *   XML…), and on every path NUL characters or halves of surrogate pairs anywhere in body,
 *   query or path (`unstorableCharacterIn`: PostgreSQL cannot store NUL, a half pair would be
 *   stored as « � »; users-permissions' and the admin panel's own routes would pass them to
 *   the database), and query parameters that do not decode as UTF-8 (`undecodableParameter`).
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
    const body = ctx.request.body;
    if (ctx.path.toLowerCase().startsWith('/api/')) {
      const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
      if (WRITES.has(ctx.method) && ctx.request.length && !isObject) {
        throw new errors.ValidationError('Corps de requête invalide : un objet JSON est attendu.');
      }
    }
    // On every door (the content API, and the admin panel's: Content Manager, media library,
    // admin auth): NUL or half a surrogate pair, before Strapi's own routes reach the database —
    // PostgreSQL refuses NUL with an error some of them do not catch (a folder named « a\0b »
    // ended the process). In the body, in the JSON text of a form's fields (the media
    // library's `fileInfo`), in the query, in the path.
    // A field of the body is named as a query's parameter is (below), so that a form shows the
    // sentence beside it; a form's JSON text field (the media library's `fileInfo`) is not.
    const inField = unstorableCharacterAt(body);
    const inBody = inField?.kind ?? unstorableCharacterIn(jsonFieldsOf(ctx, body));
    if (inBody) {
      const message = UNSTORABLE_CHARACTER[inBody];
      const path = inField?.path ?? [];
      throw new errors.ValidationError(`Données invalides. ${path.length ? `${path.join('.')} : ` : ''}${message}`, {
        errors: path.length ? [{ path, message, name: 'ValidationError' }] : [],
      });
    }
    // In the address: named as the routes name their query's faults (plugins/shared/src/routes.ts).
    // A parameter that does not decode as UTF-8 (`?q=%FF%FE`) first: the query parser keeps it
    // as sent, and every route would read « %FF%FE » as the text asked for.
    const undecodable = undecodableParameter(ctx.querystring);
    if (undecodable) {
      const { name } = undecodable;
      throw new errors.ValidationError(`Paramètres invalides. ${name === null ? '' : `${name} : `}${UNDECODABLE_PARAMETER}`, {
        errors: name === null ? [] : [{ path: [name], message: UNDECODABLE_PARAMETER, name: 'ValidationError' }],
      });
    }
    // The parameter is named, in the message and in `details.errors`, so that a page shows the
    // sentence beside (or as) that field's refusal: « q : Le texte contient un caractère non autorisé… ».
    const inQuery = unstorableCharacterAt(ctx.query);
    if (inQuery) {
      const message = UNSTORABLE_CHARACTER[inQuery.kind];
      const named = inQuery.path.length > 0;
      throw new errors.ValidationError(`Paramètres invalides. ${named ? `${inQuery.path.join('.')} : ` : ''}${message}`, {
        errors: named ? [{ path: inQuery.path, message, name: 'ValidationError' }] : [],
      });
    }
    const inPath = unstorableCharacterIn(decodedPath(ctx.path));
    if (inPath) throw new errors.ValidationError(`Adresse refusée. ${UNSTORABLE_CHARACTER[inPath]}`);
    await next();
  };
}

/** A form's fields that hold JSON text (the media library's `fileInfo`), parsed; other bodies: none. */
function jsonFieldsOf(ctx: Context, body: unknown): unknown[] {
  if (!ctx.is('multipart') || body === null || typeof body !== 'object') return [];
  const parsed: unknown[] = [];
  for (const value of Object.values(body as Record<string, unknown>).flat()) {
    if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) continue;
    try {
      parsed.push(JSON.parse(value));
    } catch {
      // Not JSON: checked as text above.
    }
  }
  return parsed;
}

/** The path as routes read their parameters (percent-decoded); as sent when it does not decode. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
