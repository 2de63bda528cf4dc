/**
 * The member portal's public page where anyone — an employer, another federation — checks a
 * certificate by its code, without an account (plugins/training/portal/verify.tsx). Every
 * printed or sent verification address points there, never to the raw JSON of
 * `GET /api/training/certificates/:code` that the page reads.
 */
export const CERTIFICATE_CHECK_PAGE = '/certificats';

/** `/certificats/K7Q2-M9XA-3FTD`: the check page of one certificate (a path of the portal). */
export function certificateCheckPath(code: string): string {
  return `${CERTIFICATE_CHECK_PAGE}/${encodeURIComponent(code)}`;
}
