import { describe, expect, it } from 'vitest';
import { canonicalJson, findBreak, GENESIS_HASH, hashEntry, type AuditEntry } from '../server/src/domain/chain';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const draft = {
      seq,
      occurredAt: `2026-11-24T10:00:0${seq}.000Z`,
      actorKind: 'user' as const,
      actorId: 7,
      actorLabel: 'Sophie Bonnet <equipe@gard.example> (federation-staff)',
      action: 'plugin::membership.due.record',
      subjectType: 'plugin::membership.due',
      subjectId: `due${seq}`,
      federationId: 1,
      details: canonicalJson({ year: 2026, amountCents: 3000 + seq }),
      prevHash: entries[seq - 2]?.hash ?? GENESIS_HASH,
      // Unkeyed entries (from before the chain was keyed): plain SHA-256, no HMAC key needed.
      keyId: null,
    };
    entries.push({ ...draft, hash: hashEntry(draft) });
  }
  return entries;
}

describe('audit hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(findBreak(chain(5), null)).toBeNull();
  });

  it('detects a changed field', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], details: canonicalJson({ year: 2026, amountCents: 1 }) };
    expect(findBreak(entries, null)).toEqual({ seq: 3, problem: 'altered' });
  });

  it('detects a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries, null)).toEqual({ seq: 2, problem: 'missing' });
  });

  it('detects an entry rewritten with a recomputed hash (its successor no longer links)', () => {
    const entries = chain(5);
    const forged = { ...entries[2], actorLabel: 'quelqu’un d’autre' };
    entries[2] = { ...forged, hash: hashEntry(forged) };
    expect(findBreak(entries, null)).toEqual({ seq: 4, problem: 'broken-link' });
  });

  it('continues from a verified entry', () => {
    const entries = chain(6);
    expect(findBreak(entries.slice(3), { seq: 3, hash: entries[2].hash })).toBeNull();
    expect(findBreak(entries.slice(3), { seq: 3, hash: 'f'.repeat(64) })).toEqual({ seq: 4, problem: 'broken-link' });
  });

  it('hashes details independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});
