const knex = require('knex')({ client: 'pg', connection: { host: '127.0.0.1', user: 'postgres', database: 'postgres' } });
const first = require('./database/migrations/2026.11.24T00.00.00.search-index.js');
const folded = require('./database/migrations/2026.12.02T05.00.00.search-folded-index.js');
(async () => {
  await knex.transaction(async (trx) => {
    await trx.raw('CREATE SCHEMA dbg_mig'); await trx.raw('SET LOCAL search_path TO dbg_mig, public');
    console.log('first'); await first.up(trx); console.log('insert');
    await trx('search_documents').insert({ id: 'a', title: 'Les élus', body: 'x', type: 'f', link: '/', facets: '{}', audience: 'national', roles: '', hash: 'h' });
    console.log('folded'); await folded.up(trx); console.log('done');
    throw new Error('rollback');
  }).catch((e) => console.log(e.message));
  await knex.destroy();
})();
