import { createHash, createHmac } from 'crypto';
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
  /** Which HMAC key signed the entry (null: an entry from before the chain was keyed). */
  keyId: string | null;
  hash: string;
  /**
   * The redaction entry that blanked this entry's personal fields (label, details), or null.
   * Its `hash` is then the original's, vouched for by that later, signed entry.
   */
  redactedBy?: number | null;
}

/** The action of a redaction entry: the signed record of the entries an erasure blanked. */
export const REDACT_ACTION = 'plugin::audit.entry.redact';

/** What a redaction entry records for each entry it blanks (its details: `{ entries: [...] }`). */
export interface RedactionVouch {
  /** The blanked entry. */
  seq: number;
  /** Its hash as written (unchanged: the chain still links through it). */
  hash: string;
  /** `redactedDigest` of its blanked label and details: what they must read from now on. */
  digest: string;
}

/** The digest of an entry's redactable fields as they read after blanking (SHA-256, hex). */
export function redactedDigest(entry: Pick<AuditEntry, 'seq' | 'actorLabel' | 'details'>): string {
  return createHash('sha256').update(canonicalJson(['audit-redaction', entry.seq, entry.actorLabel, entry.details])).digest('hex');
}

/** The key ring: key id → secret. The first key signs new entries; older ones still verify. */
export type AuditKeys = Map<string, string>;

/** A key's public id: a digest of it, which reveals nothing of the key and names it for rotation. */
export function keyIdOf(key: string): string {
  return createHash('sha256').update(`audit-key-id:${key}`).digest('hex').slice(0, 16);
}

/** JSON with sorted keys, so that the same details always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v
  );
}

/**
 * The entry's hash: an HMAC-SHA256 under its key when it has one (key id in the signed
 * text), a plain SHA-256 for entries from before the chain was keyed.
 */
export function hashEntry(entry: Omit<AuditEntry, 'hash' | 'keyId'> & { keyId?: string | null }, key?: string | null): string {
  const fields: unknown[] = [
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
  ];
  if (entry.keyId) {
    if (!key) throw new Error(`audit: no key for key id ${entry.keyId}`);
    return createHmac('sha256', key).update(canonicalJson([...fields, entry.keyId])).digest('hex');
  }
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export type ChainBreak =
  /** Signature wrong on an entry the last anchor covers: changed. */
  | { seq: number; problem: 'altered' }
  /** Signature wrong on an entry after the last anchor: added by someone without the key. */
  | { seq: number; problem: 'forged' }
  /** No signature after signed entries: written (or rewritten) without the key. */
  | { seq: number; problem: 'unsigned' }
  /** Signed with a key the server does not hold. */
  | { seq: number; problem: 'unknown-key'; keyId: string }
  | { seq: number; problem: 'broken-link' }
  | { seq: number; problem: 'missing' }
  /** Entries past the head row: appended without going through the log. */
  | { seq: number; problem: 'added-after-head' }
  /** Fewer entries than the head row or the last anchor records: the newest were deleted. */
  | { seq: number; problem: 'removed-at-end'; expected: number }
  /** The head row's hash is not the last entry's. */
  | { seq: number; problem: 'head-mismatch' }
  /** The entry the last anchor recorded has another hash: the log was rewritten. */
  | { seq: number; problem: 'rewritten' }
  /** Marked blanked, but no later signed redaction entry vouches for it as it reads now. */
  | { seq: number; problem: 'bad-redaction' };

/** Where verification of a run starts and what it knows. */
export interface ChainContext {
  keys?: AuditKeys;
  /** Has a signed entry been seen before this run (unsigned entries then are forgeries)? */
  signedSeen?: boolean;
  /** The last anchor's entry number: a wrong signature after it is a forged addition. */
  anchoredSeq?: number | null;
  /**
   * Blanked entry number → the latest redaction entry naming it (its number and vouch), read
   * from the redaction entries before the walk; each of those is itself checked when reached.
   */
  redactions?: Map<number, RedactionVouch & { by: number }>;
}

/**
 * Checks a run of consecutive entries. `previous` is the last verified entry before the
 * run (null at the start of the log). Returns the first break, or null; updates
 * `context.signedSeen`.
 */
export function findBreak(entries: AuditEntry[], previous: { seq: number; hash: string } | null, context: ChainContext = {}): ChainBreak | null {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let expectedPrev = previous?.hash ?? GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: expectedSeq, problem: 'missing' };
    if (entry.prevHash !== expectedPrev) return { seq: entry.seq, problem: 'broken-link' };
    if (entry.redactedBy != null) {
      // Blanked by an erasure: its own hash can no longer be recomputed; a later signed
      // redaction entry vouches for that hash and for what the blanked fields read now.
      const vouch = context.redactions?.get(entry.seq);
      if (!vouch || vouch.by !== entry.redactedBy || vouch.by <= entry.seq || vouch.hash !== entry.hash || vouch.digest !== redactedDigest(entry)) {
        return { seq: entry.seq, problem: 'bad-redaction' };
      }
      if (entry.keyId) {
        if (!context.keys?.get(entry.keyId)) return { seq: entry.seq, problem: 'unknown-key', keyId: entry.keyId };
        context.signedSeen = true;
      } else if (context.signedSeen) return { seq: entry.seq, problem: 'unsigned' };
    } else if (entry.keyId) {
      const key = context.keys?.get(entry.keyId);
      if (!key) return { seq: entry.seq, problem: 'unknown-key', keyId: entry.keyId };
      if (hashEntry(entry, key) !== entry.hash) {
        const afterAnchor = context.anchoredSeq != null && entry.seq > context.anchoredSeq;
        return { seq: entry.seq, problem: afterAnchor ? 'forged' : 'altered' };
      }
      context.signedSeen = true;
    } else {
      if (context.signedSeen) return { seq: entry.seq, problem: 'unsigned' };
      if (hashEntry(entry) !== entry.hash) return { seq: entry.seq, problem: 'altered' };
    }
    expectedSeq += 1;
    expectedPrev = entry.hash;
  }
  return null;
}

/** What verification says, in French, for the command line and the API. */
export function describeBreak(found: ChainBreak): string {
  const n = `entrée n° ${found.seq}`;
  switch (found.problem) {
    case 'altered':
      return `${n} modifiée (sa signature ne correspond plus à son contenu)`;
    case 'forged':
      return `${n} forgée : signature invalide sur une entrée postérieure au dernier ancrage (ajoutée ou modifiée sans la clé)`;
    case 'unsigned':
      return `${n} non signée après des entrées signées : écrite ou réécrite sans la clé`;
    case 'unknown-key':
      return `${n} signée d’une clé inconnue (identifiant ${found.keyId}) : clé retirée, ou entrée forgée`;
    case 'broken-link':
      return `${n} dont le chaînage est rompu (l’entrée précédente a été changée ou remplacée)`;
    case 'missing':
      return `${n} manquante (supprimée)`;
    case 'added-after-head':
      return `${n} ajoutée après la tête de chaîne, sans passer par le journal`;
    case 'removed-at-end':
      return `entrées supprimées en fin de journal : il en reste ${found.seq - 1}, ${found.expected} étaient enregistrées`;
    case 'head-mismatch':
      return `tête de chaîne réécrite : elle ne désigne pas l’entrée n° ${found.seq}`;
    case 'rewritten':
      return `journal réécrit : l’${n}, enregistrée lors du dernier ancrage, a changé`;
    case 'bad-redaction':
      return `${n} marquée comme effacée sans entrée d’effacement signée qui l’atteste telle qu’elle se lit (modifiée ou effacée hors du journal)`;
  }
}
