'use strict';

/**
 * The notifications plugin's tables (plugins/notifications), plain tables that Strapi does not
 * manage: their keys are the guarantees.
 *
 * - `notifications_messages`: one row per notification and recipient — the outbox of email and
 *   the member's inbox at once. `(event_key, recipient_key)` is unique: an event reaches a
 *   recipient once, however often it is announced. Email state: `pending` (to send),
 *   `sent`, `failed` (permanent refusal, or given up), `skipped` (excluded member, bouncing
 *   address), `digest` (waits for the weekly digest), `none` (portal only). A worker claims
 *   due rows for a lease (`lease_until`, `claim_token`; on PostgreSQL with `FOR UPDATE SKIP
 *   LOCKED`), sends, and marks each row as soon as it has left.
 * - `notifications_bounces`: addresses the SMTP server refused for good (5xx): no more email
 *   to them until staff clear it or the member's address changes.
 * - `notifications_triggers`: scheduled notifications already fired (one row per key).
 * - `notifications_preferences`: a member's choice per kind (email, digest, portal).
 * - `notifications_feeds`: a member's calendar feed token (SHA-256 of it).
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('notifications_messages'))) {
      await knex.schema.createTable('notifications_messages', (t) => {
        t.bigIncrements('id');
        t.string('event_key', 200).notNullable();
        t.string('recipient_key', 40).notNullable();
        t.string('kind', 100).notNullable();
        t.integer('member_id');
        t.integer('user_id');
        t.integer('federation_id');
        t.string('email', 254);
        t.text('title').notNullable();
        t.string('link', 500);
        t.text('payload').notNullable();
        t.boolean('in_inbox').notNullable().defaultTo(true);
        t.string('email_status', 10).notNullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.bigInteger('available_at').notNullable();
        t.bigInteger('lease_until');
        t.string('claim_token', 40);
        t.text('last_error');
        t.bigInteger('sent_at');
        t.bigInteger('read_at');
        t.bigInteger('created_at').notNullable();
        t.unique(['event_key', 'recipient_key'], { indexName: 'notifications_messages_once' });
        t.index(['email_status', 'available_at', 'id'], 'notifications_messages_due');
        t.index(['member_id', 'in_inbox', 'id'], 'notifications_messages_inbox');
      });
    }
    if (!(await knex.schema.hasTable('notifications_bounces'))) {
      await knex.schema.createTable('notifications_bounces', (t) => {
        t.string('email', 254).primary();
        t.integer('member_id');
        t.integer('federation_id');
        t.integer('code');
        t.text('reason');
        t.bigInteger('created_at').notNullable();
      });
    }
    if (!(await knex.schema.hasTable('notifications_triggers'))) {
      await knex.schema.createTable('notifications_triggers', (t) => {
        t.string('key', 200).primary();
        t.bigInteger('fired_at').notNullable();
      });
    }
    if (!(await knex.schema.hasTable('notifications_preferences'))) {
      await knex.schema.createTable('notifications_preferences', (t) => {
        t.integer('member_id').notNullable();
        t.string('kind', 100).notNullable();
        t.string('mode', 10).notNullable();
        t.bigInteger('updated_at').notNullable();
        t.primary(['member_id', 'kind']);
      });
    }
    if (!(await knex.schema.hasTable('notifications_feeds'))) {
      await knex.schema.createTable('notifications_feeds', (t) => {
        t.integer('member_id').primary();
        t.string('token_hash', 64).notNullable().unique();
        t.bigInteger('created_at').notNullable();
      });
    }
  },
};
