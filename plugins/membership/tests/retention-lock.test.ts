import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '@strapi/strapi';
import { JOB_LOCK_KEEPALIVE, SERVER_KEEPALIVE, withJobLock } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { bearer } from '../../../tests/support/expect';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { jobLockHolder, onPostgres } from '../../../tests/support/instances';

/**
 * The retention job runs on every instance each hour, and `npm run members:retention` may run
 * beside them: the table is applied by one run at a time (`withJobLock`), so a member is
 * erased, and audited, once.
 */
const load = createRequire(__filename);
const retention = load('../dist/server/commands/apply-retention.js') as typeof import('../server/src/commands/apply-retention');

let strapi: Core.Strapi;
let w: World;
beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

/** A member who left long enough ago for the table to erase them now. */
async function formerMember() {
  const m = await createMember({ federation: w.federation, joinedOn: '2012-01-15' });
  await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { leftOn: '2019-06-30' } });
  return m;
}
const erasedOn = async (id: number) => (await strapi.db.query('plugin::membership.member').findOne({ where: { id }, select: ['erasedOn'] })).erasedOn;
const erasures = async (documentId: string) =>
  (await strapi.db.connection('audit_log').where({ action: 'plugin::membership.member.erase', subject_id: documentId }).count({ n: '*' }))[0].n;

describe('applying the retention table once at a time', () => {
  it('two runs started together: one applies the table, the other does nothing and says so; the member is erased and audited once', async () => {
    const m = await formerMember();
    const runs = await Promise.all([retention.applyRetention(strapi), retention.applyRetention(strapi)]);
    expect(runs.map((r) => r.skipped).sort()).toEqual([false, true]);
    const done = runs.find((r) => !r.skipped)!;
    expect(done.members).toContain(m.member.documentId);
    expect(runs.find((r) => r.skipped)).toMatchObject({ members: [], purged: [], failed: {} });
    expect(await erasedOn(m.member.id)).not.toBeNull();
    expect(Number(await erasures(m.member.documentId))).toBe(1);
    // A dry run takes no turn: it changes nothing and may run beside a real one.
    const dry = await retention.applyRetention(strapi, { dryRun: true });
    expect(dry.skipped).toBe(false);
  });

  it.skipIf(!onPostgres())('while another instance holds the job (its advisory lock, on its own connection), a run skips; once released, the next run applies it (PostgreSQL)', async () => {
    const m = await formerMember();
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection(); // stands for another instance's session
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('intranet:job:membership-retention'))");
      const skipped = await retention.applyRetention(strapi);
      expect(skipped.skipped).toBe(true);
      expect(await erasedOn(m.member.id)).toBeNull();
      await other.query("SELECT pg_advisory_unlock(hashtext('intranet:job:membership-retention'))");
    } finally {
      await client.releaseConnection(other);
    }
    const run = await retention.applyRetention(strapi);
    expect(run.skipped).toBe(false);
    expect(run.members).toContain(m.member.documentId);
    expect(await erasedOn(m.member.id)).not.toBeNull();
  });
});

describe('erasing one member once at a time', () => {
  const erase = load('../dist/server/commands/erase-member.js') as typeof import('../server/src/commands/erase-member');

  it('two erasures of one member started together (the erasure after the answer, the job): one erases, the other is told it is under way; one audit entry', async () => {
    const m = await formerMember();
    const results = await Promise.allSettled([erase.eraseMember(strapi, null, m.member.documentId, 'retention'), erase.eraseMember(strapi, null, m.member.documentId, 'retention')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(refused.reason.message).toBe(erase.ERASURE_UNDER_WAY);
    expect(await erasedOn(m.member.id)).not.toBeNull();
    expect(Number(await erasures(m.member.documentId))).toBe(1);
    // Once done, another run reads the profile erased.
    await expect(erase.eraseMember(strapi, null, m.member.documentId, 'retention')).rejects.toThrow(erase.ALREADY_ERASED);
  });

  it.skipIf(!onPostgres())('while another instance erases the member (its advisory lock), an erasure here is refused as under way and changes nothing (PostgreSQL)', async () => {
    const m = await formerMember();
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection();
    const key = `intranet:job:member-erasure:${m.member.documentId}`;
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      await expect(erase.eraseMember(strapi, null, m.member.documentId, 'retention')).rejects.toThrow(erase.ERASURE_UNDER_WAY);
      expect(await erasedOn(m.member.id)).toBeNull();
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    } finally {
      await client.releaseConnection(other);
    }
    await erase.eraseMember(strapi, null, m.member.documentId, 'retention');
    expect(await erasedOn(m.member.id)).not.toBeNull();
  });

  it.skipIf(!onPostgres())('the retention job meeting a member another instance erases now neither counts them as erased by it nor as failed (PostgreSQL)', async () => {
    const m = await formerMember();
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection(); // another instance's erasure of this member
    const key = `intranet:job:member-erasure:${m.member.documentId}`;
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      const run = await retention.applyRetention(strapi);
      expect(run.skipped).toBe(false);
      expect(run.members).not.toContain(m.member.documentId);
      expect(run.failed).not.toHaveProperty(m.member.documentId);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    } finally {
      await client.releaseConnection(other);
    }
    // Once the other run is over, the member is erased by whichever run comes next.
    await retention.applyRetention(strapi);
    expect(await erasedOn(m.member.id)).not.toBeNull();
  });
});

