import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from './support/strapi';
import { createAccount, createFederation, createMember, createSection, type TestMember } from './support/factories';
import { bearer } from './support/expect';
import { mailbox } from './support/mail';
import { onPostgres, startInstance, type Instance } from './support/instances';

/**
 * Two real instances of the app (child processes, issue 13 §3) against the run's PostgreSQL
 * database, both with their scheduled jobs and workers on — as two Node processes behind a
 * balancer run: the consultation clock moves a phase once (one audit entry), the notifications
 * outbox sends one email per event and recipient, and the search outbox is drained.
 * This run's own instance keeps its workers stopped, so only the two children do the work.
 *
 * SQLite is one process by design (a file, one writer): the test is skipped there.
 */

const SKIP_REASON = 'several instances need a shared server database: run with DATABASE_CLIENT=postgres';
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let strapi: Core.Strapi;
const instances: Instance[] = [];
let staff: TestMember;
let voters: TestMember[] = [];

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(1000);
  }
}

beforeAll(async () => {
  if (!onPostgres()) return;
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  await strapi.plugin('search').service('worker').stop();
  const federation = await createFederation();
  const section = await createSection(federation, 'Section des deux instances');
  await strapi.plugin('modules').service('switches').set(federation.id, 'consultations', true);
  staff = await createMember({ federation, section, role: 'federation-staff' });
  voters = [];
  for (let i = 0; i < 12; i++) voters.push(await createMember({ federation, section }));
  // Cron and workers on (the test environment turns cron off: these run as development does).
  const env = {
    NODE_ENV: 'development',
    SEED_DEMO: 'false',
    CRON_ENABLED: 'true',
    NOTIFICATIONS_WORKER: 'true',
    NOTIFICATIONS_WORKER_INTERVAL_MS: '1000',
    SEARCH_WORKER: 'true',
    SEARCH_WORKER_INTERVAL_MS: '1000',
    // Sign-in budgets on, per account small: spent across both instances (plugins/shared/src/budgets.ts).
    AUTH_RATE_LIMIT: 'true',
    AUTH_RATE_LIMIT_MAX: '1000',
    AUTH_ACCOUNT_RATE_LIMIT_MAX: '3',
  };
  instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
}, 600_000);

afterAll(async () => {
  const codes = await Promise.all(instances.map((i) => i.stop()));
  expect(codes.every((c) => c === 0), instances.map((i) => i.output().slice(-2000)).join('\n---\n')).toBe(true);
  if (onPostgres()) {
    strapi.plugin('notifications').service('worker').start(5000);
    strapi.plugin('search').service('worker').start(5000);
  }
}, 120_000);

