/**
 * Audit log throughput. Every audited command appends one hash-chained entry under a row
 * lock on the chain's head, which serialises appends: chained appends per second with C
 * concurrent writers, against plain inserts of the same rows into an unchained copy of
 * the table (the baseline), in the same run; then the time to verify the whole chain.
 *
 *   DATABASE_CLIENT=postgres npm run bench:audit -- 2000 20
 */
import { fixed, inBatches, machine, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [entries, concurrency] = readBenchArgs(BENCHES.audit.args).positionals as number[];

const entry = (i: number) => ({
  actor: { kind: 'user' as const, id: 1 + (i % 50), label: `Adhérent ${i % 50} <a${i % 50}@exemple.fr> (federation-staff)` },
  action: 'plugin::membership.due.record',
  subject: { type: 'plugin::membership.due', id: `due${i}` },
  federationId: 1 + (i % 5),
  details: { year: 2026, amountCents: 3000 + (i % 7), method: 'virement' },
});

withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  await knex.schema.createTable('bench_plain', (t) => {
    t.increments('seq');
    for (const c of ['occurred_at', 'actor_kind', 'actor_label', 'action', 'subject_type', 'subject_id', 'prev_hash', 'hash']) t.string(c);
    t.integer('actor_id');
    t.integer('federation_id');
    t.text('details');
  });
  const all = Array.from({ length: entries }, (_, i) => i);
  const plain = await timed(() =>
    inBatches(all, concurrency, (i) => {
      const e = entry(i);
      return knex('bench_plain').insert({
        occurred_at: new Date().toISOString(), actor_kind: e.actor.kind, actor_id: e.actor.id, actor_label: e.actor.label, action: e.action,
        subject_type: e.subject.type, subject_id: e.subject.id, federation_id: e.federationId, details: JSON.stringify(e.details),
        prev_hash: '0'.repeat(64), hash: '0'.repeat(64),
      });
    })
  );
  const log = strapi.plugin('audit').service('log');
  const chained = await timed(() => inBatches(all, concurrency, (i) => log.record(entry(i))));
  const verify = await timed(() => log.verify());
  console.log(`\nAudit log — ${entries} entries, ${concurrency} concurrent writers (${machine()})`);
  console.log(`  plain insert (baseline)   ${fixed(entries / plain.seconds).padStart(8)} /s`);
  console.log(`  chained append            ${fixed(entries / chained.seconds).padStart(8)} /s`);
  console.log(`  ratio chained / plain     ${fixed(plain.seconds / chained.seconds, 2).padStart(8)}`);
  console.log(`  verify whole chain        ${fixed(verify.result.checked / verify.seconds).padStart(8)} entries/s (valid: ${verify.result.valid})`);
});
