// One more instance of the app (issue 13: several instances against one database): boots on the
// database the parent chose (its environment), listens on a free port and prints
// `LISTENING <port>`. SIGTERM runs the graceful shutdown (src/platform/shutdown.ts).
// Test-only routes: `GET /__queries` answers how many SQL statements it ran so far, `GET /__cache`
// the request cache's hits, misses, invalidations and size;
// `GET /__slow?ms=N` answers after N ms (a request in flight during a graceful shutdown).
// With INSTANCE_PROFILE_DIR (the benchmark's `--cpu-prof`): `GET /__profile?start` starts V8's
// CPU profiler, `GET /__profile?stop=<name>` stops it and writes `<dir>/<name>.<pid>.cpuprofile`,
// so that a profile covers a measured run only, not the boot.
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');
const { requestCache } = require('@intranet-militant/shared');

const root = path.resolve(__dirname, '..', '..');

/** V8's profiler in this process, through the inspector protocol. */
function profiler(dir) {
  const inspector = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  return {
    start: async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    stop: async (name) => {
      const { profile } = await post('Profiler.stop');
      writeFileSync(path.join(dir, `${String(name).replace(/[^\w-]/g, '_')}.${process.pid}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

(async () => {
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
  let queries = 0;
  const profile = process.env.INSTANCE_PROFILE_DIR ? profiler(process.env.INSTANCE_PROFILE_DIR) : null;
  strapi.db.connection.on('query', () => (queries += 1));
  strapi.server.app.use(async (ctx, next) => {
    if (ctx.path === '/__queries') ctx.body = { queries };
    else if (ctx.path === '/__cache') ctx.body = { ...requestCache(strapi).stats, size: requestCache(strapi).size };
    else if (ctx.path === '/__profile' && profile) {
      if (ctx.query.stop) await profile.stop(ctx.query.stop);
      else await profile.start();
      ctx.body = { profiling: !ctx.query.stop };
    }
    else if (ctx.path === '/__slow') {
      await new Promise((resolve) => setTimeout(resolve, Number(ctx.query.ms) || 1000));
      ctx.body = { slow: true };
    } else return next();
  });
  strapi.server.mount();
  // INSTANCE_PORT: a fixed port (the benchmark's cluster workers share it); else a free one.
  await new Promise((resolve) => strapi.server.httpServer.listen(Number(process.env.INSTANCE_PORT || 0), '127.0.0.1', resolve));
  process.stdout.write(`LISTENING ${strapi.server.httpServer.address().port}\n`);
})().catch((error) => {
  process.stderr.write(`INSTANCE-CHILD-ERROR ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
