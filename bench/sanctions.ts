/**
 * Sanctions at scale (issue 17): N final decisions (default 20,000) over F federations
 * (default 20), plus one federation's commission holding 1,000 open cases. Measures the
 * uniformity table (`uniformityTable`: reads the published rows, groups them in memory),
 * the first page of published decisions (`listDecisions`) and a commission's list of its
 * cases with the overdue filter (`listCases`, filtered in memory), each beside a plain
 * `count(*)` of the same rows in the same run.
 *
 *   DATABASE_CLIENT=postgres npm run bench:sanctions -- 20000 20 20
 */
import { randomUUID } from 'node:crypto';
import { buildFederation } from '../src/seed/builders';
import { listCases, listDecisions, uniformityTable } from '../plugins/sanctions/server/src/queries/cases';
import { LEVELS } from '../plugins/sanctions/server/src/domain/scale';
import { fixed, latencies, machine, seeded, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [decisions, federations, repeats] = readBenchArgs(BENCHES.sanctions.args).positionals as number[];
const OPEN_CASES = 1000;
const CATEGORIES = ['violence', 'detournement-fonds', 'violation-statuts', 'denigrement-public', 'refus-decision-collective'];
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  const random = seeded(17);
  const now = new Date().toISOString();
  const built = await timed(async () => {
    const ids: number[] = [];
    for (let f = 0; f < federations; f++) ids.push((await buildFederation(strapi, { name: `Fédération ${f}`, departmentCode: String(30 + f) })).id);
    const row = (i: number, federationId: number, state: string, final: boolean) => {
      const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
      // A skewed federation (the first) sanctions harder: the table flags it.
      const level = LEVELS[Math.min(4, Math.floor(random() * 3) + (federationId === ids[0] ? 2 : 0))];
      const on = dayOf(Date.now() - Math.floor(random() * 1500) * DAY);
      return {
        document_id: randomUUID().replace(/-/g, '').slice(0, 24), reference: `B-${i}`, federation_id: federationId, respondent_id: i + 1, origin: 'referral',
        category_key: category, category_label: category, article: 'Statuts, art. 25', gravity: 'moyenne', scale_version: 1, facts: 'Faits.', state,
        received_on: on, final_level: final ? level : null, final_months: final && level === 'suspension' ? 3 : null, final_on: final ? on : null,
        published_named: false, federation_label: `Fédération ${federationId}`, created_at: now, updated_at: now,
      };
    };
    const rows = Array.from({ length: decisions }, (_, i) => row(i, ids[i % ids.length], 'final', true));
    const open = Array.from({ length: OPEN_CASES }, (_, i) => row(decisions + i, ids[1], ['received', 'investigation', 'notified', 'hearing'][i % 4], false));
    await knex.batchInsert('sanctions_cases', [...rows, ...open], 500);
    await knex.raw('ANALYZE');
    return ids;
  });
  const fedIds = built.result;
  const commission = { userId: -1, label: 'bench', role: 'conflicts-commission' as const, memberId: -1, memberDocumentId: null, federationId: fedIds[1], sectionId: null, status: 'active' as const };
  const measure = async (run: () => Promise<unknown>) => {
    await run(); // warm
    const ms: number[] = [];
    for (let i = 0; i < repeats; i++) ms.push((await timed(run)).seconds * 1000);
    return latencies(ms);
  };
  const count = (where: Record<string, unknown>) => () => knex('sanctions_cases').where(where).count({ n: '*' });
  const r = {
    uniformity: await measure(() => uniformityTable(strapi)),
    publishedCount: await measure(() => knex('sanctions_cases').where({ state: 'final' }).whereNotNull('final_level').count({ n: '*' })),
    decisions: await measure(() => listDecisions(strapi, { page: 1, pageSize: 25 })),
    cases: await measure(() => listCases(strapi, commission, { overdue: 'true', page: 1, pageSize: 25 })),
    casesCount: await measure(count({ federation_id: fedIds[1] })),
  };
  const table = await uniformityTable(strapi);
  const line = (label: string, l: ReturnType<typeof latencies>) => `  ${label.padEnd(46)} p50 ${fixed(l.p50, 1).padStart(7)} ms   p95 ${fixed(l.p95, 1).padStart(7)} ms`;
  console.log(`\nSanctions — ${fixed(decisions)} published decisions over ${federations} federations, ${fixed(OPEN_CASES)} open cases in one, ${repeats} runs each (${machine()})`);
  console.log(`  built in ${fixed(built.seconds, 1)} s; ${table.federations.filter((f) => f.flagged).length} federation × category cells flagged`);
  console.log(line('uniformity table (all published decisions)', r.uniformity));
  console.log(line('count(*) of the published decisions', r.publishedCount));
  console.log(`  ratio uniformity / count(*), p50               ${fixed(r.uniformity.p50 / r.publishedCount.p50, 1)}`);
  console.log(line('published decisions, first page of 25', r.decisions));
  console.log(`  ratio first page / count(*), p50               ${fixed(r.decisions.p50 / r.publishedCount.p50, 1)}`);
  console.log(line(`a commission's overdue cases (${fixed(OPEN_CASES + decisions / federations)} cases)`, r.cases));
  console.log(line('count(*) of that federation’s cases', r.casesCount));
  console.log(`  ratio cases / count(*), p50                    ${fixed(r.cases.p50 / r.casesCount.p50, 1)}`);
});
