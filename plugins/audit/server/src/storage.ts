import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export const AUDIT_TABLE = 'audit_log';
export const HEAD_TABLE = 'audit_log_head';

/**
 * The audit log lives in two tables Strapi does not manage (its schema sync leaves
 * untracked tables alone): the entries, and a one-row head that records the last entry,
 * so that deleting the newest entries is detected too. Triggers make both append-only
 * for ordinary connections; the hash chain catches anyone who goes around them.
 */
export async function ensureAuditSchema(knex: Knex, client: string): Promise<void> {
  if (!(await knex.schema.hasTable(AUDIT_TABLE))) {
    await knex.schema.createTable(AUDIT_TABLE, (t) => {
      t.integer('seq').primary();
      t.string('occurred_at', 32).notNullable();
      t.string('actor_kind', 16).notNullable();
      t.integer('actor_id').nullable();
      t.string('actor_label', 255).notNullable();
      t.string('action', 255).notNullable();
      t.string('subject_type', 255).notNullable();
      t.string('subject_id', 64).nullable();
      t.integer('federation_id').nullable();
      t.text('details').notNullable();
      t.string('prev_hash', 64).notNullable();
      t.string('hash', 64).notNullable();
      t.string('key_id', 16).nullable();
      t.index(['federation_id', 'seq'], 'audit_log_federation_idx');
      t.index(['subject_type', 'subject_id'], 'audit_log_subject_idx');
    });
  }
  // Logs from before the chain was keyed: their entries stay unsigned (key_id null).
  if (!(await knex.schema.hasColumn(AUDIT_TABLE, 'key_id'))) {
    await knex.schema.alterTable(AUDIT_TABLE, (t) => t.string('key_id', 16).nullable());
  }
  // Erasure (issue 22): the redaction entry that blanked an entry's personal fields.
  if (!(await knex.schema.hasColumn(AUDIT_TABLE, 'redacted_by'))) {
    await knex.schema.alterTable(AUDIT_TABLE, (t) => t.integer('redacted_by').nullable());
  }
  if (!(await knex.schema.hasTable(HEAD_TABLE))) {
    await knex.schema.createTable(HEAD_TABLE, (t) => {
      t.integer('id').primary();
      t.integer('seq').notNullable();
      t.string('hash', 64).notNullable();
    });
    await knex(HEAD_TABLE).insert({ id: 1, seq: 0, hash: '0'.repeat(64) });
  }
  await installAppendOnlyGuard(knex, client);
}

/**
 * Append-only for ordinary connections, with one exception: an erasure's redaction, which
 * may only blank `actor_label` and `details` and set `redacted_by` to a later redaction
 * entry than before (never back to null). Every other column, and deletions, are refused.
 * Verification then checks that a signed redaction entry vouches for each blanked entry.
 */
export async function installAppendOnlyGuard(knex: Knex, client: string): Promise<void> {
  const frozen = ['seq', 'occurred_at', 'actor_kind', 'actor_id', 'action', 'subject_type', 'subject_id', 'federation_id', 'prev_hash', 'hash', 'key_id'];
  if (client === 'postgres') {
    const guard = `
      CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE OR REPLACE FUNCTION audit_log_redaction_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${frozen.map((c) => `NEW.${c} IS DISTINCT FROM OLD.${c}`).join(' OR ')}
           OR NEW.redacted_by IS NULL OR NEW.redacted_by <= COALESCE(OLD.redacted_by, 0) OR NEW.redacted_by <= NEW.seq THEN
          RAISE EXCEPTION 'audit_log is append-only';
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER IF EXISTS audit_log_append_only ON ${AUDIT_TABLE};
      CREATE TRIGGER audit_log_append_only BEFORE DELETE ON ${AUDIT_TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      DROP TRIGGER IF EXISTS audit_log_redaction_only ON ${AUDIT_TABLE};
      CREATE TRIGGER audit_log_redaction_only BEFORE UPDATE ON ${AUDIT_TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_log_redaction_only();
      DROP TRIGGER IF EXISTS audit_log_no_truncate ON ${AUDIT_TABLE};
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${AUDIT_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
    `;
    // Already as wanted (each trigger's comment is the hash of this text): left alone, so an
    // instance starting beside running ones takes no lock on the log (DROP TRIGGER's is exclusive).
    const signature = createHash('sha256').update(guard).digest('hex').slice(0, 32);
    const triggers = ['audit_log_append_only', 'audit_log_redaction_only', 'audit_log_no_truncate'];
    const current = await knex.raw(
      `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relname = ? AND pg_table_is_visible(c.oid) AND t.tgname = ANY(?) AND obj_description(t.oid, 'pg_trigger') = ?`,
      [AUDIT_TABLE, triggers, signature]
    );
    if (current.rows[0].n === triggers.length) return;
    await knex.raw(`${guard}\n${triggers.map((name) => `COMMENT ON TRIGGER ${name} ON ${AUDIT_TABLE} IS '${signature}';`).join('\n')}`);
  } else if (client === 'sqlite') {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update'); // before redaction: every update refused
    await knex.raw(
      `CREATE TRIGGER IF NOT EXISTS audit_log_redaction_only BEFORE UPDATE ON ${AUDIT_TABLE}
       WHEN ${frozen.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')}
         OR NEW.redacted_by IS NULL OR NEW.redacted_by <= COALESCE(OLD.redacted_by, 0) OR NEW.redacted_by <= NEW.seq
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`
    );
    await knex.raw(
      `CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON ${AUDIT_TABLE}
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`
    );
  }
}

/** Only for tests that play the attacker: removes the triggers. */
export async function removeAppendOnlyGuard(knex: Knex, client: string): Promise<void> {
  if (client === 'postgres') {
    await knex.raw(
      `DROP TRIGGER IF EXISTS audit_log_append_only ON ${AUDIT_TABLE}; DROP TRIGGER IF EXISTS audit_log_redaction_only ON ${AUDIT_TABLE}; DROP TRIGGER IF EXISTS audit_log_no_truncate ON ${AUDIT_TABLE};`
    );
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_redaction_only');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
  }
}
