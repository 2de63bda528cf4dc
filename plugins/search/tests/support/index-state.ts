import { bootStrapi } from '../../../../tests/support/strapi';

/** Waits until every change written so far is in the index (drains the outbox). */
export async function indexSettled() {
  const strapi = await bootStrapi();
  const indexer = strapi.plugin('search').service('indexer');
  for (let round = 0; round < 20; round++) {
    const report = await indexer.drain();
    const due = await strapi.db.connection('search_outbox').where('available_at', '<=', Date.now()).count({ n: '*' });
    if (Number(due[0].n) === 0 && !report.error) return;
  }
  throw new Error('The search outbox does not drain.');
}
