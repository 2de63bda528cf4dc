// The secrets the intranet needs, and how to make fresh ones (development .env, tests, benchmarks).
'use strict';
const { randomBytes } = require('node:crypto');

const key = () => randomBytes(32).toString('base64');

const SECRETS = {
  APP_KEYS: () => [key(), key(), key(), key()].join(','),
  API_TOKEN_SALT: key,
  ADMIN_JWT_SECRET: key,
  TRANSFER_TOKEN_SALT: key,
  JWT_SECRET: key,
  ENCRYPTION_KEY: key,
  // The audit chain's HMAC key: never in the database (see the README, « Audit log »).
  AUDIT_HMAC_KEY: key,
};

/** A readable password for the demo accounts. */
function demoPassword() {
  const part = () => randomBytes(4).toString('hex');
  return `Demo-${part()}-${part()}!`;
}

function freshSecrets() {
  return Object.fromEntries(Object.entries(SECRETS).map(([name, make]) => [name, make()]));
}

module.exports = { SECRETS, demoPassword, freshSecrets };
