import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { expect } from 'vitest';

/**
 * Second connections inside a transaction: code running inside a database transaction
 * (`strapi.db.transaction`, `withTransaction`) that takes ANOTHER connection from the pool — a
 * raw `strapi.db.connection…` not bound to the transaction, a new knex transaction, a helper
 * that ignores the transaction in progress. Each such transaction holds one pooled connection
 * and waits for a second: N of them at once (N ≥ the pool's size) hold every connection and
 * wait for each other until knex's acquire timeout (60 s), answering 500.
 *
 * The knex client's `acquireConnection` (the pool's door: plain queries and the outermost
 * transaction's own connection, which is taken before `inTransaction()` is true; queries of a
 * transaction and nested `strapi.db.transaction` calls reuse its connection and never come
 * here) is wrapped: an acquisition made while `strapi.db.inTransaction()` is true is recorded
 * with its stack, trimmed to the project's frames (under /plugins/, /src/ or /tests/, not
 * node_modules). Installed by `bootStrapi` with `DETECT_SECOND_CONNECTIONS=1` (every distinct
 * stack is then printed once with its count after each test file, and written whole to
 * /tmp/second-connections-<pid>.txt); a test may also `watchSecondConnections` around a path.
 */
export interface SecondConnection {
  /** The trimmed stack (one frame a line), its key. */
  stack: string;
  count: number;
  /** Tests during which it happened (the first few). */
  tests: string[];
  /** The transaction in progress had already ended (work started inside it and still running after). */
  afterEnd: boolean;
}

const root = path.resolve(__dirname, '..', '..');
const installed = new WeakSet<object>();
const listeners = new Set<(stack: string, afterEnd: boolean) => void>();

/** Every second connection seen since `DETECT_SECOND_CONNECTIONS` recording began, by stack. */
const recorded = new Map<string, SecondConnection>();
let reportedCounts = new Map<string, number>();

function currentTest(): string {
  const state = expect.getState();
  const name: string | undefined = state?.currentTestName;
  const file: string | undefined = state?.testPath;
  return `${file ? path.relative(root, file) : '?'} › ${name ?? '(hook)'}`;
}

/** The project's frames of a stack (relative paths), or, when none, its first frames outside knex. */
export function trimStack(stack: string): string {
  const frames = stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  const detector = /tests[/\\]support[/\\]second-connections/;
  const ours = frames.filter((line) => /[/\\](plugins|src|tests)[/\\]/.test(line) && !/node_modules/.test(line) && !detector.test(line));
  const kept = ours.length ? ours : ['(no project frame)', ...frames.filter((line) => !/node_modules[/\\]knex[/\\]/.test(line) && !detector.test(line)).slice(0, 12)];
  return kept.map((line) => line.split(root + path.sep).join('')).join('\n');
}

const STACK = Symbol('stack where a builder was made inside a transaction');
/** The stack of the builder whose runner is acquiring a connection now (set around `ensureConnection`). */
let acquiring: string | undefined;

function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const stack = new Error('second connection').stack ?? '';
  Error.stackTraceLimit = limit;
  return stack;
}

/**
 * Wraps the pool's door of this instance's knex client (once). A query's connection is acquired
 * when it is awaited, in a job of its own (knex builders are thenables): no caller is left on the
 * stack then. So the stack is taken when a builder is made on the pool's client inside a
 * transaction (`strapi.db.connection(…)`, `.raw(…)`; builders of a transaction are made by its
 * own client) and handed to the acquisition its runner makes; a new knex transaction acquires
 * from its caller's stack.
 */
