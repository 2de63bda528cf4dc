import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from './support/instances';

/**
 * Graceful shutdown (issue 13 §4, src/platform/shutdown.ts), on a real instance in a child
 * process: on SIGTERM the instance says it is not ready, keeps serving during the delay,
 * answers the request in flight, stops its workers and exits 0 — where Strapi's own handler
 * would have cut the connection.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'intranet-shutdown-'));
let child: Instance | undefined;
afterAll(() => {
  child?.process.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** An instance on its own SQLite file, with a short drain delay and the test-only slow route. */
async function start(): Promise<Instance> {
  const unset = Object.fromEntries(['DATABASE_URL', 'DATABASE_NAME', 'DATABASE_HOST', 'MEILISEARCH_HOST'].map((name) => [name, undefined]));
  child = await startInstance({
    ...unset,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'shutdown.db'),
    AUDIT_ANCHOR_FILE: path.join(dir, 'anchor.json'),
    SHUTDOWN_DELAY_MS: '2000',
    SHUTDOWN_GRACE_MS: '5000',
    LOG_LEVEL: 'info',
  });
  return child;
}

describe('graceful shutdown', () => {
  it('on SIGTERM: not ready at once, the request in flight is answered, workers stop, exit 0', { timeout: 240_000 }, async () => {
    const { port, exited, output } = await start();
    const url = (p: string) => `http://127.0.0.1:${port}${p}`;
    expect((await fetch(url('/_ready'))).status).toBe(200);

    const inFlight = fetch(url('/__slow?ms=3000')).then(async (res) => ({ status: res.status, body: await res.json() }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    child!.process.kill('SIGTERM');

    // During the delay: still listening, but not ready (the balancer stops sending). Asked
    // until the signal is handled (a loaded machine may take a while to deliver it).
    let ready = await fetch(url('/_ready'));
    for (const asked = Date.now(); ready.status === 200 && Date.now() - asked < 1500; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await fetch(url('/_ready'));
    }
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect(ready.headers.get('connection')).toBe('close');

    expect(await inFlight).toEqual({ status: 200, body: { slow: true } });
    expect(await exited).toBe(0);
    expect(output()).toMatch(/SIGTERM: graceful shutdown/);
    expect(output()).toMatch(/Strapi has been shut down/);
    // Gone: nothing listens any more.
    await expect(fetch(url('/_health'))).rejects.toThrow();
  });
});
