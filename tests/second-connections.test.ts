import { describe, expect, it } from 'vitest';
import { parisDate, withConnection, withTransaction } from '@intranet-militant/shared';
import { api, bootStrapi } from './support/strapi';
import { watchSecondConnections } from './support/second-connections';
import { createMember, createWorld } from './support/factories';
import { bearer } from './support/expect';

const postgres = process.env.DATABASE_CLIENT === 'postgres';

/**
 * The detector of second pooled connections taken inside a transaction
 * (tests/support/second-connections.ts) sees one, and only one, on a deliberate example.
 * PostgreSQL: on SQLite's single connection the example waits until the acquire timeout.
 */
describe.skipIf(!postgres)('the second-connection detector', () => {
  it('records a raw query on the pool inside a transaction, with this file in its stack', async () => {
    const strapi = await bootStrapi();
    const { seconds } = await watchSecondConnections(strapi, () =>
      strapi.db.transaction(async () => {
        await strapi.db.connection.raw('select 1');
      })
    );
    expect(seconds).toHaveLength(1);
    expect(seconds[0].stack).toMatch(/tests[/\\]second-connections\.test\.ts/);
    expect(seconds[0].afterEnd).toBe(false);
  });

  it('records nothing for reads bound to the transaction, nested transactions, or queries outside one', async () => {
    const strapi = await bootStrapi();
    const { seconds } = await watchSecondConnections(strapi, async () => {
      await strapi.db.connection.raw('select 1');
      await strapi.db.transaction(async () => {
        await withConnection(strapi, (knex) => knex.raw('select 1'));
        await withTransaction(strapi, (trx) => trx.raw('select 1'));
        await strapi.db.transaction(async ({ trx }) => trx.raw('select 1'));
        await strapi.db.query('plugin::users-permissions.role').findMany({ limit: 1 });
      });
    });
    expect(seconds).toEqual([]);
  });
});

/**
 * Key write paths take no second pooled connection inside their transactions (each would
 * deadlock the pool once as many run at once as it has connections: seen in CI with 24 ballots).
 * Set up first, outside the watch; then the paths themselves, run at once as members would.
 */
describe.skipIf(!postgres)('key write paths and the connection pool', () => {
  it('ballots, the close of a vote and a seat’s end take no second connection inside a transaction', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const w = await createWorld();
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'bodies', true);
    const day = (n: number) => parisDate(new Date(Date.now() + n * 86_400_000));
    const voters = [w.member, w.memberB, w.secretary, w.elected, ...(await Promise.all([0, 1].map(() => createMember({ federation: w.federation, section: w.sectionA }))))];
    const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      kind: 'quick', title: 'Connexions', audience: 'federation', question: 'Connexions ?', answerType: 'choice', choices: ['Oui', 'Non'],
      opensAt: new Date(Date.now() - 86_400_000).toISOString(), phases: { vote: { endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId as string;
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' })).status).toBe(200);
    const body = await http.post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 5 });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const seat = await http
      .post(`/api/bodies/bodies/${body.body.data.documentId}/seats`)
      .set(bearer(w.staff.token))
      .send({ member: w.member.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);

    const { value, seconds } = await watchSecondConnections(strapi, async () => {
      const ballots = await Promise.all(voters.map((m) => http.post(`/api/consultations/${id}/vote`).set(bearer(m.token)).send({ answer: 1 })));
      const [closed, ended] = await Promise.all([
        http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'vote' }),
        http.post(`/api/bodies/seats/${seat.body.data.documentId}/end`).set(bearer(w.staff.token)).send({ endOn: day(-1), reason: 'Démission' }),
      ]);
      return [...ballots.map((r) => r.status), closed.status, ended.status];
    });
    expect(value).toEqual([...voters.map(() => 201), 200, 200]);
    expect(seconds.map((s) => s.stack)).toEqual([]);
  }, 120_000);
});
