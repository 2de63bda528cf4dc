export default ({ env }: { env: any }) => [
  'global::request-log',
  'global::readiness',
  'global::request-caches',
  'global::french-errors',
  'strapi::errors',
  'strapi::security',
  'global::portal',
  // Strapi's upsell pages (Enterprise « purchase » settings), by address: redirected (src/middlewares/admin-upsells.ts).
  'global::admin-upsells',
  {
    name: 'strapi::cors',
    // Browsers may call the API from these origins only (the portal, the admin panel).
    config: { origin: env.array('CORS_ORIGINS', ['http://localhost:1337']), credentials: true },
  },
  'strapi::poweredBy',
  'strapi::query',
  'global::body-guard',
  'strapi::body',
  'global::body-check',
  'global::auth-limits',
  'strapi::session',
  { name: 'strapi::favicon', config: { path: 'public/favicon.png' } },
  'global::safe-uploads',
  'strapi::public',
];