describe('a disciplinary case and the respondent’s erasure, one after the other', () => {
  const erase = load('../dist/server/commands/erase-member.js') as typeof import('../server/src/commands/erase-member');
  const refer = async (respondent: string) =>
    (await api()).post('/api/sanctions/cases').set(bearer(w.secretary.token)).send({ respondent, category: 'denigrement-public', facts: 'Propos publics contre la section.' });

  it.skipIf(!onPostgres())('a case referred while the respondent’s erasure runs (its job lock, another instance) is refused (409), then referred once it is over (PostgreSQL)', async () => {
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection(); // another instance erasing this member
    const key = `intranet:job:member-erasure:${m.member.documentId}`;
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      const refused = await refer(m.member.documentId);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.error.message).toBe('Les données de cet adhérent sont en cours d’effacement : réessayez dans quelques minutes.');
      expect(await strapi.db.query('plugin::sanctions.case').count({ where: { respondentId: m.member.id } })).toBe(0);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    } finally {
      await client.releaseConnection(other);
    }
    expect((await refer(m.member.documentId)).status).toBe(201);
  });

  it.skipIf(!onPostgres())('two cases naming the same member written at once: neither is refused as « en cours d’effacement » (the holds are shared; only an erasure is kept out) (PostgreSQL)', async () => {
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const status = strapi.plugin('membership').service('status');
    // A first case's transaction holds the member from erasure and stays open while a second
    // case's transaction (another connection) holds them too.
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    let firstHeld!: () => void;
    const held = new Promise<void>((resolve) => (firstHeld = resolve));
    const first = strapi.db.transaction(async () => {
      await status.keepFromErasure(m.member.documentId);
      firstHeld();
      await open;
    });
    try {
      await held;
      await strapi.db.transaction(async () => {
        await expect(status.keepFromErasure(m.member.documentId)).resolves.toBeUndefined();
      });
      const referred = await refer(m.member.documentId);
      expect(referred.status, referred.text).toBe(201);
      await expect(erase.eraseMember(strapi, null, m.member.documentId, 'retention')).rejects.toThrow(erase.ERASURE_UNDER_WAY);
    } finally {
      release();
      await first;
    }
  });

  it('while a case naming the member is being written, their erasure does not start (it is told one is under way); after the commit it meets the case as a hold (both databases: on SQLite the erasure’s lock file is held for the transaction)', async () => {
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'sanctions', true);
    const m = await formerMember();
    const status = strapi.plugin('membership').service('status');
    await strapi.db.transaction(async () => {
      await status.keepFromErasure(m.member.documentId);
      await expect(erase.eraseMember(strapi, null, m.member.documentId, 'retention')).rejects.toThrow(erase.ERASURE_UNDER_WAY);
    });
    expect(await erasedOn(m.member.id)).toBeNull();
  });
});

describe('job locks and the connection pool', () => {
  it.skipIf(!onPostgres())('as many jobs held at once as the pool has connections still run their queries: a job’s lock takes no connection from the pool (PostgreSQL)', async () => {
    // Members' erasures are each a job (`member-erasure:<id>`): ten members asking at once, or
    // staff erasing while the retention job runs with a small pool, must not starve the pool.
    const max = Number(strapi.db.connection.client.pool.max);
    let held = 0;
    let allHeld!: () => void;
    const together = new Promise<void>((resolve) => (allHeld = resolve));
    const runs = Array.from({ length: max }, (_, i) =>
      withJobLock(strapi, `pool-test:${i}`, async () => {
        if (++held === max) allHeld();
        await together;
        return Number(await strapi.db.query('plugin::membership.member').count({ where: { id: { $gt: 0 } } }));
      })
    );
    const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 15_000).unref());
    const outcome = await Promise.race([Promise.all(runs), stuck]);
    expect(outcome).not.toBe('stuck');
    expect((outcome as { ran: boolean }[]).every((r) => r.ran)).toBe(true);
    // Every lock was released with its session: the jobs can be taken again at once.
    expect((await withJobLock(strapi, 'pool-test:0', async () => 'again'))).toEqual({ ran: true, value: 'again' });
  }, 30_000);
});

