/**
 * Attendance indicators at scale (issue 15): 10,000 seats over five years of monthly
 * meetings (about 600,000 attendance rows), spread over 10 federations of 10 bodies of
 * 100 seats; every member holds two seats in different bodies. Measures the indicator
 * query (`seatIndicators`, queries/indicators.ts: the SQL the API runs) for all seats of
 * one federation and for one member, beside a plain `count(*)` of the same rows in the
 * same run. Goal: federation ≤ 200 ms, member ≤ 20 ms (PostgreSQL).
 *
 * Bodies go through the query engine (their federation link); seats, meetings and sheets
 * are bulk-inserted (the query reads only the plugin's own columns).
 *
 *   DATABASE_CLIENT=postgres npm run bench:bodies -- 10 30
 */
import { randomUUID } from 'node:crypto';
import { buildFederation } from '../src/seed/builders';
import { seatIndicators } from '../plugins/bodies/server/src/queries/indicators';
import { fixed, latencies, machine, seeded, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const [federations, repeats] = readBenchArgs(BENCHES.bodies.args).positionals as number[];
const BODIES_PER_FEDERATION = 10;
const SEATS_PER_BODY = 100;
const MONTHS = 60;
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  const random = seeded(15);
  const start = Date.now() - MONTHS * 30 * DAY;
  const now = new Date().toISOString();
  const built = await timed(async () => {
    const bodyIds: number[][] = [];
    for (let f = 0; f < federations; f++) {
      const federation = await buildFederation(strapi, { name: `Fédération ${f}`, departmentCode: String(10 + f) });
      const ids: number[] = [];
      for (let b = 0; b < BODIES_PER_FEDERATION; b++) {
        const body = await strapi.db.query('plugin::bodies.body').create({ data: { name: `Instance ${f}-${b}`, level: 'federation', kind: 'conseil', seatCount: SEATS_PER_BODY, absenceAlertAfter: 3, federation: federation.id } });
        ids.push(body.id);
      }
      bodyIds.push(ids);
    }
    const allBodies = bodyIds.flat();
    let seatIndex = 0;
    let rows = 0;
    for (const [bi, bodyId] of allBodies.entries()) {
      const meetings = Array.from({ length: MONTHS }, (_, m) => {
        const held = start + (m * 30 + (bi % 20)) * DAY;
        return { document_id: randomUUID().replace(/-/g, '').slice(0, 24), starts_at: new Date(held).toISOString(), held_on: dayOf(held), duration_minutes: 120, meeting_status: random() < 0.05 ? 'cancelled' : 'held', created_at: now, updated_at: now };
      });
      const meetingIds = (await knex.batchInsert<Record<string, unknown>>('bodies_meetings', meetings, 500).returning('id')).map((r: any) => Number(r.id ?? r));
      const seats = Array.from({ length: SEATS_PER_BODY }, () => {
        const i = seatIndex++;
        // Member i holds seats i and i + 5,000 (two bodies); a tenth start mid-period, one in twenty ended early.
        const member = (i % 5000) + 1;
        const r = random();
        const startOn = r < 0.1 ? dayOf(start + Math.floor(random() * MONTHS * 15) * DAY) : dayOf(start - DAY);
        const endOn = r > 0.95 ? dayOf(start + Math.floor((MONTHS * 15 + random() * MONTHS * 15)) * DAY) : null;
        return { member, row: { document_id: randomUUID().replace(/-/g, '').slice(0, 24), role: 'titulaire', designation: 'elected-congress', start_on: startOn, end_on: endOn, overlap_key: `${bodyId}:${member}:titulaire`, created_at: now, updated_at: now } };
      });
      const seatIds = (await knex.batchInsert<Record<string, unknown>>('bodies_seats', seats.map((s) => s.row), 500).returning('id')).map((r: any) => Number(r.id ?? r));
      const sheet: Record<string, unknown>[] = [];
      for (const [m, meeting] of meetings.entries()) {
        if (meeting.meeting_status !== 'held') continue;
        for (const [s, seat] of seats.entries()) {
          if (meeting.held_on < seat.row.start_on || (seat.row.end_on && meeting.held_on >= seat.row.end_on)) continue;
          const r = random();
          sheet.push({
            meeting_id: meetingIds[m], seat_id: seatIds[s], member_id: seat.member, body_id: bodyId, held_on: meeting.held_on,
            presence: r < 0.05 ? null : r < 0.6 ? 'present' : r < 0.7 ? 'remote' : r < 0.8 ? 'excused' : 'absent',
            arrived_late: false, left_early: false, replaced: r > 0.98,
          });
        }
      }
      for (let i = 0; i < sheet.length; i += 2000) await knex('bodies_attendance').insert(sheet.slice(i, i + 2000));
      rows += sheet.length;
    }
    await knex.raw('ANALYZE');
    return { rows, seats: seatIndex };
  });
  const { rows, seats } = built.result;
  const federation = await strapi.db.query('plugin::membership.federation').findOne({ where: { departmentCode: '10' } });
  const member = 1234;

  const measure = async (run: () => Promise<unknown>) => {
    await run(); // warm
    const ms: number[] = [];
    for (let i = 0; i < repeats; i++) ms.push((await timed(run)).seconds * 1000);
    return latencies(ms);
  };
  const fedCount = () => knex.raw('SELECT count(*) FROM bodies_attendance WHERE body_id IN (SELECT body_id FROM bodies_bodies_federation_lnk WHERE federation_id = ?)', [federation.id]);
  const memberCount = () => knex.raw('SELECT count(*) FROM bodies_attendance WHERE member_id = ?', [member]);
  const fedRows = await seatIndicators(strapi, { federationId: federation.id });
  const memberRows = await seatIndicators(strapi, { memberId: member });
  const results = {
    fedIndicators: await measure(() => seatIndicators(strapi, { federationId: federation.id })),
    fedCount: await measure(fedCount),
    memberIndicators: await measure(() => seatIndicators(strapi, { memberId: member })),
    memberCount: await measure(memberCount),
  };
  const line = (label: string, l: ReturnType<typeof latencies>) => `  ${label.padEnd(44)} p50 ${fixed(l.p50, 1).padStart(7)} ms   p95 ${fixed(l.p95, 1).padStart(7)} ms`;
  console.log(`\nAttendance indicators — ${fixed(seats)} seats, ${fixed(rows)} attendance rows, ${federations} federations, ${repeats} runs each (${machine()})`);
  console.log(`  built in ${fixed(built.seconds, 1)} s`);
  console.log(line(`one federation: indicators (${fedRows.length} seats)`, results.fedIndicators));
  console.log(line('one federation: count(*) of the same rows', results.fedCount));
  console.log(`  ratio indicators / count(*), p50            ${fixed(results.fedIndicators.p50 / results.fedCount.p50, 1)}`);
  console.log(line(`one member: indicators (${memberRows.length} seats)`, results.memberIndicators));
  console.log(line('one member: count(*) of the same rows', results.memberCount));
  console.log(`  ratio indicators / count(*), p50            ${fixed(results.memberIndicators.p50 / results.memberCount.p50, 1)}`);
  console.log(`  goals: federation p95 ≤ 200 ms (${results.fedIndicators.p95 <= 200 ? 'met' : 'missed'}), member p95 ≤ 20 ms (${results.memberIndicators.p95 <= 20 ? 'met' : 'missed'})`);
});
