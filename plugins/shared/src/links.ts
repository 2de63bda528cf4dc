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

/** PUBLIC_URL (`server.url`), or this server on localhost in development; no trailing slash. */
export function portalUrl(strapi: { config: { get(path: string, fallback?: unknown): unknown } }): string {
  const configured = String(strapi.config.get('server.url') ?? '').replace(/\/+$/, '');
  if (/^https?:\/\//.test(configured)) return configured;
  return `http://localhost:${strapi.config.get('server.port', 1337)}`;
}