describe('two instances against one database', () => {
  it('both answer, and both are ready', async (ctx) => {
    if (!onPostgres()) return ctx.skip(SKIP_REASON);
    for (const instance of instances) {
      expect((await fetch(instance.url('/_ready'))).status).toBe(200);
      const me = await fetch(instance.url('/api/membership/me'), { headers: bearer(voters[0]!.token) });
      expect(me.status).toBe(200);
    }
  });

  it('the clock moves a phase once, and its notifications leave once per recipient', { timeout: 300_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip(SKIP_REASON);
    const http = await api();
    const title = `Deux instances ${Date.now().toString(36)}`;
    const created = await http
      .post('/api/consultations')
      .set(bearer(staff.token))
      .send({ kind: 'quick', title, audience: 'federation', question: 'Deux instances ?', answerType: 'graded', opensAt: minutes(60), phases: { vote: { endsAt: minutes(180) } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId as string;
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(staff.token)).send({ from: 'draft' })).status).toBe(200);
    // Its opening date comes (as time does): both instances' clocks see it at their next minute.
    await strapi.db.query('plugin::consultations.consultation').update({ where: { documentId: id }, data: { opensAt: new Date(Date.now() - 1000).toISOString() } });

    const phaseSteps = () =>
      strapi.db.connection('audit_log').where({ subject_id: id, action: 'plugin::consultations.consultation.phase' }).orderBy('seq').select('details');
    await waitFor('the clock to move the phase', phaseSteps, (rows) => rows.length >= 2, 150_000);
    // A second minute passes: neither instance moves it again.
    await sleep(65_000);
    const steps = (await phaseSteps()).map((r: { details: string | object }) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details));
    expect(steps).toEqual([
      { from: 'draft', to: 'upcoming', by: 'staff' },
      { from: 'upcoming', to: 'vote', by: 'clock' },
    ]);
    const row = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: id } });
    expect(row.phase).toBe('vote');

    // The vote's opening is announced to every eligible member, once each, by whichever worker.
    const emails = [...voters, staff].map((m) => m.user.email.toLowerCase());
    // The announcement only (its subject): another kind about the same vote is another message.
    const received = () => mailbox.filter((m) => m.subject === `Le vote est ouvert : ${title}`).flatMap((m) => m.to.filter((to) => emails.includes(to)));
    await waitFor('the announcements', async () => received().length, (n) => n >= emails.length, 60_000);
    await sleep(5000); // time for a duplicate to arrive, if any would
    const counts = new Map<string, number>();
    for (const to of received()) counts.set(to, (counts.get(to) ?? 0) + 1);
    expect(counts.size).toBe(emails.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const rows = await strapi.db.connection('notifications_messages').where('event_key', `consultations.phase-opened:${id}:vote`).select('email_status');
    expect(rows.length).toBe(emails.length);
    expect(rows.every((r: { email_status: string }) => r.email_status === 'sent')).toBe(true);
  });

  it('the search outbox is drained by the instances', { timeout: 120_000 }, async (ctx) => {
    if (!onPostgres()) return ctx.skip(SKIP_REASON);
    const tag = `deuxinstances${Date.now().toString(36)}`;
    const created = [];
    for (let i = 0; i < 20; i++) {
      created.push(await strapi.documents('api::document.document' as any).create({ data: { title: `Note ${tag} ${i}`, audience: 'national' } as any, status: 'published' }));
    }
    const ids = created.map((d: { documentId: string }) => d.documentId);
    const pending = () => strapi.db.connection('search_outbox').whereIn('document_id', ids).count<{ count: string }[]>('* as count');
    await waitFor('the search outbox to drain', async () => Number((await pending())[0]!.count), (n) => n === 0, 90_000);
    const indexed = await strapi.db.connection('search_documents').where('title', 'like', `Note ${tag} %`).count<{ count: string }[]>('* as count');
    expect(Number(indexed[0]!.count)).toBe(20);
  });

  it('both instances anchor the audit chain into one shared file at once: every check answers, the file holds one whole anchor', async (ctx) => {
    if (!onPostgres()) return ctx.skip(SKIP_REASON);
    const national = await createAccount('national-admin');
    const verify = async (instance: Instance) => {
      const res = await fetch(instance.url('/api/audit/verify'), { headers: bearer(national.token) });
      return { status: res.status, body: (await res.json()) as { data?: { valid: boolean; anchor?: { seq: number } } } };
    };
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([...instances, ...instances].map(verify));
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.data?.valid).toBe(true);
      }
      const anchor = JSON.parse(readFileSync(process.env.AUDIT_ANCHOR_FILE!, 'utf8')) as { seq: number; hash: string };
      expect(Number.isInteger(anchor.seq) && /^[0-9a-f]{64}$/.test(anchor.hash), JSON.stringify(anchor)).toBe(true);
    }
  });

  it('a sign-in budget spent on one instance is spent on the other too', async (ctx) => {
    if (!onPostgres()) return ctx.skip(SKIP_REASON);
    const identifier = `inconnu.${Date.now().toString(36)}@test.intranet`;
    const attempt = async (instance: Instance) => {
      const res = await fetch(instance.url('/api/auth/local'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier, password: 'pas-le-bon-mot-de-passe' }),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const [a, b] = instances as [Instance, Instance];
    expect([await attempt(a), await attempt(b), await attempt(a)]).toEqual([400, 400, 400]);
    // Three failures in all (AUTH_ACCOUNT_RATE_LIMIT_MAX): both refuse the fourth.
    expect(await attempt(b)).toBe(429);
    expect(await attempt(a)).toBe(429);
  });
});
