// Boots the app on the database the parent chose, adds a slow route (`/__slow?ms=N`, test
// only) and listens on a free port, printing `LISTENING <port>`. The parent then sends
// SIGTERM and watches the graceful shutdown (src/platform/shutdown.ts).
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '..', '..');

(async () => {
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
  strapi.server.app.use(async (ctx, next) => {
    if (ctx.path !== '/__slow') return next();
    await new Promise((resolve) => setTimeout(resolve, Number(ctx.query.ms) || 1000));
    ctx.body = { slow: true };
  });
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`LISTENING ${strapi.server.httpServer.address().port}\n`);
})().catch((error) => {
  process.stderr.write(`SHUTDOWN-CHILD-ERROR ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
