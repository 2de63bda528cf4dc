'use strict';

/**
 * Sign-in budgets shared by every instance (src/middlewares/auth-limits.ts, PostgreSQL
 * only): the table rate-limiter-flexible's PostgreSQL store reads and writes, one row per
 * key (`<budget>:<address or account>`), its points and when they expire (epoch ms).
 * Created here rather than by the library at the first request, so that no request is
 * counted in one process's memory while the table is being made.
 */
module.exports = {
  async up(knex) {
    const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
    if (!postgres || (await knex.schema.hasTable('auth_rate_limits'))) return;
    await knex.schema.createTable('auth_rate_limits', (t) => {
      t.string('key', 255).primary();
      t.integer('points').notNullable().defaultTo(0);
      t.bigInteger('expire');
    });
  },
};
