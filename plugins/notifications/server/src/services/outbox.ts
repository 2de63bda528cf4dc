import type { Core } from '@strapi/strapi';
import { randomBytes, randomUUID } from 'crypto';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { effectiveStatus, getService, portalUrl, todayInParis, type NotificationKind } from '@intranet-militant/shared';
import type { MemberContact } from '@intranet-militant/membership';
import { notificationLetter } from '../mail/letters';
import { EMAIL_ONLY_KINDS, INVITATION_KIND, PASSWORD_RESET_KIND } from '../kinds/account';

/** Sent before everything else due: someone is waiting for the link (see `claim`). */
const URGENT_KINDS = [INVITATION_KIND, PASSWORD_RESET_KIND];
import { openSecret, sealSecret } from '../secrets';
import { BOUNCES, MESSAGES, PREFERENCES, type MessageRow } from '../storage';
import { addressOf } from './mailer';

/** A claimed row is this worker's for this long; past it (a crash), another worker takes it again. */
export const LEASE_MS = 2 * 60 * 1000;
/** Transient failures are retried this many times (about a day with the backoff), then given up. */
export const MAX_ATTEMPTS = 15;
const MAX_BACKOFF_MS = 60 * 60 * 1000;
const INSERT_CHUNK = 500;

/** 2 s, 4 s, 8 s… up to an hour, jittered so that instances do not retry in step. */
export function backoff(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** An SMTP refusal for good (5xx): the address is marked bouncing, the message is not retried. */
export function isPermanent(error: unknown): boolean {
  const code = Number((error as { responseCode?: number })?.responseCode);
  return code >= 500 && code < 600;
}

/** Who a message goes to, when not (only) a member: an account's address. */
export interface AccountRecipient {
  userId: number;
  email: string;
  memberId?: number | null;
  federationId?: number | null;
}

export interface Enqueue {
  /** Unique per event (with the recipient: the message's identity). */
  key: string;
  data?: Record<string, unknown>;
  /** Values the template needs but the database must not keep readable (a code): sealed, erased once sent. */
  secret?: Record<string, string>;
  memberIds?: number[];
  account?: AccountRecipient;
}

export interface DrainReport {
  claimed: number;
  sent: number;
  skipped: number;
  failed: number;
  retried: number;
}

export interface OutboxConfig {
  batchSize: number;
  concurrency: number;
  ratePerSecond: number;
}

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The durable outbox of notifications (one row per event and recipient, which is also the
 * member's inbox entry). `enqueue` writes in the caller's transaction; `drain` claims due rows
 * (a lease, taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL), sends each through the mailer
 * at the configured rate, and marks it as soon as it left. Exactly one message per event and
 * recipient: the unique key refuses a second row, a claimed row is nobody else's until its
 * lease ends, and a row is marked sent by the worker holding its claim. A crash between the
 * SMTP server's acceptance and the mark (a few milliseconds) is the only window in which a
 * message can leave twice; its Message-ID (`<notification-<id>@…>`) is then the same.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): OutboxConfig => strapi.plugin('notifications').config('outbox') as OutboxConfig;
  let queue: { limiter: RateLimiterQueue; rate: number } | null = null;
  const limiter = () => {
    const rate = config().ratePerSecond;
    if (!queue || queue.rate !== rate) {
      queue = { rate, limiter: new RateLimiterQueue(new RateLimiterMemory({ points: rate, duration: 1 }), { maxQueueSize: 100_000 }) };
    }
    return queue.limiter;
  };
  const kinds = () => getService(strapi, 'notifications', 'kinds');
  const host = () => {
    try {
      return new URL(portalUrl(strapi)).hostname || 'intranet.local';
    } catch {
      return 'intranet.local';
    }
  };

  const self = {
    /**
     * Enqueues a kind's occurrence for its recipients, inside the caller's transaction (or
     * its own). A recipient already holding that event gets nothing more. The member's
     * preference decides the channel (mandatory kinds are always emailed).
     * @returns how many messages were added
     */
    async enqueue(kind: NotificationKind, occurrence: Enqueue): Promise<number> {
      const now = Date.now();
      const data = occurrence.data ?? {};
      const rendered = kind.render({ ...data, ...(occurrence.secret ? Object.fromEntries(Object.keys(occurrence.secret).map((k) => [k, ''])) : {}) });
      const payload = JSON.stringify({ data, ...(occurrence.secret ? { secret: sealSecret(occurrence.secret) } : {}) });
      const inInbox = !EMAIL_ONLY_KINDS.has(kind.id);
      const base = {
        event_key: occurrence.key,
        kind: kind.id,
        title: rendered.subject,
        link: inInbox ? (rendered.link?.path ?? null) : null,
        payload,
        in_inbox: inInbox,
        attempts: 0,
        available_at: now,
        created_at: now,
      };
      let added = 0;
      await strapi.db.transaction(async ({ trx, onCommit }) => {
        if (occurrence.account) {
          const a = occurrence.account;
          const inserted = await trx(MESSAGES)
            .insert({ ...base, recipient_key: `u:${a.userId}`, user_id: a.userId, member_id: a.memberId ?? null, federation_id: a.federationId ?? null, email: a.email, email_status: 'pending' })
            .onConflict(['event_key', 'recipient_key'])
            .ignore()
            .returning('id');
          added += inserted.length;
        }
        const memberIds = [...new Set(occurrence.memberIds ?? [])];
        for (const ids of chunks(memberIds, INSERT_CHUNK)) {
          const modes = new Map<number, string>();
          if (!kind.mandatory) {
            const prefs: { member_id: number; mode: string }[] = await trx(PREFERENCES).where({ kind: kind.id }).whereIn('member_id', ids).select('member_id', 'mode');
            for (const p of prefs) modes.set(Number(p.member_id), p.mode);
          }
          const rows = ids.map((id) => {
            const mode = kind.mandatory ? 'email' : (modes.get(id) ?? kind.defaultMode ?? 'email');
            return { ...base, recipient_key: `m:${id}`, member_id: id, email_status: mode === 'email' ? 'pending' : mode === 'digest' ? 'digest' : 'none' };
          });
          const inserted = await trx(MESSAGES).insert(rows).onConflict(['event_key', 'recipient_key']).ignore().returning('id');
          added += inserted.length;
        }
        if (added) onCommit(() => getService(strapi, 'notifications', 'worker').soon());
      });
      return added;
    },

    /**
     * Claims up to `limit` due rows for `token` (a lease of LEASE_MS): the account emails
     * someone is waiting for (invitations, password resets: `URGENT_KINDS`) first, then the
     * rest in order. On PostgreSQL rows another worker is claiming are skipped
     * (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
     */
    async claim(token: string, options: { now?: number; limit?: number } = {}): Promise<MessageRow[]> {
      const now = options.now ?? Date.now();
      const limit = options.limit ?? config().batchSize;
      return strapi.db.transaction(async ({ trx }) => {
        const due = (n: number, urgent: boolean, skip: number[] = []) => {
          let q = trx(MESSAGES)
            .where('email_status', 'pending')
            .andWhere('available_at', '<=', now)
            .andWhere((w: any) => w.whereNull('lease_until').orWhere('lease_until', '<', now));
          q = urgent ? q.whereIn('kind', URGENT_KINDS) : skip.length ? q.whereNotIn('id', skip) : q;
          q = q.orderBy('id').limit(n).select('id');
          return strapi.db.dialect.client === 'postgres' ? q.forUpdate().skipLocked() : q;
        };
        // A member waiting for their invitation or reset link goes before a phase opening for 40,000.
        const urgent = (await due(limit, true)).map((r: { id: number | string }) => Number(r.id));
        const rest = urgent.length < limit ? (await due(limit - urgent.length, false, urgent)).map((r: { id: number | string }) => Number(r.id)) : [];
        const ids = [...urgent, ...rest];
        if (ids.length === 0) return [];
        await trx(MESSAGES).whereIn('id', ids).update({ lease_until: now + LEASE_MS, claim_token: token });
        return trx(MESSAGES).whereIn('id', ids).andWhere('claim_token', token).orderBy('id').select('*');
      });
    },

    /**
     * Sends claimed rows (`concurrency` at a time, at the configured rate). Sent rows are
     * marked in small groups (whatever left since the last mark, at most every 25 ms): one
     * commit per group instead of one per message, which is what a database's durable commit
     * costs. The window in which a crash could send a message twice is that group's.
     */
    async deliver(rows: MessageRow[], token: string): Promise<DrainReport> {
      const report: DrainReport = { claimed: rows.length, sent: 0, skipped: 0, failed: 0, retried: 0 };
      if (rows.length === 0) return report;
      const memberIds = rows.map((r) => r.member_id).filter((id): id is number => id != null);
      const contacts = await getService(strapi, 'membership', 'directory').contactsByIds(memberIds.map(Number));
      const addresses = rows.map((r) => addressFor(r, contacts.get(Number(r.member_id))));
      const bounced = new Set<string>(
        (await strapi.db.connection(BOUNCES).whereIn('email', addresses.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase())).select('email')).map((b: { email: string }) => b.email)
      );
      const marks = sentMarks(strapi, token);
      let next = 0;
      const run = async () => {
        while (next < rows.length) {
          const index = next++;
          const outcome = await self.deliverOne(rows[index]!, token, contacts.get(Number(rows[index]!.member_id)), bounced, marks);
          report[outcome] += 1;
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, config().concurrency) }, run));
      } finally {
        await marks.flush();
      }
      return report;
    },

    /** One claimed row: skipped, sent, refused for good, or put back for later. */
    async deliverOne(
      row: MessageRow,
      token: string,
      contact: MemberContact | undefined,
      bounced: Set<string>,
      marks: SentMarks = sentMarks(strapi, token)
    ): Promise<'sent' | 'skipped' | 'failed' | 'retried'> {
      const mine = () => strapi.db.connection(MESSAGES).where({ id: row.id, claim_token: token });
      const refusal = whyNotSend(row, contact, bounced, kinds().all().find((k) => k.id === row.kind)?.reachesExcluded === true);
      if (refusal) {
        await mine().update({ email_status: 'skipped', last_error: refusal, lease_until: null, claim_token: null, payload: redacted(row.payload) });
        return 'skipped';
      }
      const email = addressFor(row, contact)!;
      let kind: NotificationKind;
      let stored: { data: Record<string, unknown>; secret?: string };
      try {
        kind = kinds().get(row.kind);
        stored = JSON.parse(row.payload);
      } catch (error) {
        // A kind no longer registered (its plugin removed), a payload unreadable: as a failed send.
        return self.putBack(row, token, String((error as Error)?.message ?? error).slice(0, 1000));
      }
      // What it announces may have changed since it was queued (a convocation withdrawn). A
      // check that fails (the database unavailable) sends nothing: retried as an SMTP failure
      // is, its error logged here, never stored (a driver's message may quote the query).
      if (kind.stillHolds && row.member_id != null) {
        let holds: boolean;
        try {
          holds = await kind.stillHolds(strapi, Number(row.member_id), stored.data);
        } catch (error) {
          strapi.log.warn(`Notification ${row.id} (${row.kind}): could not check that it still holds; retried later: ${String((error as Error)?.message ?? error)}`);
          return self.putBack(row, token, CHECK_FAILED);
        }
        if (!holds) {
          await mine().update({ email_status: 'skipped', last_error: OUTDATED, lease_until: null, claim_token: null, payload: redacted(row.payload) });
          return 'skipped';
        }
      }
      try {
        const rendered = kind.render({ ...stored.data, ...(stored.secret ? openSecret(stored.secret) : {}) });
        const recipient = { firstName: contact?.firstName ?? null, federation: contact?.federation ?? null };
        const unsubscribe = kind.mandatory || row.member_id == null ? null : getService(strapi, 'notifications', 'preferences').unsubscribeUrl(Number(row.member_id), kind.id);
        const letter = notificationLetter(recipient, rendered, portalUrl(strapi), { unsubscribeUrl: unsubscribe, preferencesPath: '/notifications/preferences' });
        await limiter().removeTokens(1);
        await getService(strapi, 'notifications', 'mailer').send(addressOf(email, contact ? `${contact.firstName} ${contact.lastName}` : null), letter, {
          messageId: `<notification-${row.id}@${host()}>`,
          ...(unsubscribe ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
          ...(rendered.attachments?.length ? { attachments: rendered.attachments } : {}),
        });
      } catch (error) {
        const message = String((error as Error)?.message ?? error).slice(0, 1000);
        if (isPermanent(error)) {
          await strapi.db.transaction(async ({ trx }) => {
            await trx(MESSAGES).where({ id: row.id, claim_token: token }).update({ email_status: 'failed', last_error: message, lease_until: null, claim_token: null, attempts: row.attempts + 1, payload: redacted(row.payload) });
            await trx(BOUNCES)
              .insert({ email: email.toLowerCase(), ref: randomBytes(12).toString('base64url'), member_id: row.member_id ?? contact?.id ?? null, federation_id: row.federation_id ?? contact?.federation?.id ?? null, code: Number((error as { responseCode?: number }).responseCode), reason: message, created_at: Date.now() })
              .onConflict('email')
              .ignore();
          });
          strapi.log.warn(`Notification ${row.id} refused for good by the SMTP server (${email} marked bouncing): ${message}`);
          return 'failed';
        }
        return self.putBack(row, token, message);
      }
      if (row.payload.includes('"secret"')) await mine().update({ payload: redacted(row.payload) });
      await marks.add(row.id);
      return 'sent';
    },

    /**
     * A claimed row whose send failed for now (`reason`, kept as its `last_error`): one attempt
     * more, due again after the backoff — or `failed` for good once `MAX_ATTEMPTS` are spent
     * (its secret then redacted). Only while the row is still `token`'s.
     */
    async putBack(row: MessageRow, token: string, reason: string): Promise<'failed' | 'retried'> {
      const attempts = row.attempts + 1;
      const givenUp = attempts >= MAX_ATTEMPTS;
      await strapi.db.connection(MESSAGES).where({ id: row.id, claim_token: token }).update({
        email_status: givenUp ? 'failed' : 'pending',
        attempts,
        available_at: Date.now() + backoff(attempts),
        last_error: reason,
        lease_until: null,
        claim_token: null,
        ...(givenUp ? { payload: redacted(row.payload) } : {}),
      });
      return givenUp ? 'failed' : 'retried';
    },

    /** Claims and sends one batch as worker `token`. */
    async drainBatch(options: { now?: number; limit?: number; token?: string } = {}): Promise<DrainReport> {
      const token = options.token ?? randomUUID();
      return self.deliver(await self.claim(token, options), token);
    },

    /** Sends everything due, batch after batch; stops at a batch where nothing left (an outage: retried later). */
    async drain(options: { now?: number; token?: string } = {}): Promise<DrainReport> {
      const total: DrainReport = { claimed: 0, sent: 0, skipped: 0, failed: 0, retried: 0 };
      for (;;) {
        const report = await self.drainBatch(options);
        for (const key of Object.keys(total) as (keyof DrainReport)[]) total[key] += report[key];
        if (report.claimed === 0 || report.retried === report.claimed) return total;
      }
    },

    /** Counts per email state (the backlog), for staff and benchmarks. */
    async status(): Promise<Record<string, number>> {
      const rows: { email_status: string; n: number | string }[] = await strapi.db.connection(MESSAGES).select('email_status').count({ n: '*' }).groupBy('email_status');
      return Object.fromEntries(rows.map((r) => [r.email_status, Number(r.n)]));
    },
  };

  return self;
};

