import { createHash } from 'crypto';
import type { AuditActor } from '@intranet-militant/shared';

export type { AuditActor, AuditEntryInput } from '@intranet-militant/shared';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  actorKind: AuditActor['kind'];
  actorId: number | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  federationId: number | null;
  /** Canonical JSON text, hashed as stored. */
  details: string;
  prevHash: string;
  hash: string;
}

/** JSON with sorted keys, so that the same details always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v
  );
}

export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const payload = canonicalJson([
    entry.seq,
    entry.occurredAt,
    entry.actorKind,
    entry.actorId,
    entry.actorLabel,
    entry.action,
    entry.subjectType,
    entry.subjectId,
    entry.federationId,
    entry.details,
    entry.prevHash,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

export type ChainBreak =
  | { seq: number; problem: 'altered' }
  | { seq: number; problem: 'broken-link' }
  | { seq: number; problem: 'missing' }
  | { seq: number; problem: 'head-mismatch' };

/**
 * Checks a run of consecutive entries. `previous` is the last verified entry before the
 * run (null at the start of the log). Returns the first break, or null.
 */
export function findBreak(entries: AuditEntry[], previous: { seq: number; hash: string } | null): ChainBreak | null {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let expectedPrev = previous?.hash ?? GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: expectedSeq, problem: 'missing' };
    if (entry.prevHash !== expectedPrev) return { seq: entry.seq, problem: 'broken-link' };
    if (hashEntry(entry) !== entry.hash) return { seq: entry.seq, problem: 'altered' };
    expectedSeq += 1;
    expectedPrev = entry.hash;
  }
  return null;
}
