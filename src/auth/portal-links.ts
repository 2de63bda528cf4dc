import type { Core } from '@strapi/strapi';

/** The portal's page where an emailed reset code chooses a new password (src/portal/pages/password.tsx). */
export const RESET_PAGE = '/reinitialiser-mot-de-passe';

/** The address members reach the intranet at: PUBLIC_URL, or this server in development. */
export function portalUrl(strapi: Core.Strapi): string {
  const configured = String(strapi.config.get('server.url') ?? '').replace(/\/+$/, '');
  if (/^https?:\/\//.test(configured)) return configured;
  return `http://localhost:${strapi.config.get('server.port', 1337)}`;
}

/**
 * users-permissions' « mot de passe oublié » email links to the portal's reset page (it
 * appends `?code=…`), not to a page of its own. Written at boot when it differs.
 */
export async function pointResetEmailsToPortal(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  const wanted = `${portalUrl(strapi)}${RESET_PAGE}`;
  if (advanced.email_reset_password !== wanted) await store.set({ key: 'advanced', value: { ...advanced, email_reset_password: wanted } });
}
