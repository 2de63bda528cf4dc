export default {
  logger: { startup: { enabled: false } },
  // Strapi's destroy() does not stop cron; tests drive the clock themselves.
  cron: { enabled: false },
};
