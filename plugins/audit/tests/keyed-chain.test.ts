import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { bootStrapi } from '../../../tests/support/strapi';
import { createWorld } from '../../../tests/support/factories';
import { GENESIS_HASH, hashEntry, keyIdOf, type AuditEntry } from '../server/src/domain/chain';
import { installAppendOnlyGuard, removeAppendOnlyGuard } from '../server/src/storage';
import auditPlugin from '../server/src/index';

/**
 * Issue 10: the audit log survives a database administrator — someone with the
 * database's keys but not the chain's HMAC key (which lives only in the environment).
 */

type Row = Record<string, any>;
let snapshot: { rows: Row[]; head: Row };

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq), occurredAt: r.occurred_at, actorKind: r.actor_kind, actorId: r.actor_id == null ? null : Number(r.actor_id),
  actorLabel: r.actor_label, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id,
  federationId: r.federation_id == null ? null : Number(r.federation_id), details: r.details, prevHash: r.prev_hash, keyId: r.key_id ?? null, hash: r.hash,
  redactedBy: r.redacted_by == null ? null : Number(r.redacted_by),
});

async function tools() {
  const strapi = await bootStrapi();
  const knex = strapi.db.connection;
  const verify = () => strapi.plugin('audit').service('log').verify();
  return { strapi, knex, verify };
}

/** The attacker rewrites entries from `from` on, recomputing each hash with what they have. */
async function rewriteFrom(from: number, change: (e: AuditEntry) => AuditEntry, sign: (e: AuditEntry) => string) {
  const { knex } = await tools();
  const rows: Row[] = await knex('audit_log').where('seq', '>=', from).orderBy('seq', 'asc');
  const before = await knex('audit_log').where('seq', from - 1).first();
  let prev = before?.hash ?? GENESIS_HASH;
  for (const row of rows) {
    const entry = change({ ...toEntry(row), prevHash: prev });
    const hash = sign(entry);
    await knex('audit_log').where({ seq: entry.seq }).update({ details: entry.details, prev_hash: entry.prevHash, key_id: entry.keyId, redacted_by: entry.redactedBy ?? null, hash });
    prev = hash;
  }
  await knex('audit_log_head').where({ id: 1 }).update({ seq: rows[rows.length - 1].seq, hash: prev });
}

beforeAll(async () => {
  await createWorld(); // some entries
  const { strapi, knex, verify } = await tools();
  for (let i = 0; i < 6; i++) {
    await strapi.plugin('audit').service('log').record({
      actor: { kind: 'system', id: null, label: 'test' }, action: 'test.keyed', subject: { type: 'test', id: String(i) }, federationId: null, details: { i },
    });
  }
  expect((await verify()).valid).toBe(true); // anchors the head
  snapshot = { rows: await knex('audit_log').orderBy('seq', 'asc'), head: await knex('audit_log_head').where({ id: 1 }).first() };
});

beforeEach(async () => {
  const { strapi, knex } = await tools();
  await removeAppendOnlyGuard(knex, strapi.db.dialect.client); // the attacker has the database's keys
});

afterAll(async () => {
  const { strapi, knex } = await tools();
  await installAppendOnlyGuard(knex, strapi.db.dialect.client);
});

afterEach(async () => {
  // Puts the log back as it was, then checks it is intact again.
  const { strapi, knex, verify } = await tools();
  await knex('audit_log').where('seq', '>', 0).del();
  for (let i = 0; i < snapshot.rows.length; i += 100) await knex('audit_log').insert(snapshot.rows.slice(i, i + 100));
  await knex('audit_log_head').where({ id: 1 }).update({ seq: snapshot.head.seq, hash: snapshot.head.hash });
  await installAppendOnlyGuard(knex, strapi.db.dialect.client);
  const result = await verify();
  expect(result.valid, result.message ?? '').toBe(true);
});

