// Another process holding a job lock (`withJobLock`, plugins/shared/src/transaction.ts, built)
// on the run's SQLite file — as a command line beside the server does: a real knex connection to
// `DATABASE_FILENAME`, the job named by the first argument. Prints `HELD` once the job runs under
// the lock (or `RESULT {"ran":false}`, `SKIPPED` and exits when another process holds it), then waits: a line `release`
// on stdin ends the job (`RESULT {"ran":true,…}`), SIGKILL leaves the lock file behind. A lost
// lock prints `ABORTED <reason>`.
const path = require('node:path');
const knex = require('knex');
const { withJobLock } = require('@intranet-militant/shared');

const root = path.resolve(__dirname, '..', '..');
const job = process.argv[2];
const filename = path.resolve(root, process.env.DATABASE_FILENAME ?? '.tmp/data.db');
const connection = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
const strapi = { db: { connection, dialect: { client: 'sqlite' } }, log: { error: (message) => console.error(message) } };

(async () => {
  const result = await withJobLock(strapi, job, async (signal) => {
    await connection.raw('SELECT 1'); // the database the server has open
    console.log('HELD');
    signal.addEventListener('abort', () => console.log(`ABORTED ${signal.reason?.message}`));
    await new Promise((resolve) => {
      let input = '';
      process.stdin.on('data', (chunk) => {
        input += chunk;
        if (input.includes('release')) resolve();
      });
    });
    return 'done';
  });
  console.log(`RESULT ${JSON.stringify(result)}`);
  if (!result.ran) console.log('SKIPPED');
  await connection.destroy();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
