import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { mailTo, sinkControl } from '../../../tests/support/mail';

/**
 * Bouncing addresses for staff: the list (`GET /api/notifications/bounces`, with an id and
 * the reason in French) and « Retirer » (`DELETE …/bounces/:id`) once the member fixed their
 * mailbox — their federation's for federation staff, every one for national admins, audited;
 * the next message to the address leaves again. The background worker is stopped.
 */
const KIND = {
  id: 'tests.bounces',
  label: 'Message de test (rebonds)',
  audience: 'Les adhérents des tests.',
  mandatory: false,
  due: async () => [],
  render: (data: Record<string, unknown>) => ({ subject: `Rebond ${String(data.n)}`, paragraphs: ['Un message d’essai.'], link: { path: '/notifications', label: 'Voir' } }),
};

let strapi: Core.Strapi;
let w: World;
let n = 0;
const outbox = () => strapi.plugin('notifications').service('outbox');

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('notifications').service('worker').stop();
  strapi.plugin('notifications').service('kinds').declare([KIND]);
});

afterAll(() => {
  sinkControl.refuse.clear();
  strapi.plugin('notifications').service('worker').start(5000);
});

/** Sends the member one message the SMTP server refuses for good (550): their address bounces. */
async function bounce(person: TestMember): Promise<string> {
  const email = person.user.email.toLowerCase();
  sinkControl.refuse.add(email);
  try {
    await outbox().enqueue(KIND, { key: `bounce-test:${++n}`, data: { n }, memberIds: [person.member.id] });
    expect((await outbox().drain()).failed).toBe(1);
  } finally {
    sinkControl.refuse.delete(email);
  }
  return email;
}

async function listed(token: string) {
  const res = await (await api()).get('/api/notifications/bounces?pageSize=100').set(bearer(token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as { id: string; email: string; code: number; reason: string; reasonLabel: string; member: string | null; memberName: string | null; since: string }[];
}

describe('bouncing addresses for staff', () => {
  it('lists them with an id and the reason in French; their federation’s staff take one off the list, audited, and mail leaves again', async () => {
    const http = await api();
    const person = await createMember({ federation: w.federation, section: w.sectionA });
    const email = await bounce(person);
    const entry = (await listed(w.staff.token)).find((b) => b.email === email)!;
    expect(entry).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      code: 550,
      reasonLabel: 'Adresse inconnue ou refusée par la messagerie du destinataire',
      member: person.member.documentId,
      memberName: `${person.member.firstName} ${person.member.lastName}`,
    });
    const path = `/api/notifications/bounces/${entry.id}`;

    expectError(await http.delete(path), 401);
    expectError(await http.delete(path).set(bearer(w.member.token)), 403);
    expectError(await http.delete(path).set(bearer(w.secretary.token)), 403);
    // Another federation's address looks absent: exactly an unknown reference's answer.
    const hidden = await http.delete(path).set(bearer(w.otherStaff.token));
    const unknown = await http.delete('/api/notifications/bounces/AAAAAAAAAAAAAAAA').set(bearer(w.otherStaff.token));
    expectError(hidden, 404, 'Adresse introuvable parmi les adresses en échec.');
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(badRequest(await http.delete('/api/notifications/bounces/pas-un-identifiant!').set(bearer(w.staff.token)))).toEqual({ id: 'L’adresse en échec : identifiant invalide.' });
    expectError(await http.delete('/api/notifications/bounces/AAAAAAAAAAAAAAAA').set(bearer(w.staff.token)), 404, 'Adresse introuvable parmi les adresses en échec.');
    expect((await listed(w.staff.token)).map((b) => b.email)).toContain(email); // refusals changed nothing

    // While it bounces, nothing is sent to it.
    await outbox().enqueue(KIND, { key: `bounce-test:${++n}`, data: { n: 'pendant' }, memberIds: [person.member.id] });
    expect((await outbox().drain()).skipped).toBe(1);

    const cleared = await http.delete(path).set(bearer(w.staff.token));
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.data).toEqual({ id: entry.id, email });
    expect((await listed(w.staff.token)).map((b) => b.email)).not.toContain(email);
    expectError(await http.delete(path).set(bearer(w.staff.token)), 404); // already cleared
    const [audit] = await auditEntriesFor(entry.id);
    expect(audit).toMatchObject({ action: 'plugin::notifications.bounce.clear' });
    expect(JSON.stringify(audit)).toContain(email);

    // The next message leaves again; what was skipped meanwhile is not sent after the fact.
    await outbox().enqueue(KIND, { key: `bounce-test:${++n}`, data: { n: 'après' }, memberIds: [person.member.id] });
    expect((await outbox().drain()).sent).toBe(1);
    expect(mailTo(email).map((m) => m.subject)).toEqual(['Rebond après']);
  });

  it('lets national admins clear any federation’s address', async () => {
    const http = await api();
    const person = await createMember({ federation: w.other, section: w.otherSection });
    const email = await bounce(person);
    expect((await listed(w.staff.token)).map((b) => b.email)).not.toContain(email);
    const entry = (await listed(w.national.token)).find((b) => b.email === email)!;
    expectError(await http.delete(`/api/notifications/bounces/${entry.id}`).set(bearer(w.staff.token)), 404);
    const cleared = await http.delete(`/api/notifications/bounces/${entry.id}`).set(bearer(w.national.token));
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect((await listed(w.otherStaff.token)).map((b) => b.email)).not.toContain(email);
  });
});
