import type { Core } from '@strapi/strapi';

/** One SQL statement an instance ran, and the path of the request it ran for (none: a worker's, a script's). */
export interface Statement {
  sql: string;
  path?: string;
}

/**
 * Every SQL statement this instance runs while `run` runs (knex's `query` event), in order,
 * each with the path of the request it was run for — to count a route's statements, or to
 * find a write among a read's.
 */
export async function statementsDuring(strapi: Core.Strapi, run: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  const listener = (query: { sql?: string }) => {
    const ctx = strapi.requestContext.get() as { path?: string } | undefined;
    seen.push({ sql: (query.sql ?? '').trim(), path: ctx?.path });
  };
  strapi.db.connection.on('query', listener);
  try {
    await run();
  } finally {
    strapi.db.connection.removeListener('query', listener);
  }
  return seen;
}
