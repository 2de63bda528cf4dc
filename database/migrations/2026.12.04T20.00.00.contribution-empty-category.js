'use strict';

/**
 * A contribution's category « » and null both mean « sans catégorie » (plugins/consultations,
 * `editContribution`); before 2026-12-04 an edit that cleared the category stored an empty
 * text, which nothing else writes and a filter on « no category » (null) missed. Stores
 * null in its place. Works on a fresh database (no table yet: nothing to do) and on an
 * existing one; running it twice changes nothing more.
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('consultations_contributions'))) return;
    await knex('consultations_contributions').where({ category: '' }).update({ category: null });
  },
};
