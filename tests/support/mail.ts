import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (`smtp-server`), which the run's Strapi sends its
 * email to (SMTP_HOST/SMTP_PORT are set before it boots: tests/support/strapi.ts). Every
 * message is parsed with `mailparser` and kept in `mailbox`; `waitForMail` waits for one.
 */
export interface ReceivedMail {
  /** SMTP envelope recipients. */
  to: string[];
  from: string;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
}

export const mailbox: ReceivedMail[] = [];

/**
 * How the sink answers, for tests of failures: `outage` refuses every message for now
 * (421, a temporary failure, as a server going down does); addresses in `refuse` are
 * refused for good (550, a permanent failure: unknown mailbox).
 */
export const sinkControl = { outage: false, refuse: new Set<string>() };

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}
const waiters = new Set<() => void>();

let started: Promise<number> | null = null;

/** Starts the server once per run; resolves to its port. */
export function startMailSink(): Promise<number> {
  started ??= new Promise<number>((resolve, reject) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        callback(sinkControl.outage ? smtpError('Service temporairement indisponible', 421) : undefined);
      },
      onRcptTo(address, _session, callback) {
        if (sinkControl.outage) return callback(smtpError('Service temporairement indisponible', 421));
        if (sinkControl.refuse.has(address.address.toLowerCase())) return callback(smtpError('Boîte inconnue', 550));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks))
            .then((parsed) => {
              mailbox.push({
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                parsed,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
              });
              for (const wake of waiters) wake();
              callback();
            })
            .catch(callback);
        });
      },
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo;
      // Never keep the test process alive for it.
      server.server.unref();
      resolve(port);
    });
  });
  return started;
}

/** Messages received so far for that address. */
export function mailTo(address: string): ReceivedMail[] {
  return mailbox.filter((m) => m.to.includes(address.toLowerCase()));
}

/** Waits (up to `timeoutMs`) for a message for `address` matching `match`, received after `since` messages. */
export async function waitForMail(address: string, options: { match?: (mail: ReceivedMail) => boolean; since?: number; timeoutMs?: number } = {}): Promise<ReceivedMail> {
  const { match = () => true, since = 0, timeoutMs = 10_000 } = options;
  const find = () => mailTo(address).slice(since).find(match);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`No email for ${address} within ${timeoutMs} ms (received: ${mailbox.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'none'})`);
    await new Promise<void>((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(left, 200));
      waiters.add(wake);
    });
  }
}

/** The first link in a message's text that starts with `prefix` (e.g. the portal's page). */
export function linkIn(mail: ReceivedMail, path: string): URL {
  const found = (mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((l) => new URL(l)).find((u) => u.pathname === path);
  if (!found) throw new Error(`No link to ${path} in: ${mail.text}`);
  return found;
}
