// N instances of the app behind node's own balancer (the cluster module): the primary accepts
// connections on one port and hands each to a worker in turn (round-robin); each worker is a
// whole instance (tests/support/instance-child.cjs) with its own database pool and caches.
// Used by `npm run bench:requests`. Env: CLUSTER_WORKERS (default 1), INSTANCE_PORT (required).
// Prints `CLUSTER READY <port>` once every worker listens.
const cluster = require('node:cluster');
const path = require('node:path');

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  const count = Math.max(1, Number(process.env.CLUSTER_WORKERS || 1));
  // CLUSTER_EXEC_ARGV: node flags of the workers (e.g. `--cpu-prof --cpu-prof-dir=…`), space-separated.
  const execArgv = (process.env.CLUSTER_EXEC_ARGV || '').split(' ').filter(Boolean);
  cluster.setupPrimary({ exec: path.join(__dirname, '..', 'tests', 'support', 'instance-child.cjs'), execArgv, silent: false });
  let listening = 0;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) process.stdout.write(`CLUSTER READY ${process.env.INSTANCE_PORT}\n`);
  });
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      process.stderr.write(`worker ${worker.process.pid} exited (${code})\n`);
      process.exit(1);
    }
  });
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => process.exit(0), 20_000);
    timer.unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
    });
  });
}
