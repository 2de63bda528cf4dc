import { AsyncResource } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import lockfile from 'proper-lockfile';

/**
 * Raw SQL inside the current transaction. Strapi joins its query engine and Document
 * Service to the transaction in progress, but not raw knex: a raw query on
 * `strapi.db.connection` would run outside it (and, on SQLite's single connection, wait
 * for it forever). Nested in a transaction, this reuses it; alone, it opens one.
 */
export function withTransaction<T>(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<T>): Promise<T> } },
  run: (trx: any) => Promise<T>
): Promise<T> {
  return strapi.db.transaction(({ trx }) => run(trx));
}

/**
 * Holds the rows of `table` matching `where` (column names) until the transaction in progress
 * ends: PostgreSQL `SELECT … FOR UPDATE`, or `FOR SHARE` with `share` (holders side by side,
 * an `UPDATE` holder waits for them); SQLite has one writer, its transactions run one after
 * the other, so nothing is done. A command that checks a row's state and then writes reads the
 * row after this: two at once run one after the other, the second judged on what the first
 * wrote (a state changed: 409; a list or JSON written back: both changes kept).
 */
export async function holdRows(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<any>): Promise<any>; dialect: { client: string } } },
  table: string,
  where: Record<string, string | number>,
  options: { share?: boolean } = {}
): Promise<void> {
  if (strapi.db.dialect.client !== 'postgres') return;
  await withTransaction(strapi, (trx) => {
    const query = trx(table).where(where).select('id');
    return options.share ? query.forShare() : query.forUpdate();
  });
}

/**
 * Raw SQL for a read: inside the current transaction when one is open (see `withTransaction`),
 * on the plain connection otherwise — no BEGIN/COMMIT round trips for a single statement.
 */
export function withConnection<T>(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<T>): Promise<T>; inTransaction(): boolean; connection: any } },
  run: (knex: any) => Promise<T>
): Promise<T> {
  return strapi.db.inTransaction() ? strapi.db.transaction(({ trx }) => run(trx)) : run(strapi.db.connection);
}

/**
 * Runs a function in the process's root asynchronous context — outside any transaction and any
 * request (bound when this module loads): Strapi's transaction context hands a new transaction
 * the callbacks of the one it is started in, so work started from a commit callback would share
 * them with its siblings.
 */
const inRootContext = AsyncResource.bind((run: () => void) => run());

/**
 * Was this error the database giving up one of two transactions that met, rather than a fault
 * of the work: PostgreSQL's `deadlock_detected` (SQLSTATE 40P01: it aborts one of the
 * transactions in a cycle) or `serialization_failure` (40001), SQLite's `SQLITE_BUSY`? Run
 * again, such work usually passes (PostgreSQL documentation, « Concurrency Control », 13.4).
 */
export function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

/** How many times `afterCommit` runs work that meets a transient conflict (`isTransientConflict`). */
export const AFTER_COMMIT_ATTEMPTS = 3;

/**
 * Runs `work` once what the transaction in progress writes is committed: outside any
 * transaction, now (awaited); inside one, on its commit (Strapi's `onCommit`, after the
 * outermost transaction's when nested), on its own in the root context and not awaited; never
 * after a rollback. Work that meets a transient conflict (a deadlock among such checks running
 * together: `isTransientConflict`) is run again, `AFTER_COMMIT_ATTEMPTS` times in all, after a
 * short random pause. Never throws: the caller's change is committed, and a failure of `work`
 * (its last) is logged under `label`. For a check that must see what other transactions
 * committed meanwhile: on PostgreSQL (READ COMMITTED) a statement sees what was committed
 * before it began, so of two transactions that each read what the other writes, the one
 * committing last meets the other's rows only in such a check.
 */
