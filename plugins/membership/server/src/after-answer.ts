import type { Core } from '@strapi/strapi';
import { backgroundTimer } from '@intranet-militant/shared';

/**
 * Work that runs just after the answer to the request in progress has been sent, outside that
 * request: a member's erasure after their request (commands/request-erasure.ts), so that
 * neither the answer nor the time it takes depends on what happens behind it.
 *
 * "Outside the request" means outside its asynchronous context too: Strapi's request context,
 * an open transaction's context and the app's per-request caches live in AsyncLocalStorage,
 * which follows callbacks scheduled from the request. The task runs in the context captured
 * at the plugin's bootstrap (`captureBackgroundContext`), where none of them exists.
 */

let background: ReturnType<typeof backgroundTimer> | null = null;
const running = new Set<Promise<void>>();

/** Called once in the plugin's bootstrap: later tasks run in this (request-free) context. */
export function captureBackgroundContext(): void {
  background ??= backgroundTimer('membership.after-answer');
}

interface ResponseLike {
  writableFinished?: boolean;
  destroyed?: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Runs `task` once the answer to the current request is sent (its response finished or its
 * connection closed), or on the next turn when there is no request (a script, a test calling
 * the command). Failures are logged, never thrown: whoever schedules the task has a fallback
 * (the retention job completes an erasure left undone).
 */
export function afterAnswer(strapi: Core.Strapi, name: string, task: () => Promise<unknown>): void {
  const ctx = (strapi as unknown as { requestContext?: { get(): { res?: ResponseLike } | undefined } }).requestContext?.get();
  const res = ctx?.res;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const run = () => {
      const done: Promise<void> = Promise.resolve()
        .then(task)
        .then(
          () => undefined,
          (error) => {
            strapi.log.warn(`${name} did not complete (the retention job will): ${error?.message ?? error}`);
          }
        )
        .finally(() => running.delete(done));
      running.add(done);
    };
    if (background) background.later(run, 0);
    else setImmediate(run);
  };
  if (res && !res.writableFinished && !res.destroyed) {
    res.once('finish', start);
    res.once('close', start);
  } else start();
}

/** Waits for the tasks started so far (the plugin's `destroy`, and tests). */
export async function settleAfterAnswer(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}
