import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';

/**
 * Serves the member portal (built by Vite into public/portal) at `/` and at every address a
 * member may open or reload (`/consultations/abc`, `/recherche?q=…`): the page is the same
 * index.html, the browser router shows the right screen. Real routes win: the portal answers
 * only `/` and browser navigations nothing else answered (404), outside /api, /admin and
 * /uploads. Its own Content-Security-Policy: no inline script, nothing from another origin.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const RESERVED = /^\/(api|admin|uploads|portal)(\/|$)/;
const NOT_BUILT = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Portail en préparation</title>
<p>Le portail des adhérents n’est pas encore construit : lancez <code>npm run build:portal</code> (ou <code>npm install</code>).</p></html>`;

/** A browser opening a page (not a script fetching data or a file). */
function isNavigation(ctx: Context): boolean {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  if (RESERVED.test(ctx.path) || path.extname(ctx.path)) return false;
  return (ctx.get('accept') ?? '').includes('text/html');
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const indexFile = path.join(strapi.dirs.static.public, 'portal', 'index.html');

  const serve = async (ctx: Context) => {
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_BUILT;
      return;
    }
    ctx.status = 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', PORTAL_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.body = html;
  };

  return async (ctx: Context, next: Next) => {
    if (ctx.path === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) return serve(ctx);
    try {
      await next();
    } catch (error) {
      // A page's address whose query the request checks refuse (`body-check`: a NUL, an escape
      // that is not UTF-8 — `/recherche?q=conseil%00`), or whose path cannot be read (the static
      // server's « failed to decode »: `/consultations/%E0%A4%A`): the page still opens — its own
      // call to the API gets the French 400 it shows, its router says « page introuvable ». Raw
      // JSON as a whole page told a member nothing.
      if (isNavigation(ctx) && ((error as Error)?.name === 'ValidationError' || (error as { status?: number })?.status === 400)) return serve(ctx);
      throw error;
    }
    if (ctx.status === 404 && isNavigation(ctx)) return serve(ctx);
    // Vite names assets by their content hash: they never change under one name.
    if (ctx.status === 200 && ctx.path.startsWith('/portal/assets/')) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
  };
};
