/**
 * A consultation phase opening for N members (10,000 by default): who may vote computed by
 * membership's eligibility and the messages enqueued in the outbox (one row per member, in
 * one transaction: must take ≤ 2 s), then delivered by the
 * outbox worker over SMTP to a local sink (an `smtp-server` in its own process that accepts
 * and discards: must reach ≥ 200 messages/s). Baseline in the same run: raw `nodemailer` sending
 * the same number of similar messages to the same sink, with the same concurrency.
 *
 *   npm run bench:notifications -- 10000
 *   DATABASE_CLIENT=postgres npm run bench:notifications -- 10000
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { todayInParis } from '@intranet-militant/shared';
import { buildFederation } from '../src/seed/builders';
import { fixed, machine, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [members] = readBenchArgs(BENCHES.notifications.args).positionals as number[];
const CONCURRENCY = Number(process.env.MAIL_CONCURRENCY ?? 8);

/**
 * The sink runs in a process of its own (bench/smtp-sink.ts), as a real mail relay would: in
 * this process it would take half of the sender's core and measure itself as much as the sender.
 */
function startSink(): Promise<{ port: number; received: () => Promise<number>; close: () => void }> {
  const child = fork(path.join(__dirname, 'smtp-sink.ts'), [], { execArgv: ['-r', 'esbuild-register'] });
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { received: number }) => resolve(m.received));
      child.send('count');
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { port: number }) => resolve({ port: m.port, received: ask, close: () => child.send('close') }));
  });
}

async function main() {
  const sink = await startSink();
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    SMTP_SECURE: 'false',
    MAIL_FROM: 'Banc <banc@bench.test>',
    NOTIFICATIONS_WORKER: 'false',
    MAIL_RATE_PER_SECOND: '100000',
    MAIL_CONCURRENCY: String(CONCURRENCY),
    MAIL_BATCH_SIZE: '200',
    SMTP_POOL: process.env.SMTP_POOL ?? 'true',
  });
  await withStrapi(async (strapi) => {
    // N members with an account, written in bulk (the factories' per-member path would take minutes).
    const federation = await buildFederation(strapi, { name: 'Fédération du banc', departmentCode: '30' });
    const knex = strapi.db.connection;
    const memberMeta = strapi.db.metadata.get('plugin::membership.member') as any;
    const userLink = memberMeta.attributes.user.joinTable;
    const federationLink = memberMeta.attributes.federation.joinTable;
    const dueLink = (strapi.db.metadata.get('plugin::membership.due') as any).attributes.member.joinTable;
    const year = Number(todayInParis().slice(0, 4));
    const now = new Date();
    const ids: number[] = [];
    for (let start = 0; start < members; start += 500) {
      const size = Math.min(500, members - start);
      const users = await knex('up_users')
        .insert(
          Array.from({ length: size }, (_, i) => ({
            document_id: `benchuser${start + i}`.padEnd(24, 'x'),
            username: `banc${start + i}@bench.test`,
            email: `banc${start + i}@bench.test`,
            provider: 'local',
            confirmed: true,
            blocked: false,
            created_at: now,
            updated_at: now,
          }))
        )
        .returning('id');
      const rows = await knex('membership_members')
        .insert(
          Array.from({ length: size }, (_, i) => ({
            document_id: `benchmember${start + i}`.padEnd(24, 'x'),
            first_name: 'Adhérent',
            last_name: `Banc ${start + i}`,
            membership_number: `BANC-${start + i}`,
            joined_on: '2020-01-01',
            membership_status: 'active',
            created_at: now,
            updated_at: now,
          }))
        )
        .returning('id');
      const memberIds = rows.map((r: any) => Number(r.id ?? r));
      const userIds = users.map((r: any) => Number(r.id ?? r));
      await knex(userLink.name).insert(memberIds.map((id: number, i: number) => ({ [userLink.joinColumn.name]: id, [userLink.inverseJoinColumn.name]: userIds[i] })));
      await knex(federationLink.name).insert(memberIds.map((id: number) => ({ [federationLink.joinColumn.name]: id, [federationLink.inverseJoinColumn.name]: federation.id })));
      // The year's dues, so that each member may take part (the recipients are computed below).
      const dues = await knex('membership_dues')
        .insert(memberIds.map((id: number, i: number) => ({
          document_id: `benchdue${start + i}`.padEnd(24, 'x'), year, amount_cents: 3000, paid_on: `${year}-01-15`,
          member_year: `${id}:${year}`, federation_code: '30', created_at: now, updated_at: now,
        })))
        .returning('id');
      const dueIds = dues.map((r: any) => Number(r.id ?? r));
      await knex(dueLink.name).insert(dueIds.map((id: number, i: number) => ({ [dueLink.joinColumn.name]: id, [dueLink.inverseJoinColumn.name]: memberIds[i] })));
      ids.push(...memberIds);
    }

    const kind = strapi.plugin('notifications').service('kinds').get('consultations.phase-opened');
    const outbox = strapi.plugin('notifications').service('outbox');
    const data = { title: 'Consultation du banc', phase: 'vote', endsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), documentId: 'banc' };
    // As the clock does, in the phase-moving transaction: who may vote (membership's
    // eligibility: active, paid up, joined before the cut-off, in the federation), then one
    // outbox row per recipient.
    const eligibility = strapi.plugin('membership').service('eligibility');
    const enqueue = await timed(() =>
      strapi.db.transaction(async () => {
        const recipients: number[] = await eligibility.eligibleMemberIds({ audience: 'federation', federationId: federation.id, sectionId: null }, { on: todayInParis() });
        if (recipients.length !== members) throw new Error(`${recipients.length} eligible of ${members}`);
        await outbox.enqueue(kind, { key: 'bench:vote', data, memberIds: recipients });
      })
    );
    const deliver = await timed(() => outbox.drain());
    if (deliver.result.sent !== members) throw new Error(`sent ${deliver.result.sent} of ${members}: ${JSON.stringify(deliver.result)}`);
    const received = await sink.received();
    if (received !== members) throw new Error(`the sink received ${received} of ${members}`);

    // Baseline: raw nodemailer, same sink, same concurrency, same number of similar messages.
    const pool = process.env.SMTP_POOL === 'true';
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ...(pool ? { pool: true, maxConnections: CONCURRENCY } : {}) });
    const before = await sink.received();
    let next = 0;
    const raw = await timed(() =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < members) {
            const i = next++;
            await transport.sendMail({ from: 'Banc <banc@bench.test>', to: `banc${i}@bench.test`, subject: 'Le vote est ouvert : Consultation du banc', text: 'Bonjour,\n\nLe vote est ouvert.', html: '<p>Bonjour,</p><p>Le vote est ouvert.</p>' });
          }
        })
      )
    );
    if ((await sink.received()) - before !== members) throw new Error('raw nodemailer lost messages');
    transport.close();

    console.log(`\nPhase opening for ${fixed(members)} members (${machine()}, ${CONCURRENCY} concurrent SMTP sends, ${pool ? 'pooled connections' : 'one connection per message'})`);
    console.log(`  recipients + enqueue (one transaction) ${fixed(enqueue.seconds, 2)} s   (goal ≤ 2 s)`);
    console.log(`  outbox delivery                     ${fixed(members / deliver.seconds)} msg/s   (${fixed(deliver.seconds, 1)} s; goal ≥ 200 msg/s)`);
    console.log(`  raw nodemailer, same sink           ${fixed(members / raw.seconds)} msg/s   (${fixed(raw.seconds, 1)} s)`);
    console.log(`  ratio outbox / raw                  ${fixed(raw.seconds / deliver.seconds, 2)}`);
  });
  sink.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
