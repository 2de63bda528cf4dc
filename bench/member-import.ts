/**
 * Member import throughput (issue 22): a generated CSV of N members (Windows-1252, `;`,
 * French dates, one due each, four sections) read, dry-run and imported through the same
 * commands as the admin panel and `npm run members:import`; rows/s per phase and the
 * process's peak memory (RSS, sampled every 50 ms). Baseline in the same run (PostgreSQL):
 * a bare `COPY` of the same file into a plain table with the same columns.
 *
 * Several sizes run one after the other in the same process (default 10,000 then 50,000).
 * Peak RSS is what the operating system sees; it grows as V8 lets its heap grow. What the
 * import *retains* is measured apart: the used heap after a full garbage collection
 * (`v8.getHeapStatistics().used_heap_size` after `gc()`) once booted, in the middle of each
 * write (half the rows done: what a running import holds) and after each size. A retained
 * heap that does not grow with the row count shows the import keeps no row it is done with.
 *
 *   DATABASE_CLIENT=postgres npm run bench:member-import -- 10000 50000
 *   npm run bench:member-import -- 50000
 */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { buildFederation, buildSection } from '../src/seed/builders';
import { client, fixed, machine, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [SIZES] = readBenchArgs(BENCHES['member-import'].args).positionals as number[][];
const SECTIONS = ['Nîmes', 'Alès', 'Uzès', 'Le Vigan'];
const FIRST = ['Léa', 'Émile', 'Chloé', 'Noé', 'Inès', 'Zoé', 'Jérôme', 'Anaïs', 'François', 'Maëlle'];
const LAST = ['Cœur', 'Dupré', 'Martin', 'Bernard', 'Lefèvre', 'Garnier', 'Rousseau', 'Mercier', 'Faure', 'Girard'];

function csv(n: number, run: number): string {
  const year = new Date().getFullYear();
  const lines = ['N° adhérent;Nom;Prénom;E-mail;Téléphone;Section;Date d’adhésion;Année;Montant;Payée le;Mode de paiement'];
  for (let i = 0; i < n; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    lines.push([
      `B${run}-${String(i).padStart(7, '0')}`, LAST[i % 10], FIRST[(i * 7) % 10], `adherent${i}@bench${run}.exemple.fr`, `06 ${String(i % 100).padStart(2, '0')} 00 00 00`,
      SECTIONS[i % 4], `${day}/${month}/${2000 + (i % 20)}`, year, `${24 + (i % 5)},00`, `${day}/01/${year}`, ['Chèque', 'Virement', 'Prélèvement', 'CB'][i % 4],
    ].join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// A full collection on demand, without starting node with --expose-gc.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
/** MiB of heap still used after a full garbage collection: what the process retains. */
function retainedMiB(): number {
  collect();
  collect();
  return v8.getHeapStatistics().used_heap_size / 1048576;
}

withStrapi(async (strapi) => {
  const load = createRequire(__filename);
  const imports = load('../plugins/membership/dist/server/commands/import-members.js') as typeof import('../plugins/membership/server/src/commands/import-members');
  const actor = { userId: 0, label: 'bench', role: 'national-admin' as const, memberId: null, memberDocumentId: null, federationId: null, sectionId: null, status: null };
  const booted = process.memoryUsage().rss;
  const bootHeap = retainedMiB();
  const heaps: { rows: number; midWrite: number; after: number }[] = [];
  let peak = booted;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const peaks: [number, number][] = [];
  try {
    for (const [run, rows] of SIZES.entries()) {
      const federation = await buildFederation(strapi, { name: `Gard ${run + 1}`, departmentCode: String(30 + run) });
      for (const name of SECTIONS) await buildSection(strapi, federation, name);
      const file = path.join(os.tmpdir(), `bench-import-${process.pid}-${run}.csv`);
      writeFileSync(file, iconv.encode(csv(rows, run), 'win1252'), { mode: 0o644 });
      try {
        let baseline: number | null = null;
        if (client === 'postgres') {
          const knex = strapi.db.connection;
          await knex.raw(`DROP TABLE IF EXISTS bench_copy`);
          await knex.raw(`CREATE TABLE bench_copy (number text, last_name text, first_name text, email text, phone text, section text, joined_on text, year int, amount text, paid_on text, method text)`);
          // The same bytes, read by the server itself: the floor of any import.
          baseline = (await timed(() => knex.raw(`COPY bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true, DELIMITER ';', ENCODING 'WIN1252')`))).seconds;
        }
        const preview = await timed(() => imports.startImport(strapi, actor as any, { path: file, fileName: 'bench.csv', federation: federation.documentId }));
        const job = preview.result as any;
        if (job.preview.counts?.create !== rows) throw new Error(`dry run: ${JSON.stringify(job.preview)}`);
        await imports.confirmImport(strapi, actor as any, job.documentId, { invite: false, createSections: [] });
        let midWrite = 0;
        const write = await timed(() => imports.runImport(strapi, job.id, {
          onProgress: (done, total) => { if (!midWrite && done >= total / 2) midWrite = retainedMiB(); },
        }));
        const again = await timed(() => imports.startImport(strapi, actor as any, { path: file, fileName: 'bench.csv', federation: federation.documentId }));
        const members = await strapi.db.query('plugin::membership.member').count({ where: { federation: { id: federation.id } } });
        const total = preview.seconds + write.seconds;
        console.log(`\nMember import — ${fixed(rows)} rows, Windows-1252 CSV (${machine()})`);
        if (baseline !== null) console.log(`  bare COPY (baseline)          ${fixed(baseline, 2).padStart(7)} s  ${fixed(rows / baseline).padStart(9)} rows/s`);
        console.log(`  read + dry run                ${fixed(preview.seconds, 2).padStart(7)} s  ${fixed(rows / preview.seconds).padStart(9)} rows/s`);
        console.log(`  write (batches of 500)        ${fixed(write.seconds, 2).padStart(7)} s  ${fixed(rows / write.seconds).padStart(9)} rows/s   ${JSON.stringify(write.result)}`);
        console.log(`  whole import                  ${fixed(total, 2).padStart(7)} s  ${fixed(rows / total).padStart(9)} rows/s${baseline !== null ? `   ratio COPY / import ${fixed(baseline / total, 3)}` : ''}`);
        console.log(`  same file again (dry run)     ${fixed(again.seconds, 2).padStart(7)} s  ${JSON.stringify((again.result as any).preview.counts)}`);
        console.log(`  members in the federation     ${fixed(members)}`);
        console.log(`  peak RSS so far               ${fixed(peak / 1048576)} MiB (${fixed((peak - booted) / 1048576)} MiB above the booted server)`);
        peaks.push([rows, peak]);
        const after = retainedMiB();
        heaps.push({ rows, midWrite, after });
        console.log(`  heap retained after GC        ${fixed(midWrite)} MiB halfway through the write, ${fixed(after)} MiB after (booted: ${fixed(bootHeap)} MiB)`);
      } finally {
        rmSync(file, { force: true });
      }
    }
    console.log(`\nPeak RSS by size (one process, sizes in turn; booted server ${fixed(booted / 1048576)} MiB)`);
    for (const [rows, p] of peaks) console.log(`  ${fixed(rows).padStart(7)} rows   ${fixed(p / 1048576).padStart(5)} MiB   +${fixed((p - booted) / 1048576)} MiB`);
    console.log(`\nHeap retained after a full GC (v8.getHeapStatistics().used_heap_size; booted server ${fixed(bootHeap)} MiB)`);
    for (const h of heaps) console.log(`  ${fixed(h.rows).padStart(7)} rows   halfway through the write ${fixed(h.midWrite).padStart(5)} MiB (+${fixed(h.midWrite - bootHeap)})   after ${fixed(h.after).padStart(5)} MiB (+${fixed(h.after - bootHeap)})`);
  } finally {
    clearInterval(sampler);
  }
});