export async function afterCommit(
  strapi: { db: { inTransaction(): boolean; transaction(run: (context: { onCommit(cb: () => void): void }) => Promise<void>): Promise<void> }; log: { error(message: string): void } },
  label: string,
  work: () => Promise<unknown>
): Promise<void> {
  const logged = (error: unknown) => strapi.log.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  const attempt = async (left: number): Promise<unknown> =>
    work().catch(async (error: unknown) => {
      if (left <= 1 || !isTransientConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      return attempt(left - 1);
    });
  const run = () => attempt(AFTER_COMMIT_ATTEMPTS).catch(logged);
  if (!strapi.db.inTransaction()) {
    await run();
    return;
  }
  await strapi.db.transaction(async ({ onCommit }) => onCommit(() => inRootContext(() => void run())));
}

let savepoints = 0;

/**
 * Runs `run` inside a savepoint of the transaction `trx`: if it throws (a unique key
 * refused an insert…), only its own writes are undone and the transaction stays usable
 * (PostgreSQL aborts the whole transaction on an error otherwise). Rethrows the error.
 */
export async function withSavepoint<T>(trx: { raw(sql: string): Promise<unknown> }, run: () => Promise<T>): Promise<T> {
  savepoints = (savepoints + 1) % 1_000_000;
  const name = `intranet_sp_${savepoints}`;
  await trx.raw(`SAVEPOINT ${name}`);
  try {
    const result = await run();
    await trx.raw(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await trx.raw(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * Runs a plugin's boot-time schema work (tables Strapi does not manage, functions, triggers)
 * so that instances starting together take turns: on PostgreSQL inside one transaction that
 * holds an advisory lock shared by every such step (two `CREATE OR REPLACE FUNCTION` of the
 * same function at once fail with « tuple concurrently updated », two `CREATE TABLE` of a new
 * table with a duplicate key); SQLite has one process and one writer: run as is.
 * @param knex Strapi's connection (`strapi.db.connection`)
 * @param client the dialect (`strapi.db.dialect.client`)
 * @param run the work, given the connection to use (the transaction on PostgreSQL)
 */
export async function withSchemaLock<T>(knex: any, client: string, run: (knex: any) => Promise<T>): Promise<T> {
  if (client !== 'postgres') return run(knex);
  return knex.transaction(async (trx: any) => {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('intranet:boot-schema'))");
    return run(trx);
  });
}

/**
 * Runs a plugin's boot seed (rows it writes when they are missing: a first sanctions scale, the
 * mandates catalogue, a newer grouping vocabulary) in one transaction — on PostgreSQL holding an
 * advisory lock named after the seed — so that instances starting together (a rolling
 * deployment, a restart after a crash) take turns: the second finds what the first wrote and
 * adds nothing, where both read « missing » and both wrote it before. SQLite has one writer:
 * the transaction is enough. The query engine joins the transaction (`strapi.db.transaction`).
 * @param seed a name for the lock (`intranet:seed:<seed>`)
 * @param run the seed, through the query engine (or raw SQL on the transaction it is given)
 */
export function withSeedLock<T>(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<T>): Promise<T>; dialect: { client: string } } },
  seed: string,
  run: (trx: any) => Promise<T>
): Promise<T> {
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`intranet:seed:${seed}`]);
    return run(trx);
  });
}

/** Job names a process is running now (`withJobLock`): a slow run is not overlapped by the next tick. */
const runningJobs = new Set<string>();

/** The advisory lock's name of a job (`withJobLock`, `holdJobForTransaction`). */
const jobKey = (job: string) => `intranet:job:${job}`;

/**
 * Jobs this process holds for a transaction on SQLite (`holdJobForTransaction`): the transaction
 * (knex's transactor) while it is open, and a promise settled once its lock file is removed.
 */
const transactionHolds = new Map<string, { trx: unknown; open: boolean; ended: Promise<void> }>();

/**
 * Waits until a job this process held for a transaction that has ended is released (its lock
 * file removed on SQLite), so that the job may start here just after that transaction.
 */
async function transactionHoldEnded(job: string): Promise<void> {
  const hold = transactionHolds.get(job);
  if (hold && !hold.open) await hold.ended;
}

/**
 * Keeps `job` (a `withJobLock` job) from starting until the transaction in progress ends, for a
 * write the job must see whole or not at all — a disciplinary case written against a member
 * whose erasure (`member-erasure:<id>`) checks such cases once, then erases in several
 * transactions. Never waits: while a run holds the job, answers false at once. Called outside
 * a transaction, it opens one of its own: the job is held only for that instant (a check).
 *
 * PostgreSQL: `pg_try_advisory_xact_lock_shared` on the job's lock, in the caller's transaction
 * (released at its commit or rollback; a run starting meanwhile, on any instance or command
 * line, finds the job held and skips; called again in the same transaction, true again; from
 * another transaction meanwhile, true too: holds are shared, so two cases naming one member
 * written at once are both kept; only a run holds the lock exclusively).
 *
 * SQLite, the same across the processes sharing the database file: the job's lock file
 * (`withJobLock`'s, `SQLITE_JOB_LOCK`) is taken for the caller's transaction and removed once
 * that transaction ends, by a commit, a rollback or a failed commit (knex's transaction
 * settles); a run starting meanwhile — here or in another process (`npm run
 * members:retention`…) — finds it held and skips (`{ ran: false }`). Called again in the same
 * transaction, true again; from another transaction meanwhile, false. A process that dies
 * with the transaction open leaves the file, taken over once stale (20 s); a hold whose file
 * is compromised (this process's event loop blocked past the stale delay and the lock taken
 * over) logs an error naming the job — the transaction goes on, no longer holding it. An
 * in-memory database holds the job within this process only.
 * @returns true when the job is kept from starting, false when a run of it holds it now
 * @throws what taking the lock file throws but « held by another process » (a directory not writable…)
 */
