import type { Core } from '@strapi/strapi';
import { audienceClauses, audienceKey, audienceSql, cacheTags, fieldError, NotFoundError, pageMeta, requestCache, totalFromPage, type Actor, type AudienceRule, type z } from '@intranet-militant/shared';
import { canRead, targetOf } from './audience';
import { documentCategories } from './categories';
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
     * newest first, as `{ data, meta }`. One SQL statement (issue 13): the entries with their
     * federation, section and category joined, the file count, and the total as a window
     * count; a second one only for an empty page after the first. Kept for every reader with
     * the same audience clauses (`audienceKey`) while nothing it reads changes. Throws a 400 for a category
     * that does not exist or does not apply.
     */
    async page(actor: Actor, query: z.output<typeof listInput.query>) {
      let categoryId: number | null = null;
      if (query.category) {
        if (!type.hasCategory) throw fieldError('category', 'Ce contenu n’a pas de catégorie.');
        const category = (await documentCategories(strapi)).find((c) => c.slug === query.category);
        if (!category) throw fieldError('category', `Catégorie inconnue : ${query.category}.`);
        categoryId = category.id;
      }
      const rule = audienceClauses(actor, 'reader');
      // The same page for every reader with the same audience clauses: the first page is kept in the
      // request cache (tag `content`: any write to the entries, their links, attachments or
      // categories drops it); later ones are read, so that asking every page number cannot fill
      // the cache the request chain shares.
      const load = async () => {
        const rows = await pageRows(strapi, type, rule, categoryId, query.pageSize, (query.page - 1) * query.pageSize);
        const tables = tablesOf(strapi, type);
        const total = totalFromPage(query.page, query.pageSize, rows.length) ?? (rows.length ? Number(rows[0]!.total) : await countRows(strapi, type, rule, categoryId));
        return {
          data: rows.map((row) => {
            const e = entryOfRow(tables, type, row);
            return { documentId: e.documentId, ...place(e), publishedAt: e.publishedAt, ...type.summary(e) };
          }),
          meta: pageMeta(query.page, query.pageSize, total),
        };
      };
      if (query.page !== 1) return load();
      return requestCache(strapi).read(`content:${type.uid}:${audienceKey(rule)}:${categoryId ?? ''}:${query.pageSize}`, load, { tags: () => [cacheTags.content] });
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


/** Table and join columns of a content type, from Strapi's metadata (no name is guessed). */
function tablesOf(strapi: Core.Strapi, type: ReadableType) {
  const meta = (uid: string) => strapi.db.metadata.get(uid) as any;
  const entry = meta(type.uid);
  const link = (attribute: string) => {
    const join = entry.attributes[attribute].joinTable;
    return { table: join.name as string, own: join.joinColumn.name as string, other: join.inverseJoinColumn.name as string };
  };
  const files = meta('plugin::upload.file').attributes.related.joinTable;
  const columnOf = (uid: string, attribute: string) => (meta(uid).attributes[attribute].columnName ?? attribute) as string;
  const target = (uid: string) => ({ target: meta(uid).tableName as string, documentId: columnOf(uid, 'documentId'), name: columnOf(uid, 'name') });
  return {
    table: entry.tableName as string,
    column: (attribute: string) => (entry.attributes[attribute].columnName ?? attribute) as string,
    /** Blocks and JSON attributes come back as text from some drivers: parsed as the Document Service does. */
    isJson: (attribute: string) => ['blocks', 'json'].includes(entry.attributes[attribute].type),
    federation: { ...link('federation'), ...target('plugin::membership.federation') },
    section: { ...link('section'), ...target('plugin::membership.section') },
    category: type.hasCategory ? { ...link('category'), ...target(CATEGORY_UID), slug: columnOf(CATEGORY_UID, 'slug') } : null,
    files: { table: files.name as string, file: files.joinColumn.name as string, id: files.morphColumn.idColumn.name as string, type: files.morphColumn.typeColumn.name as string },
  };
}

/** The published entries the actor may read, of a category if given: FROM, joins and WHERE (knex). */
function readableEntries(strapi: Core.Strapi, type: ReadableType, rule: AudienceRule, categoryId: number | null) {
  const t = tablesOf(strapi, type);
  const knex = strapi.db.connection;
  const query = knex({ e: t.table })
    .leftJoin({ fl: t.federation.table }, `fl.${t.federation.own}`, 'e.id')
    .leftJoin({ sl: t.section.table }, `sl.${t.section.own}`, 'e.id')
    .whereNotNull(`e.${t.column('publishedAt')}`);
  // The shared audience rule (`reader` reach), as canRead decides it for one entry.
  const audience = audienceSql(rule, { audience: `e.${t.column('audience')}`, federationId: `fl.${t.federation.other}`, sectionId: `sl.${t.section.other}` });
  query.whereRaw(audience.sql, audience.bindings as any[]);
  if (t.category) {
    query.leftJoin({ cl: t.category.table }, `cl.${t.category.own}`, 'e.id');
    if (categoryId !== null) query.where(`cl.${t.category.other}`, categoryId);
  }
  return { query, t, knex };
}

/** One page of rows: the entry's listed fields, its place, category and file count, and the total (window count). */
async function pageRows(strapi: Core.Strapi, type: ReadableType, rule: AudienceRule, categoryId: number | null, limit: number, offset: number): Promise<Record<string, any>[]> {
  const { query, t, knex } = readableEntries(strapi, type, rule, categoryId);
  query
    .leftJoin({ f: t.federation.target }, 'f.id', `fl.${t.federation.other}`)
    .leftJoin({ s: t.section.target }, 's.id', `sl.${t.section.other}`)
    .select({ id: 'e.id', documentId: `e.${t.column('documentId')}`, audience: `e.${t.column('audience')}`, publishedAt: `e.${t.column('publishedAt')}` })
    .select(Object.fromEntries(type.list.fields.map((field) => [field, `e.${t.column(field)}`])))
    .select({ federationDocumentId: `f.${t.federation.documentId}`, federationName: `f.${t.federation.name}`, sectionDocumentId: `s.${t.section.documentId}`, sectionName: `s.${t.section.name}` })
    .select(knex.raw('count(*) over () as total'))
    .orderBy([{ column: `e.${t.column('publishedAt')}`, order: 'desc' }, { column: 'e.id', order: 'desc' }])
    .limit(limit)
    .offset(offset);
  if (t.category) {
    query.leftJoin({ c: t.category.target }, 'c.id', `cl.${t.category.other}`).select({ categoryName: `c.${t.category.name}`, categorySlug: `c.${t.category.slug}` });
  }
  if (type.list.countFiles) {
    const files = knex(t.files.table).count('*').where(`${t.files.table}.${t.files.id}`, knex.ref('e.id')).andWhere({ [`${t.files.table}.${t.files.type}`]: type.uid, [`${t.files.table}.field`]: type.list.countFiles });
    query.select({ fileCount: files });
  }
  return query;
}

async function countRows(strapi: Core.Strapi, type: ReadableType, rule: AudienceRule, categoryId: number | null): Promise<number> {
  const row = await readableEntries(strapi, type, rule, categoryId).query.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** A timestamp as the Document Service gives it (ISO 8601, UTC), whatever the driver returned. */
const isoDate = (value: unknown): string | null => (value == null ? null : new Date(value instanceof Date || typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : String(value)).toISOString());

/** A page row in the shape the type's `summary` and `place` read (as the Document Service populates it). */
function entryOfRow(t: ReturnType<typeof tablesOf>, type: ReadableType, row: Record<string, any>): Entry {
  const entry: Entry = {
    documentId: row.documentId,
    audience: row.audience,
    publishedAt: isoDate(row.publishedAt),
    federation: row.federationDocumentId ? { documentId: row.federationDocumentId, name: row.federationName } : null,
    section: row.sectionDocumentId ? { documentId: row.sectionDocumentId, name: row.sectionName } : null,
    category: row.categorySlug ? { name: row.categoryName, slug: row.categorySlug } : null,
    fileCount: Number(row.fileCount ?? 0),
  };
  for (const field of type.list.fields) entry[field] = t.isJson(field) && typeof row[field] === 'string' ? JSON.parse(row[field]) : row[field];
  return entry;
}