describe('a job lock whose database session ends during the run', () => {
  it.skipIf(!onPostgres())('ended from another connection (pg_terminate_backend): the job’s signal aborts, an error naming the job is logged, and a job checking it between batches stops; the lock is free again (PostgreSQL)', async () => {
    const errors = vi.spyOn(strapi.log, 'error');
    try {
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let signalSeen: AbortSignal | undefined;
      const run = withJobLock(strapi, 'lock-lost-test', async (signal) => {
        signalSeen = signal;
        started();
        let batches = 0;
        // A job of many batches, as the retention job or an import: it looks before each one.
        while (!signal.aborted && batches < 300) {
          batches += 1;
          await sleep(50);
        }
        return batches;
      });
      await running;
      const pid = await jobLockHolder(strapi.db.connection, 'lock-lost-test');
      expect(pid).toEqual(expect.any(Number));
      await strapi.db.connection.raw('SELECT pg_terminate_backend(?)', [pid]);
      const outcome = await run;
      expect(outcome.ran).toBe(true);
      expect(outcome.ran && outcome.value).toBeLessThan(300); // stopped early, not after 15 s of batches
      expect(signalSeen?.aborted).toBe(true);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^Job lock-lost-test: the database session holding its lock ended/));
      expect(await jobLockHolder(strapi.db.connection, 'lock-lost-test')).toBeNull();
      expect(await withJobLock(strapi, 'lock-lost-test', async (signal) => signal.aborted)).toEqual({ ran: true, value: false });
    } finally {
      errors.mockRestore();
    }
  }, 30_000);

  it.skipIf(!onPostgres())('idle_session_timeout set for the database (by an operator) does not end the lock’s session: the job keeps its lock to the end, nothing logged (PostgreSQL ≥ 14)', async () => {
    const admin = strapi.db.connection;
    const { rows } = await admin.raw("SELECT current_setting('server_version_num')::int AS version");
    if (rows[0].version < 140000) return; // no such setting before PostgreSQL 14
    // A database of its own: the setting reaches every new session of the database it is set
    // on, and the test run's pool must not open connections that PostgreSQL then ends.
    const name = `job_lock_idle_${process.pid}_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = load('knex');
    const other = knex({ client: 'pg', connection: { ...strapi.db.connection.client.connectionSettings, database: name }, pool: { min: 0, max: 2 } });
    try {
      await admin.raw(`ALTER DATABASE ${name} SET idle_session_timeout = '300ms'`);
      const log = { error: vi.fn() };
      const outcome = await withJobLock({ db: { connection: other, dialect: { client: 'postgres' } }, log }, 'idle-test', async (signal) => {
        await sleep(1_500); // the lock's session sits idle five times the timeout
        return { aborted: signal.aborted, holder: await jobLockHolder(other, 'idle-test') };
      });
      expect(outcome).toEqual({ ran: true, value: { aborted: false, holder: expect.any(Number) } });
      expect(log.error).not.toHaveBeenCalled();
    } finally {
      await other.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 30_000);
});

/**
 * A TCP socket of this machine as Linux lists it (/proc/net/tcp, tcp6): its timer (`tr` 2 is
 * the keepalive timer) and the time left on it, in seconds. Found by its local and remote ports.
 */
function tcpSocket(localPort: number, remotePort: number): { timer: number; seconds: number } | null {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, remote, , , timer] = line.trim().split(/\s+/);
      if (!local?.endsWith(`:${hex(localPort)}`) || !remote?.endsWith(`:${hex(remotePort)}`)) continue;
      const [kind, left] = timer!.split(':');
      return { timer: parseInt(kind!, 16), seconds: parseInt(left!, 16) / 100 }; // clock ticks (USER_HZ = 100)
    }
  }
  return null;
}

describe('a job lock’s session on a network that dies silently', () => {
  it.skipIf(!onPostgres() || !existsSync('/proc/net/tcp'))('has TCP keepalive on both ends: probes from this side after 10 s of silence, from the server’s after 60 s (PostgreSQL over TCP, Linux)', async () => {
    const outcome = await withJobLock(strapi, 'keepalive-test', async () => {
      const pid = await jobLockHolder(strapi.db.connection, 'keepalive-test');
      const { rows } = await strapi.db.connection.raw('SELECT client_port, inet_server_port() AS server_port FROM pg_stat_activity WHERE pid = ?', [pid]);
      const { client_port: clientPort, server_port: serverPort } = rows[0];
      if (clientPort == null || clientPort < 0) return 'unix socket';
      await sleep(300); // both ends idle: their keepalive timers armed
      return { client: tcpSocket(clientPort, serverPort), server: tcpSocket(serverPort, clientPort) };
    });
    expect(outcome.ran).toBe(true);
    if (!outcome.ran || outcome.value === 'unix socket') return; // no TCP: nothing to probe
    const { client, server } = outcome.value as { client: { timer: number; seconds: number }; server: { timer: number; seconds: number } };
    expect(client, 'this side').toMatchObject({ timer: 2 });
    expect(client.seconds).toBeLessThanOrEqual(JOB_LOCK_KEEPALIVE.initialDelayMillis / 1000);
    expect(server, 'the server’s side').toMatchObject({ timer: 2 });
    expect(server.seconds).toBeLessThanOrEqual(SERVER_KEEPALIVE.idleSeconds);
    expect(server.seconds).toBeGreaterThan(JOB_LOCK_KEEPALIVE.initialDelayMillis / 1000); // this side notices first
  }, 30_000);
});