describe('a keyed, anchored audit chain', () => {
  it('refuses to start in production without AUDIT_HMAC_KEY', () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY };
    try {
      process.env.NODE_ENV = 'production';
      delete process.env.AUDIT_HMAC_KEY;
      expect(() => auditPlugin.register()).toThrow('AUDIT_HMAC_KEY is not set');
      process.env.AUDIT_HMAC_KEY = 'k';
      expect(() => auditPlugin.register()).not.toThrow();
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('signs each entry with the key from the environment and records the key id', async () => {
    const { knex, verify } = await tools();
    const last = await knex('audit_log').orderBy('seq', 'desc').first();
    expect(last.key_id).toBe(keyIdOf(process.env.AUDIT_HMAC_KEY!));
    expect(last.hash).toBe(hashEntry(toEntry(last), process.env.AUDIT_HMAC_KEY));
    const result = await verify();
    expect(result.anchor.file).toBe(process.env.AUDIT_ANCHOR_FILE);
    expect(existsSync(result.anchor.file)).toBe(true);
    expect(JSON.parse(readFileSync(result.anchor.file, 'utf8'))).toMatchObject({ seq: result.head.seq, hash: result.head.hash });
  });

  it('(a) detects the last entry deleted and the head rewritten', async () => {
    const { knex, verify } = await tools();
    const [last, previous] = await knex('audit_log').orderBy('seq', 'desc').limit(2);
    await knex('audit_log').where({ seq: last.seq }).del();
    await knex('audit_log_head').where({ id: 1 }).update({ seq: previous.seq, hash: previous.hash });
    const result = await verify();
    expect(result).toMatchObject({ valid: false, firstBreak: { seq: last.seq, problem: 'removed-at-end', expected: last.seq } });
    expect(result.message).toContain('supprimées en fin de journal');
  });

  it('(b) detects an entry changed and the rest of the chain recomputed without the key', async () => {
    const { verify } = await tools();
    const target = snapshot.rows[snapshot.rows.length - 2].seq; // signed entries before it
    const forge = (e: AuditEntry) => (e.seq === target ? { ...e, details: e.details.replace('}', ',"falsified":true}') } : e);
    // With a guessed key, keeping the key id
    await rewriteFrom(target, forge, (e) => hashEntry(e, 'not-the-key'));
    let result = await verify();
    expect(result, result.message).toMatchObject({ valid: false, firstBreak: { seq: target, problem: 'altered' } });
    expect(result.message).toContain('modifiée');
    // As unsigned entries (plain SHA-256)
    await rewriteFrom(target, (e) => ({ ...forge(e), keyId: null }), (e) => hashEntry(e));
    result = await verify();
    expect(result, result.message).toMatchObject({ valid: false, firstBreak: { seq: target, problem: 'unsigned' } });
    expect(result.message).toContain('non signée');
  });

  it('(b) detects the whole log rewritten unsigned from the start, by the anchor', async () => {
    const { verify } = await tools();
    // The most consistent forgery: every entry unsigned and rehashed, erasures' redaction
    // marks dropped too (whatever other test files erased before this one in the run).
    await rewriteFrom(1, (e) => ({ ...e, keyId: null, redactedBy: null, details: e.seq === 2 ? e.details.replace('}', ',"x":1}') : e.details }), (e) => hashEntry(e));
    const result = await verify();
    expect(result.firstBreak?.problem).toBe('rewritten');
    expect(result.message).toContain('journal réécrit');
  });

  it('(c) detects a forged entry appended after the head, with or without the head row updated', async () => {
    const { knex, verify } = await tools();
    const last = await knex('audit_log').orderBy('seq', 'desc').first();
    const forged: AuditEntry = { ...toEntry(last), seq: Number(last.seq) + 1, prevHash: last.hash, details: '{"forged":true}', action: 'plugin::membership.due.record' };
    const row = { ...last, seq: forged.seq, prev_hash: forged.prevHash, details: forged.details, action: forged.action, hash: hashEntry(forged, 'not-the-key') };
    await knex('audit_log').insert(row);
    let result = await verify();
    expect(result).toMatchObject({ valid: false, firstBreak: { seq: forged.seq, problem: 'forged' } });
    expect(result.message).toContain('forgée');
    await knex('audit_log_head').where({ id: 1 }).update({ seq: forged.seq, hash: row.hash });
    result = await verify();
    expect(result).toMatchObject({ valid: false, firstBreak: { seq: forged.seq, problem: 'forged' } });
  });

  it('names an entry added after the head as added, not deleted', async () => {
    const { knex, verify } = await tools();
    const { strapi } = await tools();
    const head = await knex('audit_log_head').where({ id: 1 }).first();
    await strapi.plugin('audit').service('log').record({ actor: { kind: 'system', id: null, label: 'test' }, action: 'test.keyed', subject: { type: 'test', id: 'x' }, federationId: null, details: {} });
    await knex('audit_log_head').where({ id: 1 }).update({ seq: head.seq, hash: head.hash }); // the head row put back
    const result = await verify();
    expect(result).toMatchObject({ valid: false, firstBreak: { seq: Number(head.seq) + 1, problem: 'added-after-head' } });
    expect(result.message).toContain('ajoutée après la tête');
  });
});
