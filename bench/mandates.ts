/**
 * Rules on holding several mandates at scale (issue 16): 50,000 officials with 1 to 5
 * mandates each (about 150,000 mandates, 3 on average: current and past terms, local,
 * national and collaborator categories, some in breach; half the collaborators' posts name an
 * employer, for the cross-member rule), 500 waivers, over 20 federations.
 * Measures
 * - the national view: every rule for every official on today's date
 *   (`evaluateFederation(strapi, null, day)`: the read of every mandate with its links, the
 *   party functions, the waivers, the rule set in force, then the pure engine), beside a
 *   plain scan of the same mandate rows (`SELECT` of their columns into Node);
 * - one official's preview (`previewMandate`, the command behind `POST /mandates/preview`:
 *   loading the member, the catalogue, their mandates, functions and waivers, evaluating),
 *   beside a plain read of that official's mandate rows.
 * Goals: national view ≤ 1 s, preview ≤ 10 ms (PostgreSQL).
 *
 * Members and mandates are bulk-inserted (the rules read only the plugin's tables and the
 * member links); members carry only their required columns and their federation.
 *
 * The statements each measured call sends (knex `query` events) are printed too.
 *
 *   DATABASE_CLIENT=postgres npm run bench:mandates -- 50000 10
 *   BENCH_DATABASE=mandates_bench …   (kept between runs: seeded once, reused when it holds the officials)
 *   BENCH_ONLY=preview …               (or national: that half alone)
 *   BENCH_CPU_PROFILE=/tmp/prof …      (a .cpuprofile of each part's timed runs)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { requestCache, type Actor } from '@intranet-militant/shared';
import { buildFederation } from '../src/seed/builders';
import { previewMandate } from '../plugins/mandates/server/src/commands/record-mandate';
import { evaluateFederation } from '../plugins/mandates/server/src/queries/breaches';
import { fixed, latencies, machine, reusedDatabase, seeded, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [officials, repeats] = readBenchArgs(BENCHES.mandates.args).positionals as number[];
const FEDERATIONS = 20;
const docId = () => randomUUID().replace(/-/g, '').slice(0, 24);
const today = new Date().toISOString().slice(0, 10);

withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  const random = seeded(16);
  const now = new Date().toISOString();
  const categories = new Map((await knex('mandates_categories').select('id', 'code')).map((c: any) => [c.code, Number(c.id)]));
  const seededBefore = reusedDatabase ? Number((await knex('membership_members').where('membership_number', 'like', 'B-%').count({ n: '*' }))[0].n) : 0;
  const built = await timed(async () => {
    if (seededBefore === officials) {
      const rows = await knex('membership_members').where('membership_number', 'like', 'B-%').orderBy('membership_number').select('id', 'document_id');
      return { memberIds: rows.map((r: any) => Number(r.id)), members: rows as { document_id: string }[], mandates: Number((await knex('mandates_mandates').count({ n: '*' }))[0].n) };
    }
    if (seededBefore) throw new Error(`${reusedDatabase} holds ${seededBefore} officials, not ${officials}: drop it or name another`);
    const federations: number[] = [];
    const codes = new Map<number, string>();
    for (let f = 0; f < FEDERATIONS; f++) {
      const federation = await buildFederation(strapi, { name: `Fédération ${f}`, departmentCode: String(40 + f) });
      federations.push(federation.id);
      codes.set(federation.id, String(40 + f));
    }
    const members = Array.from({ length: officials }, (_, i) => ({
      document_id: docId(), membership_number: `B-${String(i).padStart(7, '0')}`, first_name: 'Élu', last_name: `N${i}`, joined_on: '2010-01-01', membership_status: 'active', created_at: now, updated_at: now,
      // The admin panel's scope column (membership's admin-scope): a boot would otherwise backfill it member by member.
      federation_code: codes.get(federations[i % FEDERATIONS]),
    }));
    const memberIds = (await knex.batchInsert<Record<string, unknown>>('membership_members', members, 1000).returning('id')).map((r: any) => Number(r.id ?? r));
    await knex.batchInsert('membership_members_federation_lnk', memberIds.map((id, i) => ({ member_id: id, federation_id: federations[i % FEDERATIONS] })), 2000);
    // Each official: 1 to 5 mandates (3 on average) among current and past terms.
    const mandates: Record<string, unknown>[] = [];
    const links: { member: number; category: number; federation: number }[] = [];
    const kinds: [string, string][] = [['conseiller-municipal', '30189'], ['maire', '30007'], ['conseiller-departemental', '30'], ['conseiller-regional', '76'], ['depute', '30-01'], ['adjoint-maire', '30028'], ['collaborateur-parlementaire', '30']];
    for (const [i, member] of memberIds.entries()) {
      const n = 1 + Math.floor(random() * 5);
      for (let k = 0; k < n; k++) {
        const [category, territory] = kinds[Math.floor(random() * kinds.length)];
        const past = k >= 3;
        const year = past ? 2008 + 6 * (k - 3) : 2020 + k;
        mandates.push({
          document_id: docId(), territory_code: territory, territory_name: 'Territoire', start_on: `${year}-03-${String(10 + k).padStart(2, '0')}`, theoretical_end_on: `${year + 6}-03-${String(10 + k).padStart(2, '0')}`,
          end_on: null, source: 'staff', verification: 'verified', overlap_key: `${member}:${categories.get(category)}:${territory}:${k}`, created_at: now, updated_at: now,
          member_ref: member, federation_ref: federations[i % FEDERATIONS], category_code: category,
          // The admin panel's scope column (membership's admin-scope): a boot would otherwise backfill it row by row.
          federation_code: codes.get(federations[i % FEDERATIONS]),
          // Half the collaborators' posts name their employer (the official next in the list): the cross-member rule runs on them.
          employer_ref: category === 'collaborateur-parlementaire' && random() < 0.5 ? memberIds[(i + 1) % memberIds.length] : null,
        });
        links.push({ member, category: categories.get(category)!, federation: federations[i % FEDERATIONS] });
      }
    }
    const mandateIds = (await knex.batchInsert('mandates_mandates', mandates, 1000).returning('id')).map((r: any) => Number(r.id ?? r));
    await knex.batchInsert('mandates_mandates_member_lnk', mandateIds.map((id, j) => ({ mandate_id: id, member_id: links[j].member })), 2000);
    await knex.batchInsert('mandates_mandates_category_lnk', mandateIds.map((id, j) => ({ mandate_id: id, category_id: links[j].category })), 2000);
    await knex.batchInsert('mandates_mandates_federation_lnk', mandateIds.map((id, j) => ({ mandate_id: id, federation_id: links[j].federation })), 2000);
    const waivers = Array.from({ length: 500 }, (_, j) => ({ document_id: docId(), rule_id: 'L46-1', reason: 'Banc d’essai', granted_on: '2024-01-01', expires_on: '2030-01-01', created_at: now, updated_at: now, j }));
    const waiverIds = (await knex.batchInsert<Record<string, unknown>>('mandates_waivers', waivers.map(({ j: _j, ...w }) => w), 500).returning('id')).map((r: any) => Number(r.id ?? r));
    await knex.batchInsert('mandates_waivers_member_lnk', waiverIds.map((id, j) => ({ waiver_id: id, member_id: memberIds[j * 7] })), 500);
    await knex.raw(client() === 'postgres' ? 'ANALYZE' : 'ANALYZE');
    return { memberIds, members, mandates: mandates.length };
  });
  const { memberIds, members } = built.result;

  // Statements sent per call (knex `query` events), counted on the last call (the pool warm:
  // a new connection adds its `SET search_path`).
  // Only the measured call's own statements count (its async context), not the app's pollers meanwhile.
  let statements = 0;
  const counted = new AsyncLocalStorage<true>();
  knex.on('query', (q: { sql: string }) => {
    if (!counted.getStore()) return;
    statements++;
    if (process.env.BENCH_SQL) console.log(`    sql: ${q.sql.slice(0, 160)}`);
  });
  // BENCH_CPU_PROFILE=dir: a CPU profile of each measured part's timed runs (dir/<part>.cpuprofile).
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const session = profileDir ? new inspector.Session() : null;
  const post = (method: string) => new Promise<any>((resolve, reject) => session!.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  if (session) {
    session.connect();
    mkdirSync(profileDir!, { recursive: true });
    await post('Profiler.enable');
  }
  const measure = async (part: string, run: () => Promise<unknown>) => {
    await run(); // warm
    const ms: number[] = [];
    if (session) await post('Profiler.start');
    for (let i = 0; i < repeats; i++) {
      statements = 0;
      ms.push((await counted.run(true, () => timed(run))).seconds * 1000);
    }
    if (session) writeFileSync(path.join(profileDir!, `${part}.cpuprofile`), JSON.stringify((await post('Profiler.stop')).profile));
    return { ...latencies(ms), statements };
  };
  const national = await evaluateFederation(strapi, null, today);
  const plainScan = () => knex('mandates_mandates').select('document_id', 'member_ref', 'category_code', 'territory_code', 'start_on', 'end_on', 'federation_ref', 'employer_ref');
  const actor: Actor = { userId: 0, label: 'banc d’essai', role: 'national-admin', memberId: null, memberDocumentId: null, federationId: null, sectionId: null, status: null };
  const who = members[1234].document_id;
  const input = { member: who, category: 'conseiller-regional', territoryCode: '76', territoryName: 'Occitanie', startOn: '2026-01-15' };
  const memberId = memberIds[1234];
  const plainOne = () => knex('mandates_mandates').where('member_ref', memberId).select('document_id', 'category_code', 'territory_code', 'start_on', 'end_on');
  // BENCH_ONLY=preview or national: measure that half alone (quicker while working on it).
  const only = process.env.BENCH_ONLY;
  const none = { ...latencies([]), statements: 0 };
  const results = {
    national: only === 'preview' ? none : await measure('national', () => evaluateFederation(strapi, null, today)),
    scan: only === 'preview' ? none : await measure('scan', plainScan),
    preview: only === 'national' ? none : await measure('preview', () => previewMandate(strapi, actor, input)),
    plainOne: only === 'national' ? none : await measure('plain-one', plainOne),
  };
  const line = (label: string, l: ReturnType<typeof latencies> & { statements: number }) =>
    `  ${label.padEnd(56)} p50 ${fixed(l.p50, 1).padStart(8)} ms   p95 ${fixed(l.p95, 1).padStart(8)} ms   ${fixed(l.statements)} statement${l.statements === 1 ? '' : 's'}`;
  const inBreach = new Set(national.violations.filter((v) => !v.waiver).map((v) => v.memberId)).size;
  console.log(`\nMandate rules — ${fixed(officials)} officials, ${fixed(built.result.mandates)} mandates, ${FEDERATIONS} federations, ${repeats} runs each (${machine()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log(`  ${seededBefore ? 'reused' : 'built'} in ${fixed(built.seconds, 1)} s; ${fixed(national.violations.length)} violations, ${fixed(inBreach)} officials in breach`);
  const byRule = new Map<string, number>();
  for (const v of national.violations) byRule.set(v.ruleId, (byRule.get(v.ruleId) ?? 0) + 1);
  console.log(`  violations by rule: ${[...byRule].map(([rule, n]) => `${rule} ${fixed(n)}`).join(', ')}`);
  console.log(line('national view: every rule, every official', results.national));
  console.log(line('plain scan of the same mandate rows', results.scan));
  console.log(`  ratio national view / plain scan, p50                      ${fixed(results.national.p50 / results.scan.p50, 1)}`);
  console.log(line('one official: preview of a new mandate', results.preview));
  console.log(line('one official: plain read of their mandate rows', results.plainOne));
  console.log(`  ratio preview / plain read, p50                            ${fixed(results.preview.p50 / results.plainOne.p50, 1)}`);
  console.log(`  request caches (catalogue, rule sets): ${requestCache(strapi).enabled ? 'on' : 'off'}, ${fixed(requestCache(strapi).stats.hits)} hits, ${fixed(requestCache(strapi).stats.misses)} misses`);
  console.log(`  goals: national p95 ≤ 1 000 ms (${results.national.p95 <= 1000 ? 'met' : 'missed'}), preview p95 ≤ 10 ms (${results.preview.p95 <= 10 ? 'met' : 'missed'})`);
  function client() {
    return strapi.db.dialect.client;
  }
});
