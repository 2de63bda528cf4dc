import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  canonicalJson,
  findBreak,
  GENESIS_HASH,
  hashEntry,
  type AuditEntry,
  type AuditEntryInput,
  type ChainBreak,
} from '../domain/chain';
import { AUDIT_TABLE, HEAD_TABLE } from '../storage';
import { truncateText } from '@intranet-militant/shared';

const VERIFY_BATCH = 1000;

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
  hash: row.hash,
});

export interface VerifyResult {
  valid: boolean;
  checked: number;
  head: { seq: number; hash: string };
  firstBreak: ChainBreak | null;
}

export interface AuditQuery {
  federationId?: number | null;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  page: number;
  pageSize: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
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
      const draft: Omit<AuditEntry, 'hash'> = {
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
      const entry: AuditEntry = { ...draft, hash: hashEntry(draft) };
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
      });
      await trx(HEAD_TABLE).where({ id: 1 }).update({ seq: entry.seq, hash: entry.hash });
      return entry;
    });
  },

  /** Walks the whole chain: any changed, removed or reordered entry breaks it. */
  async verify(): Promise<VerifyResult> {
    const knex: Knex = strapi.db.connection;
    const headRow = await knex(HEAD_TABLE).where({ id: 1 }).first();
    const head = { seq: Number(headRow?.seq ?? 0), hash: headRow?.hash ?? GENESIS_HASH };
    let previous: { seq: number; hash: string } | null = null;
    let checked = 0;
    for (;;) {
      const rows: Row[] = await knex(AUDIT_TABLE)
        .where('seq', '>', previous?.seq ?? 0)
        .orderBy('seq', 'asc')
        .limit(VERIFY_BATCH);
      if (rows.length === 0) break;
      const entries = rows.map(fromRow);
      const found = findBreak(entries, previous);
      if (found) return { valid: false, checked: checked + entries.findIndex((e) => e.seq >= found.seq), head, firstBreak: found };
      checked += entries.length;
      const last = entries[entries.length - 1];
      previous = { seq: last.seq, hash: last.hash };
    }
    const lastSeq = previous?.seq ?? 0;
    const lastHash = previous?.hash ?? GENESIS_HASH;
    if (lastSeq !== head.seq || lastHash !== head.hash) {
      return { valid: false, checked, head, firstBreak: { seq: Math.min(lastSeq, head.seq) + 1, problem: 'head-mismatch' } };
    }
    return { valid: true, checked, head, firstBreak: null };
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
});
