import { randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/**
 * Bulk writes for the import: many rows of one content type in a few statements, and their
 * relations written into the join tables Strapi's metadata names (with the order column a
 * bidirectional relation keeps). Used inside the caller's transaction (`trx`); membership's
 * own tables and users-permissions' account rows only. At 50,000 rows, one Document
 * Service call per row (middlewares, a read-back after each insert) is what made an import
 * take many minutes; this takes a few statements per batch.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A documentId in Strapi's shape (24 lower-case letters and digits). */
export function newDocumentId(): string {
  let id = ALPHABET[randomInt(26)];
  for (let i = 1; i < 24; i += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

type Trx = any;

/**
 * Inserts `rows` (scalar attributes, by attribute name) of `uid` and returns their ids in
 * the same order. Each row gets a documentId and timestamps as the Document Service gives
 * them (and `publishedAt`, for types without drafts).
 */
export async function insertMany(strapi: Core.Strapi, uid: string, rows: Record<string, unknown>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const withIds = rows.map((row) => ({ documentId: newDocumentId(), createdAt: now, updatedAt: now, publishedAt: now, ...row }));
  await strapi.db.query(uid as any).createMany({ data: withIds });
  const found: { id: number; documentId: string }[] = [];
  const documentIds = withIds.map((r) => r.documentId);
  for (let i = 0; i < documentIds.length; i += 500) {
    found.push(...(await strapi.db.query(uid as any).findMany({ where: { documentId: { $in: documentIds.slice(i, i + 500) } }, select: ['id', 'documentId'] })));
  }
  const idOf = new Map(found.map((r) => [r.documentId, r.id]));
  return documentIds.map((d) => idOf.get(d)!);
}

/**
 * Links owners to targets through `uid`'s relation `attribute` ([ownerId, targetId] pairs,
 * owners without a link yet). A bidirectional many-to-one keeps each owner's place in its
 * target's list: appended after the target's current last.
 */
export async function linkMany(strapi: Core.Strapi, trx: Trx, uid: string, attribute: string, pairs: [number, number][]): Promise<void> {
  if (pairs.length === 0) return;
  const joinTable = (strapi.db.metadata.get(uid as any).attributes as Record<string, any>)[attribute]?.joinTable;
  if (!joinTable) throw new Error(`${uid}.${attribute} has no join table`);
  const owner = joinTable.joinColumn.name as string;
  const target = joinTable.inverseJoinColumn.name as string;
  const inverseOrder = joinTable.inverseOrderColumnName as string | undefined;
  const order = joinTable.orderColumnName as string | undefined;
  const knex = strapi.db.connection;
  const next = new Map<number, number>();
  if (inverseOrder) {
    const targets = [...new Set(pairs.map(([, t]) => t))];
    for (let i = 0; i < targets.length; i += 500) {
      const maxima: { t: number; m: number | null }[] = await knex(joinTable.name).transacting(trx)
        .select(`${target} as t`).max(`${inverseOrder} as m`).whereIn(target, targets.slice(i, i + 500)).groupBy(target);
      for (const { t, m } of maxima) next.set(Number(t), Number(m ?? 0));
    }
  }
  const rows = pairs.map(([o, t]) => {
    const row: Record<string, unknown> = { [owner]: o, [target]: t };
    if (order) row[order] = 1; // the owner's first (and only) link of this relation
    if (inverseOrder) {
      const place = (next.get(t) ?? 0) + 1;
      next.set(t, place);
      row[inverseOrder] = place;
    }
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await knex(joinTable.name).transacting(trx).insert(rows.slice(i, i + 500));
}
