import { posix } from 'node:path';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { verifyUploadSignature } from '../admin-doors/signed-uploads';

/**
 * Files under /uploads are served by Strapi's static middleware from our own origin, and only
 * to a holder of a signed, unexpired address (see admin-doors/signed-uploads.ts): members get
 * files through the API, which checks their right to read the entry; the admin panel through
 * the signed addresses of its answers. Whatever the files contain, they must never run there:
 * no scripts, no frames, no sniffing, and anything but an image is downloaded rather than displayed.
 */
const INLINE = /\.(jpe?g|png|gif|webp)$/i;

/**
 * The path the static server will serve: it decodes percent-escapes and resolves `.`, `..`
 * and repeated slashes, so `/uploads%2ffile`, `/%75ploads/file` and `/x/../uploads/file` all
 * reach `/uploads/file`. Null when the path cannot be decoded (the static server refuses it).
 */
export function servedPath(rawPath: string): string | null {
  try {
    return posix.normalize(decodeURIComponent(rawPath));
  } catch {
    return null;
  }
}

const REFUSED = 'Lien de fichier invalide ou expiré : ouvrez le fichier depuis l’intranet.';
/** What a browser shows for a refused file address (no script, no style: the CSP above allows none). */
const REFUSED_PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lien de fichier expiré</title></head><body><main><h1>Lien de fichier invalide ou expiré</h1><p>Ce lien ne donne plus accès au fichier. Ouvrez-le de nouveau depuis l’intranet (le portail ou le panneau d’administration).</p></main></body></html>`;

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: () => Promise<void>) => {
    const served = servedPath(ctx.path);
    if (served === '/uploads' || served?.startsWith('/uploads/')) {
      ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
      ctx.set('X-Content-Type-Options', 'nosniff');
      // Signed addresses are canonical: any other spelling of a file's path is refused.
      if (served !== ctx.path || !verifyUploadSignature(strapi, served, ctx.query.exp, ctx.query.sig)) {
        // A refusal is never kept by a cache nor saved as the file: a browser shows a page, a script reads the envelope.
        ctx.set('Cache-Control', 'no-store');
        ctx.status = 403;
        if (ctx.accepts('json', 'html') === 'html') {
          ctx.type = 'text/html; charset=utf-8';
          ctx.body = REFUSED_PAGE;
        } else {
          ctx.body = { data: null, error: { status: 403, name: 'ForbiddenError', message: REFUSED, details: {} } };
        }
        return;
      }
      await next();
      // Only a file actually served is kept and downloaded: a file gone (erased) answers its 404 uncached, never as a download.
      if ((ctx.status >= 200 && ctx.status < 300) || ctx.status === 304) {
        ctx.set('Cache-Control', 'private, max-age=3600');
        if (!INLINE.test(served)) ctx.set('Content-Disposition', 'attachment');
      } else {
        ctx.set('Cache-Control', 'no-store');
        ctx.remove('Content-Disposition');
      }
      return;
    }
    await next();
  };
