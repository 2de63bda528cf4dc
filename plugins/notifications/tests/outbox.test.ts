import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { mailbox, mailTo, sinkControl } from '../../../tests/support/mail';

/**
 * The durable outbox against the run's real SMTP server: an outage loses nothing and sends
 * nothing twice; two workers draining at once and a worker dying mid-batch still send one
 * message per event and recipient; a permanent refusal marks the address; excluded members
 * get nothing. The background worker is stopped here: the tests drive the drains.
 */
const KIND = {
  id: 'tests.outbox',
  label: 'Message de test',
  audience: 'Les adhérents des tests.',
  mandatory: false,
  due: async () => [],
  render: (data: Record<string, unknown>) => ({
    subject: `Essai ${String(data.n)}`,
    paragraphs: [`Un message d’essai : ${String(data.text ?? '')}`],
    link: { path: '/notifications', label: 'Voir' },
  }),
};
const LEASE_MS = 2 * 60 * 1000;

let strapi: Core.Strapi;
let w: World;
const outbox = () => strapi.plugin('notifications').service('outbox');
const worker = () => strapi.plugin('notifications').service('worker');
/** Far enough ahead that every backoff has passed. */
const later = () => Date.now() + 2 * 3600 * 1000;
let run = 0;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await worker().stop();
  strapi.plugin('notifications').service('kinds').declare([KIND]);
});

afterAll(async () => {
  sinkControl.outage = false;
  sinkControl.refuse.clear();
  await outbox().drain({ now: later() });
  worker().start(5000);
});

async function members(count: number) {
  const list = [];
  for (let i = 0; i < count; i++) list.push(await createMember({ federation: w.federation, section: w.sectionA }));
  return list;
}

/** Every message received for these addresses whose subject starts with `prefix`, by subject and address. */
function received(emails: string[], prefix: string) {
  const counts = new Map<string, number>();
  for (const mail of mailbox) {
    if (!mail.subject.startsWith(prefix)) continue;
    for (const to of mail.to) if (emails.includes(to)) counts.set(`${mail.subject}|${to}`, (counts.get(`${mail.subject}|${to}`) ?? 0) + 1);
  }
  return counts;
}