export interface SentMarks {
  add(id: number): Promise<void>;
  flush(): Promise<void>;
}

/** Marks sent rows (held by `token`) in groups: at once when 25 ms have passed since the last mark, else with the next. */
function sentMarks(strapi: Core.Strapi, token: string): SentMarks {
  let pending: number[] = [];
  let last = Date.now();
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    const ids = pending;
    pending = [];
    last = Date.now();
    if (ids.length === 0) return chain;
    chain = chain.then(async () => {
      await strapi.db
        .connection(MESSAGES)
        .whereIn('id', ids)
        .andWhere('claim_token', token)
        .update({ email_status: 'sent', sent_at: Date.now(), lease_until: null, claim_token: null, last_error: null, attempts: strapi.db.connection.raw('attempts + 1') });
    });
    return chain;
  };
  return {
    // The sender goes on while a group is written (the marks are chained, in order; `flush` waits for all).
    add(id: number) {
      pending.push(id);
      if (Date.now() - last >= 25) void flush().catch(() => undefined);
      return Promise.resolve();
    },
    flush,
  };
}

/** The address a row goes to: the member's account's today, or the account's recorded one. */
function addressFor(row: MessageRow, contact: MemberContact | undefined): string | null {
  if (row.user_id != null && row.email) return row.email;
  return contact?.email ?? null;
}

