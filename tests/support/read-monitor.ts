import type { Core } from '@strapi/strapi';

/**
 * Reads never write: every statement the database runs on behalf of a GET request of ours
 * (the content API under /api, the staff screens' admin routes) is watched, and a write
 * (INSERT, UPDATE, DELETE, DDL, VACUUM) is recorded here. `tests/support/setup-file.ts`
 * fails any test file during which one happened, so the whole suite — every scenario that
 * reads — checks the rule, including reads after a deadline the clock job has not yet seen.
 */
export interface WriteDuringRead {
  request: string;
  sql: string;
}

export const writesDuringReads: WriteDuringRead[] = [];

const WRITE = /^\s*(with\b[\s\S]*?\)\s*)?(insert|update|delete|truncate|vacuum|create|alter|drop)\b/i;
const OUR_ROUTES = /^\/(api|consultations)\//;
/** Strapi's own bookkeeping of an admin API token's last use: the framework's, not a read of ours writing. */
const FRAMEWORK_STAMPS = /^\s*update ([`"]\w+[`"]\.)?[`"]strapi_api_tokens[`"] set [`"]last_used_at[`"]/i;

/** Starts watching the instance's connection (once per instance). */
export function watchReads(strapi: Core.Strapi) {
  strapi.db.connection.on('query', (query: { sql?: string }) => {
    const ctx = strapi.requestContext.get() as { method?: string; path?: string } | undefined;
    if (!ctx || ctx.method !== 'GET' || !OUR_ROUTES.test(ctx.path ?? '')) return;
    if (query.sql && WRITE.test(query.sql) && !FRAMEWORK_STAMPS.test(query.sql)) writesDuringReads.push({ request: `GET ${ctx.path}`, sql: query.sql.slice(0, 300) });
  });
}
