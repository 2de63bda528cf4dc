import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError, fieldMessages } from '../../../tests/support/expect';
import { linkIn, mailbox, mailTo, waitForMail, type ReceivedMail } from '../../../tests/support/mail';

const INVITATION_UID = 'plugin::notifications.invitation';
const PASSWORD = 'Mon-premier-mot-de-passe-1';

let w: World;
let serial = 0;
beforeAll(async () => {
  w = await createWorld();
});

/** Staff register a member through the API, as they do; returns the new member and the invitation email. */
async function register(token = w.staff.token, extra: Record<string, unknown> = {}) {
  const n = ++serial;
  const email = `invite${n}.${Date.now().toString(36)}@test.intranet`;
  const res = await (await api())
    .post('/api/membership/members')
    .set(bearer(token))
    .send({ firstName: 'Léa', lastName: `Invitée${n}`, email, membershipNumber: `INV-${Date.now().toString(36).slice(-5)}${n}`, joinedOn: '2024-02-01', section: w.sectionA.documentId, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const strapi = await bootStrapi();
  const { id } = await strapi.db.query('plugin::membership.member').findOne({ where: { documentId: res.body.data.documentId }, select: ['id'] });
  return { member: { ...res.body.data, id }, email, mail: await waitForMail(email) };
}

const codeOf = (mail: ReceivedMail) => linkIn(mail, '/activer').searchParams.get('code')!;
const activate = async (code: string, password = PASSWORD, passwordConfirmation = password) =>
  (await api()).post('/api/notifications/activation').send({ code, password, passwordConfirmation });
const signIn = async (identifier: string, password = PASSWORD) => (await api()).post('/api/auth/local').send({ identifier, password });

describe('the invitation a new member receives', () => {
  it('arrives in French, text and HTML, with the federation’s name and a link to « Activer mon compte »', async () => {
    const { email, mail } = await register();
    expect(mail.subject).toBe('Activez votre compte sur l’intranet');
    expect(mail.parsed.to && 'text' in mail.parsed.to ? mail.parsed.to.text : '').toContain(email);
    expect(mail.text).toContain('Bonjour Léa,');
    expect(mail.text).toContain(`${w.federation.name} (${w.federation.departmentCode})`);
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('>Activer mon compte</a>');
    const link = linkIn(mail, '/activer');
    expect(link.origin).toBe('http://localhost:1337');
    expect(link.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(link.toString().replace(/&/g, '&amp;'));
  });

  it('keeps the code hashed: the database never holds it in clear', async () => {
    const strapi = await bootStrapi();
    const { member, mail } = await register();
    const code = codeOf(mail);
    const row = await strapi.db.query(INVITATION_UID).findOne({ where: { memberId: member.id } });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    const expires = new Date(row.expiresAt).getTime() - Date.now();
    expect(expires).toBeGreaterThan(7 * 24 * 3600 * 1000 - 60_000);
    expect(expires).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
  });

  it('activates the account once and only once: the member then signs in', async () => {
    const { email, mail } = await register();
    expectError(await signIn(email), 400); // no usable password before activation
    const code = codeOf(mail);
    const done = await activate(code);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ data: { email } });
    expect((await signIn(email)).status).toBe(200);
    expect(badRequest(await activate(code, 'Un-autre-mot-de-passe-2'))).toEqual({ code: expect.stringContaining('déjà servi') });
    expect((await signIn(email, 'Un-autre-mot-de-passe-2')).status).toBe(400);
    expect((await signIn(email)).status).toBe(200);
  });

  it('records the activation in the audit log', async () => {
    const { member, mail } = await register();
    expect((await activate(codeOf(mail))).status).toBe(200);
    const [entry] = await auditEntriesFor(member.documentId);
    expect(entry.action).toBe('plugin::notifications.invitation.activate');
  });

  it('burns the code once under concurrent activations', async () => {
    const { mail } = await register();
    const code = codeOf(mail);
    const results = await Promise.all([activate(code), activate(code, 'Un-autre-mot-de-passe-2')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('refuses an unknown, malformed or expired code and bad passwords with French 400s', async () => {
    const strapi = await bootStrapi();
    expect(fieldMessages(await activate('x'.repeat(43)))).toEqual({ code: expect.stringContaining('n’est pas valide') });
    expect(fieldMessages(await activate('pas un code'))).toEqual({ code: 'Ce lien d’activation n’est pas valide.' });
    expectError(await (await api()).post('/api/notifications/activation').send({}), 400);

    const { member, email, mail } = await register();
    const code = codeOf(mail);
    expect(badRequest(await activate(code, 'court'))).toEqual({ password: 'Choisissez un mot de passe d’au moins 8 caractères.' });
    expect(badRequest(await activate(code, PASSWORD, 'autre-chose'))).toEqual({ passwordConfirmation: 'Les deux mots de passe ne correspondent pas.' });
    expect(badRequest(await activate(code, 'é'.repeat(40)))).toEqual({ password: 'Le mot de passe est trop long (72 octets au plus).' });

    await strapi.db.query(INVITATION_UID).update({ where: { memberId: member.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(badRequest(await activate(code))).toEqual({ code: expect.stringContaining('a expiré') });
    expectError(await signIn(email), 400);
  });

  it('sends nothing to an excluded or suspended member, nor to members registered with their password (demo, factories)', async () => {
    const strapi = await bootStrapi();
    const before = mailbox.length;
    const excluded = await createMember({ federation: w.federation, status: 'excluded', invited: true });
    const suspended = await createMember({ federation: w.federation, status: 'suspended', invited: true });
    const known = await createMember({ federation: w.federation, password: PASSWORD });
    const invited = await createMember({ federation: w.federation, invited: true });
    await waitForMail(invited.user.email, { since: 0 });
    for (const m of [excluded, suspended, known]) expect(mailTo(m.user.email)).toEqual([]);
    expect(mailbox.slice(before).map((m) => m.to[0])).toEqual([invited.user.email.toLowerCase()]);
    const row = await strapi.db.query(INVITATION_UID).findOne({ where: { memberId: known.member.id } });
    expect(row).toMatchObject({ codeHash: null, sentCount: 0 });
    expect(row.activatedAt).toBeTruthy();
  });

  it('sends nothing for a registration that is rolled back', async () => {
    const strapi = await bootStrapi();
    const { buildMember } = await import('../../../src/seed/builders');
    const email = `annule.${Date.now().toString(36)}@test.intranet`;
    await expect(
      strapi.db.transaction(async () => {
        await buildMember(strapi, { email, firstName: 'Annulé', lastName: 'Test', membershipNumber: `RB-${Date.now().toString(36).slice(-6).toUpperCase()}`, federation: w.federation });
        throw new Error('rolled back');
      })
    ).rejects.toThrow('rolled back');
    const later = await register(); // sent after the rolled-back one would have been
    expect(later.mail).toBeTruthy();
    expect(mailTo(email)).toEqual([]);
    expect(await strapi.db.query(INVITATION_UID).count({ where: { sentTo: email } })).toBe(0);
  });

  it('refuses the link of a member excluded after the invitation', async () => {
    const { member, email, mail } = await register();
    const excluded = await (await api())
      .post(`/api/membership/members/${member.documentId}/status`)
      .set(bearer(w.staff.token))
      .send({ status: 'excluded', reason: 'Décision de test' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect(badRequest(await activate(codeOf(mail)))).toEqual({ code: expect.stringContaining('n’est plus valable') });
    expect((await signIn(email)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('POST /api/notifications/invitations/:memberId (send again)', () => {
  const resend = async (memberId: string, token?: string) => {
    const req = (await api()).post(`/api/notifications/invitations/${memberId}`);
    return token ? req.set(bearer(token)) : req;
  };

  it('refuses anonymous callers, other roles, other federations and sections, unknown members', async () => {
    const { member } = await register();
    expectError(await resend(member.documentId), 401);
    expectError(await resend(member.documentId, w.member.token), 403);
    expectError(await resend(member.documentId, w.elected.token), 403);
    // A member the caller may not read (another federation's; another section's for a
    // secretary) looks absent: exactly an unknown member's answer.
    const inB = await createMember({ federation: w.federation, section: w.sectionB, invited: true });
    for (const [caller, hidden] of [[w.otherStaff, member.documentId], [w.secretary, inB.member.documentId]] as const) {
      const res = await resend(hidden, caller.token);
      const unknown = await resend('inconnu', caller.token);
      expectError(res, 404, 'Adhérent introuvable.');
      expect({ status: res.status, body: res.body }).toEqual({ status: unknown.status, body: unknown.body });
    }
    expectError(await resend('inconnu', w.staff.token), 404, 'Adhérent introuvable.');
    expectError(await resend('pas un id', w.staff.token), 400);
  });

  it('refuses members who may not be invited or already activated their account', async () => {
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded', invited: true });
    expect(badRequest(await resend(excluded.member.documentId, w.staff.token))).toEqual({ memberId: 'Cet adhérent est exclu : aucune invitation ne lui est envoyée.' });
    const suspended = await createMember({ federation: w.federation, section: w.sectionA, status: 'suspended', invited: true });
    expect(badRequest(await resend(suspended.member.documentId, w.staff.token))).toEqual({ memberId: 'Cet adhérent est suspendu : aucune invitation ne lui est envoyée.' });
    expect(badRequest(await resend(w.member.member.documentId, w.staff.token)).memberId).toMatch(/déjà activé son compte/);
  });

  it('sends a new link (the earlier one stops working), audited; their section’s secretary may too', async () => {
    const { member, email, mail } = await register();
    const first = codeOf(mail);
    const sent = mailTo(email).length;
    const res = await resend(member.documentId, w.staff.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ member: member.documentId, sentTo: email });
    const second = codeOf(await waitForMail(email, { since: sent }));
    expect(second).not.toBe(first);
    expect((await resend(member.documentId, w.secretary.token)).status).toBe(200);
    const third = codeOf(await waitForMail(email, { since: sent + 1 }));
    expect(fieldMessages(await activate(second))).toEqual({ code: expect.stringContaining('remplacé par un lien plus récent') });
    expect((await activate(third)).status).toBe(200);
    expect((await signIn(email)).status).toBe(200);
    const actions = (await auditEntriesFor(member.documentId)).map((e: any) => e.action);
    expect(actions.filter((a: string) => a === 'plugin::notifications.invitation.send')).toHaveLength(2);
  });

  it('invites a member registered before invitations existed (no invitation yet)', async () => {
    const strapi = await bootStrapi();
    const old = await createMember({ federation: w.federation, section: w.sectionA, invited: true });
    await waitForMail(old.user.email);
    await strapi.db.query(INVITATION_UID).delete({ where: { memberId: old.member.id } });
    const res = await resend(old.member.documentId, w.national.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The outbox sends it within moments of the answer.
    await waitForMail(old.user.email, { since: 1 });
    expect(mailTo(old.user.email)).toHaveLength(2);
  });
});

describe('the activation route’s budget', () => {
  it('limits failed activations per address like the other password routes', async () => {
    const strapi = await bootStrapi();
    const saved = strapi.config.get('server.authLimits');
    strapi.config.set('server.authLimits', { enabled: true, perAddress: 3, perAccount: 10, round: 'notifications' });
    try {
      for (let i = 0; i < 3; i++) expectError(await activate('y'.repeat(43)), 400);
      expectError(await activate('y'.repeat(43)), 429, 'Trop de tentatives');
    } finally {
      strapi.config.set('server.authLimits', saved);
    }
  });
});
