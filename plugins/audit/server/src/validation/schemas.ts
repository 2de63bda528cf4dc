import { fields, z, type RouteInput } from '@intranet-militant/shared';

export const entryListQuery = z.strictObject({
  ...fields.pagination(50),
  federation: fields.documentId('La fédération').optional(),
  action: z.string().max(255).optional(),
  subjectType: z.string().max(255).optional(),
  subjectId: z.string().max(64).optional(),
});
export type EntryListQuery = z.output<typeof entryListQuery>;

/** What each route of the audit API accepts (see routes/index.ts). */
export const inputs = {
  find: { query: entryListQuery },
  verify: {},
} satisfies Record<string, RouteInput>;