export async function holdJobForTransaction(
  strapi: {
    db: { transaction(run: (context: { trx: any }) => Promise<any>): Promise<any>; dialect: { client: string }; connection: any };
    log: { error(message: string): void };
  },
  job: string
): Promise<boolean> {
  if (strapi.db.dialect.client !== 'postgres') return holdJobFileForTransaction(strapi, job);
  // Shared: writes holding the job keep it from starting (its run takes the lock exclusively,
  // `withJobLock`) without keeping each other out — two cases naming one member at once.
  const { rows } = await withTransaction(strapi, (trx) => trx.raw('SELECT pg_try_advisory_xact_lock_shared(hashtext(?)) AS held', [jobKey(job)]));
  return Boolean(rows[0]?.held);
}

/**
 * `holdJobForTransaction` on SQLite: takes the job's lock file (`jobLockFile`; none for an
 * in-memory database) for the transaction in progress (or one of its own) and removes it when
 * knex's transaction settles (`executionPromise`: committed, rolled back, or its commit failed).
 * @throws what taking the lock throws but « held by another process »
 */
async function holdJobFileForTransaction(
  strapi: { db: { transaction(run: (context: { trx: any }) => Promise<any>): Promise<any>; connection: any }; log: { error(message: string): void } },
  job: string
): Promise<boolean> {
  await transactionHoldEnded(job);
  return withTransaction(strapi, async (trx) => {
    const held = transactionHolds.get(job);
    if (held) return held.open && held.trx === trx;
    if (runningJobs.has(job)) return false;
    const file = jobLockFile(strapi, job);
    let release = async () => undefined as void;
    if (file) {
      try {
        release = await lockJobFile(file, (error) => {
          strapi.log.error(
            `Job ${job}: the lock file holding it for a transaction was compromised (${error.message}); another process may start it before that transaction ends.`
          );
        });
      } catch (error: any) {
        if (error?.code === 'ELOCKED') return false;
        throw error;
      }
    }
    // The lock file decides between this and a run or a hold that began here meanwhile (it met ELOCKED).
    let ended!: () => void;
    const hold = { trx, open: true, ended: new Promise<void>((resolve) => (ended = resolve)) };
    transactionHolds.set(job, hold);
    const end = () => {
      hold.open = false;
      // A compromised lock is no longer ours to remove (proper-lockfile refuses: ERELEASED).
      void release()
        .catch(() => undefined)
        .then(() => {
          if (transactionHolds.get(job) === hold) transactionHolds.delete(job);
          ended();
        });
    };
    Promise.resolve(trx.executionPromise).then(end, end);
    return true;
  });
}

/**
 * TCP keepalive of a job lock's session, on this side (`withJobLock`): the session sits idle
 * while the job works, so without probes a network that dies silently (no reset, no close) is
 * never noticed until the run ends. The first probe after `initialDelayMillis` of silence; Node
 * (libuv ≥ 1.35) then probes every second, ten times: a dead session is noticed about 20 s after
 * its last packet, and the job's signal aborts.
 */
export const JOB_LOCK_KEEPALIVE = { initialDelayMillis: 10_000 } as const;

/**
 * TCP keepalive the job lock's session asks of the PostgreSQL server for itself
 * (`tcp_keepalives_*`, ignored on a Unix socket): a client gone silent has its session ended,
 * and its lock released for another instance, about 2 minutes after its last packet (60 s, then
 * 6 probes 10 s apart), not after the system's default two hours; later than the client side
 * notices (`JOB_LOCK_KEEPALIVE`), so that a run has stopped before another may start.
 */
export const SERVER_KEEPALIVE = { idleSeconds: 60, intervalSeconds: 10, count: 6 } as const;

/**
 * The lock file of a job on SQLite (`withJobLock`, `holdJobForTransaction`): a directory that
 * proper-lockfile creates beside the database file, whose modification time its holder renews
 * every `updateMillis` from its event loop; a lock not renewed for `staleMillis` (its process
 * was killed, or its machine stopped) is taken over by the next run. A holder whose event loop
 * is blocked past `staleMillis` may have its lock taken over meanwhile: both then run until
 * the holder's next renewal (within `updateMillis` once its loop resumes) finds the lock no
 * longer its own — its signal aborts (a transaction's hold is only logged). Nobody took it:
 * the holder keeps it. Fixed, not configurable: every process sharing the file must judge
 * staleness alike.
 */
