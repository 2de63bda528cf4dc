import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  canonicalJson,
  describeBreak,
  findBreak,
  GENESIS_HASH,
  hashEntry,
  keyIdOf,
  REDACT_ACTION,
  redactedDigest,
  type AuditEntry,
  type AuditEntryInput,
  type AuditKeys,
  type ChainBreak,
  type ChainContext,
  type RedactionVouch,
} from '../domain/chain';
import { identityNeedles, redactEntry, type RedactionIdentity } from '../domain/redaction';
import { AUDIT_TABLE, HEAD_TABLE } from '../storage';
import { SYSTEM_ACTOR, truncateText } from '@intranet-militant/shared';

const VERIFY_BATCH = 1000;
/** Entries one redaction entry vouches for at most (its details stay a few tens of KB). */
const REDACT_BATCH = 500;

interface Row {
  seq: number;
  occurred_at: string;
  actor_kind: AuditEntry['actorKind'];
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  federation_id: number | null;
  details: string;
  prev_hash: string;
  hash: string;
  key_id: string | null;
  redacted_by?: number | null;
}

const fromRow = (row: Row): AuditEntry => ({
  seq: Number(row.seq),
  occurredAt: row.occurred_at,
  actorKind: row.actor_kind,
  actorId: row.actor_id == null ? null : Number(row.actor_id),
  actorLabel: row.actor_label,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  federationId: row.federation_id == null ? null : Number(row.federation_id),
  details: row.details,
  prevHash: row.prev_hash,
  keyId: row.key_id ?? null,
  hash: row.hash,
  redactedBy: row.redacted_by == null ? null : Number(row.redacted_by),
});

/**
 * The key ring, from the environment only (never the database): `AUDIT_HMAC_KEY` signs
 * new entries; `AUDIT_HMAC_PREVIOUS_KEYS` (comma-separated) still verify older ones after
 * a rotation. Each entry records the id of its key (`keyIdOf`).
 */
