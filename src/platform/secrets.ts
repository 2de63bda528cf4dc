/**
 * Secrets always come from the environment; no default value is ever baked in.
 * `npm run develop` generates a development `.env` once (scripts/ensure-env.mjs);
 * the test harness generates throwaway ones; production must provide them.
 */
type Env = (key: string, defaultValue?: string) => string | undefined;

export function requireSecret(env: Env, name: string): string {
  const value = env(name);
  if (!value) {
    throw new Error(
      `Missing secret ${name}. Set it in the environment (production), or run "npm run develop", which generates a development .env.`
    );
  }
  return value;
}

export function requireSecretList(env: Env & { array: (key: string) => string[] | undefined }, name: string): string[] {
  requireSecret(env, name);
  const values = (env.array(name) ?? []).filter(Boolean);
  if (values.length === 0) throw new Error(`Secret ${name} must hold at least one comma-separated value.`);
  return values;
}
