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

/**
 * A certificate code as people type it — lower case, spaces or no separator, a dash from a
 * word processor (« k7q2 m9xa–3ftd », « K7Q2M9XA3FTD ») — written as printed
 * (`K7Q2-M9XA-3FTD`). Anything that is not twelve letters and digits once the separators are
 * dropped comes back trimmed and upper-cased, for the check to refuse it.
 */
export function readCertificateCode(typed: string): string {
  const upper = typed.trim().toUpperCase();
  const bare = upper.replace(/[\s.\-\u2010-\u2015\u2212]/gu, '');
  return /^[A-Z0-9]{12}$/.test(bare) ? `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}` : upper;
}
