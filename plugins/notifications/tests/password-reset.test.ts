import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createAccount, createMember, type TestMember } from '../../../tests/support/factories';
import { expectError } from '../../../tests/support/expect';
import { linkIn, mailTo, waitForMail } from '../../../tests/support/mail';

const OLD = 'Ancien-mot-de-passe-42';
const NEW = 'Nouveau-mot-de-passe-43';

let m: TestMember;
beforeAll(async () => {
  m = await createMember({ password: OLD });
});

describe('« mot de passe oublié » sends a real email', () => {
  it('leads to the portal’s reset page; the code sets a new password once only', async () => {
    const http = await api();
    const asked = await http.post('/api/auth/forgot-password').send({ email: m.user.email.toUpperCase() });
    expect([asked.status, asked.body]).toEqual([200, { ok: true }]);
    // The reset is prepared after the answer: wait for the email.
    const mail = await waitForMail(m.user.email);
    expect(mail.subject).toBe('Choisissez un nouveau mot de passe');
    expect(mail.from).toBe('intranet@test.intranet');
    expect(mail.text).toContain('Bonjour Prénom,');
    expect(mail.text).toContain(`fédération ${m.federation.name} (${m.federation.departmentCode})`);
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('>Choisir un nouveau mot de passe</a>');
    const link = linkIn(mail, '/reinitialiser-mot-de-passe');
    expect(link.origin).toBe('http://localhost:1337');
    const code = link.searchParams.get('code')!;
    expect(code).toMatch(/^[0-9a-f]{128}$/);

    const reset = await http.post('/api/auth/reset-password').send({ code, password: NEW, passwordConfirmation: NEW });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await http.post('/api/auth/local').send({ identifier: m.user.email, password: NEW })).status).toBe(200);
    expectError(await http.post('/api/auth/local').send({ identifier: m.user.email, password: OLD }), 400);
    expectError(await http.post('/api/auth/reset-password').send({ code, password: OLD, passwordConfirmation: OLD }), 400);
    expect((await http.post('/api/auth/local').send({ identifier: m.user.email, password: NEW })).status).toBe(200);
  });

  it('writes to an account without a member profile without a federation, and to nobody for an unknown address', async () => {
    const http = await api();
    const { user } = await createAccount('national-admin');
    expect((await http.post('/api/auth/forgot-password').send({ email: user.email })).status).toBe(200);
    expect((await http.post('/api/auth/forgot-password').send({ email: 'personne.inconnue@exemple.fr' })).status).toBe(200);
    const mail = await waitForMail(user.email);
    expect(mail.text).toContain('Bonjour,');
    expect(mail.text).toMatch(/— Intranet militant$/);
    expect(mailTo('personne.inconnue@exemple.fr')).toEqual([]);
  });

  it('sends nothing to a blocked (excluded) account', async () => {
    const excluded = await createMember({ status: 'excluded' });
    const other = await createMember();
    const http = await api();
    expect((await http.post('/api/auth/forgot-password').send({ email: excluded.user.email })).status).toBe(200);
    expect((await http.post('/api/auth/forgot-password').send({ email: other.user.email })).status).toBe(200);
    await waitForMail(other.user.email); // sent after the excluded member's request
    expect(mailTo(excluded.user.email)).toEqual([]);
  });

  it('keeps users-permissions’ own template French and pointing to the portal (what the admin panel shows)', async () => {
    const strapi = await bootStrapi();
    const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
    // As this instance's boot writes it: a command line another test ran against this database
    // (its own mail settings) may have booted since and written its own sender.
    const { pointResetEmailsToPortal } = await import('../../../src/auth/portal-links');
    await pointResetEmailsToPortal(strapi);
    const email = (await store.get({ key: 'email' })) as any;
    expect(email.reset_password.options).toMatchObject({
      object: 'Choisissez un nouveau mot de passe',
      from: { name: 'Intranet de test', email: 'intranet@test.intranet' },
    });
    expect(email.reset_password.options.message).toContain('<%= URL %>?code=<%= TOKEN %>');
    expect(((await store.get({ key: 'advanced' })) as any).email_reset_password).toBe('http://localhost:1337/reinitialiser-mot-de-passe');
    // Idempotent: a second boot's pass writes nothing new.
    await pointResetEmailsToPortal(strapi);
    expect(await store.get({ key: 'email' })).toEqual(email);
  });
});
