import type { Core } from '@strapi/strapi';
import { actorOf, fieldError, fields, ForbiddenError, NotFoundError, pageMeta, parseInput, z } from '@intranet-militant/shared';
import { audienceFilter, canRead, targetOf } from './audience';
import { blocksToText } from './blocks';
import { CATEGORY_UID } from './manifests';

/**
 * Members read published documents and news through the API, filtered by audience inside
 * the query. Both content types share this reading logic; only their fields differ.
 */

const listQuery = z.strictObject({
  ...fields.pagination(20),
  category: z.string().regex(/^[a-z0-9-]{1,80}$/, { error: 'Catégorie : identifiant invalide.' }).optional(),
});

const idParam = fields.documentId('L’identifiant');

const place = (entry: any) => ({
  audience: entry.audience,
  federation: entry.federation ? { documentId: entry.federation.documentId, name: entry.federation.name } : null,
  section: entry.section ? { documentId: entry.section.documentId, name: entry.section.name } : null,
});

const presentFile = (documentPath: string) => (file: any) => ({
  id: file.id,
  name: file.name,
  mime: file.mime,
  sizeKb: file.size,
  // Files are served through the API, which checks the reader's right to the entry.
  url: `/api${documentPath}/attachments/${file.id}`,
});

export interface ReadableType {
  uid: string;
  /** Path under /api, e.g. `/documents`. */
  path: string;
  notFound: string;
  forbidden: string;
  hasCategory: boolean;
  populate: Record<string, unknown>;
  summary(entry: any): Record<string, unknown>;
  detail(entry: any): Record<string, unknown>;
  files(entry: any): any[];
}

export function readingController(type: ReadableType) {
  return ({ strapi }: { strapi: Core.Strapi }) => {
    const documents = () => strapi.documents(type.uid as any);

    async function readable(ctx: any) {
      const documentId = parseInput(idParam, ctx.params.id, 'Identifiant invalide.');
      const entry: any = await documents().findOne({ documentId, status: 'published', populate: type.populate as any });
      if (!entry) throw new NotFoundError(type.notFound);
      if (!canRead(actorOf(ctx), targetOf(entry))) throw new ForbiddenError(type.forbidden);
      return entry;
    }

    return {
      async find(ctx: any) {
        const query = parseInput(listQuery, ctx.query, 'Paramètres invalides.');
        const filters: Record<string, unknown>[] = [audienceFilter(actorOf(ctx))];
        if (query.category) {
          if (!type.hasCategory) throw fieldError('category', 'Ce contenu n’a pas de catégorie.');
          const category = await strapi.db.query(CATEGORY_UID).findOne({ where: { slug: query.category } });
          if (!category) throw fieldError('category', `Catégorie inconnue : ${query.category}.`);
          filters.push({ category: { id: category.id } });
        }
        const where = { $and: filters };
        const [entries, total] = await Promise.all([
          documents().findMany({
            status: 'published',
            filters: where as any,
            populate: type.populate as any,
            sort: [{ publishedAt: 'desc' }, { id: 'desc' }] as any,
            limit: query.pageSize,
            start: (query.page - 1) * query.pageSize,
          }),
          documents().count({ status: 'published', filters: where as any }),
        ]);
        ctx.body = {
          data: entries.map((e: any) => ({ documentId: e.documentId, ...place(e), publishedAt: e.publishedAt, ...type.summary(e) })),
          meta: pageMeta(query.page, query.pageSize, total),
        };
      },

      async findOne(ctx: any) {
        const entry = await readable(ctx);
        ctx.body = {
          data: {
            documentId: entry.documentId,
            ...place(entry),
            publishedAt: entry.publishedAt,
            ...type.detail(entry),
            attachments: type.files(entry).map(presentFile(`${type.path}/${entry.documentId}`)),
          },
        };
      },

      /** Streams one attached file to a reader of the entry. */
      async attachment(ctx: any) {
        const entry = await readable(ctx);
        const fileId = Number(ctx.params.fileId);
        const file = type.files(entry).find((f: any) => f.id === fileId);
        if (!file) throw new NotFoundError('Pièce jointe introuvable.');
        if (file.provider !== 'local') return ctx.redirect(file.url);
        const path = await import('path');
        const fs = await import('fs');
        const location = path.join(strapi.dirs.static.public, file.url);
        if (!fs.existsSync(location)) throw new NotFoundError('Pièce jointe introuvable.');
        ctx.type = file.mime;
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        ctx.set('Cache-Control', 'private, no-store');
        ctx.body = fs.createReadStream(location);
      },
    };
  };
}

export const excerpt = (blocks: unknown, length = 280) => {
  const text = blocksToText(blocks);
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
};
