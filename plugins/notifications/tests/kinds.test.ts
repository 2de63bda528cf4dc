import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { mailbox, mailTo, type ReceivedMail } from '../../../tests/support/mail';
import { quickQuestion } from '../../consultations/tests/support/consultations';

/**
 * Kinds declared by the plugins, end to end: a consultation's vote opening reaches exactly
 * the members it addresses who may vote, once each even with two workers draining; the
 * reminder 48 h before the close reaches exactly those not in the register; every
 * notification lands in the inbox; preferences and one-click unsubscribe; mandatory kinds
 * ignore them. The background worker is stopped: tests drain themselves.
 */
let strapi: Core.Strapi;
let w: World;
let fed: any;
let people: { a: TestMember; b: TestMember; unpaid: TestMember; excluded: TestMember; late: TestMember; elsewhere: TestMember };
const outbox = () => strapi.plugin('notifications').service('outbox');
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('notifications').service('worker').stop();
  // A federation of its own, so that the recipients are exactly the people below and its staff.
  fed = await createFederation({ name: 'Lozère' });
  const section = await createSection(fed);
  await strapi.plugin('modules').service('switches').set(fed.id, 'consultations', true);
  const member = (extra: Record<string, unknown> = {}) => createMember({ federation: fed, section, ...extra });
  people = {
    a: await member(),
    b: await member(),
    unpaid: await member({ paidYears: [] }),
    excluded: await member({ status: 'excluded' }),
    late: await member({ joinedOn: at(0).slice(0, 10) }),
    elsewhere: await createMember({ federation: w.federation, section: w.sectionA }),
  };
  (people as any).staff = await member({ role: 'federation-staff' });
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

const subjects = (m: TestMember, prefix: string) => mailTo(m.user.email).filter((mail: ReceivedMail) => mail.subject.startsWith(prefix));

describe('consultations’ notifications', () => {
  let id: string;

  it('tell the members a vote opens for, eligible ones only, once each even with two workers draining at once', async () => {
    const staff = (people as any).staff as TestMember;
    id = await quickQuestion(staff, { title: 'Fête de la fédération en juin ?', opensAt: at(-2) });
    await strapi.plugin('consultations').service('clock').tick();
    const consultations = strapi.plugin('consultations').service('consultations');
    const c = await consultations.byDocumentId(id);
    const expected: number[] = await strapi.plugin('membership').service('eligibility').eligibleMemberIds(consultations.target(c), { on: consultations.referenceDate(c) });
    expect(expected).not.toContain(people.late.member.id);
    expect(expected).toEqual(expect.arrayContaining([people.a.member.id, people.b.member.id]));
    const [one, two] = await Promise.all([outbox().drain({ token: 'instance-1' }), outbox().drain({ token: 'instance-2' })]);
    expect(one.sent + two.sent).toBeGreaterThanOrEqual(expected.length);
    for (const m of [people.a, people.b]) {
      const mails = subjects(m, 'Le vote est ouvert');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Le vote est ouvert : Fête de la fédération en juin ?');
      expect(mails[0]!.text).toContain(`/consultations/${id}/vote`);
    }
    for (const [name, m] of Object.entries({ unpaid: people.unpaid, excluded: people.excluded, late: people.late, elsewhere: people.elsewhere })) {
      expect(subjects(m, 'Le vote est ouvert'), name).toHaveLength(0);
    }
    const rows = await strapi.db.connection('notifications_messages').where({ event_key: `consultations.phase-opened:${id}:vote` }).select('member_id');
    expect(rows.map((r: any) => Number(r.member_id)).sort()).toEqual([...expected].sort());
  });

  it('remind, 48 hours before the vote closes (not before half of it has run), exactly the members who have not voted (the register only), once', async () => {
    const http = await api();
    expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(people.a.token)).send({ answer: 1 })).status).toBe(201);
    // A member record made since the vote opened (an old join date): not on the roll, so not reminded.
    const sinceOpening = await createMember({ federation: fed, section: people.a.section, joinedOn: '2015-01-10' });
    const scheduler = strapi.plugin('notifications').service('scheduler');
    // This consultation's reminders only (other test files' votes may be closing too).
    const reminders = async () =>
      Number((await strapi.db.connection('notifications_messages').where({ event_key: `consultations.vote-reminder:${id}` }).count({ n: '*' }))[0].n);
    const set = (data: Record<string, string>) => strapi.db.query('plugin::consultations.consultation').update({ where: { documentId: id }, data });
    // Three days before the close of a vote open for two days: nothing yet.
    await set({ voteEndsAt: at(3), phaseChangedAt: at(-2) });
    await scheduler.tick(new Date());
    expect(await reminders()).toBe(0);
    // A day and a half before the close of a vote that has just opened: not before half of it has run.
    await set({ voteEndsAt: at(1.5), phaseChangedAt: at(-0.01) });
    await scheduler.tick(new Date());
    expect(await reminders()).toBe(0);
    await set({ voteEndsAt: at(1.5), phaseChangedAt: at(-2) });
    await scheduler.tick(new Date());
    const sent = await reminders();
    expect(sent).toBeGreaterThan(0);
    await scheduler.tick(new Date());
    expect(await reminders()).toBe(sent); // fired once
    await outbox().drain();
    expect(subjects(people.b, 'Dernier rappel')).toHaveLength(1);
    expect(subjects(people.a, 'Dernier rappel')).toHaveLength(0);
    for (const m of [people.unpaid, people.excluded, people.late, people.elsewhere, sinceOpening]) expect(subjects(m, 'Dernier rappel')).toHaveLength(0);
    const reminder = subjects(people.b, 'Dernier rappel')[0]!;
    expect(reminder.text).toContain('vous n’avez pas encore voté');
    expect(reminder.text).not.toMatch(/Oui|Non|Peu importe/);
  });
});

