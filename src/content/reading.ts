import type { Core } from '@strapi/strapi';
import { fields, sendUpload, truncateText, z, type RouteContext } from '@intranet-militant/shared';
import { blocksToText } from './blocks';
import { readingQueries } from './reading-queries';

/**
 * Members read published documents and news through the API, filtered by audience inside
 * the query. Both content types share this reading logic; only their fields differ.
 */

/** Inputs of the reading routes (declared on the routes, parsed before the controller). */
export const listInput = {
  query: z.strictObject({
    ...fields.pagination(20),
    category: z.string().regex(/^[a-z0-9-]{1,80}$/, { error: 'Catégorie : identifiant invalide.' }).optional(),
  }),
};
export const entryInput = { params: z.strictObject({ id: fields.documentId('L’identifiant') }) };
export const attachmentInput = {
  params: z.strictObject({ id: fields.documentId('L’identifiant'), fileId: fields.id('La pièce jointe') }),
};

export type Entry = Record<string, any>;
export type File = { id: number; name: string; mime: string; size: number; url: string; provider: string };

export interface ReadableType {
  uid: string;
  /** Path under /api, e.g. `/documents`. */
  path: string;
  notFound: string;
  hasCategory: boolean;
  /** Populated for one entry (its page, its files). */
  populate: Record<string, unknown>;
  /**
   * What a list page reads, in one SQL statement (src/content/reading-queries.ts): the entry's
   * `fields` (attribute names), and with `countFiles` the number of files in that media field
   * (as `fileCount`). Its place and category come joined.
   */
  list: { fields: string[]; countFiles?: string };
  /** A list item, from the listed fields, `category` and `fileCount`. */
  summary(entry: Entry): Record<string, unknown>;
  detail(entry: Entry): Record<string, unknown>;
  files(entry: Entry): File[];
}

export function readingController(type: ReadableType) {
  return ({ strapi }: { strapi: Core.Strapi }) => {
    const queries = readingQueries(strapi, type);
    return {
      async find(ctx: RouteContext<typeof listInput>) {
        ctx.body = await queries.page(ctx.state.actor, ctx.state.input.query);
      },

      async findOne(ctx: RouteContext<typeof entryInput>) {
        ctx.body = { data: await queries.detail(ctx.state.actor, ctx.state.input.params.id) };
      },

      /** Streams one attached file to a reader of the entry. */
      async attachment(ctx: RouteContext<typeof attachmentInput>) {
        const { id, fileId } = ctx.state.input.params;
        const file = await queries.attachment(ctx.state.actor, id, fileId);
        sendUpload(ctx, strapi, file);
      },
    };
  };
}

export const excerpt = (blocks: unknown, length = 280) => {
  const text = blocksToText(blocks);
  return truncateText(text, length);
};