export function auditKeys(env: NodeJS.ProcessEnv = process.env): {
  current: { id: string; key: string } | null;
  keys: AuditKeys;
} {
  const current = env.AUDIT_HMAC_KEY?.trim() || null;
  const previous = (env.AUDIT_HMAC_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const keys: AuditKeys = new Map();
  for (const key of [...(current ? [current] : []), ...previous]) keys.set(keyIdOf(key), key);
  return {
    current: current ? { id: keyIdOf(current), key: current } : null,
    keys,
  };
}

/** The last anchor: the head (entry number and hash) exported outside the database. */
export interface Anchor {
  seq: number;
  hash: string;
  anchoredAt: string;
}

export interface VerifyResult {
  valid: boolean;
  checked: number;
  head: { seq: number; hash: string };
  firstBreak: ChainBreak | null;
  /** What happened, in French (null when intact). */
  message: string | null;
  /** The anchor checked against (the one written now when intact), and its file (the whole path; the API gives its name only: `withoutServerPaths`). */
  anchor: (Anchor & { file: string }) | null;
}

/**
 * A verification as the API answers it: the anchor's file by its name only (« audit-anchor.json »),
 * never the server's path (where the deployment keeps it is the operators' business; the command
 * line `npm run audit:verify` prints the whole path). Pure.
 */
export function withoutServerPaths(result: VerifyResult): VerifyResult {
  return result.anchor ? { ...result, anchor: { ...result.anchor, file: path.basename(result.anchor.file) } } : result;
}

export interface AuditQuery {
  federationId?: number | null;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  page: number;
  pageSize: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** `AUDIT_ANCHOR_FILE`, default `.tmp/audit-anchor.json` (relative to the app's root). */
  const anchorFile = () => path.resolve(strapi.dirs?.app?.root ?? process.cwd(), process.env.AUDIT_ANCHOR_FILE || '.tmp/audit-anchor.json');

  function readAnchor(): Anchor | null {
    let text: string;
    try {
      text = readFileSync(anchorFile(), 'utf8');
    } catch {
      return null; // never anchored yet
    }
    const anchor = JSON.parse(text) as Anchor;
    if (!Number.isInteger(anchor.seq) || typeof anchor.hash !== 'string') throw new Error(`audit: unreadable anchor file ${anchorFile()}`);
    return anchor;
  }

  /**
   * Writes the anchor file atomically (`write-file-atomic`: a temporary file of this writer's
   * own, then a rename): instances anchoring at the same minute into one shared file each
   * write whole, and the file read is always one of their anchors — never a mix, never an error.
   */
  function writeAnchor(head: { seq: number; hash: string }): Anchor {
    const anchor: Anchor = {
      seq: head.seq,
      hash: head.hash,
      anchoredAt: new Date().toISOString(),
    };
    const file = anchorFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic.sync(file, `${JSON.stringify(anchor, null, 2)}\n`);
    return anchor;
  }

  const service = {
    /**
     * Appends one entry, inside the caller's transaction when there is one, so that the
     * entry exists exactly when the change it records does. Appends are serialised by a
     * row lock on the head, which keeps the chain linear under concurrent commands.
     */
    async record(input: AuditEntryInput): Promise<AuditEntry> {
      return strapi.db.transaction(async ({ trx }) => {
        let headQuery = trx(HEAD_TABLE).where({ id: 1 });
        if (strapi.db.dialect.client === 'postgres') headQuery = headQuery.forUpdate();
        const head = await headQuery.first();
        const draft: Omit<AuditEntry, 'hash' | 'keyId'> = {
          seq: Number(head.seq) + 1,
          occurredAt: new Date().toISOString(),
          actorKind: input.actor.kind,
          actorId: input.actor.id,
          actorLabel: truncateText(input.actor.label, 255),
          action: input.action,
          subjectType: input.subject.type,
          subjectId: input.subject.id == null ? null : String(input.subject.id),
          federationId: input.federationId,
          details: canonicalJson(input.details ?? {}),
          prevHash: head.hash,
        };
        const { current } = auditKeys();
        const signed = { ...draft, keyId: current?.id ?? null };
        const entry: AuditEntry = {
          ...signed,
          hash: hashEntry(signed, current?.key),
        };
        await trx(AUDIT_TABLE).insert({
          seq: entry.seq,
          occurred_at: entry.occurredAt,
          actor_kind: entry.actorKind,
          actor_id: entry.actorId,
          actor_label: entry.actorLabel,
          action: entry.action,
          subject_type: entry.subjectType,
          subject_id: entry.subjectId,
          federation_id: entry.federationId,
          details: entry.details,
          prev_hash: entry.prevHash,
          hash: entry.hash,
          key_id: entry.keyId,
        });
        await trx(HEAD_TABLE).where({ id: 1 }).update({ seq: entry.seq, hash: entry.hash });
        return entry;
      });
    },

    /**
     * Blanks every trace of an erased member in the log (issue 22; GDPR art. 17) without
     * breaking its proof: in the entries their account wrote or whose subject is their
     * profile, and in any entry whose label or details name them (address, number, full
     * name), the label becomes « ancien adhérent (effacé) » and each naming text of the
     * details « [effacé] » (`redactEntry`). Per 500 blanked entries, one signed redaction
     * entry (`plugin::audit.entry.redact`, actor the system) records each one's number,
     * hash and the digest of what it reads now, and the rows point to it (`redacted_by`):
     * verification checks the link through the kept hash and the contents against that
     * vouch. Inside the caller's transaction when there is one; idempotent (a second call
     * finds nothing left to blank). Returns how many entries concern the member (their
     * profile as subject, or written by their account: kept) and how many were blanked.
     */
    async redact(identity: RedactionIdentity, federationId: number | null): Promise<{ kept: number; redacted: number }> {
      return strapi.db.transaction(async ({ trx }) => {
        const [about] = await trx(AUDIT_TABLE)
          .where((q: Knex.QueryBuilder) => {
            q.where('subject_id', identity.memberDocumentId);
            if (identity.userId != null) q.orWhere((by: Knex.QueryBuilder) => by.where({ actor_kind: 'user', actor_id: identity.userId }));
          })
          .count({ n: '*' });
        const patterns = new Set<string>();
        for (const needle of identityNeedles(identity).related) {
          // SQLite's LIKE folds ASCII only and PostgreSQL's not at all: the needle as typed, lower and upper.
          const typed = [identity.email, identity.membershipNumber, identity.lastName, `${identity.firstName} ${identity.lastName}`, `${identity.lastName} ${identity.firstName}`]
            .filter((t): t is string => !!t)
            .find((t) => t.toLocaleLowerCase('fr') === needle);
          for (const form of [needle, needle.toLocaleUpperCase('fr'), typed].filter((f): f is string => !!f)) patterns.add(`%${form}%`);
        }
        const rows: Row[] = await trx(AUDIT_TABLE)
          .where((q: Knex.QueryBuilder) => {
            q.where('subject_id', identity.memberDocumentId);
            if (identity.userId != null) q.orWhere((by: Knex.QueryBuilder) => by.where({ actor_kind: 'user', actor_id: identity.userId }));
            for (const pattern of patterns) q.orWhere('actor_label', 'like', pattern).orWhere('details', 'like', pattern);
          })
          .andWhereNot('action', REDACT_ACTION)
          .orderBy('seq', 'asc');
        const blanked: { entry: AuditEntry; actorLabel: string; details: string }[] = [];
        for (const entry of rows.map(fromRow)) {
          const redacted = redactEntry(entry, identity);
          if (redacted) blanked.push({ entry, ...redacted });
        }
        for (let i = 0; i < blanked.length; i += REDACT_BATCH) {
          const batch = blanked.slice(i, i + REDACT_BATCH);
          const entries: RedactionVouch[] = batch.map(({ entry, actorLabel, details }) => ({
            seq: entry.seq,
            hash: entry.hash,
            digest: redactedDigest({ seq: entry.seq, actorLabel, details }),
          }));
          const vouch = await service.record({
            actor: SYSTEM_ACTOR,
            action: REDACT_ACTION,
            subject: { type: 'plugin::audit.entry', id: null },
            federationId,
            details: { reason: 'erasure', count: entries.length, entries },
          });
          for (const { entry, actorLabel, details } of batch) {
            await trx(AUDIT_TABLE).where({ seq: entry.seq }).update({ actor_label: actorLabel, details, redacted_by: vouch.seq });
          }
        }
        return { kept: Number(about.n), redacted: blanked.length };
      });
    },

    /**
     * Walks the whole chain and checks it against the head row and the last anchor: any
     * changed, removed, reordered, forged or unsigned entry, a deleted tail or a rewritten
     * log is reported (`firstBreak`, `message` in French). When intact, the head is
     * anchored again (written to `AUDIT_ANCHOR_FILE`). Never throws for a broken chain.
     */
    async verify(): Promise<VerifyResult> {
      const knex: Knex = strapi.db.connection;
      const headRow = await knex(HEAD_TABLE).where({ id: 1 }).first();
      const head = {
        seq: Number(headRow?.seq ?? 0),
        hash: headRow?.hash ?? GENESIS_HASH,
      };
      const anchor = readAnchor();
      const file = anchorFile();
      const context: ChainContext = {
        keys: auditKeys().keys,
        signedSeen: false,
        anchoredSeq: anchor?.seq ?? null,
        redactions: new Map(),
      };
      // The redaction entries' vouches (each entry is itself checked when the walk reaches it).
      const redactionRows: { seq: number; details: string }[] = await knex(AUDIT_TABLE).where({ action: REDACT_ACTION }).select('seq', 'details').orderBy('seq', 'asc');
      for (const row of redactionRows) {
        let vouches: RedactionVouch[] = [];
        try {
          vouches = (JSON.parse(row.details) as { entries?: RedactionVouch[] }).entries ?? [];
        } catch {
          vouches = []; // a changed redaction entry: its signature check says so
        }
        for (const v of vouches) context.redactions!.set(Number(v.seq), { ...v, by: Number(row.seq) });
      }
      const broken = (checked: number, found: ChainBreak): VerifyResult => ({
        valid: false,
        checked,
        head,
        firstBreak: found,
        message: describeBreak(found),
        anchor: anchor && { ...anchor, file },
      });
      let previous: { seq: number; hash: string } | null = null;
      let anchoredHash: string | null = anchor?.seq === 0 ? GENESIS_HASH : null;
      let checked = 0;
      for (;;) {
        const rows: Row[] = await knex(AUDIT_TABLE)
          .where('seq', '>', previous?.seq ?? 0)
          .orderBy('seq', 'asc')
          .limit(VERIFY_BATCH);
        if (rows.length === 0) break;
        const entries = rows.map(fromRow);
        const found = findBreak(entries, previous, context);
        if (found) return broken(checked + entries.findIndex((e) => e.seq >= found.seq), found);
        checked += entries.length;
        const atAnchor = anchor && entries.find((e) => e.seq === anchor.seq);
        if (atAnchor) anchoredHash = atAnchor.hash;
        const last = entries[entries.length - 1];
        previous = { seq: last.seq, hash: last.hash };
      }
      const lastSeq = previous?.seq ?? 0;
      const lastHash = previous?.hash ?? GENESIS_HASH;
      if (lastSeq > head.seq)
        return broken(checked, {
          seq: head.seq + 1,
          problem: 'added-after-head',
        });
      if (lastSeq < head.seq)
        return broken(checked, {
          seq: lastSeq + 1,
          problem: 'removed-at-end',
          expected: head.seq,
        });
      if (lastHash !== head.hash) return broken(checked, { seq: lastSeq, problem: 'head-mismatch' });
      if (anchor && lastSeq < anchor.seq)
        return broken(checked, {
          seq: lastSeq + 1,
          problem: 'removed-at-end',
          expected: anchor.seq,
        });
      if (anchor && anchoredHash !== anchor.hash) return broken(checked, { seq: anchor.seq, problem: 'rewritten' });
      const written = writeAnchor({ seq: lastSeq, hash: lastHash });
      return {
        valid: true,
        checked,
        head,
        firstBreak: null,
        message: null,
        anchor: { ...written, file },
      };
    },

    /**
     * One page of entries, newest first, and their total. `federationId` undefined: every
     * federation (the caller has decided the reader's scope: see queries/list-entries.ts).
     */
    async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
      const knex: Knex = strapi.db.connection;
      const base = knex(AUDIT_TABLE).modify((q) => {
        if (query.federationId !== undefined) q.where('federation_id', query.federationId);
        if (query.action) q.where('action', query.action);
        if (query.subjectType) q.where('subject_type', query.subjectType);
        if (query.subjectId) q.where('subject_id', query.subjectId);
      });
      const [{ count }] = await base.clone().count({ count: '*' });
      const rows: Row[] = await base
        .clone()
        .orderBy('seq', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      return { entries: rows.map(fromRow), total: Number(count) };
    },
  };
  return service;
};