export const SQLITE_JOB_LOCK = { staleMillis: 20_000, updateMillis: 5_000 } as const;

/**
 * The path a job's lock file is named after on SQLite: `<database file>.job-<job>` (the lock is
 * that path plus `.lock`), or null when the database has no file (`:memory:`, no filename) — the
 * job is then held within this process only.
 */
function jobLockFile(strapi: { db: { connection: any } }, job: string): string | null {
  const filename: unknown = strapi.db.connection?.client?.connectionSettings?.filename;
  if (typeof filename !== 'string' || filename === '' || filename === ':memory:' || filename.startsWith('file::memory:')) return null;
  return `${filename}.job-${encodeURIComponent(job)}`;
}

/**
 * Opens a job lock's own session outside the pool, with the pool's connection settings (a
 * `pg` client: knex's `driver.Client`) and TCP keepalive on (`JOB_LOCK_KEEPALIVE`).
 * @param client knex's client (`strapi.db.connection.client`)
 * @throws what connecting throws
 */
async function openLockSession(client: { driver: { Client: new (settings: object) => any }; connectionSettings: object }): Promise<any> {
  const connection = new client.driver.Client({ ...client.connectionSettings, keepAlive: true, keepAliveInitialDelayMillis: JOB_LOCK_KEEPALIVE.initialDelayMillis });
  // An error before the listeners `withJobLock` adds (a reset while connecting) must not be unhandled.
  connection.on('error', () => undefined);
  await connection.connect();
  return connection;
}

/**
 * Runs a scheduled job (or a command that does the same work) once at a time across every
 * instance sharing the database: on PostgreSQL it holds a session advisory lock named
 * `intranet:job:<job>` on a connection of its own, opened for the run outside Strapi's pool with
 * the pool's settings and closed after it (`openLockSession`, as knex's query cancellation opens
 * one): the job's
 * own queries use the pool, which lock holders never starve — ten members' erasures at once
 * (each `member-erasure:<id>`), or the retention job and one erasure with a pool of two, used
 * to hold every pooled connection and wait on each other until the pool's timeout. Closing
 * the session releases the lock whatever happened to it (no lock can stay on a connection
 * the pool hands to someone else). An instance that finds the lock held skips this run — the
 * holder does the work, the next tick finds what is left.
 * Within one process a run still going is not overlapped either.
 *
 * On SQLite the job is held the same way across the processes sharing the database file (the
 * server and a command line: `npm run search:reindex`, `members:retention`…) by a lock file
 * beside it, `<database file>.job-<job>.lock` (proper-lockfile, `SQLITE_JOB_LOCK`): a run that
 * finds it held by a live process skips (`{ ran: false }`); a lock left by a process that died
 * without releasing it (killed, crashed) is taken over once not renewed for
 * `SQLITE_JOB_LOCK.staleMillis`; one a process releases as it exits (normally or on
 * SIGTERM/SIGINT) at once. If the lock is compromised (its file removed or taken over by another
 * process — this process's event loop blocked past the stale delay — or not renewable), an error
 * naming the job is logged and `signal` aborts, as on PostgreSQL. An in-memory database
 * (`:memory:`) has no file: the job is held within this process only.
 *
 * The lock lives as long as its session. That session turns `idle_session_timeout` off for
 * itself (PostgreSQL 14 and later; an operator's value for the database or the role would
 * otherwise end it while the job runs — it sits idle all along); it never opens a
 * transaction, so `idle_in_transaction_session_timeout` cannot end it. If the session ends
 * all the same (`pg_terminate_backend`, a server restart, the network), the lock is gone and
 * another instance may start the job: an error naming the job is logged and `signal` (given
 * to `run`) is aborted. A network that dies silently is noticed by TCP keepalive on both
 * sides (`JOB_LOCK_KEEPALIVE`: here after about 20 s; `SERVER_KEEPALIVE`: the server ends the
 * session, releasing the lock, after about 2 minutes). **A job that works in several steps (batches, members, types) checks
 * `signal.aborted` before each step and stops there when it is set**, leaving the rest to the
 * next run (whatever it committed stays; each step must therefore be whole on its own). A job
 * of one step may ignore it.
 * @param run the job, given the lock's `AbortSignal`
 * @returns `{ ran: true, value }`, or `{ ran: false }` when another run holds the job
 * @throws what `run` throws (the lock is released first)
 */