describe('the notifications outbox', () => {
  it('loses nothing and sends nothing twice when the SMTP server is down during 100 events', async () => {
    const tag = `panne${++run}`;
    const people = await members(4);
    sinkControl.outage = true;
    for (let n = 0; n < 100; n++) {
      await outbox().enqueue(KIND, { key: `${tag}:${n}`, data: { n: `${tag}-${n}` }, memberIds: [people[n % 4]!.member.id] });
    }
    // The same events announced again add nothing.
    expect(await outbox().enqueue(KIND, { key: `${tag}:0`, data: { n: `${tag}-0` }, memberIds: [people[0]!.member.id] })).toBe(0);
    const during = await outbox().drain();
    expect(during.sent).toBe(0);
    expect(during.retried).toBeGreaterThan(0);
    // Still down at the next retry: nothing lost, nothing sent.
    await outbox().drain({ now: later() });
    const emails = people.map((p) => p.user.email);
    expect(received(emails, `Essai ${tag}`).size).toBe(0);

    sinkControl.outage = false;
    const after = await outbox().drain({ now: later() + 3600 * 1000 });
    expect(after.sent).toBe(100);
    expect((await outbox().drain({ now: later() + 7200 * 1000 })).claimed).toBe(0);
    const counts = received(emails, `Essai ${tag}`);
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    const rows = await strapi.db.connection('notifications_messages').where('event_key', 'like', `${tag}:%`).select('email_status', 'attempts', 'last_error');
    expect(rows).toHaveLength(100);
    expect(rows.every((r: any) => r.email_status === 'sent' && r.attempts >= 2 && r.last_error === null)).toBe(true);
  });

  it('sends one message per event and recipient with two workers draining at once', async () => {
    const tag = `deux${++run}`;
    const people = await members(30);
    await outbox().enqueue(KIND, { key: `${tag}:phase`, data: { n: tag }, memberIds: people.map((p) => p.member.id) });
    const [a, b] = await Promise.all([outbox().drain({ token: 'worker-a' }), outbox().drain({ token: 'worker-b' })]);
    expect(a.sent + b.sent).toBe(30);
    const counts = received(people.map((p) => p.user.email), `Essai ${tag}`);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it('after a worker dies mid-batch, another sends only what had not left, once its lease has passed', async () => {
    const tag = `panne-worker${++run}`;
    const people = await members(10);
    await outbox().enqueue(KIND, { key: `${tag}:phase`, data: { n: tag }, memberIds: people.map((p) => p.member.id) });
    const claimed = await outbox().claim('dying-worker', { limit: 10 });
    expect(claimed).toHaveLength(10);
    // It sends four and dies.
    expect((await outbox().deliver(claimed.slice(0, 4), 'dying-worker')).sent).toBe(4);
    // Its lease holds the other six: nobody takes them yet.
    expect((await outbox().drain({ token: 'other' })).claimed).toBe(0);
    const rescued = await outbox().drain({ token: 'other', now: Date.now() + LEASE_MS + 1000 });
    expect(rescued.sent).toBe(6);
    const counts = received(people.map((p) => p.user.email), `Essai ${tag}`);
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it('marks an address the server refuses for good (5xx) as bouncing, sends it nothing more, and shows it to its federation’s staff', async () => {
    const tag = `rebond${++run}`;
    const [person] = await members(1);
    sinkControl.refuse.add(person!.user.email.toLowerCase());
    await outbox().enqueue(KIND, { key: `${tag}:1`, data: { n: tag }, memberIds: [person!.member.id] });
    expect((await outbox().drain()).failed).toBe(1);
    sinkControl.refuse.clear();
    await outbox().enqueue(KIND, { key: `${tag}:2`, data: { n: tag }, memberIds: [person!.member.id] });
    expect((await outbox().drain()).skipped).toBe(1);
    expect(mailTo(person!.user.email)).toHaveLength(0);
    const rows = await strapi.db.connection('notifications_messages').where('event_key', 'like', `${tag}:%`).orderBy('id').select('email_status', 'last_error');
    expect(rows.map((r: any) => r.email_status)).toEqual(['failed', 'skipped']);

    const path = '/api/notifications/bounces';
    expectError(await (await api()).get(path), 401);
    expectError(await (await api()).get(path).set(bearer(w.member.token)), 403);
    const staff = await (await api()).get(path).set(bearer(w.staff.token));
    expect(staff.status, JSON.stringify(staff.body)).toBe(200);
    expect(staff.body.data).toContainEqual(expect.objectContaining({ email: person!.user.email.toLowerCase(), code: 550, member: person!.member.documentId }));
    const other = await (await api()).get(path).set(bearer(w.otherStaff.token));
    expect(other.status).toBe(200);
    expect(other.body.data.map((b: any) => b.email)).not.toContain(person!.user.email.toLowerCase());
  });

  it('sends nothing to an excluded member, and keeps no secret once a message left', async () => {
    const tag = `exclu${++run}`;
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    await outbox().enqueue(KIND, { key: `${tag}:1`, data: { n: tag }, secret: { text: 'secret-123' }, memberIds: [excluded.member.id, w.member.member.id] });
    const report = await outbox().drain();
    expect(report).toMatchObject({ sent: 1, skipped: 1 });
    expect(mailTo(excluded.user.email)).toHaveLength(0);
    const mail = mailTo(w.member.user.email).find((m) => m.subject === `Essai ${tag}`)!;
    expect(mail.text).toContain('secret-123');
    // One-click unsubscribe (RFC 8058) on a kind one may leave.
    const lines = Object.fromEntries(mail.parsed.headerLines.map((h) => [h.key, h.line.replace(/\r\n[ \t]+/g, ' ')]));
    expect(lines['list-unsubscribe-post']).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(lines['list-unsubscribe']).toMatch(/^List-Unsubscribe: <http:\/\/localhost:1337\/api\/notifications\/unsubscribe\?m=\d+&k=tests\.outbox&t=[\w-]{43}>$/);
    const rows = await strapi.db.connection('notifications_messages').where('event_key', `${tag}:1`).select('payload');
    expect(rows.map((r: any) => r.payload).join('')).not.toContain('secret');
  });

  it('claims the account emails someone is waiting for (invitation, reset) before a large backlog', async () => {
    const tag = `urgent-${Date.now()}`;
    const people = await members(20);
    await outbox().enqueue(KIND, { key: `${tag}:phase`, data: { n: tag }, memberIds: people.map((p) => p.member.id) });
    const invited = await createMember({ federation: w.federation, section: w.sectionA, invited: true });
    const waiting = await strapi.db.connection('notifications_messages').where({ email_status: 'pending' }).whereIn('kind', ['notifications.invitation']).select('id');
    expect(waiting.length).toBeGreaterThan(0);
    const claimed = await outbox().claim(`claim-${tag}`, { limit: 1 });
    expect(claimed).toHaveLength(1);
    expect(claimed[0].kind).toBe('notifications.invitation');
    expect(invited.member.id).toBeGreaterThan(0);
    await outbox().drain();
  });

  it('keeps the send rate under MAIL_RATE_PER_SECOND', async () => {
    const tag = `debit${++run}`;
    const config = strapi.config.get('plugin::notifications') as { outbox: { ratePerSecond: number } };
    const before = config.outbox.ratePerSecond;
    config.outbox.ratePerSecond = 5;
    try {
      const people = await members(11);
      await outbox().enqueue(KIND, { key: `${tag}:1`, data: { n: tag }, memberIds: people.map((p) => p.member.id) });
      const started = Date.now();
      expect((await outbox().drain()).sent).toBe(11);
      // 11 messages at 5 a second cannot leave in under two seconds (a lower bound, never flaky).
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      config.outbox.ratePerSecond = before;
    }
  });
});
