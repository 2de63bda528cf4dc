import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';

/**
 * Bodies and notifications (issue 11's kinds, issue 15's convocations): a meeting convenes
 * every seat holder by email (mandatory: their preferences do not stop it), once, and again
 * when it moves; it lands in their inbox; it appears in their calendar feed, not in others'.
 * The background worker is stopped: the test drains the outbox itself.
 */
let strapi: Core.Strapi;
let w: World;
let holder: TestMember;
let substitute: TestMember;
let outsider: TestMember;
let bodyId: string;
let meetingId: string;
const B = '/api/bodies';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const outbox = () => strapi.plugin('notifications').service('outbox');
const convocations = (m: TestMember) => mailTo(m.user.email).filter((mail) => /convocation/i.test(mail.subject));

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  holder = await createMember({ federation: w.federation, section: w.sectionA });
  substitute = await createMember({ federation: w.federation, section: w.sectionB });
  outsider = await createMember({ federation: w.federation, section: w.sectionB });
  const http = await api();
  const body = await http.post(`${B}/bodies`).set(bearer(w.staff.token)).send({
    name: 'Commission des finances', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false,
    secretariat: w.staff.member.documentId,
  });
  expect(body.status, JSON.stringify(body.body)).toBe(201);
  bodyId = body.body.data.documentId;
  for (const [m, role] of [[holder, 'titulaire'], [substitute, 'suppleant']] as const) {
    const seat = await http.post(`${B}/bodies/${bodyId}/seats`).set(bearer(w.staff.token)).send({ member: m.member.documentId, role, designation: 'elected-congress', startOn: day(-30) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
  }
  // A convocation is mandatory: no member can turn its email off.
  const prefs = await http.put('/api/notifications/preferences').set(bearer(holder.token)).send({ kind: 'bodies.convocation', mode: 'portal' });
  expect(prefs.status).toBe(400);
  expect(prefs.body.error.message).toBe('Ce message est obligatoire : il vous est toujours envoyé par e-mail.');
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('a meeting’s convocation', () => {
  it('reaches every seat holder by email once, mandatory, with a link to the meeting', async () => {
    const http = await api();
    const created = await http.post(`${B}/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(10)}T18:30:00+01:00`, place: 'Siège fédéral, Nîmes', agenda: [{ title: 'Budget' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    meetingId = created.body.data.documentId;
    await outbox().drain();
    for (const m of [holder, substitute]) {
      const mails = convocations(m);
      expect(mails, m.user.email).toHaveLength(1);
      expect(mails[0]!.subject).toMatch(/^Convocation : Commission des finances, le .* à 18 h 30$/);
      expect(mails[0]!.text).toContain('Siège fédéral, Nîmes');
      expect(mails[0]!.text).toContain(`/instances/reunions/${meetingId}`);
    }
    expect(convocations(outsider)).toHaveLength(0);
    expect(convocations(w.staff)).toHaveLength(0); // the secretariat is not a seat
    await outbox().drain();
    expect(convocations(holder)).toHaveLength(1); // once
    const inbox = await http.get('/api/notifications/inbox').set(bearer(substitute.token));
    expect(inbox.body.data.map((n: any) => n.kind)).toContain('bodies.convocation');
  });

  it('convenes no one to a meeting recorded after its date', async () => {
    const http = await api();
    const past = await http.post(`${B}/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(-3)}T18:30:00+01:00`, place: 'Salle Jaurès' });
    expect(past.status, JSON.stringify(past.body)).toBe(201);
    await outbox().drain();
    expect(convocations(holder)).toHaveLength(1); // still only the future meeting's
  });

  it('calendar feeds list the meeting for its seat holders only', async () => {
    const http = await api();
    const feedOf = async (m: TestMember) => {
      const issued = await http.post('/api/notifications/feed').set(bearer(m.token)).send({});
      expect(issued.status, JSON.stringify(issued.body)).toBe(200);
      const url = new URL(issued.body.data.url);
      const res = await http.get(`${url.pathname}${url.search}`);
      expect(res.status).toBe(200);
      return (Object.values(ical.sync.parseICS(res.text)).filter((e: any) => e.type === 'VEVENT') as any[]).map((e) => e.summary);
    };
    expect(await feedOf(holder)).toContain('Réunion : Commission des finances');
    expect(await feedOf(outsider)).not.toContain('Réunion : Commission des finances');
  });
});
