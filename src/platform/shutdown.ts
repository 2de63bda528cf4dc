import type { Server } from 'node:http';
import type { Core } from '@strapi/strapi';

/**
 * Graceful shutdown (issue 13 §4). Strapi's own handler (`destroyOnSignal`) destroys every
 * open connection the moment SIGTERM arrives: a member's vote in flight gets a reset
 * connection. Ours, on SIGTERM or SIGINT:
 *
 * 1. reports not ready at once (`/_ready` answers 503 `draining`), so the balancer stops
 *    sending new requests, and keeps serving for `SHUTDOWN_DELAY_MS` (default 0; set it to
 *    the balancer's check interval, e.g. 5000, behind a balancer);
 * 2. stops accepting connections, closes idle keep-alive ones and answers the requests in
 *    flight with `Connection: close`, waiting for them at most `SHUTDOWN_GRACE_MS` (default
 *    10,000 ms);
 * 3. runs Strapi's `destroy` (each plugin stops its workers — the notifications outbox
 *    finishes the batch it holds — then the database pool closes) and exits 0.
 *
 * A second signal while draining exits at once (an operator's Ctrl-C twice).
 */

let draining = false;

/** True once a shutdown began: readiness answers 503. */
export const isDraining = (): boolean => draining;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the server has no connection left, or after `graceMs`. */
function closeServer(server: Server, graceMs: number): Promise<'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
    if (!server.listening) {
      clearTimeout(timer);
      return resolve('closed');
    }
    server.close(() => {
      clearTimeout(timer);
      resolve('closed');
    });
    server.closeIdleConnections();
  });
}

/**
 * Replaces Strapi's signal handler with the graceful one. Call once, at bootstrap.
 * @param options.delayMs keep serving (not ready) this long before closing (`SHUTDOWN_DELAY_MS`)
 * @param options.graceMs longest wait for requests in flight (`SHUTDOWN_GRACE_MS`)
 * @param options.exit how to end the process (tests pass their own)
 */
export function installGracefulShutdown(
  strapi: Core.Strapi,
  { delayMs, graceMs, exit = (code: number) => process.exit(code) }: { delayMs: number; graceMs: number; exit?: (code: number) => void }
): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) {
      if (listener.name === 'terminateStrapi') process.removeListener(signal, listener);
    }
  }
  const shutdown = async (signal: string) => {
    if (draining) return exit(1);
    draining = true;
    strapi.log.info(`${signal}: graceful shutdown (not ready now; closing in ${delayMs} ms, requests in flight get ${graceMs} ms).`);
    try {
      if (delayMs > 0) await wait(delayMs);
      const closed = await closeServer(strapi.server.httpServer, graceMs);
      if (closed === 'timeout') strapi.log.warn('Shutdown: requests still in flight at the end of the grace period are cut.');
      await strapi.destroy();
      exit(0);
    } catch (error) {
      strapi.log.error(`Shutdown failed: ${(error as Error).message}`);
      exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