export function installSecondConnectionDetector(strapi: Core.Strapi): void {
  const client = (strapi.db.connection as any).client;
  if (installed.has(client)) return;
  installed.add(client);
  const watching = () => listeners.size > 0 && strapi.db.inTransaction();
  for (const method of ['queryBuilder', 'raw', 'schemaBuilder']) {
    const make = client[method];
    client[method] = function (this: unknown, ...args: unknown[]) {
      const builder = make.apply(this, args);
      if (builder && watching()) builder[STACK] = captureStack();
      return builder;
    };
  }
  const runner = client.runner;
  client.runner = function (this: unknown, builder: any) {
    const made = runner.call(this, builder);
    const stack: string | undefined = builder?.[STACK];
    if (stack) {
      const ensure = made.ensureConnection;
      // Calls `acquireConnection` synchronously, before its first await.
      made.ensureConnection = function (this: unknown, ...args: unknown[]) {
        acquiring = stack;
        try {
          return ensure.apply(this, args);
        } finally {
          acquiring = undefined;
        }
      };
    }
    return made;
  };
  const acquire = client.acquireConnection;
  client.acquireConnection = async function (this: unknown, ...args: unknown[]) {
    const made = acquiring;
    acquiring = undefined;
    if (watching()) {
      const stack = trimStack(made ?? captureStack());
      // Nested: `transaction()` without a callback hands back the transaction in progress, opening nothing.
      const trx = (await strapi.db.transaction()).get() as { isCompleted?: () => boolean };
      const afterEnd = typeof trx?.isCompleted === 'function' && trx.isCompleted();
      for (const listener of listeners) listener(stack, afterEnd);
    }
    return acquire.apply(this, args);
  };
}

/** Starts the run-wide record (`DETECT_SECOND_CONNECTIONS=1`). */
export function recordSecondConnections(strapi: Core.Strapi): void {
  // Frames mapped to the TypeScript sources of the plugins' builds (for this run only: it slows every stack).
  process.setSourceMapsEnabled?.(true);
  installSecondConnectionDetector(strapi);
  listeners.add((stack, afterEnd) => {
    const key = `${afterEnd ? '[after the transaction ended] ' : ''}${stack}`;
    const entry = recorded.get(key) ?? { stack: key, count: 0, tests: [], afterEnd };
    entry.count += 1;
    const test = currentTest();
    if (entry.tests.length < 5 && !entry.tests.includes(test)) entry.tests.push(test);
    recorded.set(key, entry);
  });
}

function describeEntry(entry: SecondConnection): string {
  return `× ${entry.count}${entry.afterEnd ? ' (after its transaction ended)' : ''}\n  in: ${entry.tests.join('\n      ')}\n    ${entry.stack.split('\n').join('\n    ')}`;
}

/**
 * Prints the stacks recorded since the last report (each new stack once, with its count so far)
 * and writes every one to /tmp/second-connections-<pid>.txt. Nothing when recording is off.
 */
export function reportSecondConnections(): void {
  if (process.env.DETECT_SECOND_CONNECTIONS !== '1') return;
  const entries = [...recorded.values()].sort((a, b) => b.count - a.count);
  const fresh = entries.filter((entry) => (reportedCounts.get(entry.stack) ?? 0) !== entry.count);
  if (fresh.length) console.warn(`Second connections inside a transaction (${fresh.length} stack(s) new or seen again):\n${fresh.map(describeEntry).join('\n\n')}`);
  reportedCounts = new Map(entries.map((entry) => [entry.stack, entry.count]));
  writeFileSync(
    `/tmp/second-connections-${process.pid}.txt`,
    entries.length ? `${entries.length} distinct stack(s)\n\n${entries.map(describeEntry).join('\n\n')}\n` : 'none\n'
  );
}

/**
 * Runs `run` and answers the second connections taken inside a transaction meanwhile (by
 * anything running then, this path or another), by stack.
 */
export async function watchSecondConnections<T>(strapi: Core.Strapi, run: () => Promise<T>): Promise<{ value: T; seconds: { stack: string; afterEnd: boolean }[] }> {
  installSecondConnectionDetector(strapi);
  const seconds: { stack: string; afterEnd: boolean }[] = [];
  const listener = (stack: string, afterEnd: boolean) => seconds.push({ stack, afterEnd });
  listeners.add(listener);
  try {
    return { value: await run(), seconds };
  } finally {
    listeners.delete(listener);
  }
}
