import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from './support/strapi';
import { createWorld, type World } from './support/factories';
import { bearer } from './support/expect';
import { startInstance, type Instance } from './support/instances';

/**
 * Strapi 5 reserves the attribute name `status` (draft & publish): a meeting's, a minutes
 * version's and a mandate report question's state were renamed `meetingStatus`,
 * `minutesStatus` and `questionStatus`, their columns by migrations that keep the values
 * (database/migrations/2026.12.06T18.00.00.meeting-status.js,
 * 2026.12.06T19.30.00.minutes-and-question-status.js). Here a database of the former schema
 * (the columns named `status`, the migrations not yet run) boots in a real instance, and every
 * row keeps its state; the API still answers `status`.
 */
const load = createRequire(import.meta.url);
const MIGRATIONS = ['2026.12.06T18.00.00.meeting-status.js', '2026.12.06T19.30.00.minutes-and-question-status.js'];
const minutesAndQuestions = load(`../database/migrations/${MIGRATIONS[1]}`) as { up: (knex: any) => Promise<void> };
/** Each renamed column: its table, its former and new names, the rows made here and their values. */
const COLUMNS = [
  { table: 'bodies_meetings', column: 'meeting_status', values: ['held', 'cancelled', 'planned'] },
  { table: 'bodies_minutes', column: 'minutes_status', values: ['draft', 'approved', 'published'] },
  { table: 'mandates_questions', column: 'question_status', values: ['pending', 'published', 'rejected'] },
] as const;

let strapi: Core.Strapi;
let w: World;
let child: Instance | undefined;
const ids: Record<string, number[]> = {};
let heldMeeting: string;

afterAll(async () => {
  await child?.stop();
});

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  const created = await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Conseil (colonnes)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 5 });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const body = await strapi.db.query('plugin::bodies.body').findOne({ where: { documentId: created.body.data.documentId } });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const meetings = [];
  for (const [n, meetingStatus] of [[-3, 'held'], [-2, 'cancelled'], [5, 'planned']] as const) {
    meetings.push(await strapi.db.query('plugin::bodies.meeting').create({ data: { body: body.id, startsAt: day(n), heldOn: day(n).slice(0, 10), place: 'Nîmes', meetingStatus } }));
  }
  ids.bodies_meetings = meetings.map((m) => m.id);
  heldMeeting = meetings[0].documentId;
  ids.bodies_minutes = [];
  for (const [i, minutesStatus] of (['draft', 'approved', 'published'] as const).entries()) {
    const version = i + 1;
    const row = await strapi.db.query('plugin::bodies.minutes').create({ data: { meeting: meetings[0].id, version, versionKey: `${meetings[0].id}:${version}`, minutesStatus, summary: `Version ${version}` } });
    ids.bodies_minutes.push(row.id);
  }
  ids.mandates_questions = [];
  for (const questionStatus of ['pending', 'published', 'rejected'] as const) {
    ids.mandates_questions.push((await strapi.db.query('plugin::mandates.question').create({ data: { author: w.member.member.id, text: `Question ${questionStatus}`, questionStatus } })).id);
  }
}, 300_000);

const knex = () => strapi.db.connection;
const valuesOf = async (table: string, column: string) => (await knex()(table).whereIn('id', ids[table]).orderBy('id').select(column)).map((r: any) => r[column]);
const stored = async () => Object.fromEntries(await Promise.all(COLUMNS.map(async ({ table, column }) => [table, await valuesOf(table, column)])));
const expected = Object.fromEntries(COLUMNS.map(({ table, values }) => [table, values]));
const versionStatuses = async () => {
  const res = await (await api()).get(`/api/bodies/meetings/${heldMeeting}/minutes`).set(bearer(w.staff.token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.versions.map((v: any) => v.status).sort();
};

describe('the columns renamed from `status`', () => {
  it('a database of the former schema boots with every meeting’s, minutes version’s and question’s state kept', { timeout: 300_000 }, async () => {
    expect(await stored()).toEqual(expected);
    expect(await versionStatuses()).toEqual(['approved', 'draft', 'published']);
    // The former schema: the columns are `status`, and the migrations have not run.
    for (const { table, column } of COLUMNS) await knex().raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, column, 'status']);
    await knex()('strapi_migrations').whereIn('name', MIGRATIONS).del();
    // A real boot on that database: the migrations, then Strapi's schema sync.
    child = await startInstance();
    expect((await fetch(child.url('/_ready'))).status).toBe(200);
    expect(await child.stop()).toBe(0);
    child = undefined;
    for (const { table } of COLUMNS) expect({ table, status: await knex().schema.hasColumn(table, 'status') }).toEqual({ table, status: false });
    expect(await stored()).toEqual(expected);
    expect((await knex()('strapi_migrations').whereIn('name', MIGRATIONS).select('name')).map((r: any) => r.name).sort()).toEqual(MIGRATIONS);
    // The API still answers `status`.
    expect(await versionStatuses()).toEqual(['approved', 'draft', 'published']);
    const question = await strapi.db.query('plugin::mandates.question').findOne({ where: { id: ids.mandates_questions[1] } });
    expect(question.questionStatus).toBe('published');
  });

  it('the migration also moves the values when a sync already added the new columns, and changes nothing run again', async () => {
    for (const { table, column } of COLUMNS.slice(1)) {
      await knex().raw('ALTER TABLE ?? ADD COLUMN status varchar(255)', [table]);
      await knex()(table).update({ status: knex().ref(column) });
      await knex()(table).whereIn('id', ids[table]).update({ [column]: null });
    }
    await minutesAndQuestions.up(knex());
    expect(await stored()).toEqual(expected);
    for (const { table } of COLUMNS) expect(await knex().schema.hasColumn(table, 'status')).toBe(false);
    await minutesAndQuestions.up(knex());
    expect(await stored()).toEqual(expected);
  });
});
