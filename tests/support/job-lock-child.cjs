// Another process holding a job lock (plugins/shared/src/transaction.ts, built) on the run's
// SQLite file — as a command line beside the server does: a real knex connection to
// `DATABASE_FILENAME`, the job named by the first argument.
// - By default it runs the job (`withJobLock`): prints `HELD` once the job runs under the lock
//   (or `RESULT {"ran":false}`, `SKIPPED` and exits when another process holds it), then waits:
//   a line `release` on stdin ends the job (`RESULT {"ran":true,…}`). A lost lock prints
//   `ABORTED <reason>`.
// - With a second argument `transaction` it holds the job for a transaction instead
//   (`holdJobForTransaction` in a knex transaction): prints `HELD` (or `SKIPPED` and exits when a
//   run or another transaction holds it), then waits for a line `commit` or `rollback` on stdin,
//   ends its transaction so, and prints `RESULT committed` or `RESULT rolled back`.
// SIGKILL leaves its lock file behind.
const path = require('node:path');
const knex = require('knex');
const { holdJobForTransaction, withJobLock } = require('@intranet-militant/shared');

const root = path.resolve(__dirname, '..', '..');
const job = process.argv[2];
const mode = process.argv[3] ?? 'run';
const filename = path.resolve(root, process.env.DATABASE_FILENAME ?? '.tmp/data.db');
const connection = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
const log = { error: (message) => console.error(message) };

/** Resolves with the first of `words` written on stdin. */
const nextWord = (words) =>
  new Promise((resolve) => {
    let input = '';
    process.stdin.on('data', (chunk) => {
      input += chunk;
      const word = words.find((w) => input.includes(w));
      if (word) resolve(word);
    });
  });

async function runJob() {
  const strapi = { db: { connection, dialect: { client: 'sqlite' } }, log };
  const result = await withJobLock(strapi, job, async (signal) => {
    await connection.raw('SELECT 1'); // the database the server has open
    console.log('HELD');
    signal.addEventListener('abort', () => console.log(`ABORTED ${signal.reason?.message}`));
    await nextWord(['release']);
    return 'done';
  });
  console.log(`RESULT ${JSON.stringify(result)}`);
  if (!result.ran) console.log('SKIPPED');
}

async function holdForTransaction() {
  const trx = await connection.transaction();
  // Strapi's `db.transaction` within a transaction in progress: the same transaction.
  const strapi = { db: { connection, dialect: { client: 'sqlite' }, transaction: (run) => run({ trx }) }, log };
  if (!(await holdJobForTransaction(strapi, job))) {
    await trx.rollback();
    console.log('SKIPPED');
    return;
  }
  console.log('HELD');
  if ((await nextWord(['commit', 'rollback'])) === 'commit') {
    await trx.commit();
    console.log('RESULT committed');
  } else {
    await trx.rollback();
    console.log('RESULT rolled back');
  }
}

(async () => {
  await (mode === 'transaction' ? holdForTransaction() : runJob());
  await connection.destroy();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
