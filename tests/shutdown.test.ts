import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Graceful shutdown (issue 13 §4, src/platform/shutdown.ts), on a real instance in a child
 * process: on SIGTERM the instance says it is not ready, keeps serving during the delay,
 * answers the request in flight, stops its workers and exits 0 — where Strapi's own handler
 * would have cut the connection.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'intranet-shutdown-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ port: number; exited: Promise<number | null>; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'shutdown.db'),
    AUDIT_ANCHOR_FILE: path.join(dir, 'anchor.json'),
    SHUTDOWN_DELAY_MS: '600',
    SHUTDOWN_GRACE_MS: '5000',
    LOG_LEVEL: 'info',
  };
  for (const name of ['DATABASE_URL', 'DATABASE_NAME', 'DATABASE_HOST', 'MEILISEARCH_HOST']) delete env[name];
  const proc = spawn(process.execPath, [path.join(__dirname, 'support', 'shutdown-child.cjs')], { env, cwd: path.resolve(__dirname, '..') });
  child = proc;
  let out = '';
  proc.stdout.on('data', (chunk) => (out += chunk));
  proc.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', () => {
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve({ port: Number(match[1]), exited, output: () => out });
    });
    void exited.then((code) => reject(new Error(`The instance stopped before listening (exit ${code}):\n${out.slice(-3000)}`)));
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM: not ready at once, the request in flight is answered, workers stop, exit 0', { timeout: 240_000 }, async () => {
    const { port, exited, output } = await start();
    const url = (p: string) => `http://127.0.0.1:${port}${p}`;
    expect((await fetch(url('/_ready'))).status).toBe(200);

    const inFlight = fetch(url('/__slow?ms=1500')).then(async (res) => ({ status: res.status, body: await res.json() }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    child!.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 150));

    // During the delay: still listening, but not ready (the balancer stops sending).
    const ready = await fetch(url('/_ready'));
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
