import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';

/**
 * A meeting's name in the admin panel (`title`, « Bureau fédéral — 12 mars 2026 à 18 h 30 »,
 * Paris time): the Content Manager's main field for meetings (list, edit view's title,
 * pickers) instead of the raw instant. Set on every write by any door, followed when the body
 * is renamed, filled at boot for meetings that lack it, never returned by the API.
 */
const load = createRequire(__filename);
const titles = load('../dist/server/meeting-titles.js') as typeof import('../server/src/meeting-titles');

const MEETING = 'plugin::bodies.meeting';
const CM = '/content-manager/collection-types';
let strapi: Core.Strapi;
let w: World;
let staffToken: string;
let bodyId: string;

const titleOf = async (documentId: string) => (await strapi.db.query(MEETING).findOne({ where: { documentId }, select: ['title'] })).title as string;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'bodies', true);
  staffToken = await adminToken(`titres.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  const body = await (await api()).post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 9 });
  expect(body.status, JSON.stringify(body.body)).toBe(201);
  bodyId = body.body.data.documentId;
});

describe('meetingTitle', () => {
  it('names the body and the Paris date and time, winter and summer, and « Réunion » without a body', () => {
    expect(titles.meetingTitle('Bureau fédéral', '2026-03-12T17:30:00Z')).toBe('Bureau fédéral — 12 mars 2026 à 18 h 30');
    expect(titles.meetingTitle('Conseil fédéral', '2026-07-01T07:05:00Z')).toBe('Conseil fédéral — 1er juillet 2026 à 09 h 05');
    expect(titles.meetingTitle(null, '2026-12-31T23:30:00Z')).toBe('Réunion — 1er janvier 2027 à 00 h 30');
  });
});

describe('a meeting’s title', () => {
  it('is set when the API creates a meeting, follows its new date, and the API never returns it', async () => {
    const http = await api();
    const created = await http.post(`/api/bodies/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: '2030-03-12T18:30:00+01:00', place: 'Nîmes' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId ?? created.body.data.id;
    expect(await titleOf(id)).toBe('Bureau fédéral — 12 mars 2030 à 18 h 30');
    expect(JSON.stringify(created.body)).not.toContain('Bureau fédéral — ');
    const moved = await http.put(`/api/bodies/meetings/${id}`).set(bearer(w.staff.token)).send({ startsAt: '2030-06-02T09:00:00+02:00' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await titleOf(id)).toBe('Bureau fédéral — 2 juin 2030 à 09 h 00');
    const shown = await http.get(`/api/bodies/meetings/${id}`).set(bearer(w.member.token));
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.data.title).toBeUndefined();
  });

  it('is set when staff create a meeting in the admin panel, and is the meeting type’s main field', async () => {
    const http = await api();
    const created = await http.post(`${CM}/${MEETING}`).set(bearer(staffToken)).send({ body: { connect: [{ documentId: bodyId }] }, startsAt: '2030-11-20T17:00:00.000Z', place: 'Alès' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await titleOf(created.body.data.documentId)).toBe('Bureau fédéral — 20 novembre 2030 à 18 h 00');
    const configuration = await http.get(`/content-manager/content-types/${MEETING}/configuration`).set(bearer(staffToken));
    expect(configuration.body.data.contentType.settings.mainField).toBe('title');
    expect(configuration.body.data.contentType.layouts.edit.flat().map((cell: { name: string }) => cell.name)).not.toContain('title');
    const list = await http.get(`${CM}/${MEETING}?page=1&pageSize=100`).set(bearer(staffToken));
    expect(list.body.results.map((m: { title: string }) => m.title)).toContain('Bureau fédéral — 20 novembre 2030 à 18 h 00');
  });

  it('follows the body’s new name, whether renamed through the API or the admin panel', async () => {
    const http = await api();
    const renamed = await http.put(`/api/bodies/bodies/${bodyId}`).set(bearer(w.staff.token)).send({ name: 'Bureau de la fédération' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const meetings = await strapi.db.query(MEETING).findMany({ where: { body: { documentId: bodyId } }, select: ['title'] });
    expect(meetings.length).toBeGreaterThanOrEqual(2);
    expect(meetings.map((m: { title: string }) => m.title.split(' — ')[0])).toEqual(meetings.map(() => 'Bureau de la fédération'));
    const again = await http.put(`${CM}/plugin::bodies.body/${bodyId}`).set(bearer(staffToken)).send({ name: 'Bureau fédéral' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const after = await strapi.db.query(MEETING).findMany({ where: { body: { documentId: bodyId } }, select: ['title'] });
    expect(after.map((m: { title: string }) => m.title.split(' — ')[0])).toEqual(after.map(() => 'Bureau fédéral'));
  });

  it('is filled at boot for meetings that have none, and a second run writes nothing', async () => {
    const [meeting] = await strapi.db.query(MEETING).findMany({ where: { body: { documentId: bodyId } }, select: ['id', 'documentId', 'title'], limit: 1 });
    await strapi.db.connection(strapi.db.metadata.get(MEETING).tableName).where({ id: meeting.id }).update({ title: null });
    expect(await titles.fillMeetingTitles(strapi)).toBeGreaterThanOrEqual(1);
    expect(await titleOf(meeting.documentId)).toBe(meeting.title);
    expect(await titles.fillMeetingTitles(strapi)).toBe(0);
  });
});
