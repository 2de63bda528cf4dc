import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
import { NotFoundError } from './errors';

/** What an upload of Strapi's media library says about itself (the fields a download needs). */
export interface UploadedFile {
  name: string;
  mime: string;
  url: string;
  provider?: string | null;
}

/**
 * Sends an upload the caller may read as a download (never inline, never cached): streamed
 * from the public folder for the local provider, a redirect to the provider's address
 * otherwise. The right to read it is the caller's to check first.
 * @throws NotFoundError (404, « Pièce jointe introuvable. ») when a local file is gone
 */
export function sendUpload(ctx: { type: string; body: unknown; set(name: string, value: string): void; redirect(url: string): void }, strapi: Core.Strapi, file: UploadedFile): void {
  if (file.provider && file.provider !== 'local') return ctx.redirect(file.url);
  const location = join(strapi.dirs.static.public, file.url);
  if (!existsSync(location)) throw new NotFoundError('Pièce jointe introuvable.');
  ctx.type = file.mime;
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = createReadStream(location);
}
