/**
 * Secret-ballot votes per second: V members vote at the same moment through the HTTP
 * API (eligibility check, register and ballot in one transaction, receipt). Then each
 * votes again at the same moment: every second vote must be refused. No ballot may be
 * lost or duplicated. Baseline: pgbench's built-in simple-update transactions per second
 * on the same server, same run, same client count.
 *
 *   DATABASE_CLIENT=postgres npm run bench:votes -- 200 3
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { buildFederation, buildMember } from '../src/seed/builders';
import { client, databaseName, fixed, inBatches, machine, pgAdmin, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [voters, rounds] = readBenchArgs(BENCHES.votes.args).positionals as number[];
if (client !== 'postgres') {
  console.error('This benchmark compares with pgbench: run it with DATABASE_CLIENT=postgres.');
  process.exit(1);
}
const year = new Date().getFullYear();
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function pgbenchTps(clients: number): number {
  const { host, port, user } = pgAdmin();
  const connection = ['-h', host, '-p', String(port), '-U', user];
  execFileSync('pgbench', [...connection, '-i', '-q', '-s', '10', databaseName], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...connection, '-n', '-b', 'simple-update', '-c', String(clients), '-j', '2', '-T', '10', databaseName]).toString();
  return Number(/tps = ([\d.]+)/.exec(out)![1]);
}

withStrapi(async (strapi) => {
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  const issue = (user: { id: number }) => strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) as Promise<string>;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as any };
  };

  const federation = await buildFederation(strapi, { name: 'Fédération du banc', departmentCode: '30' });
  await strapi.plugin('modules').service('switches').set(federation.id, 'consultations', true);
  const members = await inBatches(Array.from({ length: voters }, (_, i) => i), 10, (i) =>
    buildMember(strapi, { email: `votant${i}@banc.test`, firstName: 'Votant', lastName: `${i}`, membershipNumber: `B-${i}`, federation, joinedOn: '2020-01-01', paidYears: [year] })
  );
  const tokens = await inBatches(members, 10, (m) => issue(m.user));
  const national = await buildMember(strapi, { email: 'national@banc.test', firstName: 'N', lastName: 'A', membershipNumber: 'B-NAT', federation, role: 'national-admin', paidYears: [year] });
  const admin = await issue(national.user);

  const results: { perSecond: number; lost: number; duplicated: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const created = await call('POST', '/api/consultations', admin, {
      kind: 'quick', title: `Question ${round}`, audience: 'federation', question: 'Pour ou contre ?', answerType: 'choice',
      choices: ['Pour', 'Contre'], opensAt: at(-1), phases: { vote: { endsAt: at(2) } },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const id = created.body.data.documentId;
    await call('POST', `/api/consultations/${id}/advance`, admin, { from: 'draft' });
    const first = await timed(() => Promise.all(tokens.map((t, i) => call('POST', `/api/consultations/${id}/vote`, t, { answer: 1 + (i % 2) }))));
    const second = await Promise.all(tokens.map((t) => call('POST', `/api/consultations/${id}/vote`, t, { answer: 1 })));
    const row = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: id } });
    const [{ n: ballots }] = await strapi.db.connection('consultations_ballots').where({ consultation_id: row.id }).count({ n: '*' });
    const accepted = first.result.filter((r) => r.status === 201).length;
    const refusedAgain = second.filter((r) => r.status === 409).length;
    if (accepted !== voters || refusedAgain !== voters) throw new Error(`Round ${round}: ${accepted} accepted, ${refusedAgain} second votes refused (expected ${voters} each).`);
    results.push({ perSecond: voters / first.seconds, lost: voters - Number(ballots), duplicated: Math.max(0, Number(ballots) - voters) });
  }
  const tps = pgbenchTps(20);
  const median = results.map((r) => r.perSecond).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  console.log(`\nSecret-ballot votes — ${voters} voters at once, ${rounds} rounds (${machine()})`);
  console.log(`  votes through the API (median)  ${fixed(median).padStart(7)} /s   rounds: ${results.map((r) => fixed(r.perSecond)).join(', ')}`);
  console.log(`  ballots lost / duplicated       ${results.reduce((s, r) => s + r.lost, 0)} / ${results.reduce((s, r) => s + r.duplicated, 0)}   (every second vote refused)`);
  console.log(`  pgbench simple-update (baseline) ${fixed(tps).padStart(6)} tps  (20 clients, 10 s)`);
  console.log(`  ratio votes / pgbench tps        ${fixed(median / tps, 3).padStart(6)}`);
});
