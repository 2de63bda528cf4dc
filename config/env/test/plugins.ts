/** Tests log in many times from one address; the rate-limit test turns it back on. */
export default {
  'users-permissions': { config: { ratelimit: { enabled: false } } },
};
