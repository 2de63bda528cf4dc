/**
 * Pages of the member portal that emails link to (src/portal/pages/password.tsx), and the
 * address members reach the intranet at.
 */
export const PORTAL_PAGES = {
  /** « Mot de passe oublié »: users-permissions appends `?code=…`. */
  resetPassword: '/reinitialiser-mot-de-passe',
  /** « Activer mon compte »: an invitation's `?code=…` (notifications). */
  activate: '/activer',
} as const;

/**
 * PUBLIC_URL (`server.url`), no trailing slash; when it is unset, `whenUnset` (e.g. the
 * address a request reached us at), else this server on localhost (development).
 */
export function portalUrl(strapi: { config: { get(path: string, fallback?: unknown): unknown } }, whenUnset?: string): string {
  const configured = String(strapi.config.get('server.url') ?? '').replace(/\/+$/, '');
  if (/^https?:\/\//.test(configured)) return configured;
  return whenUnset ?? `http://localhost:${strapi.config.get('server.port', 1337)}`;
}
