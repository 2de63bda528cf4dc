import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';
import { mandatesNotifications } from '../server/src/notifications';
import { QUESTIONS_BUDGET } from '../server/src/commands/reports';
import { parisDate } from '@intranet-militant/shared';

/** The report reminder (`mandates.report-due`): 14 days before the due day, once per mandate and period, not once written. */
let official: TestMember;
let mandate: string;
const kind = mandatesNotifications[0] as any;
const day = (d: Date) => parisDate(d);
const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000);

beforeAll(async () => {
  const federation = await createFederation();
  official = await createMember({ federation, role: 'elected-official' });
  // A yearly period that ended 20 days ago: due in 10 days.
  const start = new Date(Date.now() - 20 * 86_400_000);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  const res = await (await api()).post('/api/mandates/mandates').set(bearer(official.token)).send({ category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: day(start) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  mandate = res.body.data.documentId;
});

describe('mandates.report-due', () => {
  it('is due for the official within 14 days of the due day, with a French message; no longer once the report is written', async () => {
    const strapi = await bootStrapi();
    const mine = (list: any[]) => list.filter((o) => o.key.startsWith(`mandates.report-due:${mandate}:`));
    // One who left the party (departure recorded, or erased) is reminded of nothing: the mandate stays on the record only.
    for (const [left, back] of [
      [{ leftOn: day(new Date()) }, { leftOn: null }],
      [{ erasedOn: day(new Date()) }, { erasedOn: null }],
    ]) {
      await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: left });
      try {
        expect(mine(await kind.due(strapi, new Date())), JSON.stringify(left)).toHaveLength(0);
      } finally {
        await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: back });
      }
    }
    const due = mine(await kind.due(strapi, new Date()));
    expect(due).toHaveLength(1);
    expect(due[0].memberIds).toEqual([official.member.id]);
    expect(mine(await kind.due(strapi, plusDays(-10)))).toHaveLength(0); // 20 days before the due day: not yet
    const text = kind.render(due[0].data);
    expect(text.subject).toMatch(/^Compte rendu de mandat à publier avant le /);
    expect(text.paragraphs[0]).toContain('Conseiller·ère municipal·e — Nîmes');
    const write = await (await api()).post(`/api/mandates/mandates/${mandate}/reports`).set(bearer(official.token)).send({ periodStart: due[0].data.periodStart, summary: 'Bilan', body: 'Texte' });
    expect(write.status, JSON.stringify(write.body)).toBe(201);
    expect(mine(await kind.due(strapi, new Date()))).toHaveLength(0);
  });
});

/**
 * Questions on a mandate report (issue 16): the federation's staff are told when a member
 * asks (moderation pending), the official once staff publish it, the member who asked when the official
 * answers; a member's questions are budgeted (429 in French). Mail goes to the run's real
 * in-process SMTP server; the background worker is stopped and the test drains the outbox.
 */
describe('questions notify, and are budgeted per member', () => {
  let w: World;
  let elected: TestMember;
  let report: string;
  const outbox = async () => (await bootStrapi()).plugin('notifications').service('outbox');
  const mails = (m: TestMember, pattern: RegExp) => mailTo(m.user.email).filter((mail) => pattern.test(mail.subject));
  const call = async (path: string, token: string, body: object) => (await api()).post(`/api/mandates${path}`).set(bearer(token)).send(body);

  beforeAll(async () => {
    await (await bootStrapi()).plugin('notifications').service('worker').stop();
    w = await createWorld();
    elected = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
    const start = parisDate(new Date(Date.now() - 2 * 365 * 86_400_000));
    const mandate = await call('/mandates', elected.token, { category: 'conseiller-municipal', territoryCode: '30189', startOn: start });
    expect(mandate.status, JSON.stringify(mandate.body)).toBe(201);
    const me = (await (await api()).get('/api/mandates/me').set(bearer(elected.token))).body.data;
    const period = me.reports.find((r: any) => r.mandate === mandate.body.data.documentId).periods[0];
    const written = await call(`/mandates/${mandate.body.data.documentId}/reports`, elected.token, { periodStart: period.periodStart, summary: 'Bilan', body: 'Texte' });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    report = written.body.data.documentId;
  });

  afterAll(async () => {
    (await bootStrapi()).plugin('notifications').service('worker').start(5000);
  });

  it('a question asked tells the federation’s staff (moderation pending), not another federation’s; the official once it is published, never when rejected; the answer tells the member who asked', async () => {
    const asked = await call(`/reports/${report}/questions`, w.member.token, { text: 'Quand rouvre la piscine ?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    await (await outbox()).drain();
    // Pending: nothing for the official to read or answer yet.
    expect(mails(elected, /^Une question vous est posée sur votre compte rendu de mandat$/)).toHaveLength(0);
    const toStaff = mails(w.staff, /attend votre modération$/);
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0]!.text).toContain('/elus/suivi');
    expect(mails(w.otherStaff, /attend votre modération$/)).toHaveLength(0);
    expect(mails(w.member, /question/i)).toHaveLength(0); // the asker is not told of their own question
    const q = asked.body.data.documentId;
    expect((await call(`/questions/${q}/moderate`, w.staff.token, { status: 'published' })).status).toBe(200);
    await (await outbox()).drain();
    const toOfficial = mails(elected, /^Une question vous est posée sur votre compte rendu de mandat$/);
    expect(toOfficial).toHaveLength(1);
    expect(toOfficial[0]!.text).toContain('Vous pouvez y répondre publiquement.');
    expect(toOfficial[0]!.text).toContain(`/elus/comptes-rendus/${report}`);
    // A rejected question never reaches the official.
    const spam = await call(`/reports/${report}/questions`, w.member.token, { text: 'Hors sujet' });
    expect((await call(`/questions/${spam.body.data.documentId}/moderate`, w.staff.token, { status: 'rejected' })).status).toBe(200);
    await (await outbox()).drain();
    expect(mails(elected, /^Une question vous est posée/)).toHaveLength(1);
    expect((await call(`/questions/${q}/answer`, elected.token, { answer: 'En juin.' })).status).toBe(200);
    await (await outbox()).drain();
    const answered = mails(w.member, /a répondu à votre question$/);
    expect(answered).toHaveLength(1);
    expect(answered[0]!.subject).toBe(`${elected.member.firstName} ${elected.member.lastName} a répondu à votre question`);
    await (await outbox()).drain();
    expect(mails(elected, /^Une question vous est posée/)).toHaveLength(1); // once
  });

  it(`a member asks at most ${QUESTIONS_BUDGET.points} questions an hour: then 429 in French with the wait; another member is not held back`, async () => {
    for (let i = 0; i < QUESTIONS_BUDGET.points; i++) {
      const res = await call(`/reports/${report}/questions`, w.memberB.token, { text: `Question n° ${i + 1}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const refused = expectError(await call(`/reports/${report}/questions`, w.memberB.token, { text: 'Une de trop' }), 429, /^Vous avez posé beaucoup de questions en peu de temps : réessayez dans \d+ minutes?\.$/);
    expect(refused.details.retryAfterSeconds).toBeGreaterThan(0);
    expect((await call(`/reports/${report}/questions`, w.secretary.token, { text: 'Et moi ?' })).status).toBe(201);
  });
});
