export default {
  logger: { startup: { enabled: false } },
  // Strapi's destroy() does not stop cron; tests drive the clock themselves.
  cron: { enabled: false },
  // Tests sign in many times from one address; the rate-limit tests turn the budgets on.
  authLimits: { enabled: false, perAddress: 10, perAccount: 10 },
};
