import type { Core } from '@strapi/strapi';
import { createHmac, timingSafeEqual } from 'crypto';
import { portalUrl } from '@intranet-militant/shared';

/**
 * One-click unsubscribe links (RFC 8058): `/api/notifications/unsubscribe?m=<member>&k=<kind>&t=<sig>`,
 * the signature an HMAC-SHA256 of member and kind under a key derived from APP_KEYS' first key
 * (any of them verifies, so keys can rotate). No expiry: an old email's link keeps working.
 */
function keys(strapi: Core.Strapi): string[] {
  const configured = strapi.config.get('server.app.keys') as string[] | string | undefined;
  const list = Array.isArray(configured) ? configured : String(configured ?? '').split(',');
  return list.map((k) => k.trim()).filter(Boolean);
}

export function signUnsubscribe(key: string, memberId: number, kind: string): string {
  return createHmac('sha256', `notifications-unsubscribe:${key}`).update(`${memberId}:${kind}`).digest('base64url');
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The one-click address that stops `kind` by email for that member. */
  unsubscribeUrl(memberId: number, kind: string): string {
    const signature = signUnsubscribe(keys(strapi)[0] ?? '', memberId, kind);
    return `${portalUrl(strapi)}/api/notifications/unsubscribe?m=${memberId}&k=${encodeURIComponent(kind)}&t=${signature}`;
  },

  /** Whether `signature` is a valid unsubscribe signature of member and kind (under any key). */
  verifyUnsubscribe(memberId: number, kind: string, signature: string): boolean {
    const given = new Uint8Array(Buffer.from(signature));
    return keys(strapi).some((key) => {
      const expected = new Uint8Array(Buffer.from(signUnsubscribe(key, memberId, kind)));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  },
});
