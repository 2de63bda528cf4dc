import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/notifications';
import { api, bootStrapi } from './support/strapi';
import { createFederation, createMember, type TestMember } from './support/factories';

/**
 * Whether an address has an account must not show in how long a refusal takes: membership of
 * the party is a political opinion (GDPR art. 9). Before the fix (src/auth/sign-in-timing.ts),
 * a wrong password for an existing account took a bcrypt comparison (~100 ms here) and an
 * unknown address ~10 ms, on `/api/auth/local` and on `/admin/login`; and on PostgreSQL
 * « mot de passe oublié » started an existing account's reset before its answer had gone.
 *
 * Each case sends, from another thread, interleaved attempts for each kind of address to the
 * booted server and compares the medians: a security property, not a performance test, hence
 * medians and generous bounds (the leaks were factors of 5 to 10; the bound is 2).
 */

const SAMPLES = 15;
/** How long the spied reset of an existing account keeps the event loop busy. */
const HEAVY_RESET_MS = 150;
const PASSWORD = 'Un-mot-de-passe-solide-42';

let federation: any;
beforeAll(async () => {
  federation = await createFederation();
});

/** Turns the sign-in budgets up, with fresh counters, for one test (as tests/auth.test.ts does). */
async function withRoomyLimits(run: () => Promise<void>) {
  const strapi = await bootStrapi();
  const saved = strapi.config.get('server.authLimits');
  strapi.config.set('server.authLimits', { ...(saved as object), enabled: true, perAddress: 1000, perAccount: 1000, round: `timing-${Date.now()}` });
  try {
    await run();
  } finally {
    strapi.config.set('server.authLimits', saved);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** A request of one kind: path and JSON body, POSTed. */
type Attempt = { path: string; body: unknown };

/**
 * The client, in its own thread: the server's work after an answer has gone (the reset email
 * of « mot de passe oublié ») must not delay the reading of it, as it would for a client in
 * the server's own event loop (supertest). Answers `{ kind, ms, status, text }` per request.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const out = [];
  for (const { kind, path, body } of workerData.attempts) {
    if (workerData.pauseMs) await new Promise((resolve) => setTimeout(resolve, workerData.pauseMs));
    const start = performance.now();
    const res = await fetch(workerData.base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    out.push({ kind, ms: performance.now() - start, status: res.status, text });
  }
  parentPort.postMessage({ out });
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/** Sends `attempts` one after the other from another thread; the server listens meanwhile. */
async function sendFromAnotherThread(attempts: (Attempt & { kind: string })[], pauseMs: number) {
  const server = (await bootStrapi()).server.httpServer;
  const started = !server.listening;
  if (started) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const worker = new Worker(CLIENT, { eval: true, workerData: { base: `http://127.0.0.1:${port}`, attempts, pauseMs } });
  try {
    const reply = await new Promise<{ out?: { kind: string; ms: number; status: number; text: string }[]; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!reply.out) throw new Error(reply.error);
    return reply.out;
  } finally {
    await worker.terminate();
    if (started) {
      server.closeIdleConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

/**
 * Sends one unmeasured attempt of each kind, then `SAMPLES` of each, interleaved (the order
 * rotates, so background work after one kind does not always land on the same other kind).
 * `pauseMs`: a pause before each attempt (the server's background work ends meanwhile).
 * @returns each kind's median duration (ms) and every distinct answer (status and body) it gave
 */
async function measure(kinds: Record<string, (i: number) => Attempt>, pauseMs = 0) {
  const names = Object.keys(kinds);
  const attempts: (Attempt & { kind: string; measured: boolean })[] = [];
  for (let i = -1; i < SAMPLES; i++) {
    const shift = ((i % names.length) + names.length) % names.length;
    for (const kind of [...names.slice(shift), ...names.slice(0, shift)]) attempts.push({ kind, measured: i >= 0, ...kinds[kind]!(i + 1) });
  }
  const results = await sendFromAnotherThread(attempts, pauseMs);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const answers: Record<string, Set<string>> = Object.fromEntries(names.map((n) => [n, new Set<string>()]));
  results.forEach(({ kind, ms, status, text }, k) => {
    answers[kind]!.add(JSON.stringify({ status, body: JSON.parse(text) }));
    if (attempts[k]!.measured) times[kind]!.push(ms);
  });
  return { medians: Object.fromEntries(names.map((n) => [n, median(times[n]!)])), answers };
}

/** Every kind answered one same thing, and took about as long as `reference`. */
function expectIndistinguishable({ medians, answers }: Awaited<ReturnType<typeof measure>>, reference: string) {
  const all = new Set(Object.values(answers).flatMap((set) => [...set]));
  expect([...all], 'every attempt gets the same answer').toHaveLength(1);
  for (const [name, value] of Object.entries(medians)) {
    const ratio = value / medians[reference]!;
    expect(ratio, `median ${name} ${value.toFixed(1)} ms vs ${reference} ${medians[reference]!.toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio, `median ${name} ${value.toFixed(1)} ms vs ${reference} ${medians[reference]!.toFixed(1)} ms`).toBeLessThan(2);
  }
  return [...all][0];
}

const unknownAddress = (prefix: string, i: number) => `${prefix}.${i}.${Date.now().toString(36)}@inconnu.test.intranet`;

describe('a refusal takes as long whether the address has an account or not', () => {
  it('members’ sign-in (/api/auth/local): existing account, unknown address, account without a password', async () => {
    const strapi = await bootStrapi();
    const member: TestMember = await createMember({ federation, password: PASSWORD });
    // An account that cannot sign in before any password is checked (none is set yet).
    const passwordless: TestMember = await createMember({ federation, password: PASSWORD });
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: passwordless.user.id }, data: { password: null } });
    await withRoomyLimits(async () => {
      const signIn = (identifier: string) => ({ path: '/api/auth/local', body: { identifier, password: 'Pas-le-bon-mot-de-passe-1' } });
      const result = await measure({
        existing: () => signIn(member.user.email),
        unknown: (i) => signIn(unknownAddress('membre', i)),
        passwordless: () => signIn(passwordless.user.email),
      });
      const answer = JSON.parse(expectIndistinguishable(result, 'existing')!);
      expect(answer).toEqual({ status: 400, body: { data: null, error: { status: 400, name: 'ValidationError', message: 'Identifiant ou mot de passe incorrect.', details: {} } } });
    });
    // A good password still signs in.
    expect((await (await api()).post('/api/auth/local').send({ identifier: member.user.email, password: PASSWORD })).status).toBe(200);
  });

  it('the admin panel’s sign-in (/admin/login): existing account, unknown address, invited account not yet registered', async () => {
    const strapi = await bootStrapi();
    const users = strapi.service('admin::user') as any;
    const stamp = Date.now().toString(36);
    // Strapi's own budget on /admin/login is 5 tries per 5 minutes and address: 3 each here.
    const accounts = Math.ceil((SAMPLES + 1) / 3);
    const existing: string[] = [];
    const invited: string[] = [];
    for (let k = 0; k < accounts; k++) {
      existing.push((await users.create({ email: `staff${k}.${stamp}@test.intranet`, firstname: 'Test', lastname: 'Staff', password: 'Admin-Passw0rd-de-test', isActive: true, registrationToken: null })).email);
      invited.push((await users.create({ email: `invite${k}.${stamp}@test.intranet`, firstname: 'Test', lastname: 'Invité' })).email);
    }
    const signIn = (email: string) => ({ path: '/admin/login', body: { email, password: 'Pas-le-bon-mot-de-passe-1' } });
    const result = await measure({
      existing: (i) => signIn(existing[i % accounts]!),
      unknown: (i) => signIn(unknownAddress('staff', i)),
      invited: (i) => signIn(invited[i % accounts]!),
    });
    const answer = JSON.parse(expectIndistinguishable(result, 'existing')!);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ data: null, error: { status: 400 } });
    // A password that is not a string: the same refusal for an account and for nobody (stock: 501 and 400).
    const http = await api();
    const odd = [await http.post('/admin/login').send({ email: existing[0], password: 12345678 }), await http.post('/admin/login').send({ email: unknownAddress('staff', 99), password: 12345678 })];
    expect(odd.map((res) => ({ status: res.status, body: res.body }))).toEqual([answer, answer]);
    expect((await http.post('/admin/login').send({ email: existing[1], password: 'Admin-Passw0rd-de-test' })).status).toBe(200);
  });

  it('« mot de passe oublié » (/api/auth/forgot-password): the reset’s work starts once the answer has gone', async () => {
    const strapi = await bootStrapi();
    // 3 requests per hour and email: a few members, 3 each.
    const members: TestMember[] = [];
    for (let k = 0; k < Math.ceil((SAMPLES + 1) / 3); k++) members.push(await createMember({ federation, password: PASSWORD }));
    // The reset of an existing account (lookup, token, email) made heavier, so that any of it
    // done before the answer has gone shows in the answer's time. Stock, it started at the
    // next `setImmediate`, which on PostgreSQL came while the answer still waited for the
    // sign-in budget's database write.
    const passwords = getService(strapi, 'notifications', 'passwords') as { sendReset: (email: string) => Promise<void> };
    const sendReset = passwords.sendReset;
    const resets: string[] = [];
    passwords.sendReset = async (email: string) => {
      if (members.some((m) => m.user.email === email)) {
        const until = performance.now() + HEAVY_RESET_MS;
        while (performance.now() < until); // the event loop is busy, as with a slow reset
      }
      resets.push(email);
      return sendReset.call(passwords, email);
    };
    try {
      await withRoomyLimits(async () => {
        const ask = (email: string) => ({ path: '/api/auth/forgot-password', body: { email } });
        const result = await measure(
          {
            existing: (i) => ask(members[i % members.length]!.user.email),
            unknown: (i) => ask(unknownAddress('oubli', i)),
          },
          HEAVY_RESET_MS + 250
        );
        expect(JSON.parse(expectIndistinguishable(result, 'existing')!)).toEqual({ status: 200, body: { ok: true } });
      });
      // Every request still prepared its reset.
      for (let i = 0; i < 50 && resets.length < 2 * (SAMPLES + 1); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(resets).toHaveLength(2 * (SAMPLES + 1));
    } finally {
      passwords.sendReset = sendReset;
    }
  });
});
