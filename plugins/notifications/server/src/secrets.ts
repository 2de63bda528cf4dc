import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'crypto';

/**
 * Secrets a message carries until it leaves (an invitation's code, a reset token) are kept
 * in the outbox encrypted (AES-256-GCM, key derived from ENCRYPTION_KEY, which never lives
 * in the database) and erased once the message is sent.
 */
function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`notifications-outbox:${secret}`).digest();
}

function encryptionKey(): string {
  const key = process.env.ENCRYPTION_KEY;
  if (!key) throw new Error('ENCRYPTION_KEY is not set: the notifications outbox cannot keep secrets.');
  return key;
}

export function sealSecret(values: Record<string, string>, secret = encryptionKey()): string {
  const iv = new Uint8Array(randomBytes(12));
  const cipher = createCipheriv('aes-256-gcm', new Uint8Array(keyOf(secret)), iv);
  const body = cipher.update(JSON.stringify(values), 'utf8', 'base64url') + cipher.final('base64url');
  return [Buffer.from(iv).toString('base64url'), cipher.getAuthTag().toString('base64url'), body].join('.');
}

/** @throws Error when the sealed value was altered or sealed under another key. */
export function openSecret(sealed: string, secret = encryptionKey()): Record<string, string> {
  const [iv, tag, body] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', new Uint8Array(keyOf(secret)), new Uint8Array(Buffer.from(iv!, 'base64url')));
  decipher.setAuthTag(new Uint8Array(Buffer.from(tag!, 'base64url')));
  return JSON.parse(decipher.update(body!, 'base64url', 'utf8') + decipher.final('utf8'));
}
