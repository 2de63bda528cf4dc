import { describe, expect, it } from 'vitest';
import { canonicalJson, findBreak, GENESIS_HASH, hashEntry, redactedDigest, REDACT_ACTION, type AuditEntry, type ChainContext } from '../server/src/domain/chain';
import { REDACTED_LABEL, REDACTED_TEXT, redactEntry, type RedactionIdentity } from '../server/src/domain/redaction';

/**
 * The audit log's chain-compatible redaction (issue 22, erasure): which texts are blanked,
 * and that verification accepts a blanked entry only when a later redaction entry vouches
 * for its hash and for what it reads now.
 */
const who: RedactionIdentity = { userId: 42, memberDocumentId: 'doc42', email: 'lea.morel@exemple.fr', membershipNumber: '30-00042', firstName: 'Léa', lastName: 'Morel' };

describe('redactEntry', () => {
  it('blanks the label of their own account and every detail naming them, keeps the rest', () => {
    const out = redactEntry(
      { actorKind: 'user', actorId: 42, actorLabel: 'Léa Morel <lea.morel@exemple.fr> (member)', subjectId: 'x', details: canonicalJson({ count: 3, email: 'LEA.MOREL@exemple.fr', list: ['30-00042', '30-00043'] }) },
      who
    );
    expect(out).toEqual({ actorLabel: REDACTED_LABEL, details: canonicalJson({ count: 3, email: REDACTED_TEXT, list: [REDACTED_TEXT, '30-00043'] }) });
  });

  it('blanks the last name alone only in entries about them', () => {
    const details = canonicalJson({ note: 'Mme MOREL a écrit' });
    expect(redactEntry({ actorKind: 'user', actorId: 7, actorLabel: 'Staff', subjectId: 'doc42', details }, who)?.details).toBe(canonicalJson({ note: REDACTED_TEXT }));
    expect(redactEntry({ actorKind: 'user', actorId: 7, actorLabel: 'Staff', subjectId: 'other', details }, who)).toBeNull();
    expect(redactEntry({ actorKind: 'user', actorId: 7, actorLabel: 'Staff', subjectId: 'other', details: canonicalJson({ n: 'Morel Léa' }) }, who)?.details).toBe(canonicalJson({ n: REDACTED_TEXT }));
  });

  it('returns null when nothing names them (idempotent on a blanked entry)', () => {
    expect(redactEntry({ actorKind: 'user', actorId: 42, actorLabel: REDACTED_LABEL, subjectId: 'doc42', details: canonicalJson({ reason: 'Démission' }) }, who)).toBeNull();
  });
});

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const draft = {
      seq, occurredAt: `2026-11-24T10:00:0${seq}.000Z`, actorKind: 'user' as const, actorId: 42, actorLabel: 'Léa Morel <lea.morel@exemple.fr> (member)',
      action: 'plugin::membership.member.update', subjectType: 'plugin::membership.member', subjectId: 'doc42', federationId: 1,
      details: canonicalJson({ number: '30-00042' }), prevHash: entries[seq - 2]?.hash ?? GENESIS_HASH, keyId: 'k1',
    };
    entries.push({ ...draft, hash: hashEntry(draft, 'secret') });
  }
  return entries;
}

/** Blanks entry `seq` and appends the redaction entry vouching for it. */
function redact(entries: AuditEntry[], seq: number): { entries: AuditEntry[]; context: ChainContext } {
  const out = entries.map((e) => ({ ...e }));
  const target = out[seq - 1];
  const blanked = redactEntry(target, who)!;
  const last = out[out.length - 1];
  const vouch = { seq, hash: target.hash, digest: redactedDigest({ seq, ...blanked }) };
  const draft = {
    seq: last.seq + 1, occurredAt: '2026-11-25T10:00:00.000Z', actorKind: 'system' as const, actorId: null, actorLabel: 'système', action: REDACT_ACTION,
    subjectType: 'plugin::audit.entry', subjectId: null, federationId: 1, details: canonicalJson({ count: 1, entries: [vouch], reason: 'erasure' }), prevHash: last.hash, keyId: 'k1',
  };
  out.push({ ...draft, hash: hashEntry(draft, 'secret') });
  Object.assign(target, blanked, { redactedBy: draft.seq });
  return { entries: out, context: { keys: new Map([['k1', 'secret']]), redactions: new Map([[seq, { ...vouch, by: draft.seq }]]) } };
}

describe('verification of a redacted chain', () => {
  it('accepts an entry blanked and vouched for by a later redaction entry', () => {
    const { entries, context } = redact(chain(4), 2);
    expect(entries[1].actorLabel).toBe(REDACTED_LABEL);
    expect(findBreak(entries, null, context)).toBeNull();
  });

  it('refuses a blanked entry changed afterwards, one blanked without a vouch, or pointing elsewhere', () => {
    let { entries, context } = redact(chain(4), 2);
    entries[1] = { ...entries[1], details: canonicalJson({ number: 'autre' }) };
    expect(findBreak(entries, null, context)).toEqual({ seq: 2, problem: 'bad-redaction' });

    ({ entries, context } = redact(chain(4), 2));
    entries[2] = { ...entries[2], ...redactEntry(entries[2], who)!, redactedBy: 5 }; // blanked outside an erasure
    expect(findBreak(entries, null, context)).toEqual({ seq: 3, problem: 'bad-redaction' });

    ({ entries, context } = redact(chain(4), 2));
    entries[1] = { ...entries[1], redactedBy: 4 };
    expect(findBreak(entries, null, context)).toEqual({ seq: 2, problem: 'bad-redaction' });
  });

  it('still catches a changed redaction entry through its own signature', () => {
    const { entries, context } = redact(chain(4), 2);
    entries[4] = { ...entries[4], details: entries[4].details.replace('erasure', 'autre') };
    expect(findBreak(entries, null, context)).toEqual({ seq: 5, problem: 'altered' });
  });
});