export async function withJobLock<T>(
  strapi: { db: { connection: any; dialect: { client: string } }; log: { error(message: string): void } },
  job: string,
  run: (signal: AbortSignal) => Promise<T>
): Promise<{ ran: true; value: T } | { ran: false }> {
  await transactionHoldEnded(job);
  if (runningJobs.has(job) || transactionHolds.has(job)) return { ran: false };
  runningJobs.add(job);
  try {
    const lock = new AbortController();
    if (strapi.db.dialect.client !== 'postgres') return await withJobLockFile(strapi, job, lock, run);
    const connection = await openLockSession(strapi.db.connection.client);
    let released = false;
    try {
      const { rows } = await connection.query(
        "SELECT pg_try_advisory_lock(hashtext($1)) AS held, current_setting('server_version_num')::int AS version",
        [jobKey(job)]
      );
      if (!rows[0]?.held) return { ran: false };
      if (rows[0].version >= 140000) await connection.query('SET idle_session_timeout = 0');
      // The server's side: a session whose client went silent is ended (and its lock released)
      // after SERVER_KEEPALIVE, not after the system's two hours — later than this side notices.
      await connection.query(
        `SET tcp_keepalives_idle = ${SERVER_KEEPALIVE.idleSeconds}; SET tcp_keepalives_interval = ${SERVER_KEEPALIVE.intervalSeconds}; SET tcp_keepalives_count = ${SERVER_KEEPALIVE.count}`
      );
      const lost = (error?: Error) => {
        if (released || lock.signal.aborted) return;
        const reason = `the database session holding its lock ended (${error?.message ?? 'connection closed'})`;
        strapi.log.error(`Job ${job}: ${reason}; another instance may start it, this run stops at its next step.`);
        lock.abort(new Error(`Job ${job} lost its lock: ${reason}.`));
      };
      connection.on('error', lost);
      connection.on('end', () => lost());
      return { ran: true, value: await run(lock.signal) };
    } finally {
      released = true;
      // Ending the session releases its advisory locks (an unlock query could fail and leave one).
      await connection.end().catch(() => undefined);
    }
  } finally {
    runningJobs.delete(job);
  }
}

/**
 * Takes a job's lock file (proper-lockfile, `SQLITE_JOB_LOCK`'s stale and renewal delays)
 * without waiting. `onCompromised`: the lock was lost (renewal failed, or taken over as stale).
 * @returns its release
 * @throws an error with code `ELOCKED` while another holds it, or what the file system throws
 */
function lockJobFile(file: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  return lockfile.lock(file, { realpath: false, retries: 0, stale: SQLITE_JOB_LOCK.staleMillis, update: SQLITE_JOB_LOCK.updateMillis, onCompromised });
}

/**
 * `withJobLock` on SQLite: runs `run` holding the job's lock file (`jobLockFile`), or in this
 * process only when the database has no file.
 * @throws what `run` throws (the lock is released first); what taking the lock throws but
 *   « held by another process » (a directory not writable…)
 */
async function withJobLockFile<T>(
  strapi: { db: { connection: any }; log: { error(message: string): void } },
  job: string,
  lock: AbortController,
  run: (signal: AbortSignal) => Promise<T>
): Promise<{ ran: true; value: T } | { ran: false }> {
  const file = jobLockFile(strapi, job);
  if (!file) return { ran: true, value: await run(lock.signal) };
  let release: () => Promise<void>;
  try {
    release = await lockJobFile(file, (error) => {
      if (lock.signal.aborted) return;
      const reason = `its lock file was compromised (${error.message})`;
      strapi.log.error(`Job ${job}: ${reason}; another process may start it, this run stops at its next step.`);
      lock.abort(new Error(`Job ${job} lost its lock: ${reason}.`));
    });
  } catch (error: any) {
    if (error?.code === 'ELOCKED') return { ran: false };
    throw error;
  }
  try {
    return { ran: true, value: await run(lock.signal) };
  } finally {
    // A compromised lock is no longer ours to remove (proper-lockfile refuses: ERELEASED).
    await release().catch(() => undefined);
  }
}

const statementNames = new Map<string, string>();

/**
 * The name of a PostgreSQL prepared statement for a statement's text: `prefix_` and a hash of
 * the text, so one name is always one text (the pg driver refuses a name reused for another
 * text on the same connection), within PostgreSQL's 63 characters. Pass it as knex's query
 * option (`knex.raw(sql, bindings).options({ name })`): each pooled connection then parses and
 * plans the statement once instead of at every run (issue 13). Names are kept per text.
 */
export function statementName(prefix: string, sql: string): string {
  const key = `${prefix}\u0000${sql}`;
  let name = statementNames.get(key);
  if (!name) {
    name = `${prefix}_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(key, name);
  }
  return name;
}
