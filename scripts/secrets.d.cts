// Types of secrets.cjs for the TypeScript that imports it (tests' global setup, benchmarks).

/** Each secret the intranet needs, with how to make a fresh value. */
export declare const SECRETS: Readonly<Record<
  'APP_KEYS' | 'API_TOKEN_SALT' | 'ADMIN_JWT_SECRET' | 'TRANSFER_TOKEN_SALT' | 'JWT_SECRET' | 'ENCRYPTION_KEY' | 'AUDIT_HMAC_KEY',
  () => string
>>;

/** A readable password for the demo accounts. */
export declare function demoPassword(): string;

/** A fresh value for every secret, by name. */
export declare function freshSecrets(): Record<keyof typeof SECRETS, string>;
