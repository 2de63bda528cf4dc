import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';
import { parisDate } from '@intranet-militant/shared';

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
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
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
      // The meeting's calendar file is attached (the same event as the meeting page's file).
      const files = mails[0]!.parsed.attachments.filter((a) => a.filename?.endsWith('.ics'));
      expect(files).toHaveLength(1);
      expect(files[0]!.contentType).toBe('text/calendar');
      const events = Object.values(ical.sync.parseICS(files[0]!.content.toString('utf8'))).filter((e: any) => e.type === 'VEVENT') as any[];
      expect(events).toHaveLength(1);
      expect(events[0].uid).toBe(`${meetingId}@intranet-militant`);
      expect(events[0].summary).toBe('Commission des finances');
      expect(events[0].location).toBe('Siège fédéral, Nîmes');
      expect(new Date(events[0].start).toISOString()).toBe(new Date(`${day(10)}T18:30:00+01:00`).toISOString());
      expect(events[0].description).toBe('1. Budget');
    }
    expect(convocations(outsider)).toHaveLength(0);
    expect(convocations(w.staff)).toHaveLength(0); // the secretariat is not a seat
    await outbox().drain();
    expect(convocations(holder)).toHaveLength(1); // once
    const inbox = await http.get('/api/notifications/inbox').set(bearer(substitute.token));
    expect(inbox.body.data.map((n: any) => n.kind)).toContain('bodies.convocation');
  });

  it('convenes again when the meeting moves, with a calendar file that replaces the first (same UID, higher SEQUENCE)', async () => {
    const http = await api();
    const first = convocations(holder)[0]!;
    const sequenceOf = (mail: typeof first) => {
      const file = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))!;
      return Number(/SEQUENCE:(\d+)/.exec(file.content.toString('utf8'))?.[1]);
    };
    // Same day, another time: still a move.
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the SEQUENCE counts seconds
    const moved = await http.put(`${B}/meetings/${meetingId}`).set(bearer(w.staff.token)).send({ startsAt: `${day(10)}T20:00:00+01:00` });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await outbox().drain();
    const mails = convocations(holder);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toMatch(/^Nouvelle date — convocation : Commission des finances, le .* à 20 h 00$/);
    expect(sequenceOf(mails[1]!)).toBeGreaterThan(sequenceOf(first));
    // Another change that does not move it (the place) convenes no one again.
    expect((await http.put(`${B}/meetings/${meetingId}`).set(bearer(w.staff.token)).send({ place: 'Salle Jaurès, Nîmes' })).status).toBe(200);
    await outbox().drain();
    expect(convocations(holder)).toHaveLength(2);
  });

  it('convenes no one to a meeting recorded after its date', async () => {
    const http = await api();
    const past = await http.post(`${B}/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(-3)}T18:30:00+01:00`, place: 'Salle Jaurès' });
    expect(past.status, JSON.stringify(past.body)).toBe(201);
    await outbox().drain();
    expect(convocations(holder)).toHaveLength(2); // still only the future meeting's (and its new date)
  });

  it('a meeting moved and moved back to its first date before the outbox sends: one convocation leaves, the last (the first date’s own is outdated)', async () => {
    const http = await api();
    const cleo = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await http.post(`${B}/bodies`).set(bearer(w.staff.token)).send({ name: 'Commission (aller-retour)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const seat = await http.post(`${B}/bodies/${body.body.data.documentId}/seats`).set(bearer(w.staff.token)).send({ member: cleo.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
    const first = `${day(12)}T18:30:00+01:00`;
    const res = await http.post(`${B}/bodies/${body.body.data.documentId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: first, place: 'Uzès' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const meeting = res.body.data.documentId as string;
    expect((await http.put(`${B}/meetings/${meeting}`).set(bearer(w.staff.token)).send({ startsAt: `${day(13)}T18:30:00+01:00` })).status).toBe(200);
    expect((await http.put(`${B}/meetings/${meeting}`).set(bearer(w.staff.token)).send({ startsAt: first })).status).toBe(200);
    await outbox().drain();
    // The first convocation names the same date but was replaced by the last one: sent, it doubles it.
    expect(convocations(cleo).map((mail) => /^(Nouvelle date — convocation|Convocation)/.exec(mail.subject)![1])).toEqual(['Nouvelle date — convocation']);
  });

  it('sends no convocation that no longer holds when the outbox sends it: a seat ended, a meeting moved (only its new date leaves) or cancelled meanwhile', async () => {
    const http = await api();
    const [ann, ben] = [await createMember({ federation: w.federation, section: w.sectionA }), await createMember({ federation: w.federation, section: w.sectionB })];
    const body = await http.post(`${B}/bodies`).set(bearer(w.staff.token)).send({ name: 'Commission (convocations dépassées)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const seats: Record<string, string> = {};
    for (const m of [ann, ben]) {
      const seat = await http.post(`${B}/bodies/${body.body.data.documentId}/seats`).set(bearer(w.staff.token)).send({ member: m.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
      expect(seat.status, JSON.stringify(seat.body)).toBe(201);
      seats[m.member.documentId] = seat.body.data.documentId;
    }
    const meeting = async (offset: number) => {
      const res = await http.post(`${B}/bodies/${body.body.data.documentId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(offset)}T18:30:00+01:00`, place: 'Alès' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data.documentId as string;
    };
    const [moved, kept, cancelled] = [await meeting(14), await meeting(16), await meeting(18)];
    // Before the outbox runs: Ben's seat ends on day +15, the first meeting moves to day +20, the third is cancelled.
    expect((await http.post(`${B}/seats/${seats[ben.member.documentId]}/end`).set(bearer(w.staff.token)).send({ endOn: day(15), reason: 'Démission' })).status).toBe(200);
    expect((await http.put(`${B}/meetings/${moved}`).set(bearer(w.staff.token)).send({ startsAt: `${day(20)}T18:30:00+01:00` })).status).toBe(200);
    expect((await http.post(`${B}/meetings/${cancelled}/status`).set(bearer(w.staff.token)).send({ status: 'cancelled' })).status).toBe(200);
    const report = await outbox().drain();
    expect(report.skipped).toBeGreaterThanOrEqual(5);
    const links = (m: TestMember) => convocations(m).map((mail) => [/^(Nouvelle date — convocation|Convocation)/.exec(mail.subject)![1], /\/instances\/reunions\/(\w+)/.exec(mail.text)![1]]);
    expect(links(ann).sort()).toEqual([['Convocation', kept], ['Nouvelle date — convocation', moved]].sort());
    // Ben: his seat ended before the second and third, the first moved past his end.
    expect(links(ben)).toEqual([]);
    const skipped = await strapi.db.connection('notifications_messages').where({ kind: 'bodies.convocation', email_status: 'skipped' }).whereIn('member_id', [ann.member.id, ben.member.id]).select('member_id', 'last_error');
    expect(skipped.map((r: any) => r.last_error)).toEqual(Array(skipped.length).fill('plus d’actualité'));
    expect(skipped).toHaveLength(5); // Ann: the first's former date, the cancelled one; Ben: all three
  });

  it('a check that cannot run (its table unreachable) sends nothing and keeps the convocation for later, without the database’s error text; it leaves once the check runs', async () => {
    const http = await api();
    const dora = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await http.post(`${B}/bodies`).set(bearer(w.staff.token)).send({ name: 'Commission (vérification impossible)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const seat = await http.post(`${B}/bodies/${body.body.data.documentId}/seats`).set(bearer(w.staff.token)).send({ member: dora.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: day(-30) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
    const res = await http.post(`${B}/bodies/${body.body.data.documentId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(22)}T18:30:00+01:00`, place: 'Bagnols-sur-Cèze' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const knex = strapi.db.connection;
    const message = () => knex('notifications_messages').where({ kind: 'bodies.convocation', member_id: dora.member.id }).first('id', 'email_status', 'attempts', 'last_error');
    expect(await message()).toMatchObject({ email_status: 'pending', attempts: 0 });
    await knex.schema.renameTable('bodies_convocations', 'bodies_convocations_away');
    let report;
    try {
      report = await outbox().drain();
    } finally {
      await knex.schema.renameTable('bodies_convocations_away', 'bodies_convocations');
    }
    expect(report.sent).toBe(0);
    expect(report.retried).toBeGreaterThanOrEqual(1);
    const waiting = await message();
    expect({ ...waiting, attempts: Number(waiting.attempts) }).toMatchObject({ email_status: 'pending', attempts: 1, last_error: 'vérification avant envoi impossible : nouvel essai plus tard' });
    expect(convocations(dora)).toEqual([]);
    // Due again (the backoff passed): the check runs, the convocation leaves once.
    await knex('notifications_messages').where({ email_status: 'pending', kind: 'bodies.convocation' }).update({ available_at: 0 });
    await outbox().drain();
    expect(await message()).toMatchObject({ email_status: 'sent' });
    expect(convocations(dora)).toHaveLength(1);
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

describe('minutes published and repeated absences', () => {
  const held: string[] = [];
  const kindsIn = async (m: TestMember) => {
    const inbox = await (await api()).get('/api/notifications/inbox').set(bearer(m.token));
    expect(inbox.status).toBe(200);
    return inbox.body.data.map((n: any) => n.kind) as string[];
  };
  const alerts = (m: TestMember) => mailTo(m.user.email).filter((mail) => /^Absences répétées/.test(mail.subject));

  beforeAll(async () => {
    const http = await api();
    // Three past meetings, each held (the alert counts held meetings only).
    for (const offset of [-20, -13, -6]) {
      const created = await http.post(`${B}/bodies/${bodyId}/meetings`).set(bearer(w.staff.token)).send({ startsAt: `${day(offset)}T18:30:00+01:00`, place: 'Salle Jaurès' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const documentId = created.body.data.documentId;
      expect((await http.post(`${B}/meetings/${documentId}/status`).set(bearer(w.staff.token)).send({ status: 'held' })).status).toBe(200);
      held.push(documentId);
    }
  });

  it('tell the body’s secretariat once, when a seat holder reaches the body’s threshold of absences in a row', async () => {
    const http = await api();
    const seats = (await http.get(`${B}/bodies/${bodyId}`).set(bearer(w.staff.token))).body.data.seats as any[];
    const seatOf = (m: TestMember) => seats.find((s) => s.member?.documentId === m.member.documentId)?.documentId;
    expect(seatOf(holder)).toBeTruthy();
    const mark = async (meeting: string, presence: string) => {
      const res = await http
        .put(`${B}/meetings/${meeting}/attendance`)
        .set(bearer(w.staff.token))
        .send({ rows: [{ seat: seatOf(holder), presence }, { seat: seatOf(substitute), presence: 'present' }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await outbox().drain();
    };
    await mark(held[0]!, 'absent');
    await mark(held[1]!, 'absent');
    expect(alerts(w.staff)).toHaveLength(0); // two absences: not yet
    await mark(held[2]!, 'absent');
    const mails = alerts(w.staff);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Absences répétées : ${holder.member.firstName} ${holder.member.lastName} (Commission des finances)`);
    expect(mails[0]!.text).toContain('3 absences non excusées de suite');
    // Marking the same sheet again does not repeat it; nobody else is told.
    await mark(held[2]!, 'absent');
    expect(alerts(w.staff)).toHaveLength(1);
    for (const m of [holder, substitute, outsider]) expect(alerts(m)).toHaveLength(0);
    // Corrected to present, then back to absent: the same meeting reaches the threshold again — the same alert, not a new one.
    await mark(held[2]!, 'present');
    await mark(held[2]!, 'absent');
    expect(alerts(w.staff)).toHaveLength(1); // same meeting reaching it again: the same alert, sent once
  });

  it('announce published minutes to the members of the body’s scope, in their inbox (weekly digest by default), not to other federations', async () => {
    const http = await api();
    const saved = await http.put(`${B}/meetings/${held[0]}/minutes`).set(bearer(w.staff.token)).send({ summary: 'Séance ordinaire.', items: [{ title: 'Budget', discussion: 'Adopté sans débat.', decisions: [{ text: 'Budget adopté' }] }] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const minutes = saved.body.data.documentId;
    expect((await http.post(`${B}/minutes/${minutes}/approve`).set(bearer(w.staff.token)).send({ atMeeting: held[1] })).status).toBe(200);
    expect(await kindsIn(outsider)).not.toContain('bodies.minutes-published'); // approved is not published
    const published = await http.post(`${B}/minutes/${minutes}/publish`).set(bearer(w.staff.token));
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await outbox().drain();
    for (const m of [holder, outsider, w.memberB]) expect(await kindsIn(m), m.user.email).toContain('bodies.minutes-published');
    expect(await kindsIn(w.otherMember)).not.toContain('bodies.minutes-published');
    // The weekly digest by default: no email at once.
    expect(mailTo(outsider.user.email).filter((mail) => /^Procès-verbal/.test(mail.subject))).toHaveLength(0);
    const inbox = (await http.get('/api/notifications/inbox').set(bearer(outsider.token))).body.data as any[];
    const item = inbox.find((n) => n.kind === 'bodies.minutes-published');
    expect(item.title).toMatch(/^Procès-verbal : Commission des finances, réunion du /);
    expect(item.link).toContain(`/instances/reunions/${held[0]}`);
  });
});
