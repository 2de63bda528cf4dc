'use strict';

const { randomBytes } = require('crypto');

/**
 * A bouncing address gets an opaque reference (`ref`, 16 URL-safe characters), so that staff
 * can clear it (`DELETE /api/notifications/bounces/:id`) without the address in the URL
 * (and in access logs). Rows already there get theirs now; the worker gives one to every
 * new row (plugins/notifications/server/src/services/outbox.ts).
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('notifications_bounces'))) return;
    if (await knex.schema.hasColumn('notifications_bounces', 'ref')) return;
    await knex.schema.alterTable('notifications_bounces', (t) => {
      t.string('ref', 32);
    });
    for (const row of await knex('notifications_bounces').whereNull('ref').select('email')) {
      await knex('notifications_bounces').where({ email: row.email }).update({ ref: randomBytes(12).toString('base64url') });
    }
    await knex.schema.alterTable('notifications_bounces', (t) => {
      t.unique(['ref'], { indexName: 'notifications_bounces_ref' });
    });
  },
};
