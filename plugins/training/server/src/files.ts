import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
import { NotFoundError, type RouteContext } from '@intranet-militant/shared';
import type { LessonFile } from './queries/courses';

/**
 * Sends an uploaded file as a download (never inline, never cached): streamed from the
 * public folder for the local provider, a redirect to the provider's address otherwise.
 * Throws 404 when a local file is gone.
 */
export function sendFile(ctx: RouteContext, strapi: Core.Strapi, file: LessonFile) {
  if (file.provider !== 'local') return ctx.redirect(file.url);
  const location = join(strapi.dirs.static.public, file.url);
  if (!existsSync(location)) throw new NotFoundError('Pièce jointe introuvable.');
  ctx.type = file.mime;
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = createReadStream(location);
}
