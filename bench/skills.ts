/**
 * The skills directory at scale (issue 18): 100,000 members' profiles with about ten
 * skills each (a million links) over 60 skills in a two-level hierarchy, 20 federations of
 * 5 sections, every visibility level. Measures, on the API's own SQL, a directory search
 * by one skill (with its descendants) as a member sees it (a page of 20 and the total),
 * and the staff's matching (« qui peut animer une formation sur X ? », ranked, 10 best),
 * beside a naive join scan in the same run: every link of the skill's subtree joined to
 * its profile and filtered by the pure predicate in JavaScript.
 * Goals (PostgreSQL): search p95 ≤ 50 ms, matching p95 ≤ 100 ms.
 *
 * Profiles and links are bulk-inserted (the queries read only the plugin's own tables).
 *
 *   DATABASE_CLIENT=postgres npm run bench:skills -- 100000 30
 */
import { randomUUID } from 'node:crypto';
import { directoryWhere, runDirectory } from '../plugins/skills/server/src/queries/directory';
import { allTerms } from '../plugins/skills/server/src/queries/terms';
import { matchPeople } from '../plugins/skills/server/src/services/matching';
import { sees, type DirectoryViewer } from '../plugins/skills/server/src/domain/visibility';
import { withDescendants } from '../plugins/skills/server/src/domain/terms';
import { FIELD_LEVELS, PROFILE_LEVELS } from '../plugins/skills/server/src/domain/vocabulary';
import { fixed, latencies, machine, seeded, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [profiles, repeats] = readBenchArgs(BENCHES.skills.args).positionals as number[];
const FEDERATIONS = 20;
const SECTIONS = 5;
const PARENTS = 10;
const CHILDREN = 5;

withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  const random = seeded(18);
  const now = new Date().toISOString();
  const built = await timed(async () => {
    const termIds: number[] = [];
    for (let p = 0; p < PARENTS; p++) {
      const [parent] = await knex('skills_terms').insert({ slug: `parent-${p}`, kind: 'skill', label: `Domaine ${p}`, key: `domaine ${p}`, search_keys: `|domaine ${p}|`, status: 'active', created_at: now }).returning('id');
      const parentId = Number(parent.id ?? parent);
      termIds.push(parentId);
      for (let c = 0; c < CHILDREN; c++) {
        const [child] = await knex('skills_terms').insert({ slug: `skill-${p}-${c}`, kind: 'skill', label: `Compétence ${p}-${c}`, key: `competence ${p} ${c}`, search_keys: `|competence ${p} ${c}|`, parent_id: parentId, status: 'active', created_at: now }).returning('id');
        termIds.push(Number(child.id ?? child));
      }
    }
    let links = 0;
    const batch = 5000;
    for (let start = 0; start < profiles; start += batch) {
      const rows = [];
      for (let i = start; i < Math.min(profiles, start + batch); i++) {
        const federation = (i % FEDERATIONS) + 1;
        const r = random();
        const visibility = PROFILE_LEVELS[Math.floor(random() * PROFILE_LEVELS.length)];
        const level = (x: number) => (x < 0.8 ? visibility : FIELD_LEVELS[Math.floor(random() * FIELD_LEVELS.length)]);
        rows.push({
          document_id: randomUUID().replace(/-/g, '').slice(0, 24), member_id: i + 1, federation_id: federation, section_id: federation * 100 + (i % SECTIONS),
          display_name: `Adhérent ${String(i).padStart(6, '0')}`, section_name: `Section ${i % SECTIONS}`, listed: r < 0.9, member_active: true, visibility,
          skills_level: level(random()), sector_level: visibility, networks_level: visibility, interests_level: visibility, availability_level: level(random()), languages_level: visibility, email_level: 'private', phone_level: 'private',
          willingness: random() < 0.3 ? ',train,write,' : ',campaign,', hours_per_month: Math.floor(random() * 20), languages: ',fr,', created_at: now, updated_at: now,
        });
      }
      const ids = (await knex.batchInsert<Record<string, unknown>>('skills_profiles', rows, 1000).returning('id')).map((r: any) => Number(r.id ?? r));
      const linkRows: Record<string, unknown>[] = [];
      for (const id of ids) {
        const chosen = new Set<number>();
        // Skewed popularity: low term indexes are common skills.
        while (chosen.size < 10) chosen.add(termIds[Math.floor(random() ** 2 * termIds.length)]);
        for (const term of chosen) linkRows.push({ profile_id: id, term_id: term, kind: 'skill', level: 1 + Math.floor(random() * 4), confirmed_at: random() < 0.1 ? now : null });
      }
      for (let i = 0; i < linkRows.length; i += 5000) await knex('skills_profile_terms').insert(linkRows.slice(i, i + 5000));
      links += linkRows.length;
    }
    await knex.raw(strapi.db.dialect.client === 'postgres' ? 'ANALYZE' : 'ANALYZE');
    return { links };
  });

  const terms = await allTerms(knex);
  const skills = terms.filter((t) => t.parent_id != null).map((t) => t.slug);
  const member: DirectoryViewer = { role: 'member', federationId: 1, sectionId: 100 };
  const staff: DirectoryViewer = { role: 'federation-staff', federationId: 1, sectionId: null };
  const pickSkill = (i: number) => skills[(i * 7) % skills.length];
  const measure = async (run: (i: number) => Promise<unknown>) => {
    await run(0); // warm
    const ms: number[] = [];
    for (let i = 1; i <= repeats; i++) ms.push((await timed(() => run(i))).seconds * 1000);
    return latencies(ms);
  };
  const search = (i: number) => runDirectory(knex, directoryWhere(member, terms, { skills: [pickSkill(i)], networks: [], interests: [], willing: [] })!, 1, 20);
  const parentSearch = (i: number) => runDirectory(knex, directoryWhere(member, terms, { skills: [`parent-${i % PARENTS}`], networks: [], interests: [], willing: [] })!, 1, 20);
  const matching = (i: number) => matchPeople(strapi, { viewer: staff, skill: pickSkill(i), federationId: 1, sectionId: 100, limit: 10 });
  /** The naive way: every link of the subtree joined to its profile, the rule applied in JavaScript, sorted, paged. */
  const naive = async (i: number) => {
    const root = terms.find((t) => t.slug === pickSkill(i))!;
    const ids = withDescendants(terms, [root.id]);
    const rows: any[] = await knex('skills_profile_terms as t')
      .join('skills_profiles as p', 'p.id', 't.profile_id')
      .whereIn('t.term_id', ids)
      .select('p.id', 'p.display_name', 'p.listed', 'p.visibility', 'p.skills_level', 'p.federation_id', 'p.section_id');
    const seen = new Map<number, any>();
    for (const r of rows) {
      const target = { listed: Boolean(r.listed), federationId: Number(r.federation_id), sectionId: Number(r.section_id) };
      if (sees(member, target, r.visibility) && sees(member, target, r.skills_level)) seen.set(Number(r.id), r);
    }
    const sorted = [...seen.values()].sort((a, b) => String(a.display_name).localeCompare(String(b.display_name)) || a.id - b.id);
    return { ids: sorted.slice(0, 20).map((r) => r.id), total: sorted.length };
  };
  const sample = await search(1);
  const sampleNaive = await naive(1);
  if (Math.min(sampleNaive.total, 1000) !== sample.total || sample.ids.join() !== sampleNaive.ids.join()) throw new Error(`search and naive scan disagree: ${sample.total} / ${sampleNaive.total}`);
  const results = {
    search: await measure(search),
    parentSearch: await measure(parentSearch),
    matching: await measure(matching),
    naive: await measure(naive),
  };
  const line = (label: string, l: ReturnType<typeof latencies>) => `  ${label.padEnd(58)} p50 ${fixed(l.p50, 1).padStart(7)} ms   p95 ${fixed(l.p95, 1).padStart(7)} ms`;
  console.log(`\nSkills directory — ${fixed(profiles)} profiles, ${fixed(built.result.links)} skill links, ${terms.length} terms, ${repeats} runs each (${machine()})`);
  console.log(`  built in ${fixed(built.seconds, 1)} s; one search finds ${fixed(sampleNaive.total)} profiles for a member (counted up to 1 000)`);
  console.log(line('directory search, one skill (page of 20 + total)', results.search));
  console.log(line('directory search, a parent skill (6 terms)', results.parentSearch));
  console.log(line('matching for staff (10 best, ranked)', results.matching));
  console.log(line('naive join scan + predicate in JS (same answer)', results.naive));
  console.log(`  ratio naive / search, p50                                ${fixed(results.naive.p50 / results.search.p50, 1)}`);
  console.log(`  goals: search p95 ≤ 50 ms (${results.search.p95 <= 50 && results.parentSearch.p95 <= 50 ? 'met' : 'missed'}), matching p95 ≤ 100 ms (${results.matching.p95 <= 100 ? 'met' : 'missed'})`);
});
