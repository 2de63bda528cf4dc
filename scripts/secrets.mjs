// The secrets the intranet needs, and how to make fresh ones (development .env, test runs).
import { randomBytes } from 'node:crypto';

const key = () => randomBytes(32).toString('base64');

export const SECRETS = {
  APP_KEYS: () => [key(), key(), key(), key()].join(','),
  API_TOKEN_SALT: key,
  ADMIN_JWT_SECRET: key,
  TRANSFER_TOKEN_SALT: key,
  JWT_SECRET: key,
  ENCRYPTION_KEY: key,
};

/** A readable password for the demo accounts: three groups and a symbol. */
export function demoPassword() {
  const part = () => randomBytes(4).toString('hex');
  return `Demo-${part()}-${part()}!`;
}

export function freshSecrets() {
  return Object.fromEntries(Object.entries(SECRETS).map(([name, make]) => [name, make()]));
}
