import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { parisDate } from '@intranet-militant/shared';

/**
 * Staff manage their federation's bodies, seats and meetings in the admin panel (Content
 * Manager API), with the API's rules: seats never overlap (409 naming the seat) and are
 * only ended, meetings change while planned and convene the seat holders; nothing of
 * another federation; minutes are not there (the portal's editor, frozen once approved).
 */
let w: World;
let staffToken: string;
const CM = '/content-manager/collection-types';
const BODY = 'plugin::bodies.body';
const SEAT = 'plugin::bodies.seat';
const MEETING = 'plugin::bodies.meeting';
const require = createRequire(import.meta.url);
const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  w = await createWorld();
  staffToken = await adminToken(`instances.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
});

const cm = async (method: 'get' | 'post' | 'put', path: string, body?: object) => {
  const req = (await api())[method](`${CM}/${path}`).set(bearer(staffToken));
  return body ? req.send(body) : req;
};
const connect = (documentId: string) => ({ connect: [{ documentId }] });

describe('bodies in the admin panel', () => {
  it('staff create their federation’s body, seats and a meeting; the same rules as the API hold', async () => {
    const body = await cm('post', BODY, { name: 'Bureau fédéral (panneau)', level: 'federation', kind: 'bureau', seatCount: 9, absenceAlertAfter: 3, federation: connect(w.federation.documentId) });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const bodyId = body.body.data.documentId;
    const seat = await cm('post', SEAT, { body: connect(bodyId), member: connect(w.member.member.documentId), role: 'titulaire', designation: 'elected-congress', startOn: daysAgo(300) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
    const seatId = seat.body.data.documentId;
    // Overlap: 409 naming the seat, and nothing written.
    const strapi = await bootStrapi();
    const before = await strapi.db.query(SEAT).count();
    const clash = await cm('post', SEAT, { body: connect(bodyId), member: connect(w.member.member.documentId), role: 'titulaire', designation: 'co-opted', startOn: daysAgo(100) });
    expectError(clash, 409, 'chevauche');
    expect(await strapi.db.query(SEAT).count()).toBe(before);
    // End before start → 400; a member of another federation → 400.
    expectError(await cm('post', SEAT, { body: connect(bodyId), member: connect(w.memberB.member.documentId), role: 'titulaire', designation: 'co-opted', startOn: daysAgo(10), endOn: daysAgo(20) }), 400, 'après le début');
    expect([400, 403]).toContain((await cm('post', SEAT, { body: connect(bodyId), member: connect(w.otherMember.member.documentId), role: 'titulaire', designation: 'co-opted', startOn: daysAgo(10) })).status);
    // A seat is ended, never rewritten.
    const ended = await cm('put', `${SEAT}/${seatId}`, { endOn: daysAgo(5) });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expectError(await cm('put', `${SEAT}/${seatId}`, { endOn: daysAgo(1) }), 409, 'prend déjà fin');
    // The API sees the same seat, and the half-open range lets the next one start on its end.
    const next = await cm('post', SEAT, { body: connect(bodyId), member: connect(w.member.member.documentId), role: 'titulaire', designation: 'elected-council', startOn: daysAgo(5) });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const meeting = await cm('post', MEETING, { body: connect(bodyId), startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: 'Nîmes', durationMinutes: 90 });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const shown = await (await api()).get(`/api/bodies/meetings/${meeting.body.data.documentId}`).set(bearer(w.member.token));
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.data).toMatchObject({ status: 'planned', convocations: 1 });
    // Once held (from the portal), the meeting no longer changes in the panel either.
    const held = await (await api()).post(`/api/bodies/meetings/${meeting.body.data.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'cancelled' });
    expect(held.status).toBe(200);
    // The panel reads the status the API wrote (`meetingStatus`: `status` is Strapi's draft & publish).
    const inPanel = await cm('get', `${MEETING}/${meeting.body.data.documentId}`);
    expect(inPanel.body.data.meetingStatus, JSON.stringify(inPanel.body)).toBe('cancelled');
    expectError(await cm('put', `${MEETING}/${meeting.body.data.documentId}`, { place: 'Alès' }), 409, 'ne change plus');
  });

  it("the migration that renamed a meeting’s `status` column keeps every meeting’s value, whether the sync added the new column or not", async () => {
    const strapi = await bootStrapi();
    const knex = strapi.db.connection;
    const migration = require('../../../database/migrations/2026.12.06T18.00.00.meeting-status.js');
    const seeded = await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Conseil (migration)', level: 'federation', kind: 'conseil', federation: w.federation.documentId, seatCount: 5 });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    const body = await strapi.db.query(BODY).findOne({ where: { documentId: seeded.body.data.documentId } });
    const ids: number[] = [];
    for (const [days, meetingStatus] of [[-3, 'held'], [-2, 'cancelled'], [5, 'planned']] as const) {
      const row = await strapi.db.query(MEETING).create({ data: { body: body.id, startsAt: new Date(Date.now() + days * 86_400_000).toISOString(), heldOn: daysAgo(-days), place: 'Nîmes', meetingStatus } });
      ids.push(row.id);
    }
    const statuses = async () => (await knex('bodies_meetings').whereIn('id', ids).orderBy('id').select('meeting_status')).map((r: any) => r.meeting_status);
    expect(await statuses()).toEqual(['held', 'cancelled', 'planned']);
    // A database of the former schema: the column is `status`.
    await knex.raw('ALTER TABLE bodies_meetings RENAME COLUMN meeting_status TO status');
    await migration.up(knex);
    expect(await statuses()).toEqual(['held', 'cancelled', 'planned']);
    expect(await knex.schema.hasColumn('bodies_meetings', 'status')).toBe(false);
    // Both columns (a sync that ran first added an empty one): the values move over, `status` goes.
    await knex.raw("ALTER TABLE bodies_meetings ADD COLUMN status varchar(255)");
    await knex('bodies_meetings').update({ status: knex.ref('meeting_status') });
    await knex('bodies_meetings').whereIn('id', ids).update({ meeting_status: null });
    await migration.up(knex);
    expect(await statuses()).toEqual(['held', 'cancelled', 'planned']);
    expect(await knex.schema.hasColumn('bodies_meetings', 'status')).toBe(false);
    // Once more: nothing to do.
    await migration.up(knex);
    expect(await statuses()).toEqual(['held', 'cancelled', 'planned']);
    const shown = await (await api()).get(`/api/bodies/meetings/${(await strapi.db.query(MEETING).findOne({ where: { id: ids[0] } })).documentId}`).set(bearer(w.member.token));
    expect(shown.body.data, JSON.stringify(shown.body)).toMatchObject({ status: 'held', statusLabel: 'Tenue' });
  });

  it('refuses another federation’s bodies, seats and meetings, and national bodies', async () => {
    const http = await api();
    const other = await http.post('/api/bodies/bodies').set(bearer(w.otherStaff.token)).send({ name: 'Bureau d’ailleurs', level: 'federation', kind: 'bureau', federation: w.other.documentId, seatCount: 5 });
    expect(other.status).toBe(201);
    // Another federation's body looks absent.
    expectError(await cm('get', `${BODY}/${other.body.data.documentId}`), 404);
    expectError(await cm('put', `${BODY}/${other.body.data.documentId}`, { name: 'Pris' }), 404);
    expect((await cm('post', BODY, { name: 'National', level: 'national', kind: 'conseil', seatCount: 5 })).status).toBe(403);
    const list = await cm('get', `${BODY}?page=1&pageSize=100`);
    expect(list.body.results.map((b: any) => b.name)).not.toContain('Bureau d’ailleurs');
    // Connecting them reads as connecting entries that do not exist (membership's admin-panel rules).
    expectError(await cm('post', SEAT, { body: connect(other.body.data.documentId), member: connect(w.otherMember.member.documentId), role: 'titulaire', designation: 'co-opted', startOn: daysAgo(10) }), 400, 'Contenu lié introuvable.');
  });

  it('minutes are not in the Content Manager', async () => {
    expect((await cm('get', 'plugin::bodies.minutes?page=1&pageSize=10')).status).toBe(404);
  });
});