describe('the inbox', () => {
  it('lists every notification with its link, counts the unread, marks read (one’s own only)', async () => {
    const http = await api();
    expectError(await http.get('/api/notifications/inbox'), 401);
    const inbox = await http.get('/api/notifications/inbox').set(bearer(people.b.token));
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    const titles = inbox.body.data.map((n: any) => n.title);
    expect(titles[0]).toMatch(/^Dernier rappel/);
    expect(titles).toContain('Le vote est ouvert : Fête de la fédération en juin ?');
    expect(inbox.body.data[0]).toMatchObject({ read: false, link: expect.stringMatching(/^\/consultations\/.+\/vote$/), kind: 'consultations.vote-reminder' });
    expect(inbox.body.meta.unread).toBe(2);
    expect((await http.get('/api/notifications/inbox/unread').set(bearer(people.b.token))).body.data).toEqual({ unread: 2 });
    const first = inbox.body.data[0].id;
    expectError(await http.post(`/api/notifications/inbox/${first}/read`).set(bearer(people.a.token)).send({}), 404, 'Notification introuvable.');
    expect(badRequest(await http.post('/api/notifications/inbox/abc/read').set(bearer(people.b.token)).send({}))).toEqual({ id: expect.stringContaining('identifiant invalide') });
    const read = await http.post(`/api/notifications/inbox/${first}/read`).set(bearer(people.b.token)).send({});
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ id: first, unread: 1 });
    expect((await http.get('/api/notifications/inbox?unread=true').set(bearer(people.b.token))).body.data).toHaveLength(1);
    expect((await http.post('/api/notifications/inbox/read').set(bearer(people.b.token)).send({})).body.data).toEqual({ marked: 1, unread: 0 });
    // Invitations and resets are email only.
    const all = await http.get('/api/notifications/inbox?pageSize=100').set(bearer(people.b.token));
    expect(all.body.data.every((n: any) => !n.kind.startsWith('notifications.'))).toBe(true);
  });
});

