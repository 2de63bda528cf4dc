import type { Core } from '@strapi/strapi';
import { fieldError, NotFoundError, pageMeta, type Actor, type z } from '@intranet-militant/shared';
import { audienceFilter, canRead, targetOf } from './audience';
import { CATEGORY_UID } from './manifests';
import type { Entry, File, ReadableType, listInput } from './reading';

const place = (entry: Entry) => ({
  audience: entry.audience,
  federation: entry.federation ? { documentId: entry.federation.documentId, name: entry.federation.name } : null,
  section: entry.section ? { documentId: entry.section.documentId, name: entry.section.name } : null,
});

const presentFile = (documentPath: string) => (file: File) => ({
  id: file.id,
  name: file.name,
  mime: file.mime,
  sizeKb: file.size,
  // Files are served through the API, which checks the reader's right to the entry.
  url: `/api${documentPath}/attachments/${file.id}`,
});

/** The queries behind the reading routes; scope (the audience rule) is decided here. */
export function readingQueries(strapi: Core.Strapi, type: ReadableType) {
  // The Document Service is typed per content-type uid; ours is chosen at run time.
  const documents = () => strapi.documents(type.uid as Parameters<typeof strapi.documents>[0]);

  return {
    /**
     * A page of published entries addressed to the actor (or that their reach covers),
     * newest first. Throws a 400 for a category that does not exist or does not apply.
     */
    async page(actor: Actor, query: z.output<typeof listInput.query>) {
      const filters: Record<string, unknown>[] = [audienceFilter(actor)];
      if (query.category) {
        if (!type.hasCategory) throw fieldError('category', 'Ce contenu n’a pas de catégorie.');
        const category = await strapi.db.query(CATEGORY_UID).findOne({ where: { slug: query.category } });
        if (!category) throw fieldError('category', `Catégorie inconnue : ${query.category}.`);
        filters.push({ category: { id: category.id } });
      }
      const where = { $and: filters } as never;
      const [entries, total] = await Promise.all([
        documents().findMany({
          status: 'published',
          filters: where,
          populate: type.populate as never,
          sort: [{ publishedAt: 'desc' }, { id: 'desc' }] as never,
          limit: query.pageSize,
          start: (query.page - 1) * query.pageSize,
        }),
        documents().count({ status: 'published', filters: where }),
      ]);
      return {
        data: (entries as Entry[]).map((e) => ({ documentId: e.documentId, ...place(e), publishedAt: e.publishedAt, ...type.summary(e) })),
        meta: pageMeta(query.page, query.pageSize, total),
      };
    },

    /** A published entry the actor may read. Throws 404 when there is none, or it is not for them: what one may not read looks absent. */
    async entry(actor: Actor, documentId: string): Promise<Entry> {
      const entry = (await documents().findOne({ documentId, status: 'published', populate: type.populate as never })) as Entry | null;
      if (!entry) throw new NotFoundError(type.notFound);
      if (!canRead(actor, targetOf(entry as never))) throw new NotFoundError(type.notFound);
      return entry;
    },

    /** The entry as a reader sees it, with its attachments' API addresses. */
    async detail(actor: Actor, documentId: string) {
      const entry = await this.entry(actor, documentId);
      return {
        documentId: entry.documentId,
        ...place(entry),
        publishedAt: entry.publishedAt,
        ...type.detail(entry),
        attachments: type.files(entry).map(presentFile(`${type.path}/${entry.documentId}`)),
      };
    },

    /** One file attached to an entry the actor may read. Throws 404 when it is not attached. */
    async attachment(actor: Actor, documentId: string, fileId: number): Promise<File> {
      const file = type.files(await this.entry(actor, documentId)).find((f) => f.id === fileId);
      if (!file) throw new NotFoundError('Pièce jointe introuvable.');
      return file;
    },
  };
}

