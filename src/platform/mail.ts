import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';

/**
 * Email leaves through Strapi's email plugin and `@strapi/provider-email-nodemailer`, in every
 * environment; only nodemailer's transport changes:
 * - `SMTP_HOST` set: SMTP (`SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER`, `SMTP_PASSWORD`);
 * - `MAIL_DISABLED=true`: nothing is sent (a warning is logged for each message);
 * - development without SMTP: each message is written as an `.eml` file under `.tmp/mail/`
 *   and its links are printed, so invitations and resets work on a fresh clone;
 * - production without SMTP (and without MAIL_DISABLED): the server refuses to start.
 */

type Env = ((name: string, fallback?: string) => string) & {
  int(name: string, fallback?: number): number;
  bool(name: string, fallback?: boolean): boolean;
};

type Log = (line: string) => void;

/** Strapi's logger once it exists (the transport is called long after the configuration is read). */
const strapiLog = (level: 'info' | 'warn'): Log => (line) => {
  const log = (globalThis as unknown as { strapi?: { log?: Record<string, Log> } }).strapi?.log;
  if (log?.[level]) log[level](line);
  else console.log(line);
};

/** The addresses (http and https links) of a plain-text message, for the console. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

interface MailLike {
  data: { subject?: string; text?: string | Buffer; envelope?: { from: string; to: string[] } };
  message: { getEnvelope(): { from: string; to: string[] }; messageId(): string; build(done: (error: Error | null, raw: Uint8Array) => void): void };
}
type Done = (error: Error | null, info?: unknown) => void;

/**
 * A nodemailer transport (https://nodemailer.com/plugins/create/#transports) that writes each
 * message, as it would leave, to `<directory>/<time>-<n>-<recipient>.eml` and logs its links.
 */
export function emlFileTransport(directory: string, log: Log = strapiLog('info')) {
  let count = 0;
  return {
    name: 'eml-file',
    version: '1.0.0',
    send(mail: MailLike, done: Done) {
      const envelope = mail.data.envelope ?? mail.message.getEnvelope();
      const messageId = mail.message.messageId();
      mail.message.build((error, raw) => {
        if (error) return done(error);
        try {
          mkdirSync(directory, { recursive: true });
          const recipient = (envelope.to[0] ?? 'inconnu').replace(/[^A-Za-z0-9@._-]/g, '_');
          const stamp = new Date().toISOString().replace(/[:.]/g, '-');
          const file = path.join(directory, `${stamp}-${String(++count).padStart(4, '0')}-${recipient}.eml`);
          writeFileSync(file, raw);
          const links = linksIn(String(mail.data.text ?? ''));
          log(`Email "${mail.data.subject ?? ''}" to ${envelope.to.join(', ')} written to ${path.relative(process.cwd(), file)}${links.length ? `; link: ${links.join(' ')}` : ''}`);
          done(null, { envelope, messageId, path: file });
        } catch (caught) {
          done(caught as Error);
        }
      });
    },
  };
}

/** A nodemailer transport that sends nothing (`MAIL_DISABLED=true`) and says so. */
export function discardTransport(log: Log = strapiLog('warn')) {
  return {
    name: 'discard',
    version: '1.0.0',
    send(mail: MailLike, done: Done) {
      const envelope = mail.data.envelope ?? mail.message.getEnvelope();
      log(`Email "${mail.data.subject ?? ''}" to ${envelope.to.join(', ')} not sent: MAIL_DISABLED=true.`);
      done(null, { envelope, messageId: mail.message.messageId() });
    },
  };
}

/** The email plugin's configuration (`plugins.email.config`) from the environment. */
export function mailConfig(env: Env, appRoot: string) {
  const production = env('NODE_ENV', 'development') === 'production';
  const host = env('SMTP_HOST', '').trim();
  const disabled = env.bool('MAIL_DISABLED', false);
  const from = env('MAIL_FROM', '').trim();
  const replyTo = env('MAIL_REPLY_TO', '').trim();
  if (production && host && !from) {
    throw new Error('MAIL_FROM is not set: the address members receive the intranet\'s email from (e.g. "Intranet <intranet@example.org>").');
  }
  let providerOptions: Record<string, unknown>;
  if (host) {
    const secure = env.bool('SMTP_SECURE', false);
    const user = env('SMTP_USER', '');
    providerOptions = {
      host,
      port: env.int('SMTP_PORT', secure ? 465 : 587),
      secure,
      ...(user ? { auth: { user, pass: env('SMTP_PASSWORD', '') } } : {}),
      // Reuse connections (nodemailer's pool, one per concurrent send of the outbox).
      ...(env.bool('SMTP_POOL', false) ? { pool: true, maxConnections: env.int('MAIL_CONCURRENCY', 4) } : {}),
    };
  } else if (disabled) {
    providerOptions = discardTransport();
  } else if (production) {
    throw new Error(
      'No SMTP server configured: set SMTP_HOST (with SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD and MAIL_FROM), ' +
        'or MAIL_DISABLED=true to start without sending any email (no invitation, no password reset).'
    );
  } else {
    providerOptions = emlFileTransport(path.join(appRoot, '.tmp', 'mail'));
  }
  return {
    provider: 'nodemailer',
    providerOptions,
    settings: {
      defaultFrom: from || 'Intranet militant <ne-pas-repondre@localhost>',
      ...(replyTo ? { defaultReplyTo: replyTo } : {}),
    },
  };
}