describe('preferences and one-click unsubscribe', () => {
  it('let a member keep a kind in the portal only; mandatory kinds stay on email', async () => {
    const http = await api();
    expectError(await http.get('/api/notifications/preferences'), 401);
    const list = await http.get('/api/notifications/preferences').set(bearer(people.b.token));
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual(expect.objectContaining({ kind: 'consultations.phase-opened', mode: 'email', mandatory: false, label: 'Ouverture d’une phase de consultation' }));
    expect(list.body.data.map((p: any) => p.kind)).not.toContain('notifications.invitation');
    expect(badRequest(await http.put('/api/notifications/preferences').set(bearer(people.b.token)).send({ kind: 'notifications.invitation', mode: 'portal' }))).toEqual({ kind: 'Type de notification inconnu.' });
    expect(badRequest(await http.put('/api/notifications/preferences').set(bearer(people.b.token)).send({ kind: 'consultations.phase-opened', mode: 'pigeon' }))).toHaveProperty('mode');
    const set = await http.put('/api/notifications/preferences').set(bearer(people.b.token)).send({ kind: 'consultations.phase-opened', mode: 'portal' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    const before = mailbox.length;
    const second = await quickQuestion((people as any).staff, { title: 'Un local pour la section ?', opensAt: at(-2) });
    await strapi.plugin('consultations').service('clock').tick();
    await outbox().drain();
    expect(subjects(people.a, 'Le vote est ouvert : Un local')).toHaveLength(1);
    expect(mailbox.slice(before).filter((m) => m.to.includes(people.b.user.email.toLowerCase()))).toHaveLength(0);
    const inbox = await http.get('/api/notifications/inbox').set(bearer(people.b.token));
    expect(inbox.body.data[0]).toMatchObject({ title: 'Le vote est ouvert : Un local pour la section ?', link: `/consultations/${second}/vote` });
  });

  it('one click in the mail client stops a kind by email (RFC 8058); a forged link is refused', async () => {
    const http = await api();
    const mail = subjects(people.a, 'Le vote est ouvert : Un local')[0]!;
    const header = mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r\n[ \t]+/g, ' ');
    const url = new URL(header.match(/<([^>]+)>/)![1]!);
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')!.line).toContain('List-Unsubscribe=One-Click');
    const forged = new URL(url);
    forged.searchParams.set('m', String(people.b.member.id));
    expect(badRequest(await http.post(`${forged.pathname}${forged.search}`).type('form').send('List-Unsubscribe=One-Click'))).toEqual({ t: 'Ce lien de désabonnement n’est pas valide.' });
    const res = await http.post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ kind: 'consultations.phase-opened', mode: 'portal' });
    const prefs = await http.get('/api/notifications/preferences').set(bearer(people.a.token));
    expect(prefs.body.data.find((p: any) => p.kind === 'consultations.phase-opened').mode).toBe('portal');
    // Mandatory kinds carry no unsubscribe link and ignore preferences: the invitation still leaves.
    const invited = await createMember({ federation: fed, invited: true });
    await outbox().drain();
    const invitation = mailTo(invited.user.email)[0]!;
    expect(invitation.subject).toBe('Activez votre compte sur l’intranet');
    expect(invitation.parsed.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
  });

  it('gathers the kinds a member chose weekly into one digest on Monday morning, once a week', async () => {
    const http = await api();
    expect((await http.put('/api/notifications/preferences').set(bearer(people.b.token)).send({ kind: 'consultations.phase-opened', mode: 'digest' })).status).toBe(200);
    const kind = strapi.plugin('notifications').service('kinds').get('consultations.phase-opened');
    await outbox().enqueue(kind, { key: 'digest-test:1', data: { title: 'Budget participatif', phase: 'contribution', endsAt: null, documentId: 'budget' }, memberIds: [people.b.member.id] });
    await outbox().drain();
    expect(subjects(people.b, 'Les contributions sont ouvertes : Budget')).toHaveLength(0);
    const scheduler = strapi.plugin('notifications').service('scheduler');
    // Counted on the digest's rows: other scheduled kinds (December's lapse warning) may fire on these dates too.
    const digests = async () =>
      Number((await strapi.db.connection('notifications_messages').where({ kind: 'notifications.digest', member_id: people.b.member.id }).count({ n: '*' }))[0].n);
    await scheduler.tick(new Date('2026-12-08T09:00:00Z')); // a Tuesday
    expect(await digests()).toBe(0);
    await scheduler.tick(new Date('2026-12-07T08:30:00Z')); // Monday, 9:30 in Paris
    expect(await digests()).toBe(1);
    await scheduler.tick(new Date('2026-12-07T10:00:00Z')); // once a week
    expect(await digests()).toBe(1);
    await outbox().drain();
    const digest = subjects(people.b, 'Votre récapitulatif de la semaine');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain('• Les contributions sont ouvertes : Budget participatif');
  });
});
