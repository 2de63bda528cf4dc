/**
 * Raw SQL inside the current transaction. Strapi joins its query engine and Document
 * Service to the transaction in progress, but not raw knex: a raw query on
 * `strapi.db.connection` would run outside it (and, on SQLite's single connection, wait
 * for it forever). Nested in a transaction, this reuses it; alone, it opens one.
 */
export function withTransaction<T>(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<T>): Promise<T> } },
  run: (trx: any) => Promise<T>
): Promise<T> {
  return strapi.db.transaction(({ trx }) => run(trx));
}
