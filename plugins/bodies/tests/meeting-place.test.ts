import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { hasPlaceOrLink, missingPlaceField, NO_PLACE_NOR_LINK } from '../server/src/domain/meeting-place';

/**
 * A meeting always says where it takes place — a place or a video link — not only when it is
 * planned but after every change: through the API (`PUT /api/bodies/meetings/:id`) and through
 * the admin panel's Content Manager, the meeting as it stands after the write is checked, and a
 * refused write changes nothing.
 */
let w: World;
let staffAdmin: string;
let bodyId: string;
const MEETING = 'plugin::bodies.meeting';
const CM = `/content-manager/collection-types/${MEETING}`;
const LINK = 'https://visio.example.org/bureau';
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

const row = async (documentId: string) => (await bootStrapi()).db.query(MEETING).findOne({ where: { documentId }, select: ['place', 'remoteLink', 'durationMinutes'] });
const put = async (documentId: string, body: object) => (await api()).put(`/api/bodies/meetings/${documentId}`).set(bearer(w.staff.token)).send(body);
const plan = async (input: object) => {
  const res = await (await api()).post(`/api/bodies/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: inAWeek(), ...input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.documentId as string;
};
const cm = async (method: 'post' | 'put', path: string, body: object) => (await api())[method](path).set(bearer(staffAdmin)).send(body);

beforeAll(async () => {
  w = await createWorld();
  staffAdmin = await adminToken(`reunions.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  const body = await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token))
    .send({ name: 'Bureau (lieu des réunions)', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 5 });
  expect(body.status, JSON.stringify(body.body)).toBe(201);
  bodyId = body.body.data.documentId;
});

describe('where a meeting takes place (pure rule)', () => {
  it('a place or a link with a visible character; the field named is the one the write emptied', () => {
    expect(hasPlaceOrLink({ place: 'Nîmes' })).toBe(true);
    expect(hasPlaceOrLink({ remoteLink: LINK })).toBe(true);
    expect(hasPlaceOrLink({ place: ' \u200b\u3164 ', remoteLink: null })).toBe(false);
    expect(hasPlaceOrLink({})).toBe(false);
    expect(missingPlaceField({ place: 'Nîmes', remoteLink: null }, { place: 'Nîmes', remoteLink: LINK })).toBeNull();
    expect(missingPlaceField({ place: null, remoteLink: null }, { place: null, remoteLink: LINK })).toBe('remoteLink');
    expect(missingPlaceField({ place: '', remoteLink: null }, { place: 'Nîmes', remoteLink: LINK })).toBe('place');
    expect(missingPlaceField({ place: '', remoteLink: null }, { place: 'Nîmes', remoteLink: null })).toBe('place');
    expect(missingPlaceField({ place: null, remoteLink: null })).toBe('place');
  });
});

describe('PUT /api/bodies/meetings/:id keeps a place or a video link', () => {
  it('refuses a change clearing both (400 in French on the field, nothing written), accepts clearing one while the other stays', async () => {
    const meeting = await plan({ place: 'Siège fédéral, Nîmes', remoteLink: LINK });
    const trail = (await auditEntriesFor(meeting)).length;

    const both = await put(meeting, { place: '', remoteLink: null, durationMinutes: 60 });
    expect(badRequest(both)).toEqual({ place: NO_PLACE_NOR_LINK });
    expectError(both, 400, 'Indiquez un lieu ou un lien de visioconférence.');
    // A place of invisible characters says none either.
    expect(badRequest(await put(meeting, { place: '\u200b\u200b', remoteLink: null }))).toEqual({ place: NO_PLACE_NOR_LINK });
    expect(await row(meeting)).toMatchObject({ place: 'Siège fédéral, Nîmes', remoteLink: LINK, durationMinutes: 120 });
    expect((await auditEntriesFor(meeting)).length).toBe(trail);

    // The link goes, the place stays: fine; then the place cannot go too — by itself.
    const linkGone = await put(meeting, { remoteLink: null });
    expect(linkGone.status, JSON.stringify(linkGone.body)).toBe(200);
    expect(linkGone.body.data).toMatchObject({ place: 'Siège fédéral, Nîmes', remoteLink: null });
    expect(badRequest(await put(meeting, { place: '' }))).toEqual({ place: NO_PLACE_NOR_LINK });
    expect(await row(meeting)).toMatchObject({ place: 'Siège fédéral, Nîmes', remoteLink: null });

    // The place goes as a link comes, in one change: fine; then the link cannot go.
    const online = await put(meeting, { place: '', remoteLink: LINK });
    expect(online.status, JSON.stringify(online.body)).toBe(200);
    expect(badRequest(await put(meeting, { remoteLink: null }))).toEqual({ remoteLink: NO_PLACE_NOR_LINK });
    // A place that shows nothing is stored as none (null), not as « ».
    expect(await row(meeting)).toMatchObject({ place: null, remoteLink: LINK });
    expect((await put(meeting, { place: '  \u200b ' })).status).toBe(200);
    expect(await row(meeting)).toMatchObject({ place: null, remoteLink: LINK });

    // Nor at creation, beside a link.
    const blank = await plan({ place: ' \u200b\u3164 ', remoteLink: LINK });
    expect(await row(blank)).toMatchObject({ place: null, remoteLink: LINK });

    // A change that does not touch where (the agenda) is not refused.
    expect((await put(meeting, { agenda: [{ title: 'Trésorerie' }] })).status).toBe(200);
  });
});

describe('the admin panel keeps a place or a video link too', () => {
  it('refuses a meeting created with neither, and a change clearing both, writing nothing; accepts clearing one', async () => {
    const strapi = await bootStrapi();
    const count = await strapi.db.query(MEETING).count();
    const none = await cm('post', CM, { body: { connect: [{ documentId: bodyId }] }, startsAt: inAWeek(), durationMinutes: 90 });
    expect(badRequest(none)).toEqual({ place: NO_PLACE_NOR_LINK });
    expect(await strapi.db.query(MEETING).count()).toBe(count);

    const meeting = await plan({ place: 'Alès', remoteLink: LINK });
    const both = await cm('put', `${CM}/${meeting}`, { place: '', remoteLink: null, durationMinutes: 45 });
    expect(badRequest(both)).toEqual({ place: NO_PLACE_NOR_LINK });
    expect(await row(meeting)).toMatchObject({ place: 'Alès', remoteLink: LINK, durationMinutes: 120 });

    const placeGone = await cm('put', `${CM}/${meeting}`, { place: null });
    expect(placeGone.status, JSON.stringify(placeGone.body)).toBe(200);
    expect(await row(meeting)).toMatchObject({ place: null, remoteLink: LINK });
    expect(badRequest(await cm('put', `${CM}/${meeting}`, { remoteLink: '' }))).toEqual({ remoteLink: NO_PLACE_NOR_LINK });
    expect(await row(meeting)).toMatchObject({ place: null, remoteLink: LINK });

    // The panel sends « » for a cleared text: a place that shows nothing is stored as none.
    for (const place of ['', ' \u200b ']) {
      const cleared = await cm('put', `${CM}/${meeting}`, { place });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
      expect(await row(meeting)).toMatchObject({ place: null, remoteLink: LINK });
    }
  });
});
