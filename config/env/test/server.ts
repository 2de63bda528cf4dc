export default {
  logger: { startup: { enabled: false } },
};
