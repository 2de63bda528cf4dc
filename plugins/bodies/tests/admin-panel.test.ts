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
    expectError(await cm('put', `${MEETING}/${meeting.body.data.documentId}`, { place: 'Alès' }), 409, 'ne change plus');
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
