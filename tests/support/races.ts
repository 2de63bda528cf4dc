import { expect } from 'vitest';
import type { Core } from '@strapi/strapi';

/** How many sessions of this database wait for a lock (PostgreSQL). */
const waitingForALock = async (strapi: Core.Strapi) =>
  Number((await strapi.db.connection.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);

/**
 * Two commands made to meet (PostgreSQL): the audit log's head, which every command takes last,
 * is held by another transaction; `first` runs until it waits (for the head, or for a row the
 * other holds), then `second` until it waits too; then the head is let go and they commit in
 * that order (PostgreSQL grants a lock in turn). Each command did its reads before the other
 * committed — what two requests at the same moment do.
 * @returns both outcomes, as `Promise.allSettled` gives them
 */
export async function inTurnsAtTheAuditHead<A, B>(strapi: Core.Strapi, first: () => Promise<A>, second: () => Promise<B>): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  const holder = await strapi.db.connection.transaction();
  await holder('audit_log_head').where({ id: 1 }).forUpdate().first();
  const running: Promise<unknown>[] = [];
  try {
    running.push(first());
    await expect.poll(() => waitingForALock(strapi), { timeout: 20_000, interval: 25 }).toBe(1);
    running.push(second());
    await expect.poll(() => waitingForALock(strapi), { timeout: 20_000, interval: 25 }).toBe(2);
  } finally {
    for (const run of running) run.catch(() => undefined);
    await holder.rollback();
  }
  return Promise.allSettled(running) as Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]>;
}

/** The value of a command that must have succeeded (throws its error otherwise). */
export function fulfilled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