/** Why a message whose kind says it no longer holds (`stillHolds`) was not sent. */
const OUTDATED = 'plus d’actualité';
/** Why a message whose kind could not say whether it still holds (`stillHolds` threw) waits. */
const CHECK_FAILED = 'vérification avant envoi impossible : nouvel essai plus tard';

/**
 * Why a row must not be emailed (excluded member, blocked account, bouncing address…), or
 * null. `reachesExcluded`: the kind is a formal notice an excluded member still receives.
 */
function whyNotSend(row: MessageRow, contact: MemberContact | undefined, bounced: Set<string>, reachesExcluded = false): string | null {
  if (row.member_id != null) {
    if (!contact) return 'adhérent introuvable';
    const status = effectiveStatus({ status: contact.membershipStatus, suspendedUntil: contact.suspendedUntil, leftOn: contact.leftOn }, todayInParis());
    if (status === 'excluded' && !reachesExcluded) return 'adhérent exclu';
    if (status === 'left') return 'adhérent parti';
    if (contact.blocked && !reachesExcluded) return 'compte bloqué';
  }
  const email = addressFor(row, contact);
  if (!email) return 'aucune adresse e-mail';
  if (bounced.has(email.toLowerCase())) return 'adresse en échec (refusée par le serveur de messagerie)';
  return null;
}

/** The payload without its secret (once the message left or was given up). */
function redacted(payload: string): string {
  try {
    const { data } = JSON.parse(payload) as { data: unknown };
    return JSON.stringify({ data });
  } catch {
    return JSON.stringify({ data: {} });
  }
}
